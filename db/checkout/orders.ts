import type { Order, OrderLine } from '../../shared/checkout/order';
import type { CustomerSummary } from '../../shared/customers/customer';
import type { CustomersTable, OrderLinesTable, OrdersTable } from '../schema';
import { qb, type Sql } from '../sql';
import { MERGED_IDS_SQL, mergedIds } from '../customers/merged-customers';

export function getOrderRow(sql: Sql, id: string): OrdersTable | undefined {
  return sql.first(qb.selectFrom('orders').selectAll().where('id', '=', id));
}

export function orderLineRows(sql: Sql, orderId: string): OrderLinesTable[] {
  return sql.all(qb.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('line_no'));
}

/** Units of each line of a sale already given back, by sale line id. */
export function refundedQuantities(sql: Sql, saleId: string): Map<string, number> {
  const rows = sql.raw<{ line: string; qty: number }>(
    `SELECT l.refund_of_line AS line, sum(l.quantity) AS qty
     FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.refund_of = ? GROUP BY l.refund_of_line`,
    saleId,
  );
  return new Map(rows.map((r) => [r.line, r.qty]));
}

export function customerHasOrders(sql: Sql, customerId: string): boolean {
  return (
    sql.first(qb.selectFrom('orders').select('id').where('customer_id', 'in', mergedIds(sql, customerId)).limit(1)) !== undefined
  );
}

