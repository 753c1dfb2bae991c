import { z } from 'zod';
import type { ErrorData } from '../errors';
import type { Address } from './addresses';
import type { CustomFieldDefinition } from './custom-fields';
import { type Customer, customerFieldsSchema } from './customer';
import { customerFiltersSchema } from './filters';

/**
 * CSV columns are the stable keys of the customer record (ADR 0009): `firstName`, not "Nombre".
 * A file exported in Spanish opens and re-imports the same in English, and a new field of
 * customerFieldsSchema becomes a column without touching this file.
 */
export const CUSTOMER_FIELD_KEYS = Object.keys(customerFieldsSchema.shape) as (keyof typeof customerFieldsSchema.shape)[];
export type CustomerFieldKey = (typeof CUSTOMER_FIELD_KEYS)[number];

/** Read-only columns an export adds around the editable fields. */
export const EXPORT_ONLY_KEYS = [
  'id',
  'membershipCode',
  'status',
  'groupName',
  'smsConsent',
  'emailConsent',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Customer)[];

/** The address kinds a row carries: each one's default address (other addresses stay out of the CSV). */
export const CSV_ADDRESS_KINDS = ['billing', 'shipping'] as const;
export type CsvAddressKind = (typeof CSV_ADDRESS_KINDS)[number];
export const CSV_ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
export type CsvAddressField = (typeof CSV_ADDRESS_FIELDS)[number];
/** The first business contact's fields. */
export const CSV_CONTACT_FIELDS = ['name', 'email', 'phone', 'role'] as const;
export type CsvContactField = (typeof CSV_CONTACT_FIELDS)[number];

/** `billing.line1` … `shipping.country`, then `contact.name` … `contact.role`. */
export const CHILD_COLUMNS = [
  ...CSV_ADDRESS_KINDS.flatMap((kind) => CSV_ADDRESS_FIELDS.map((field) => `${kind}.${field}` as const)),
  ...CSV_CONTACT_FIELDS.map((field) => `contact.${field}` as const),
] as const;
export type ChildColumn = (typeof CHILD_COLUMNS)[number];

/** A custom field's column: its key, which never changes (a label may), named like its errors. */
export const CUSTOM_COLUMN_PREFIX = 'customFields.';
export const customFieldColumn = (key: string) => `${CUSTOM_COLUMN_PREFIX}${key}` as const;

/**
 * The export's fixed columns, in order: who it is, what a person typed (the owner by name, as the
 * group), the default billing and shipping addresses and the first contact, then bookkeeping.
 * `exportColumns` adds one column per active custom field.
 */
export const EXPORT_COLUMNS: readonly string[] = [
  'id',
  'membershipCode',
  ...CUSTOMER_FIELD_KEYS.filter((k) => k !== 'groupId' && k !== 'ownerId'),
  'groupName',
  'ownerName',
  ...CHILD_COLUMNS,
  'status',
  'smsConsent',
  'emailConsent',
  'createdAt',
  'updatedAt',
];

/** Every column of an export: the fixed ones, then the active custom fields in their order. */
export function exportColumns(definitions: readonly CustomFieldDefinition[]): string[] {
  return [...EXPORT_COLUMNS, ...definitions.filter((d) => d.active).map((d) => customFieldColumn(d.key))];
}

/** What a customer holds under one export column (`ownerName` from the names of this store's users). */
export function exportValue(customer: Customer, column: string, ownerNames: ReadonlyMap<string, string>): unknown {
  if (column === 'ownerName') return customer.ownerId ? (ownerNames.get(customer.ownerId) ?? null) : null;
  const dot = column.indexOf('.');
  if (dot < 0) return customer[column as keyof Customer];
  const head = column.slice(0, dot);
  const field = column.slice(dot + 1);
  if (head === 'customFields') return customer.customFields[field];
  if (head === 'contact') return customer.contacts[0]?.[field as CsvContactField];
  const address = customer.addresses.find((a) => a.kind === head && a.isDefault);
  return address?.[field as keyof Address];
}

/** Lists (tags) travel in one cell, separated like this. */
export const LIST_SEPARATOR = '; ';

/** One cell of a customer: lists joined, booleans as true/false, objects as JSON, nothing as empty. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(LIST_SEPARATOR);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula. Such cells are written with a
 * leading apostrophe (OWASP's advice), except a plain signed number or phone ("+507 6123-4567").
 */
export const FORMULA_START = /^(?:[=@\t\r]|[+-](?![\d\s().-]*$))/;

export const customerCsvExportInput = z.strictObject({
  query: z.string('invalid').max(200, 'too_long').default(''),
  includeInactive: z.boolean('invalid').default(false),
  filters: customerFiltersSchema.default({}),
  /** Export a saved segment: its filters replace `filters`, and the query is ignored. */
  segmentId: z.uuid('invalid').optional(),
});
export type CustomerCsvExportInput = z.input<typeof customerCsvExportInput>;

/** One problem with one row: the spreadsheet's row number (the header is row 1), the field, why. */
export const importIssueSchema = z.object({ row: z.number().int().min(2), field: z.string(), reason: z.string() });
export type ImportIssue = z.infer<typeof importIssueSchema>;

/** What an import did so far. */
export const importSummarySchema = z.object({
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  /** Rows that matched a customer we have and were left alone (or matched several). */
  skipped: z.number().int().min(0),
  invalid: z.number().int().min(0),
  /** The first problems, for the screen; the report file lists them all. */
  issues: z.array(importIssueSchema),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const CSV_JOB_STATES = ['running', 'done', 'failed', 'cancelled'] as const;

export const csvJobSchema = z.object({
  id: z.string(),
  kind: z.enum(['export', 'import']),
  state: z.enum(CSV_JOB_STATES),
  /** Rows handled so far. */
  processed: z.number().int().min(0),
  /** Rows expected, when known in advance. */
  total: z.number().int().min(0).nullable(),
  /** The name to save the job's file under (the export, or an import's report). */
  fileName: z.string(),
  /** Whether there is a file to download now. */
  hasFile: z.boolean(),
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }).nullable(),
  /** Imports: what happened to the rows so far. */
  summary: importSummarySchema.nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type CsvJob = z.infer<typeof csvJobSchema>;
export type CsvJobError = ErrorData;

export const csvJobIdInput = z.strictObject({ id: z.uuid('invalid') });
