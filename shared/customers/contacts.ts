import { z } from 'zod';
import { type CountryCode, parsePhone } from '../phone';
import { emailField, line } from './field-types';

export const MAX_CONTACTS = 50;

/** A person to talk to at a business customer; `id` names a stored row to edit in place. */
export const contactInputSchema = z.strictObject({
  id: z.uuid('invalid').optional(),
  name: line(200),
  role: line(100).optional(),
  phone: line(40).optional(),
  email: emailField.optional(),
});
export type ContactInput = z.infer<typeof contactInputSchema>;

export const contactSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string().nullable(),
  /** E.164. */
  phone: z.string().nullable(),
  phoneRaw: z.string().nullable(),
  email: z.string().nullable(),
});
export type Contact = z.infer<typeof contactSchema>;

/** A name, a phone that parses with the store's country, one row per id. Keys are `contacts.<index>.<field>`. */
export function contactRuleErrors(contacts: readonly ContactInput[], country: CountryCode): Record<string, string> {
  const errors: Record<string, string> = {};
  const ids = new Set<string>();
  contacts.forEach((c, i) => {
    if (!c.name || c.name.trim() === '') errors[`contacts.${i}.name`] = 'required';
    if (c.phone && c.phone.trim() !== '' && !parsePhone(c.phone, country)) errors[`contacts.${i}.phone`] = 'invalid_phone';
    if (c.id) {
      if (ids.has(c.id)) errors[`contacts.${i}.id`] = 'invalid';
      ids.add(c.id);
    }
  });
  return errors;
}
