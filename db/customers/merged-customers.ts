import type { Sql } from '../sql';

/**
 * A customer and everyone merged into it. Append-only history (consent events, audit rows, and the
 * orders and loyalty entries to come) is never rewritten by a merge: reads ask for these ids.
 * Merges are flattened (a loser's own losers are re-pointed to the winner), so one level is enough.
 */
export const MERGED_IDS_SQL = '(SELECT ? UNION ALL SELECT id FROM customers WHERE merged_into = ?)';

export function mergedIds(sql: Sql, id: string): string[] {
  return [id, ...sql.raw<{ id: string }>('SELECT id FROM customers WHERE merged_into = ?', id).map((r) => r.id)];
}

/** Child tables keyed by customer id, and how their rows follow the winner of a merge. */
export interface MergeChild {
  table: string;
  column: string;
  /**
   * "move": master data (addresses, contacts): each row's customer id is rewritten through the
   * write path (audited, synced). "resolve": append-only facts stay as written; their reads use
   * MERGED_IDS_SQL.
   */
  follows: 'move' | 'resolve';
  /** At most one row per customer and `scope` may have `flag` = 1 (a default address per kind): the winner's stays. */
  exclusive?: { flag: string; scope: string };
  /** A column ordering the rows: the loser's come after the winner's. */
  position?: string;
}

/** Adding a table that belongs to a customer is one line here (and its reads use MERGED_IDS_SQL if "resolve"). */
export const MERGE_CHILDREN: readonly MergeChild[] = [
  { table: 'consent_events', column: 'customer_id', follows: 'resolve' },
  { table: 'audit_log', column: 'entity_id', follows: 'resolve' },
  { table: 'orders', column: 'customer_id', follows: 'resolve' },
  { table: 'loyalty_entries', column: 'customer_id', follows: 'resolve' },
  {
    table: 'customer_addresses',
    column: 'customer_id',
    follows: 'move',
    exclusive: { flag: 'is_default', scope: 'kind' },
    position: 'position',
  },
  { table: 'customer_contacts', column: 'customer_id', follows: 'move', position: 'position' },
];
