import { z } from 'zod';
import { CUSTOMER_STATUSES } from './customer';
import { filterConditionsSchema } from './filter-conditions';

/** The list's filters; every one narrows, all combine with each other and with the search. */
export const customerFiltersSchema = z.strictObject({
  status: z.enum(CUSTOMER_STATUSES, 'invalid').optional(),
  hasPhone: z.boolean('invalid').optional(),
  hasEmail: z.boolean('invalid').optional(),
  smsConsent: z.boolean('invalid').optional(),
  emailConsent: z.boolean('invalid').optional(),
  birthdayThisMonth: z.literal(true, 'invalid').optional(),
  newThisMonth: z.literal(true, 'invalid').optional(),
  /** No sale in the last 90 days (never bought included). */
  noPurchase90Days: z.literal(true, 'invalid').optional(),
  /** The 100 customers with the highest net spending (sales less refunds) over the last 12 months. */
  topSpenders: z.literal(true, 'invalid').optional(),
  groupId: z.uuid('invalid').optional(),
  tag: z.string('invalid').trim().min(1, 'required').max(40, 'too_long').optional(),
  /** The builder's field / operator / value conditions, all of which must hold. */
  conditions: filterConditionsSchema.optional(),
});
export type CustomerFilters = z.infer<typeof customerFiltersSchema>;

/** How the list is ordered when nothing is typed; a search orders by best match instead. */
export const CUSTOMER_SORTS = ['name', 'name_desc', 'newest', 'oldest'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export type CustomerFilterName = keyof CustomerFilters;

export const NO_PURCHASE_DAYS = 90;
export const TOP_SPENDERS = 100;
export const TOP_SPENDERS_DAYS = 365;

/** The same filter set, whatever order its keys were written in (a saved segment's against the list's). */
export function sameFilters(a: CustomerFilters, b: CustomerFilters): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Filters on, each condition counted as one. */
export function activeFilterCount(filters: CustomerFilters): number {
  const { conditions, ...rest } = filters;
  return Object.values(rest).filter((v) => v !== undefined).length + (conditions?.length ?? 0);
}