export function hasLoyaltyEntries(sql: Sql, customerId: string): boolean {
  return (
    sql.first(qb.selectFrom('loyalty_entries').select('id').where('customer_id', 'in', mergedIds(sql, customerId)).limit(1)) !==
    undefined
  );
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Orders with their lines, refunds, points and customer, in the order of `ids`; in a few queries, not per order. */
export function loadOrders(sql: Sql, ids: readonly string[]): Order[] {
  if (ids.length === 0) return [];
  const ph = placeholders(ids.length);
  const orders = sql.raw<OrdersTable & { refund_of_number: string | null }>(
    `SELECT o.*, s.number AS refund_of_number FROM orders o LEFT JOIN orders s ON s.id = o.refund_of WHERE o.id IN (${ph})`,
    ...ids,
  );
  const lines = sql.raw<OrderLinesTable>(
    `SELECT * FROM order_lines WHERE order_id IN (${ph}) ORDER BY order_id, line_no`,
    ...ids,
  );
  const refunds = sql.raw<{ id: string; number: string; total_minor: number; created_at: string; refund_of: string }>(
    `SELECT id, number, total_minor, created_at, refund_of FROM orders WHERE refund_of IN (${ph}) ORDER BY created_at, id`,
    ...ids,
  );
  const refunded = sql.raw<{ line: string; qty: number }>(
    `SELECT l.refund_of_line AS line, sum(l.quantity) AS qty FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.refund_of IN (${ph}) GROUP BY l.refund_of_line`,
    ...ids,
  );
  const points = sql.raw<{ order_id: string; kind: string; points: number }>(
    `SELECT order_id, kind, sum(points) AS points FROM loyalty_entries WHERE order_id IN (${ph}) GROUP BY order_id, kind`,
    ...ids,
  );
  const customerIds = [...new Set(orders.map((o) => o.customer_id).filter((c): c is string => c !== null))];
  const customers = customerIds.length
    ? sql.raw<CustomersTable>(`SELECT * FROM customers WHERE id IN (${placeholders(customerIds.length)})`, ...customerIds)
    : [];

  const refundedByLine = new Map(refunded.map((r) => [r.line, r.qty]));
  const linesByOrder = groupBy(lines, (l) => l.order_id);
  const refundsBySale = groupBy(refunds, (r) => r.refund_of);
  const pointsByOrder = groupBy(points, (p) => p.order_id);
  const customerById = new Map(customers.map((c) => [c.id, customerSummaryOf(c)]));
  const byId = new Map(
    orders.map((o): [string, Order] => {
      const p = pointsByOrder.get(o.id) ?? [];
      const sum = (kinds: string[]) => p.filter((x) => kinds.includes(x.kind)).reduce((s, x) => s + x.points, 0);
      return [
        o.id,
        {
          id: o.id,
          number: o.number,
          kind: o.kind,
          refundOfId: o.refund_of,
          refundOfNumber: o.refund_of_number,
          customerId: o.customer_id,
          customer: o.customer_id ? (customerById.get(o.customer_id) ?? null) : null,
          paymentMethod: o.payment_method,
          currency: o.currency,
          groupDiscountBp: o.group_discount_bp,
          subtotalMinor: o.subtotal_minor,
          discountMinor: o.discount_minor,
          redeemMinor: o.redeem_minor,
          totalMinor: o.total_minor,
          pointsEarned: sum(['earn', 'assign_earn', 'earn_reversal']),
          pointsRedeemed: -sum(['redeem', 'redeem_restore']),
          lines: (linesByOrder.get(o.id) ?? []).map((l) => rowToLine(l, refundedByLine.get(l.id) ?? 0)),
          refunds: (refundsBySale.get(o.id) ?? []).map((r) => ({
            id: r.id,
            number: r.number,
            totalMinor: r.total_minor,
            createdAt: r.created_at,
          })),
          createdAt: o.created_at,
          createdBy: o.created_by,
          deviceId: o.device_id,
        },
      ];
    }),
  );
  return ids.map((id) => byId.get(id)).filter((o): o is Order => o !== undefined);
}

function rowToLine(l: OrderLinesTable, refundedQuantity: number): OrderLine {
  return {
    id: l.id,
    lineNo: l.line_no,
    productId: l.product_id,
    sku: l.sku,
    name: l.name,
    unitPriceMinor: l.unit_price_minor,
    quantity: l.quantity,
    subtotalMinor: l.subtotal_minor,
    discountMinor: l.discount_minor,
    redeemMinor: l.redeem_minor,
    totalMinor: l.total_minor,
    refundOfLineId: l.refund_of_line,
    refundedQuantity,
  };
}

export function customerSummaryOf(c: CustomersTable): CustomerSummary {
  return {
    id: c.id,
    kind: c.kind,
    firstName: c.first_name,
    lastName: c.last_name,
    company: c.company,
    email: c.email,
    phone: c.phone,
    idDocNumber: c.id_doc_number,
    membershipCode: c.membership_code,
    status: c.status,
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** A customer's orders (sales and refunds) in [fromUtc, toUtc), newest first. */
export function customerOrderIds(
  sql: Sql,
  customerId: string,
  range: { fromUtc: string | null; toUtc: string | null },
  page: { limit: number; offset: number },
): { ids: string[]; total: number } {
  let q = qb.selectFrom('orders').where('customer_id', 'in', mergedIds(sql, customerId));
  if (range.fromUtc) q = q.where('created_at', '>=', range.fromUtc);
  if (range.toUtc) q = q.where('created_at', '<', range.toUtc);
  const total = Number(sql.first(q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0);
  const ids = sql
    .all(q.select('id').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset))
    .map((r) => r.id);
  return { ids, total };
}

export interface InsightOrder {
  kind: 'sale' | 'refund';
  total_minor: number;
  created_at: string;
}

/**
 * What insights are computed from: one row per order, oldest first, and the five products bought
 * most (net of refunds). Both read only covering indexes (migration 12); a merged customer's
 * orders are read per id, each already in order, so nothing is sorted but the product totals.
 */
export function insightRows(sql: Sql, customerId: string) {
  const perCustomer = mergedIds(sql, customerId).map((id) =>
    sql.raw<InsightOrder & { id: string }>(
      'SELECT kind, total_minor, created_at, id FROM orders WHERE customer_id = ? ORDER BY created_at, id',
      id,
    ),
  );
  const orders: InsightOrder[] =
    perCustomer.length === 1
      ? (perCustomer[0] as InsightOrder[])
      : perCustomer.flat().sort((a, b) => (a.created_at === b.created_at ? cmp(a.id, b.id) : cmp(a.created_at, b.created_at)));
  const top = sql.raw<{ product_id: string; quantity: number; spent: number; line: number }>(
    `SELECT l.product_id,
       sum(CASE o.kind WHEN 'sale' THEN l.quantity ELSE -l.quantity END) AS quantity,
       sum(CASE o.kind WHEN 'sale' THEN l.total_minor ELSE -l.total_minor END) AS spent,
       max(l.rowid) AS line
     FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE o.customer_id IN ${MERGED_IDS_SQL}
     GROUP BY l.product_id
     HAVING quantity > 0
     ORDER BY quantity DESC, spent DESC, l.product_id
     LIMIT 5`,
    customerId,
    customerId,
  );
  // The name each product was last sold under, read for the five only.
  const names = new Map(
    sql
      .raw<{ line: number; name: string }>(
        'SELECT rowid AS line, name FROM order_lines WHERE rowid IN (SELECT value FROM json_each(?))',
        JSON.stringify(top.map((p) => p.line)),
      )
      .map((r) => [r.line, r.name]),
  );
  const products = top.map((p) => ({
    product_id: p.product_id,
    name: names.get(p.line) ?? '',
    quantity: p.quantity,
    spent: p.spent,
  }));
  return { orders, products };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
