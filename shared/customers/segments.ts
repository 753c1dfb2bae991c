import { z } from 'zod';
import { activeFilterCount, customerFiltersSchema } from './filters';

export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  filters: customerFiltersSchema,
  /** Customers in it now (active and pending unless the filters say otherwise). */
  members: z.number().int().min(0),
});
export type Segment = z.infer<typeof segmentSchema>;

export const saveSegmentInput = z.strictObject({
  name: z
    .string('invalid')
    .trim()
    .min(1, 'required')
    .max(80, 'too_long')
    .refine((v) => !/[\u0000-\u001f\u007f-\u009f]/.test(v), 'invalid_characters'),
  filters: customerFiltersSchema.refine((f) => activeFilterCount(f) > 0, 'no_filters'),
});
