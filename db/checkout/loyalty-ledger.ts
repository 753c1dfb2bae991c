import type { LoyaltyEntry } from '../../shared/checkout/order';
import type { LoyaltyEntriesTable } from '../schema';
import { mergedIds } from '../customers/merged-customers';
import { qb, type Sql } from '../sql';

export function loyaltyBalance(sql: Sql, customerId: string): number {
  const row = sql.first(
    qb
      .selectFrom('loyalty_entries')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.lit(0)).as('balance'))
      .where('customer_id', 'in', mergedIds(sql, customerId)),
  );
  return Number(row?.balance ?? 0);
}

export function loyaltyEntries(sql: Sql, customerId: string, limit = 200): LoyaltyEntry[] {
  return sql
    .all(
      qb
        .selectFrom('loyalty_entries')
        .selectAll()
        .where('customer_id', 'in', mergedIds(sql, customerId))
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit),
    )
    .map(rowToEntry);
}

function rowToEntry(row: LoyaltyEntriesTable): LoyaltyEntry {
  return {
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind,
    points: row.points,
    orderId: row.order_id,
    reason: row.reason,
    userId: row.user_id,
    at: row.at,
  };
}

/** Points per kind moved by a sale and all its refunds. */
export function orderPointsByKind(sql: Sql, saleId: string): Record<LoyaltyEntriesTable['kind'], number> {
  const rows = sql.raw<{ kind: LoyaltyEntriesTable['kind']; points: number }>(
    `SELECT kind, sum(points) AS points FROM loyalty_entries
     WHERE order_id = ? OR order_id IN (SELECT id FROM orders WHERE refund_of = ?)
     GROUP BY kind`,
    saleId,
    saleId,
  );
  const out = { earn: 0, redeem: 0, earn_reversal: 0, redeem_restore: 0, adjust: 0, assign_earn: 0 };
  for (const r of rows) out[r.kind] = r.points;
  return out;
}
