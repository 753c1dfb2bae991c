import { type CartTotals, computeCartTotals, minorPerUnit, proportionalStep } from '../../shared/checkout/cart-totals';
import type {
  CheckoutCompleteInput,
  CustomerInsights,
  LoyaltyAccount,
  Order,
  PaymentMethod,
  Purchases,
  ScanResult,
} from '../../shared/checkout/order';
import type { Product, ProductSaveInput } from '../../shared/checkout/product';
import { localDayStart, monthKeyer, monthsBetween } from '../../shared/checkout/store-time';
import { AppError, validationError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import {
  getProductRow,
  productByBarcode,
  productBySku,
  productRows,
  rowToProduct,
  searchProducts,
} from '../../db/checkout/catalogue';
import { loyaltyBalance, loyaltyEntries, orderPointsByKind } from '../../db/checkout/loyalty-ledger';
import {
  customerOrderIds,
  getOrderRow,
  insightRows,
  customerSummaryOf,
  loadOrders,
  orderLineRows,
  refundedQuantities,
} from '../../db/checkout/orders';
import { getCustomerRow } from '../../db/customers/customer-queries';
import type { CustomersTable, LoyaltyEntriesTable, OrdersTable, ProductsTable } from '../../db/schema';
import { qb, type Sql } from '../../db/sql';
import type { Actor, WritePath, WriteTx } from '../../db/write-path';
import type { SettingsService } from '../settings/settings-service';
import { devicePrefix, formatOrderNumber } from './order-number';

const DAY_MS = 86_400_000;

export type SaleInput = Omit<CheckoutCompleteInput, 'redeemPoints' | 'paymentMethod'> & {
  redeemPoints: number;
  paymentMethod: PaymentMethod;
};
export interface RefundInput {
  id: string;
  lines?: { lineId: string; quantity: number }[] | undefined;
  paymentMethod?: PaymentMethod | undefined;
  reason?: string | undefined;
}

/** Sales, refunds, the catalogue and the loyalty ledger. */
export class CheckoutService {
  private readonly prefix: string;

  constructor(
    private readonly sql: Sql,
    private readonly writes: WritePath,
    private readonly settings: SettingsService,
    private readonly now: () => number = Date.now,
  ) {
    this.prefix = devicePrefix(writes.deviceId);
  }

  // ── Catalogue ────────────────────────────────────────────────────────────

  searchProducts(input: { query: string; includeInactive: boolean; limit: number }): Product[] {
    return searchProducts(this.sql, input.query, input.includeInactive, input.limit).map(rowToProduct);
  }

  /** Create or edit a product; SKU and barcode are each unique across the catalogue. */
  saveProduct(actor: Actor, input: ProductSaveInput & { barcode: string | null; active: boolean }): Product {
    const before = input.id ? getProductRow(this.sql, input.id) : undefined;
    if (input.id && !before) throw new AppError('NOT_FOUND', 'This product does not exist.');
    const barcode = input.barcode?.trim() ? input.barcode.trim() : null;
    const fields: Record<string, string> = {};
    const skuOwner = productBySku(this.sql, input.sku);
    if (skuOwner && skuOwner.id !== input.id) fields.sku = 'sku_taken';
    const barcodeOwner = barcode ? productByBarcode(this.sql, barcode) : undefined;
    if (barcodeOwner && barcodeOwner.id !== input.id) fields.barcode = 'barcode_taken';
    // A barcode that is a customer's membership code would make a scan ambiguous.
    if (barcode && this.sql.first(qb.selectFrom('customers').select('id').where('membership_code', '=', barcode)))
      fields.barcode = 'barcode_is_membership_code';
    if (Object.keys(fields).length > 0) throw validationError(fields);
    const id = input.id ?? newId();
    const values = {
      sku: input.sku,
      barcode,
      name: input.name,
      price_minor: input.priceMinor,
      currency: before?.currency ?? this.settings.get().currency,
      active: input.active ? 1 : 0,
    };
    this.writes.write(actor, (tx) => {
      if (before) tx.update('products', id, values, { updated_at: tx.timestamp });
      else tx.insert('products', { id, ...values, created_at: tx.timestamp, updated_at: tx.timestamp });
    });
    return rowToProduct(getProductRow(this.sql, id) as NonNullable<ReturnType<typeof getProductRow>>);
  }

  // ── The till ─────────────────────────────────────────────────────────────

  /** A scanned code: a membership card first (exact unique index), then a product barcode, then a SKU. */
  scan(code: string): ScanResult {
    const customer = this.sql.first(qb.selectFrom('customers').selectAll().where('membership_code', '=', code));
    if (customer && !customer.merged_into) {
      return { kind: 'customer', customer: customerSummaryOf(customer), inactive: customer.status === 'inactive' };
    }
    const product = productByBarcode(this.sql, code) ?? productBySku(this.sql, code);
    if (product) return { kind: 'product', product: rowToProduct(product) };
    return { kind: 'not_found', code };
  }

  /** Price the cart from the catalogue (never from the client), store the sale, earn and redeem points. */
  complete(actor: Actor, input: SaleInput): Order {
    this.checkSale(input);
    return this.writes.write(actor, (tx) => this.loadOne(this.recordSale(tx, actor, input)));
  }

  /** Several past sales in one transaction (the demo store's history); each is checked as at the till. */
  recordHistory(actor: Actor, sales: (SaleInput & { at: string; refund?: boolean })[]): string[] {
    for (const sale of sales) this.checkSale(sale);
    return this.writes.write(actor, (tx) =>
      sales.map((sale) => {
        const id = this.recordSale(tx, actor, sale, sale.at);
        if (sale.refund) {
          const refundAt = new Date(Math.min(Date.parse(sale.at) + 3 * DAY_MS, this.now())).toISOString();
          this.recordRefund(tx, actor, { id, reason: 'demo' }, refundAt);
        }
        return id;
      }),
    );
  }

  private checkSale(input: SaleInput): void {
    const settings = this.settings.get();
    const fields: Record<string, string> = {};
    const catalogue = productRows(
      this.sql,
      input.lines.map((l) => l.productId),
    );
    input.lines.forEach((line, i) => {
      const product = catalogue.get(line.productId);
      if (!product) fields[`lines.${i}.productId`] = 'unknown_product';
      else if (product.active !== 1) fields[`lines.${i}.productId`] = 'product_inactive';
      else if (product.currency !== settings.currency) fields[`lines.${i}.productId`] = 'product_currency';
    });
    const customer = input.customerId ? getCustomerRow(this.sql, input.customerId) : undefined;
    if (input.customerId && (!customer || customer.merged_into)) fields.customerId = 'unknown_customer';
    else if (customer?.status === 'inactive') fields.customerId = 'customer_inactive';
    if (input.redeemPoints > 0 && !customer) fields.redeemPoints = 'redeem_needs_customer';
    if (Object.keys(fields).length > 0) throw validationError(fields);
  }

  /** Inside the caller's transaction: the sale, its lines and its points. Returns the order id. */
  private recordSale(tx: WriteTx, actor: Actor, input: SaleInput, at: string = tx.timestamp): string {
    const settings = this.settings.get();
    const catalogue = productRows(
      this.sql,
      input.lines.map((l) => l.productId),
    );
    const products = input.lines.map((line) => catalogue.get(line.productId) as ProductsTable);
    const customer = input.customerId ? getCustomerRow(this.sql, input.customerId) : undefined;
    const balance = customer ? loyaltyBalance(this.sql, customer.id) : 0;
    const groupDiscountBp = customer ? this.groupDiscountBp(customer) : 0;
    const totals = computeCartTotals(
      input.lines.map((line, i) => ({
        productId: line.productId,
        quantity: line.quantity,
        unitPriceMinor: (products[i] as ProductsTable).price_minor,
      })),
      {
        groupDiscountBp,
        minorPerUnit: minorPerUnit(settings.currency),
        loyalty: customer
          ? {
              rule: { pointsPerUnit: settings.loyaltyPointsPerUnit, pointValueMinor: settings.loyaltyPointValueMinor },
              balance,
              redeemPoints: input.redeemPoints,
            }
          : undefined,
      },
    );
    if (totals.redeemError) throw validationError({ redeemPoints: totals.redeemError });
    const id = newId();
    tx.insert('orders', {
      id,
      number: this.nextNumber(),
      kind: 'sale',
      refund_of: null,
      customer_id: customer?.id ?? null,
      payment_method: input.paymentMethod,
      currency: settings.currency,
      group_discount_bp: groupDiscountBp,
      subtotal_minor: totals.subtotalMinor,
      discount_minor: totals.discountMinor,
      redeem_minor: totals.redeemMinor,
      total_minor: totals.totalMinor,
      reason: null,
      created_at: at,
      created_by: actor.userId,
      device_id: actor.deviceId,
    });
    this.insertSaleLines(tx, id, totals, products);
    if (customer) {
      // Redeem first: the balance the customer had pays for the points they use.
      if (totals.pointsRedeemed > 0) this.ledger(tx, actor, customer.id, 'redeem', -totals.pointsRedeemed, id, null, at);
      if (totals.pointsEarned > 0) this.ledger(tx, actor, customer.id, 'earn', totals.pointsEarned, id, null, at);
    }
    return id;
  }

  private insertSaleLines(tx: WriteTx, orderId: string, totals: CartTotals, products: { sku: string; name: string }[]): void {
    totals.lines.forEach((line, i) => {
      const product = products[i] as { sku: string; name: string };
      tx.insert('order_lines', {
        id: newId(),
        order_id: orderId,
        line_no: i + 1,
        product_id: line.productId,
        sku: product.sku,
        name: product.name,
        unit_price_minor: line.unitPriceMinor,
        quantity: line.quantity,
        subtotal_minor: line.subtotalMinor,
        discount_minor: line.discountMinor,
        redeem_minor: line.redeemMinor,
        total_minor: line.totalMinor,
        refund_of_line: null,
      });
    });
  }

  /** Pending customers get no group discount until a manager approves their group membership. */
  private groupDiscountBp(customer: CustomersTable): number {
    if (!customer.group_id || customer.status !== 'active') return 0;
    const group = this.sql.first(qb.selectFrom('customer_groups').select('discount_bp').where('id', '=', customer.group_id));
    return group?.discount_bp ?? 0;
  }

  /** The next number of this device (inside the caller's transaction, so a rollback gives it back). */
  private nextNumber(): string {
    const row = this.sql.db.prepare('UPDATE device SET order_seq = order_seq + 1 WHERE id = 1 RETURNING order_seq').get() as {
      order_seq: number;
    };
    return formatOrderNumber(this.prefix, row.order_seq);
  }

  private ledger(
    tx: WriteTx,
    actor: Actor,
    customerId: string,
    kind: LoyaltyEntriesTable['kind'],
    points: number,
    orderId: string | null,
    reason: string | null = null,
    at: string = tx.timestamp,
  ): void {
    tx.insert('loyalty_entries', {
      id: newId(),
      customer_id: customerId,
      kind,
      points,
      order_id: orderId,
      reason,
      user_id: actor.userId,
      device_id: actor.deviceId,
      at,
    });
  }

  // ── Orders ───────────────────────────────────────────────────────────────

  getOrder(id: string): Order {
    const [order] = loadOrders(this.sql, [id]);
    if (!order) throw new AppError('NOT_FOUND', 'This order does not exist.');
    return order;
  }

  /** By the number on the receipt, from any till (numbers are unique across devices). */
  findOrder(number: string): Order {
    const row = this.sql.first(qb.selectFrom('orders').select('id').where('number', '=', number.toUpperCase()));
    if (!row) throw new AppError('NOT_FOUND', 'No sale or refund has this number.', { number: 'order_not_found' });
    return this.loadOne(row.id);
  }

  private loadOne(id: string): Order {
    return loadOrders(this.sql, [id])[0] as Order;
  }

  /**
   * Give back a whole sale (no lines: everything not refunded yet) or some units of some lines, as
   * a new refund order pointing at the sale. Amounts come from what was paid for each line, so a
   * sale refunded in any number of steps gives back exactly what it took.
   */
  refund(actor: Actor, input: RefundInput): Order {
    return this.writes.write(actor, (tx) => this.loadOne(this.recordRefund(tx, actor, input)));
  }

  private recordRefund(tx: WriteTx, actor: Actor, input: RefundInput, at: string = tx.timestamp): string {
    const sale = getOrderRow(this.sql, input.id);
    if (!sale) throw new AppError('NOT_FOUND', 'This order does not exist.');
    if (sale.kind !== 'sale') throw validationError({ id: 'refund_a_refund' }, 'A refund cannot itself be refunded.');
    const saleLines = orderLineRows(this.sql, sale.id);
    const done = refundedQuantities(this.sql, sale.id);
    const wanted = input.lines ?? saleLines.map((l) => ({ lineId: l.id, quantity: l.quantity - (done.get(l.id) ?? 0) }));
    const fields: Record<string, string> = {};
    const seen = new Set<string>();
    const picks = wanted.flatMap((want, i) => {
      const line = saleLines.find((l) => l.id === want.lineId);
      if (!line) {
        fields[`lines.${i}.lineId`] = 'unknown_line';
        return [];
      }
      if (seen.has(line.id)) {
        fields[`lines.${i}.lineId`] = 'duplicate_line';
        return [];
      }
      seen.add(line.id);
      const before = done.get(line.id) ?? 0;
      if (want.quantity > line.quantity - before) fields[`lines.${i}.quantity`] = 'exceeds_sold';
      return want.quantity > 0 ? [{ line, before, quantity: want.quantity }] : [];
    });
    if (Object.keys(fields).length > 0) throw validationError(fields);
    if (picks.length === 0)
      throw validationError({ lines: 'nothing_to_refund' }, 'Everything in this sale was already refunded.');

    const id = newId();
    const refundLines = picks.map(({ line, before, quantity }) => {
      const step = (whole: number) => proportionalStep(whole, line.quantity, before, quantity);
      const total = step(line.total_minor);
      const discount = step(line.discount_minor);
      const redeem = step(line.redeem_minor);
      return { line, quantity, total, discount, redeem, subtotal: total + discount + redeem };
    });
    const sum = (k: 'total' | 'discount' | 'redeem' | 'subtotal') => refundLines.reduce((s, l) => s + l[k], 0);
    tx.insert('orders', {
      id,
      number: this.nextNumber(),
      kind: 'refund',
      refund_of: sale.id,
      customer_id: sale.customer_id,
      payment_method: input.paymentMethod ?? sale.payment_method,
      currency: sale.currency,
      group_discount_bp: sale.group_discount_bp,
      subtotal_minor: sum('subtotal'),
      discount_minor: sum('discount'),
      redeem_minor: sum('redeem'),
      total_minor: sum('total'),
      reason: input.reason?.trim() || null,
      created_at: at,
      created_by: actor.userId,
      device_id: actor.deviceId,
    });
    refundLines.forEach((r, i) => {
      tx.insert('order_lines', {
        id: newId(),
        order_id: id,
        line_no: i + 1,
        product_id: r.line.product_id,
        sku: r.line.sku,
        name: r.line.name,
        unit_price_minor: r.line.unit_price_minor,
        quantity: r.quantity,
        subtotal_minor: r.subtotal,
        discount_minor: r.discount,
        redeem_minor: r.redeem,
        total_minor: r.total,
        refund_of_line: r.line.id,
      });
    });
    if (sale.customer_id) this.settlePoints(tx, actor, sale, id, at);
    return id;
  }

  /**
   * Bring a sale's loyalty points in line with how much of it is still kept: points earned are
   * reversed, and points redeemed are given back, in proportion to the value refunded. A reversal
   * never takes the balance below zero (points already spent stay spent; ADR 0006).
   */
  private settlePoints(tx: WriteTx, actor: Actor, sale: OrdersTable, entryOrderId: string, at = tx.timestamp): void {
    const customerId = sale.customer_id as string;
    const base = sale.total_minor + sale.redeem_minor;
    const refunded = this.sql.raw<{ v: number }>(
      'SELECT coalesce(sum(total_minor + redeem_minor), 0) AS v FROM orders WHERE refund_of = ?',
      sale.id,
    )[0]?.v as number;
    const p = orderPointsByKind(this.sql, sale.id);
    const kept = (whole: number) => (base === 0 ? whole : whole - proportionalStep(whole, base, 0, refunded));
    const redeemed = -p.redeem;
    const restore = redeemed - kept(redeemed) - p.redeem_restore;
    if (restore > 0) this.ledger(tx, actor, customerId, 'redeem_restore', restore, entryOrderId, null, at);
    const earned = p.earn + p.assign_earn;
    const owed = earned + p.earn_reversal - kept(earned);
    const reversal = Math.min(owed, loyaltyBalance(this.sql, customerId));
    if (reversal > 0) this.ledger(tx, actor, customerId, 'earn_reversal', -reversal, entryOrderId, null, at);
  }

  /**
   * Attach a customer to a past sale made without one (they forgot their card): the sale and its
   * refunds get the customer, audited, and the customer earns the points the sale still merits.
   */
  assignCustomer(actor: Actor, id: string, customerId: string): Order {
    const sale = getOrderRow(this.sql, id);
    if (!sale) throw new AppError('NOT_FOUND', 'This order does not exist.');
    if (sale.kind !== 'sale')
      throw validationError({ id: 'assign_the_sale' }, 'Assign the customer to the sale, not its refund.');
    if (sale.customer_id) throw new AppError('CONFLICT', 'This order already has a customer.', { id: 'has_customer' });
    const customer = getCustomerRow(this.sql, customerId);
    if (!customer || customer.merged_into) throw validationError({ customerId: 'unknown_customer' });
    if (customer.status === 'inactive') throw validationError({ customerId: 'customer_inactive' });
    const settings = this.settings.get();
    this.writes.write(actor, (tx) => {
      const refunds = this.sql.all(qb.selectFrom('orders').select('id').where('refund_of', '=', sale.id));
      for (const o of [{ id: sale.id }, ...refunds]) tx.update('orders', o.id, { customer_id: customerId });
      const earned = Math.floor((sale.total_minor * settings.loyaltyPointsPerUnit) / minorPerUnit(sale.currency));
      if (earned > 0) {
        this.ledger(tx, actor, customerId, 'assign_earn', earned, sale.id, 'assigned after the sale');
        if (refunds.length > 0) this.settlePoints(tx, actor, { ...sale, customer_id: customerId }, sale.id);
      }
    });
    return this.getOrder(id);
  }

  // ── Customer history, insights and loyalty ───────────────────────────────

  purchases(input: { customerId: string; from?: string; to?: string; limit: number; offset: number }): Purchases {
    this.requireCustomer(input.customerId);
    const tz = this.settings.get().timeZone;
    if (input.from && input.to && input.from > input.to) throw validationError({ to: 'before_from' });
    const fromUtc = input.from ? new Date(localDayStart(input.from, tz)).toISOString() : null;
    // "to" is inclusive: up to the first instant of the next day.
    const toUtc = input.to ? new Date(localDayStart(nextDay(input.to), tz)).toISOString() : null;
    const { ids, total } = customerOrderIds(
      this.sql,
      input.customerId,
      { fromUtc, toUtc },
      { limit: input.limit, offset: input.offset },
    );
    return { orders: loadOrders(this.sql, ids), total };
  }

  insights(customerId: string): CustomerInsights {
    this.requireCustomer(customerId);
    const settings = this.settings.get();
    const { orders, products } = insightRows(this.sql, customerId);
    const sales = orders.filter((o) => o.kind === 'sale');
    const refunds = orders.filter((o) => o.kind === 'refund');
    const gross = sales.reduce((s, o) => s + o.total_minor, 0);
    const refundedMinor = refunds.reduce((s, o) => s + o.total_minor, 0);
    const totalSpentMinor = gross - refundedMinor;
    const orderCount = sales.length;
    const averageOrderMinor = orderCount > 0 ? Math.round(totalSpentMinor / orderCount) : 0;
    const times = sales.map((o) => Date.parse(o.created_at));
    const gaps = times.slice(1).map((t, i) => (t - (times[i] as number)) / DAY_MS);
    const median = gaps.length > 0 ? Math.round(medianOf(gaps) * 10) / 10 : null;
    const lastAt = sales.at(-1)?.created_at ?? null;
    // Expected spend over the next year at the customer's pace, if they still come (ADR 0006).
    const stillComing = lastAt !== null && this.now() - Date.parse(lastAt) <= 365 * DAY_MS;
    const projected =
      median !== null && median > 0 && stillComing ? Math.round(averageOrderMinor * Math.min(365 / median, 365)) : 0;
    const monthOf = monthKeyer(settings.timeZone);
    const byMonth = new Map<string, { spentMinor: number; orders: number }>();
    for (const o of orders) {
      const m = monthOf(o.created_at);
      const entry = byMonth.get(m) ?? { spentMinor: 0, orders: 0 };
      entry.spentMinor += o.kind === 'sale' ? o.total_minor : -o.total_minor;
      if (o.kind === 'sale') entry.orders++;
      byMonth.set(m, entry);
    }
    const keys = [...byMonth.keys()].sort();
    const monthly =
      keys.length > 0
        ? monthsBetween(keys[0] as string, keys.at(-1) as string).map((month) => ({
            month,
            ...(byMonth.get(month) ?? { spentMinor: 0, orders: 0 }),
          }))
        : [];
    return {
      currency: settings.currency,
      totalSpentMinor,
      refundedMinor,
      orderCount,
      refundCount: refunds.length,
      averageOrderMinor,
      firstPurchaseAt: sales[0]?.created_at ?? null,
      lastPurchaseAt: lastAt,
      medianDaysBetweenOrders: median,
      lifetimeValueMinor: totalSpentMinor + projected,
      favouriteProducts: products.map((p) => ({
        productId: p.product_id,
        name: p.name,
        quantity: p.quantity,
        spentMinor: p.spent,
      })),
      monthly,
      loyaltyBalance: loyaltyBalance(this.sql, customerId),
    };
  }

  loyalty(customerId: string): LoyaltyAccount {
    this.requireCustomer(customerId);
    return { balance: loyaltyBalance(this.sql, customerId), entries: loyaltyEntries(this.sql, customerId) };
  }

  /** A manager's correction, with its reason; it may not take the balance below zero. */
  adjustLoyalty(actor: Actor, input: { customerId: string; points: number; reason: string }): LoyaltyAccount {
    this.requireCustomer(input.customerId);
    const balance = loyaltyBalance(this.sql, input.customerId);
    if (balance + input.points < 0) throw validationError({ points: 'balance_negative' }, `The balance is ${balance} points.`);
    this.writes.write(actor, (tx) => this.ledger(tx, actor, input.customerId, 'adjust', input.points, null, input.reason.trim()));
    return this.loyalty(input.customerId);
  }

  /** The customers of these orders, for the push event that refreshes their history. */
  customersOf(orderIds: string[]): string[] {
    const rows = this.sql.all(
      qb.selectFrom('orders').select('customer_id').distinct().where('id', 'in', orderIds).where('customer_id', 'is not', null),
    );
    return rows.map((r) => r.customer_id as string);
  }

  private requireCustomer(id: string): CustomersTable {
    const row = getCustomerRow(this.sql, id);
    if (!row) throw new AppError('NOT_FOUND', 'This customer does not exist.');
    return row;
  }
}

function nextDay(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`) + DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
