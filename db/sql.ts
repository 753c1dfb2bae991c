import type BetterSqlite3 from 'better-sqlite3';
import { type Compilable, DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { Database } from './schema';

/**
 * kysely builds and types the SQL; better-sqlite3 runs it synchronously. This
 * keeps write transactions short and explicit (no awaits inside them) and
 * avoids a promise per query on the hot search path.
 */
export const qb = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

type Row<Q> = Q extends Compilable<infer R> ? R : never;

export class Sql {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(readonly db: BetterSqlite3.Database) {}

  /** A prepared statement, cached by its text (preparing costs more than running a small one). */
  prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all<Q extends Compilable<unknown>>(query: Q): Row<Q>[] {
    const { sql, parameters } = query.compile();
    return this.prepare(sql).all(...(parameters as unknown[])) as Row<Q>[];
  }

  first<Q extends Compilable<unknown>>(query: Q): Row<Q> | undefined {
    const { sql, parameters } = query.compile();
    return this.prepare(sql).get(...(parameters as unknown[])) as Row<Q> | undefined;
  }

  run(query: Compilable<unknown>): number {
    const { sql, parameters } = query.compile();
    return this.prepare(sql).run(...(parameters as unknown[])).changes;
  }

  /** Hand-written SQL where kysely cannot say it (FTS5 MATCH, rank). */
  raw<R>(sql: string, ...parameters: unknown[]): R[] {
    return this.prepare(sql).all(...parameters) as R[];
  }

  /** A write transaction: BEGIN IMMEDIATE, so it never upgrades a read lock and deadlocks. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
