// Encryption at rest, measured (issue 5): one store generated twice through the same driver,
// better-sqlite3-multiple-ciphers, once keyed as SQLCipher v4 (AES-256-CBC pages with an HMAC-SHA512
// each) and once not, then the search and checkout hot paths through the real handlers on both.
// Same driver on both sides, so the ratio is the cipher's cost alone. The driver is a devDependency
// compiled on first use (a few minutes), as scripts/setup.mjs does for better-sqlite3.
// The decision it informs: docs/adr/0013-encryption-at-rest.md.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from '../db/connection';
import { DATABASE_FILE, openApp } from '../main/app';
import { nativeModuleLoads, rebuildNativeModule } from '../scripts/native-module.mjs';
import { signInAsAdmin } from '../test/helpers/temp-app';
import { benchCheckout } from './checkout';
import { generateCustomers, typicalQueries } from './generate';

type Measure = (inputs: string[], run: (input: string) => unknown, rounds?: number) => Promise<{ p50: number; p99: number }>;
type CipherDatabase = new (file: string) => Connection;

const DRIVER = 'better-sqlite3-multiple-ciphers';
const root = fileURLToPath(new URL('..', import.meta.url));

/** The cipher driver, compiled against this Node's headers the first time; null if that fails. */
function loadDriver(): CipherDatabase | null {
  if (!nativeModuleLoads(DRIVER, root)) {
    console.log(`Compiling ${DRIVER} for the encryption bench (a few minutes, once)...`);
    if (!rebuildNativeModule(DRIVER, root)) {
      console.warn(`${DRIVER} could not be built: the encryption bench is skipped.`);
      return null;
    }
  }
  return createRequire(`${root}package.json`)(DRIVER) as CipherDatabase;
}

interface Variant {
  search: { p50: number; p99: number };
  exact: { p50: number; p99: number };
  checkout: { name: string; p50_ms: number; p99_ms: number }[];
  openMs: number;
  fileMb: number;
}

async function runVariant(Database: CipherDatabase, n: number, hexKey: string | null, measure: Measure): Promise<Variant> {
  const dir = mkdtempSync(join(tmpdir(), `clientela-bench-${hexKey ? 'encrypted' : 'plain'}-${n}-`));
  const open = (file: string) => {
    const db = new Database(file);
    if (hexKey) {
      // The key must be set before anything reads the file: SQLCipher v4 defaults, a raw 256-bit key.
      db.pragma(`cipher='sqlcipher'`);
      db.pragma('legacy=4');
      db.pragma(`hexkey='${hexKey}'`);
    }
    return db;
  };
  try {
    let app = openApp({ dataDir: dir, transport: 'web', dispatch: { log: () => {} }, openDatabase: open });
    const sample = generateCustomers(app.sql, n);
    await signInAsAdmin(app);
    app.close();
    // Opening the store: with a key, SQLCipher derives the page key (PBKDF2) before the first read
    // (app.info reads the settings and needs no session, so the PIN check stays out of the timing).
    const opened = performance.now();
    app = openApp({ dataDir: dir, transport: 'web', dispatch: { log: () => {} }, openDatabase: open });
    await app.call('app.info', {});
    const openMs = performance.now() - opened;
    await signInAsAdmin(app);
    try {
      const search = await measure(typicalQueries(sample), (query) => app.call('customers.search', { query, limit: 50 }));
      const exact = await measure(
        sample.map((c) => c.membershipCode),
        (query) => app.call('customers.search', { query, limit: 10 }),
        3,
      );
      const checkout = await benchCheckout(app, sample, n, measure);
      const fileMb = statSync(join(dir, DATABASE_FILE)).size / 1e6;
      return { search, exact, checkout, openMs, fileMb };
    } finally {
      app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchEncryption(n: number, measure: Measure) {
  const Database = loadDriver();
  if (!Database) return [];
  console.log(`n=${n}: encryption at rest, unencrypted then encrypted...`);
  const plain = await runVariant(Database, n, null, measure);
  const encrypted = await runVariant(Database, n, randomBytes(32).toString('hex'), measure);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const baseline = `${DRIVER}, same store unencrypted`;
  const pair = (name: string, enc: { p50: number; p99: number }, base: { p50: number; p99: number }, note?: string) => ({
    name: `encrypted-${name}`,
    n,
    p50_ms: enc.p50,
    p99_ms: enc.p99,
    baseline,
    baseline_p50_ms: base.p50,
    baseline_p99_ms: base.p99,
    ratio: round(enc.p50 / base.p50),
    ...(note ? { note } : {}),
  });
  const entries = [
    pair(
      'search-as-you-type',
      encrypted.search,
      plain.search,
      'SQLCipher v4 (AES-256-CBC + HMAC-SHA512 per page); ratio = encrypted / unencrypted at p50',
    ),
    pair('exact-lookup-membership-code', encrypted.exact, plain.exact),
  ];
  for (const entry of encrypted.checkout) {
    const base = plain.checkout.find((e) => e.name === entry.name);
    if (base) entries.push(pair(entry.name, { p50: entry.p50_ms, p99: entry.p99_ms }, { p50: base.p50_ms, p99: base.p99_ms }));
  }
  entries.push({
    name: 'encrypted-open-store',
    n,
    p50_ms: round(encrypted.openMs),
    p99_ms: round(encrypted.openMs),
    baseline,
    baseline_p50_ms: round(plain.openMs),
    baseline_p99_ms: round(plain.openMs),
    ratio: round(encrypted.openMs / plain.openMs),
    note: `one open + first read, app.info (key derivation included); file ${Math.round(encrypted.fileMb)} MB encrypted vs ${Math.round(plain.fileMb)} MB`,
  });
  return entries;
}
