import type { SyncStatus } from '../../shared/contract';
import type { Sql } from '../../db/sql';

/** Until a sync server is enrolled, every change waits in the outbox. */
export function syncStatus(sql: Sql): SyncStatus {
  const [row] = sql.raw<{ n: number }>('SELECT count(*) AS n FROM outbox');
  return { configured: false, online: false, pending: row?.n ?? 0 };
}

/**
 * The sync status after every commit, without counting the outbox each time (at a million
 * customers it holds tens of millions of operations: one count blocks main for seconds). It is
 * counted once, then moved by what each commit added or removed.
 */
export class SyncStatusTracker {
  private pending: number | null = null;

  constructor(private readonly sql: Sql) {}

  get(): SyncStatus {
    this.pending ??= syncStatus(this.sql).pending;
    return { configured: false, online: false, pending: this.pending };
  }

  /** A commit added (or removed, negative) this many operations. */
  committed(operations: number): void {
    if (this.pending !== null) this.pending += operations;
  }
}
