import type { SyncStatus } from '../../shared/contract';
import type { Sql } from '../../db/sql';

/** Until a sync server is enrolled, every change waits in the outbox. */
export function syncStatus(sql: Sql): SyncStatus {
  const [row] = sql.raw<{ n: number }>('SELECT count(*) AS n FROM outbox');
  return { configured: false, online: false, pending: row?.n ?? 0 };
}
