import type BetterSqlite3 from 'better-sqlite3';

/**
 * A migration takes the raw connection: it is frozen in time and must not depend
 * on today's table types. It runs inside a transaction opened by the runner.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: BetterSqlite3.Database): void;
}
