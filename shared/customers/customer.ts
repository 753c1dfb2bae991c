import { z } from 'zod';
import { type CountryCode, parsePhone } from '../phone';
import { foldText } from '../text';
import { CONTROL_CHARS, emailField, line, NOTE_CONTROL_CHARS } from './field-types';
import { addressInputSchema, addressSchema, MAX_ADDRESSES } from './addresses';
import { contactInputSchema, contactSchema, MAX_CONTACTS } from './contacts';
import { customFieldValuesInput } from './custom-fields';

export const CUSTOMER_KINDS = ['individual', 'business'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export const CUSTOMER_STATUSES = ['active', 'inactive', 'pending_approval'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export const ID_DOC_TYPES = ['national_id', 'passport', 'driver_license', 'residence', 'other'] as const;
export const LANGUAGES = ['es', 'en'] as const;
export const BUSINESS_TYPES = [
  'sole_proprietorship',
  'partnership',
  'corporation',
  'limited_company',
  'nonprofit',
  'government',
  'other',
] as const;
export const PAYMENT_TERMS = ['immediate', 'net_7', 'net_15', 'net_30', 'net_60', 'net_90'] as const;
/** How the customer prefers to be reached (not marketing consent: that is the consent log). */
export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'whatsapp', 'mail'] as const;

const dateField = line(10).refine((v) => v === null || v === '' || isPastIsoDate(v), 'invalid_date');

function isPastIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return false;
  return value >= '1900-01-01' && date.getTime() <= Date.now();
}

const currencyField = z
  .string('invalid')
  .refine((v) => v === '' || /^[A-Za-z]{3}$/.test(v.trim()), 'invalid_currency')
  .nullable();

export const MAX_TAGS = 20;
const tag = z
  .string('invalid')
  .trim()
  .min(1, 'required')
  .max(40, 'too_long')
  .refine((v) => !CONTROL_CHARS.test(v), 'invalid_characters');

/** Every field a person can type into a customer record. */
export const customerFieldsSchema = z.strictObject({
  kind: z.enum(CUSTOMER_KINDS, 'invalid'),
  firstName: line(100),
  lastName: line(100),
  company: line(200),
  email: emailField,
  phone: line(40),
  dateOfBirth: dateField,
  idDocType: z.enum(ID_DOC_TYPES, 'invalid').nullable(),
  idDocNumber: line(40),
  taxId: line(40),
  externalId: line(100),
  registrationNumber: line(60),
  businessType: z.enum(BUSINESS_TYPES, 'invalid').nullable(),
  industry: line(100),
  paymentTerms: z.enum(PAYMENT_TERMS, 'invalid').nullable(),
  language: z.enum(LANGUAGES, 'invalid').nullable(),
  preferredCurrency: currencyField,
  contactChannel: z.enum(CONTACT_CHANNELS, 'invalid').nullable(),
  doNotContact: z.boolean('invalid'),
  /** The user who looks after this customer (defaults to whoever created it). */
  ownerId: line(100),
  groupId: z.uuid('invalid').nullable(),
  tags: z.array(tag, 'invalid').max(MAX_TAGS, 'too_many'),
  notes: z
    .string('invalid')
    .max(4000, 'too_long')
    .refine((v) => !NOTE_CONTROL_CHARS.test(v), 'invalid_characters')
    .nullable(),
});
export type CustomerFields = z.infer<typeof customerFieldsSchema>;

/**
 * A customer's child rows, sent whole: the list given replaces the stored one (rows keep their
 * id to be edited in place; rows left out are removed).
 */
export const customerChildrenSchema = z.strictObject({
  addresses: z.array(addressInputSchema, 'invalid').max(MAX_ADDRESSES, 'too_many'),
  contacts: z.array(contactInputSchema, 'invalid').max(MAX_CONTACTS, 'too_many'),
  /** Custom field values by key; only the keys sent change, null clears one. */
  customFields: customFieldValuesInput,
});
export type CustomerChildren = z.infer<typeof customerChildrenSchema>;

/** Save even though it looks like a customer we already have (the user saw the warning). */
const allowDuplicate = z.boolean('invalid').optional();

