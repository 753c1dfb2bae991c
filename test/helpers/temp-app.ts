import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, openApp } from '../../main/app';
import { mulberry32 } from '../../main/demo/demo-store';

/** The tables every write touches, counted before and after a call that must change nothing. */
const COUNTED = [
  'customers',
  'customer_addresses',
  'customer_contacts',
  'audit_log',
  'outbox',
  'settings',
  'customer_groups',
  'consent_events',
  'segments',
  'products',
  'orders',
  'order_lines',
  'loyalty_entries',
] as const;
export type TableCounts = Record<(typeof COUNTED)[number], number>;

/** The frozen clock's first reading. */
export const TEST_START = Date.parse('2026-11-24T15:00:00.000Z');

export interface TempApp {
  app: App;
  dir: string;
  /** Advance the frozen clock. */
  tick(ms?: number): void;
  /** Set the frozen clock, backwards too. */
  setNow(ms: number): void;
  counts(): TableCounts;
  /** Rows written, updated or deleted on this connection so far, including rolled-back ones. */
  totalChanges(): number;
  /** A digest of every row of every table: equal digests, equal data. */
  fingerprint(): string;
  close(): void;
}

/**
 * A real app on a real SQLite file in a temp folder, with a frozen clock and seeded randomness,
 * checking every result against the contract. Pass `dir` to reopen an existing store (kept on close).
 */
export function openTempApp(options: { dir?: string; now?: number; seed?: number } = {}): TempApp {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'clientela-test-'));
  let now = options.now ?? TEST_START;
  const app = openApp({
    dataDir: dir,
    transport: 'web',
    now: () => now,
    random: mulberry32(options.seed ?? 1),
    dispatch: { validateOutput: true, log: () => {} },
  });
  // Read on every use: a restore swaps the open database.
  const db = () => app.sql.db;
  return {
    app,
    dir,
    tick: (ms = 1000) => {
      now += ms;
    },
    setNow: (ms) => {
      now = ms;
    },
    counts: () =>
      Object.fromEntries(
        COUNTED.map((table) => [table, (db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]),
      ) as TableCounts,
    totalChanges: () => db().prepare('SELECT total_changes()').pluck().get() as number,
    fingerprint: () => {
      const hash = createHash('sha256');
      const tables = db()
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        )
        .pluck()
        .all() as string[];
      for (const table of tables) {
        hash.update(`\u0000${table}\u0000`);
        for (const row of db().prepare(`SELECT * FROM "${table}"`).raw().iterate()) hash.update(JSON.stringify(row));
      }
      return hash.digest('hex');
    },
    close: () => {
      app.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Call a channel and return its value, failing the test on an error envelope. */
export async function ok<T = unknown>(app: App, channel: string, input: unknown): Promise<T> {
  const result = await app.call(channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
