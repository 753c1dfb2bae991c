import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, openApp } from '../../main/app';
import { mulberry32 } from '../../main/demo/demo-store';

export interface TempApp {
  app: App;
  dir: string;
  /** Advance the frozen clock. */
  tick(ms?: number): void;
  counts(): Record<'customers' | 'audit_log' | 'outbox' | 'settings', number>;
  close(): void;
}

/** A real app on a real SQLite file in a temp folder, with a frozen clock and seeded randomness. */
export function openTempApp(options: { dir?: string } = {}): TempApp {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'clientela-test-'));
  let now = Date.parse('2026-11-24T15:00:00.000Z');
  const app = openApp({
    dataDir: dir,
    transport: 'web',
    now: () => now,
    random: mulberry32(1),
    dispatch: { validateOutput: true, log: () => {} },
  });
  return {
    app,
    dir,
    tick: (ms = 1000) => {
      now += ms;
    },
    counts: () => {
      const count = (table: string) => app.sql.raw<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]?.n ?? 0;
      return {
        customers: count('customers'),
        audit_log: count('audit_log'),
        outbox: count('outbox'),
        settings: count('settings'),
      };
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
