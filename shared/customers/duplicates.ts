import { z } from 'zod';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES } from './customer';

export const DUPLICATE_REASONS = ['phone', 'email', 'document', 'tax_id', 'name_birth_date'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const likelyDuplicateSchema = z.object({
  id: z.string(),
  kind: z.enum(CUSTOMER_KINDS),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(CUSTOMER_STATUSES),
  reasons: z.array(z.enum(DUPLICATE_REASONS)),
});
export type LikelyDuplicate = z.infer<typeof likelyDuplicateSchema>;

/** One side of a likely-duplicate pair in the Duplicates view. */
export const duplicateSideSchema = z.object({
  id: z.string(),
  kind: z.enum(CUSTOMER_KINDS),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  idDocNumber: z.string().nullable(),
  taxId: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  membershipCode: z.string(),
  status: z.enum(CUSTOMER_STATUSES),
  createdAt: z.string(),
});
export type DuplicateSide = z.infer<typeof duplicateSideSchema>;

export const duplicatePairSchema = z.object({
  a: duplicateSideSchema,
  b: duplicateSideSchema,
  reasons: z.array(z.enum(DUPLICATE_REASONS)).min(1),
});
export type DuplicatePair = z.infer<typeof duplicatePairSchema>;

/** A page of the Duplicates view; `next` continues the scan where this page stopped (null: done). */
export const duplicatePairsInput = z.strictObject({
  cursor: z.string('invalid').max(400, 'too_long').nullable().default(null),
  limit: z.number('invalid').int('invalid').min(1, 'invalid').max(100, 'invalid').default(20),
});
export const duplicatePairsOutput = z.object({ pairs: z.array(duplicatePairSchema), next: z.string().nullable() });
export type DuplicatePairsPage = z.infer<typeof duplicatePairsOutput>;

export const dismissDuplicateInput = z.strictObject({ a: z.uuid('invalid'), b: z.uuid('invalid') });

/** The fields a manager picks, side by side, when merging two customers. Tags are always joined. */
export const MERGE_FIELDS = [
  'kind',
  'firstName',
  'lastName',
  'company',
  'email',
  'phone',
  'dateOfBirth',
  'idDocType',
  'idDocNumber',
  'taxId',
  'externalId',
  'registrationNumber',
  'businessType',
  'industry',
  'paymentTerms',
  'language',
  'preferredCurrency',
  'contactChannel',
  'ownerId',
  'groupId',
  'notes',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export const mergeInput = z.strictObject({
  winnerId: z.uuid('invalid'),
  loserId: z.uuid('invalid'),
  /** Whose value survives, per field; a field left out keeps the winner's value, or the loser's when the winner's is empty. */
  pick: z.partialRecord(z.enum(MERGE_FIELDS, 'invalid'), z.enum(['winner', 'loser'], 'invalid')).default({}),
});
export type MergeInput = z.infer<typeof mergeInput>;
