import type BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

export class DatabaseTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `This data was written by a newer Clientela (schema ${found}; this version knows up to ${known}). Update Clientela to open it.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function schemaVersion(db: BetterSqlite3.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** An existing store (schema above 0) that this version would migrate. */
export function migrationPending(db: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS): boolean {
  const version = schemaVersion(db);
  return version > 0 && version < migrations.length;
}

/**
 * Apply every migration above the database's version, each in its own
 * transaction together with its user_version bump. `target` stops early (tests).
 */
export function migrate(
  db: BetterSqlite3.Database,
  options: { migrations?: readonly Migration[]; target?: number } = {},
): { from: number; to: number } {
  const migrations = options.migrations ?? MIGRATIONS;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const target = options.target ?? latest;
  const from = schemaVersion(db);
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  for (const m of migrations) {
    if (m.version <= from || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
