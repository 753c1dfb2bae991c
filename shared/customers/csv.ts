import { z } from 'zod';
import type { ErrorData } from '../errors';
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

/** The export's columns, in order: who it is, what a person typed, then bookkeeping. */
export const EXPORT_COLUMNS: readonly (keyof Customer)[] = [
  'id',
  'membershipCode',
  ...CUSTOMER_FIELD_KEYS.filter((k) => k !== 'groupId'),
  'groupName',
  'status',
  'smsConsent',
  'emailConsent',
  'createdAt',
  'updatedAt',
];

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
