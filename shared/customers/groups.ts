import { z } from 'zod';

export const customerGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** New members wait as "pending approval" until a manager approves them. */
  requiresApproval: z.boolean(),
  /** Whole percent off their purchases, or null. */
  discountPercent: z.number().nullable(),
  members: z.number().int().min(0),
});
export type CustomerGroup = z.infer<typeof customerGroupSchema>;

export const tagSuggestionsInput = z.strictObject({
  prefix: z.string('invalid').max(40, 'too_long').default(''),
});
