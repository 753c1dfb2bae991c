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
