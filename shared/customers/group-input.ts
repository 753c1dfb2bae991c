import { z } from 'zod';

export const saveGroupInput = z.strictObject({
  /** Absent: a new group. */
  id: z.uuid('invalid').optional(),
  name: z
    .string('invalid')
    .trim()
    .min(1, 'required')
    .max(60, 'too_long')
    .refine((v) => !/[\u0000-\u001f\u007f-\u009f]/.test(v), 'invalid_characters'),
  description: z.string('invalid').trim().max(200, 'too_long').nullable(),
  requiresApproval: z.boolean('invalid'),
  /** Whole or decimal percent, 0 to 100, or none. */
  discountPercent: z.number('invalid').min(0, 'invalid_percent').max(100, 'invalid_percent').nullable(),
});
export type SaveGroupInput = z.infer<typeof saveGroupInput>;