/** Create: everything optional but the rules below; absent means empty. */
export const customerCreateSchema = customerFieldsSchema
  .partial()
  .extend(customerChildrenSchema.partial().shape)
  .extend({ allowDuplicate });
export type CustomerCreateInput = z.infer<typeof customerCreateSchema>;

/** Quick-add at the counter: a name and a way to reach them. */
export const customerQuickAddSchema = z.strictObject({
  // Optional here so a missing name is reported by the rules as "required", like an empty one.
  firstName: line(100).optional(),
  lastName: line(100).optional(),
  phone: line(40).optional(),
  email: emailField.optional(),
  allowDuplicate,
});
export type CustomerQuickAddInput = z.infer<typeof customerQuickAddSchema>;

export const customerSchema = z.object({
  id: z.string(),
  kind: z.enum(CUSTOMER_KINDS),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  company: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  phoneRaw: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  idDocType: z.enum(ID_DOC_TYPES).nullable(),
  idDocNumber: z.string().nullable(),
  taxId: z.string().nullable(),
  externalId: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  businessType: z.enum(BUSINESS_TYPES).nullable(),
  industry: z.string().nullable(),
  paymentTerms: z.enum(PAYMENT_TERMS).nullable(),
  membershipCode: z.string(),
  language: z.enum(LANGUAGES).nullable(),
  preferredCurrency: z.string().nullable(),
  contactChannel: z.enum(CONTACT_CHANNELS).nullable(),
  doNotContact: z.boolean(),
  ownerId: z.string().nullable(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  status: z.enum(CUSTOMER_STATUSES),
  smsConsent: z.boolean(),
  emailConsent: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
  mergedInto: z.string().nullable(),
  /** Derived: the sum of the loyalty ledger (read-only; loyalty.adjust changes it). */
  loyaltyBalance: z.number().int().min(0),
  addresses: z.array(addressSchema),
  contacts: z.array(contactSchema),
  /** Values of the admin's custom fields, by key. */
  customFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type Customer = z.infer<typeof customerSchema>;

export const customerSummarySchema = customerSchema.pick({
  id: true,
  kind: true,
  firstName: true,
  lastName: true,
  company: true,
  email: true,
  phone: true,
  idDocNumber: true,
  membershipCode: true,
  status: true,
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

export function displayName(c: Pick<Customer, 'kind' | 'firstName' | 'lastName' | 'company'>): string {
  const person = [c.firstName, c.lastName].filter(Boolean).join(' ');
  if (c.kind === 'business') return c.company || person;
  return person || c.company || '';
}

/** Tags as stored: trimmed, inner spaces collapsed, first spelling kept, duplicates (any case, any accent) dropped. */
export function cleanTags(tags: readonly string[] | null | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags ?? []) {
    const tagText = raw.trim().replace(/\s+/g, ' ');
    const key = foldText(tagText);
    if (tagText && !seen.has(key)) {
      seen.add(key);
      out.push(tagText);
    }
  }
  return out;
}

/** Trim, and store empty as null. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim().replace(/\s+/g, (ws) => (ws.includes('\n') ? ws : ' '));
  return trimmed === '' ? null : trimmed;
}

/**
 * Rules across fields, shared by the forms and the service so both say the same
 * thing. Returns field -> message key.
 */
export function customerRuleErrors(
  c: Partial<Pick<CustomerFields, 'kind' | 'firstName' | 'lastName' | 'company' | 'phone' | 'email'>>,
  country: CountryCode,
  options: { requireContact?: boolean } = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  const kind = c.kind ?? 'individual';
  if (kind === 'business') {
    if (!cleanText(c.company)) errors.company = 'required';
  } else if (!cleanText(c.firstName) && !cleanText(c.lastName)) {
    errors.firstName = 'required';
  }
  const phone = cleanText(c.phone);
  if (phone && !parsePhone(phone, country)) errors.phone = 'invalid_phone';
  if (options.requireContact && !phone && !cleanText(c.email) && !errors.phone) errors.phone = 'phone_or_email';
  return errors;
}
