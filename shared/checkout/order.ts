import { z } from 'zod';
import { customerSummarySchema } from '../customers/customer';
import { productSchema } from './product';

export const PAYMENT_METHODS = ['cash', 'card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const ORDER_KINDS = ['sale', 'refund'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const MAX_CART_LINES = 500;
export const MAX_LINE_QUANTITY = 9999;

const quantity = z.number('invalid').int('invalid').min(1, 'invalid').max(MAX_LINE_QUANTITY, 'too_large');

/** A sale as the till sends it: products and quantities only; main reads prices from the catalogue. */
export const checkoutCompleteInput = z.strictObject({
  lines: z
    .array(z.strictObject({ productId: z.uuid('invalid'), quantity }), 'invalid')
    .min(1, 'empty_cart')
    .max(MAX_CART_LINES, 'too_many'),
  customerId: z.uuid('invalid').nullable().optional(),
  paymentMethod: z.enum(PAYMENT_METHODS, 'invalid'),
  /** Loyalty points to turn into a discount (needs a customer). */
  redeemPoints: z.number('invalid').int('invalid').min(0, 'invalid').max(100_000_000, 'too_large').default(0),
});
export type CheckoutCompleteInput = z.input<typeof checkoutCompleteInput>;

export const orderLineSchema = z.object({
  id: z.string(),
  lineNo: z.number().int(),
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  unitPriceMinor: z.number().int(),
  quantity: z.number().int(),
  subtotalMinor: z.number().int(),
  discountMinor: z.number().int(),
  redeemMinor: z.number().int(),
  totalMinor: z.number().int(),
  /** On a refund line: the sale line it gives back. */
  refundOfLineId: z.string().nullable(),
  /** On a sale line: units already given back by refunds. */
  refundedQuantity: z.number().int(),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderSchema = z.object({
  id: z.string(),
  /** Unique across devices without a server: device prefix + that device's counter. */
  number: z.string(),
  kind: z.enum(ORDER_KINDS),
  /** On a refund: the sale it refunds. */
  refundOfId: z.string().nullable(),
  refundOfNumber: z.string().nullable(),
  customerId: z.string().nullable(),
  customer: customerSummarySchema.nullable(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  currency: z.string(),
  groupDiscountBp: z.number().int(),
  /** Amounts are positive on sales and refunds alike; `kind` says which way the money went. */
  subtotalMinor: z.number().int(),
  discountMinor: z.number().int(),
  redeemMinor: z.number().int(),
  totalMinor: z.number().int(),
  /** Net loyalty points this order moved (earned minus reversed, redeemed minus restored). */
  pointsEarned: z.number().int(),
  pointsRedeemed: z.number().int(),
  lines: z.array(orderLineSchema),
  /** On a sale: the refunds made against it so far. */
  refunds: z.array(z.object({ id: z.string(), number: z.string(), totalMinor: z.number().int(), createdAt: z.string() })),
  createdAt: z.string(),
  createdBy: z.string(),
  deviceId: z.string(),
});
export type Order = z.infer<typeof orderSchema>;

export const orderRefundInput = z.strictObject({
  id: z.uuid('invalid'),
  /** Omitted: everything not refunded yet. Otherwise sale lines and how many units of each. */
  lines: z
    .array(z.strictObject({ lineId: z.uuid('invalid'), quantity }), 'invalid')
    .min(1, 'required')
    .max(MAX_CART_LINES, 'too_many')
    .optional(),
  paymentMethod: z.enum(PAYMENT_METHODS, 'invalid').optional(),
  reason: z.string('invalid').trim().max(500, 'too_long').optional(),
});
export type OrderRefundInput = z.input<typeof orderRefundInput>;

/** A sale or refund by its printed number (any case, spaces around ignored). */
export const orderFindInput = z.strictObject({
  number: z.string('invalid').trim().min(1, 'required').max(20, 'too_long'),
});

export const scanInput = z.strictObject({ code: z.string('invalid').trim().min(1, 'required').max(64, 'too_long') });

/** What a scanned code is: a membership card, a product barcode, or nothing we know. */
export const scanResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('customer'), customer: customerSummarySchema, inactive: z.boolean() }),
  z.object({ kind: z.literal('product'), product: productSchema }),
  z.object({ kind: z.literal('not_found'), code: z.string() }),
]);
export type ScanResult = z.infer<typeof scanResultSchema>;

export const LOYALTY_KINDS = ['earn', 'redeem', 'earn_reversal', 'redeem_restore', 'adjust', 'assign_earn'] as const;
export type LoyaltyKind = (typeof LOYALTY_KINDS)[number];

export const loyaltyEntrySchema = z.object({
  id: z.string(),
  customerId: z.string(),
  kind: z.enum(LOYALTY_KINDS),
  /** Positive adds, negative takes away. */
  points: z.number().int(),
  orderId: z.string().nullable(),
  reason: z.string().nullable(),
  userId: z.string(),
  at: z.string(),
});
export type LoyaltyEntry = z.infer<typeof loyaltyEntrySchema>;

export const loyaltyAdjustInput = z.strictObject({
  customerId: z.uuid('invalid'),
  points: z
    .number('invalid')
    .int('invalid')
    .min(-1_000_000, 'too_large')
    .max(1_000_000, 'too_large')
    .refine((n) => n !== 0, 'not_zero'),
  reason: z.string('invalid').trim().min(1, 'required').max(300, 'too_long'),
});

export const loyaltyOutput = z.object({ balance: z.number().int().min(0), entries: z.array(loyaltyEntrySchema) });
export type LoyaltyAccount = z.infer<typeof loyaltyOutput>;

const isoDate = z.string('invalid').regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date');

/** Period filter for a customer's history: inclusive dates in the store's time zone. */
export const purchasesInput = z.strictObject({
  customerId: z.uuid('invalid'),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.number('invalid').int('invalid').min(1, 'invalid').max(500, 'invalid').default(100),
  offset: z.number('invalid').int('invalid').min(0, 'invalid').max(1_000_000, 'invalid').default(0),
});

export const purchasesOutput = z.object({ orders: z.array(orderSchema), total: z.number().int().min(0) });
export type Purchases = z.infer<typeof purchasesOutput>;

export const insightsSchema = z.object({
  currency: z.string(),
  /** Sales minus refunds. */
  totalSpentMinor: z.number().int(),
  refundedMinor: z.number().int(),
  orderCount: z.number().int(),
  refundCount: z.number().int(),
  averageOrderMinor: z.number().int(),
  firstPurchaseAt: z.string().nullable(),
  lastPurchaseAt: z.string().nullable(),
  /** Median days between consecutive sales; null with fewer than two. */
  medianDaysBetweenOrders: z.number().nullable(),
  /** Net spend so far plus what the customer is expected to spend in the next year at their pace. */
  lifetimeValueMinor: z.number().int(),
  favouriteProducts: z.array(
    z.object({ productId: z.string(), name: z.string(), quantity: z.number().int(), spentMinor: z.number().int() }),
  ),
  /** Net spend per calendar month (store time zone), oldest first, months without sales included. */
  monthly: z.array(z.object({ month: z.string(), spentMinor: z.number().int(), orders: z.number().int() })),
  loyaltyBalance: z.number().int(),
});
export type CustomerInsights = z.infer<typeof insightsSchema>;

export const assignCustomerInput = z.strictObject({ id: z.uuid('invalid'), customerId: z.uuid('invalid') });
