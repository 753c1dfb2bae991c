import { z } from 'zod';
import { isCountryCode } from '../phone';
import { line } from './field-types';

export const ADDRESS_KINDS = ['billing', 'shipping', 'other'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];
export const MAX_ADDRESSES = 20;

const countryField = z
  .string('invalid')
  .refine((v) => v.trim() === '' || isCountryCode(v.trim().toUpperCase()), 'invalid_country')
  .nullable();

/** One address as a form sends it; `id` names a stored row to edit in place. */
export const addressInputSchema = z.strictObject({
  id: z.uuid('invalid').optional(),
  kind: z.enum(ADDRESS_KINDS, 'invalid'),
  line1: line(200),
  line2: line(200).optional(),
  city: line(100),
  region: line(100).optional(),
  postalCode: line(20).optional(),
  /** ISO 3166 alpha-2; empty means the store's country. */
  country: countryField.optional(),
  isDefault: z.boolean('invalid').optional(),
});
export type AddressInput = z.infer<typeof addressInputSchema>;

export const addressSchema = z.object({
  id: z.string(),
  kind: z.enum(ADDRESS_KINDS),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string(),
  isDefault: z.boolean(),
});
export type Address = z.infer<typeof addressSchema>;

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

/**
 * Rules across an address list, shared by the wizard and the service: a first line and a city,
 * one row per id, and at most one default per kind. Keys are `addresses.<index>.<field>`.
 */
export function addressRuleErrors(addresses: readonly AddressInput[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const defaults = new Set<AddressKind>();
  const ids = new Set<string>();
  addresses.forEach((a, i) => {
    if (blank(a.line1)) errors[`addresses.${i}.line1`] = 'required';
    if (blank(a.city)) errors[`addresses.${i}.city`] = 'required';
    if (a.id) {
      if (ids.has(a.id)) errors[`addresses.${i}.id`] = 'invalid';
      ids.add(a.id);
    }
    if (a.isDefault) {
      if (defaults.has(a.kind)) errors[`addresses.${i}.isDefault`] = 'one_default_per_kind';
      defaults.add(a.kind);
    }
  });
  return errors;
}
