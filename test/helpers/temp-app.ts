import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthStatus, UserTile } from '../../shared/auth';
import type { Role } from '../../shared/permissions';
import { type App, LOCAL_CONNECTION, openApp } from '../../main/app';
import type { ScryptCost } from '../../main/auth/pin-hash';
import { mulberry32 } from '../../main/demo/demo-store';
import type { Encryptor } from '../../main/secrets/encryptor';

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
  'users',
  'secrets',
  'twilio_account',
] as const;
export type TableCounts = Record<(typeof COUNTED)[number], number>;

/** The admin every test store is made with, through the first-run channel. */
export const TEST_ADMIN = { name: 'Admin', pin: '2580' } as const;
/** The PIN every user made by `as()` gets. */
export const TEST_PIN = '7391';
/** Cheap hashes keep hundreds of sign-ins quick; the hash string records the cost, as in production. */
export const TEST_PIN_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

/**
 * First run or sign-in through the real channels: create the test admin on an empty store,
 * otherwise sign in as them. Nothing here is reachable from production but the channels.
 */
export async function signInAsAdmin(app: App, connection: string = LOCAL_CONNECTION): Promise<AuthStatus> {
  const must = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await app.call(channel, input, connection);
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const status = await must<AuthStatus>('auth.status', {});
  if (status.state === 'setup') return must<AuthStatus>('auth.setup', TEST_ADMIN);
  const tiles = await must<UserTile[]>('auth.users', {});
  const admin = tiles.find((u) => u.name === TEST_ADMIN.name && u.role === 'admin') ?? tiles.find((u) => u.role === 'admin');
  if (!admin) throw new Error('No admin to sign in as');
  return must<AuthStatus>('auth.signIn', { userId: admin.id, pin: TEST_ADMIN.pin });
}

/** The frozen clock's first reading. */
export const TEST_START = Date.parse('2026-11-24T15:00:00.000Z');

export interface TempApp {
  app: App;
  dir: string;
  /** Advance the frozen wall clock (dates move; the till is not left idle: see `wait`). */
  tick(ms?: number): void;
  /** Set the frozen wall clock, backwards too. */
  setNow(ms: number): void;
  /** Time passes with no one at the till: both clocks move, the monotonic one that times inactivity too. */
  wait(ms: number): void;
  counts(): TableCounts;
  /** Rows written, updated or deleted on this connection so far, including rolled-back ones. */
  totalChanges(): number;
  /** A digest of every row of every table: equal digests, equal data. */
  fingerprint(): string;
  /** Resolves once the test admin is signed in on the local connection (every `app.call` waits for it). */
  ready: Promise<void>;
  /** The test admin's user id (after `ready`). */
  adminId(): string;
  /**
   * A new connection signed in as a new user of this role (readonly: a cashier marked
   * read-only), made by the admin through users.add and auth.signIn. Pass it to `app.call`.
   */
  as(role: Role, name?: string): Promise<string>;
  /** The user signed in on a connection. */
  userOf(connection: string): string;
  close(): void;
}

/**
 * A real app on a real SQLite file in a temp folder, with a frozen clock and seeded randomness,
 * checking every result against the contract. Pass `dir` to reopen an existing store (kept on close).
 */
export function openTempApp(
  options: {
    dir?: string;
    now?: number;
    seed?: number;
    /** Instead of the seeded randomness (membership codes…). */
    random?: () => number;
    log?: (message: string) => void;
    encryptor?: Encryptor;
  } = {},
): TempApp {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'clientela-test-'));
  let now = options.now ?? TEST_START;
  let monotonic = 0;
  const real = openApp({
    dataDir: dir,
    transport: 'web',
    now: () => now,
    monotonicNow: () => monotonic,
    random: options.random ?? mulberry32(options.seed ?? 1),
    dispatch: { validateOutput: true, log: options.log ?? (() => {}) },
    encryptor: options.encryptor,
    pinCost: TEST_PIN_COST,
  });
  const ready = signInAsAdmin(real).then(() => {});
  // A test that never calls (or closes the store at once) must not leave an unhandled rejection.
  ready.catch(() => {});
  // The same app, whose calls wait for the sign-in above: tests read as if the admin were already at the till.
  const app: App = Object.create(real, {
    call: {
      value: async (name: string, input: unknown, connection?: string) => {
        await ready;
        return real.call(name, input, connection);
      },
    },
  });
  let users = 0;
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
    wait: (ms) => {
      now += ms;
      monotonic += ms;
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
    ready,
    adminId: () => {
      const session = real.auth.session(LOCAL_CONNECTION);
      if (!session) throw new Error('The test admin is not signed in yet: await t.ready');
      return session.userId;
    },
    as: async (role, name) => {
      users += 1;
      const user = await ok<{ id: string }>(app, 'users.add', {
        name: name ?? `${role} ${users}`,
        role: role === 'readonly' ? 'cashier' : role,
        readOnly: role === 'readonly',
        pin: TEST_PIN,
      });
      const connection = `test:${role}:${users}`;
      const result = await real.call('auth.signIn', { userId: user.id, pin: TEST_PIN }, connection);
      if (!result.ok) throw new Error(`auth.signIn failed: ${JSON.stringify(result.error)}`);
      return connection;
    },
    userOf: (connection) => {
      const session = real.auth.session(connection);
      if (!session) throw new Error(`No one is signed in on ${connection}`);
      return session.userId;
    },
    close: () => {
      app.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Call a channel and return its value, failing the test on an error envelope. */
export async function ok<T = unknown>(app: App, channel: string, input: unknown, connection?: string): Promise<T> {
  const result = await app.call(channel, input, connection);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
