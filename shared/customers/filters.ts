import { z } from 'zod';
import { CUSTOMER_STATUSES } from './customer';

/** The list's filters; every one narrows, all combine with each other and with the search. */
export const customerFiltersSchema = z.strictObject({
  status: z.enum(CUSTOMER_STATUSES, 'invalid').optional(),
  hasPhone: z.boolean('invalid').optional(),
  hasEmail: z.boolean('invalid').optional(),
  smsConsent: z.boolean('invalid').optional(),
  emailConsent: z.boolean('invalid').optional(),
  birthdayThisMonth: z.literal(true, 'invalid').optional(),
  newThisMonth: z.literal(true, 'invalid').optional(),
  groupId: z.uuid('invalid').optional(),
  tag: z.string('invalid').trim().min(1, 'required').max(40, 'too_long').optional(),
});
export type CustomerFilters = z.infer<typeof customerFiltersSchema>;
export type CustomerFilterName = keyof CustomerFilters;

export function activeFilterCount(filters: CustomerFilters): number {
  return Object.values(filters).filter((v) => v !== undefined).length;
}
