import { z } from 'zod';

// C0/C1 control characters never belong in a name, SKU or barcode.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const text = (max: number) =>
  z
    .string('invalid')
    .trim()
    .max(max, 'too_long')
    .refine((v) => !CONTROL_CHARS.test(v), 'invalid_characters');

/** Largest price a product may carry (minor units): far above any till, far below 2^53. */
export const MAX_PRICE_MINOR = 100_000_000;

export const productSchema = z.object({
  id: z.string(),
  sku: z.string(),
  barcode: z.string().nullable(),
  name: z.string(),
  /** Price in the store currency's minor units (cents). */
  priceMinor: z.number().int().min(0),
  currency: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof productSchema>;

export const productSearchInput = z.strictObject({
  /** A fragment of the name, SKU or barcode; empty lists the catalogue by name. */
  query: z.string('invalid').max(100, 'too_long'),
  includeInactive: z.boolean('invalid').default(false),
  limit: z.number('invalid').int('invalid').min(1, 'invalid').max(200, 'invalid').default(50),
});
export type ProductSearchInput = z.input<typeof productSearchInput>;

/** Create (no id) or edit (id) a catalogue product. */
export const productSaveInput = z.strictObject({
  id: z.uuid('invalid').optional(),
  sku: text(40).pipe(z.string().min(1, 'required')),
  barcode: text(40)
    .refine((v) => v === '' || /^[0-9A-Za-z-]+$/.test(v), 'invalid_barcode')
    .nullable()
    .default(null),
  name: text(120).pipe(z.string().min(1, 'required')),
  priceMinor: z.number('invalid').int('invalid').min(0, 'invalid').max(MAX_PRICE_MINOR, 'too_large'),
  active: z.boolean('invalid').default(true),
});
export type ProductSaveInput = z.input<typeof productSaveInput>;
