// CSV import and export through the real handlers on a fresh store. Part of `npm run bench` (1M rows only with
// BENCH_CSV_1M=1); run alone with `npx tsx bench/csv.ts 100000` (or `100000,1000000`) to refresh only these
// entries in bench/results.json. The file is generated in memory; nothing is written but the store.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CsvJob } from '../shared/customers/csv';
import { type ImportPreview, UPLOAD_CHUNK_BYTES } from '../shared/customers/csv-import';
import { ENGLISH_FIRST, ENGLISH_LAST, SPANISH_FIRST, SPANISH_LAST } from '../main/demo/demo-names';
import { mulberry32 } from '../main/demo/demo-store';
import { foldText } from '../shared/text';
import { DATABASE_FILE, openApp } from '../main/app';
import { signInAsAdmin } from '../test/helpers/temp-app';

export interface CsvBenchEntry {
  name: string;
  n: number;
  p50_ms: number;
  p99_ms: number;
  /** The longest the main thread was held while the job ran (a 1 ms timer's lateness). */
  max_ms?: number;
  value?: number;
  baseline?: string;
  ratio?: number;
  note?: string;
}

/** A CSV as a shop would bring it from another POS: Spanish headings, local phones, some emails and documents. */
export function generateCsv(n: number, seed = 11): Buffer {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const lines = ['Nombre,Apellido,Teléfono,Correo,Cédula,Fecha de nacimiento,Etiquetas,Notas'];
  for (let i = 0; i < n; i++) {
    const spanish = random() < 0.75;
    const first = pick(spanish ? SPANISH_FIRST : ENGLISH_FIRST);
    const last = pick(spanish ? SPANISH_LAST : ENGLISH_LAST);
    // Unique 8-digit Panamanian mobiles (6xxx-xxxx), as typed at a counter.
    const digits = String(i).padStart(7, '0');
    const phone = `6${digits.slice(0, 3)}-${digits.slice(3)}`;
    const email = random() < 0.6 ? `${foldText(first)}.${foldText(last)}.${i}@example.com`.replace(/\s+/g, '') : '';
    const doc = random() < 0.4 ? `8-${100 + (i % 900)}-${i}` : '';
    const birth = random() < 0.5 ? `${1 + (i % 28)}/${1 + (i % 12)}/${1950 + (i % 55)}` : '';
    const tags = random() < 0.3 ? 'vip; delivery' : '';
    lines.push(`${first},${last},${phone},${email},${doc},${birth},${tags},`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** The longest stretches the event loop was held while `work` ran (a 1 ms timer's lateness). */
async function withLoopGaps<T>(work: () => Promise<T>): Promise<{ value: T; gaps: number[] }> {
  const gaps: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 1);
  try {
    return { value: await work(), gaps };
  } finally {
    clearInterval(timer);
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function benchCsv(n: number): Promise<CsvBenchEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), `clientela-bench-csv-${n}-`));
  const app = openApp({ dataDir: dir, transport: 'web', dispatch: { log: () => {} } });
  await signInAsAdmin(app);
  // No till left alone: main's inactivity lock (ADR 0012) would end the admin's session while rows are generated.
  await app.call('settings.update', { lockAfterMinutes: 0 });
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const result = await app.call(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  try {
    const file = generateCsv(n);
    let uploadId: string | undefined;
    for (let offset = 0; offset < file.length; offset += UPLOAD_CHUNK_BYTES) {
      const data = file.subarray(offset, offset + UPLOAD_CHUNK_BYTES).toString('base64');
      uploadId = (await call<{ uploadId: string }>('customers.importUpload', { uploadId, offset, data })).uploadId;
    }
    const preview = await call<ImportPreview>('customers.importPreview', { uploadId });
    const started = performance.now();
    const imported = await withLoopGaps(async () => {
      const job = await call<CsvJob>('customers.importCsv', { uploadId, mapping: preview.mapping, duplicates: 'skip' });
      return app.csvJobs.settled(job.id);
    });
    const importSeconds = (performance.now() - started) / 1000;
    const job = imported.value;
    if (job.state !== 'done' || job.summary?.created !== n) throw new Error(`import: ${JSON.stringify(job).slice(0, 400)}`);
    const importGaps = imported.gaps.sort((a, b) => a - b);
    // The checkpoints kept up: the WAL did not grow with the file.
    const walMb = (statSync(join(dir, `${DATABASE_FILE}-wal`), { throwIfNoEntry: false })?.size ?? 0) / 1e6;

    const exportStarted = performance.now();
    const exported = await withLoopGaps(async () => {
      const job = await call<CsvJob>('customers.exportCsv', { filters: { hasPhone: true } });
      return app.csvJobs.settled(job.id);
    });
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    const floor = sqliteFloor(app.sql.db);
    if (exported.value.processed !== n) throw new Error(`export: ${JSON.stringify(exported.value)}`);
    // Erasing a customer while the import's operations all wait to be sent (a store that never syncs).
    const waiting = app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM outbox')[0]?.n ?? 0;
    const erased = app.sql
      .raw<{ id: string }>('SELECT id FROM customers ORDER BY rowid LIMIT 50 OFFSET ?', Math.floor(n / 2))
      .map((r) => r.id);
    const erasures: number[] = [];
    for (const id of erased) {
      const t = performance.now();
      await call('customers.anonymise', { id });
      erasures.push(performance.now() - t);
    }
    erasures.sort((a, b) => a - b);
    const exportGaps = exported.gaps.sort((a, b) => a - b);
    return [
      {
        name: 'csv-import-rows-per-second',
        n,
        p50_ms: round(percentile(importGaps, 50)),
        p99_ms: round(percentile(importGaps, 99)),
        max_ms: round(importGaps.at(-1) ?? 0),
        value: Math.round(n / importSeconds),
        baseline: 'SQLite alone: the same rows inserted raw (csv-import-sqlite-floor)',
        ratio: round(n / importSeconds / floor),
        note: `value: rows/s through customers.importCsv (duplicates: skip) from start to done, incl. validation, phone parsing, batched duplicate lookups, audit, outbox and FTS (target >= 20000); p50/p99/max_ms: the event loop's holds while it ran (target: max < 50); WAL after it: ${walMb.toFixed(1)} MB`,
      },
      {
        name: 'csv-import-sqlite-floor',
        n,
        p50_ms: 0,
        p99_ms: 0,
        value: Math.round(floor),
        note: 'value: rows/s of raw better-sqlite3 inserting the rows the import wrote (customers, audit rows, operations) into a fresh store with the same schema, indexes, FTS and triggers, 1,000 customers per transaction, no validation: what this machine allows before any of our code',
      },
      {
        name: 'anonymise-with-unsent-operations',
        n,
        p50_ms: round(percentile(erasures, 50)),
        p99_ms: round(percentile(erasures, 99)),
        note: `customers.anonymise of ${erased.length} imported customers while the import's ${waiting} operations wait to be sent: their unsent operations are dropped or rewritten (outbox_row index)`,
      },
      {
        name: 'csv-export-rows-per-second',
        n,
        p50_ms: round(percentile(exportGaps, 50)),
        p99_ms: round(percentile(exportGaps, 99)),
        max_ms: round(exportGaps.at(-1) ?? 0),
        value: Math.round(n / exportSeconds),
        note: `value: rows/s through customers.exportCsv (filter: has phone); p50/p99/max_ms: the event loop's holds while it ran`,
      },
    ];
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Rows per second SQLite itself takes for what the import wrote: every customer, audit row and
 * operation of `source` inserted raw into a fresh store (same schema, indexes, FTS, triggers),
 * in transactions of 1,000 customers with their rows, synchronous=NORMAL as the import commits.
 */
function sqliteFloor(source: BetterSqlite3.Database): number {
  const dir = mkdtempSync(join(tmpdir(), 'clientela-bench-floor-'));
  try {
    openApp({ dataDir: dir, transport: 'web', dispatch: { log: () => {} } }).close();
    const db = new Database(join(dir, DATABASE_FILE));
    db.pragma('synchronous = NORMAL');
    // Read a page of customers at a time, with their audit rows and operations (found by their
    // indexes by row), so a million never sit in memory at once.
    const customersAfter = source.prepare(
      'SELECT rowid AS bench_rowid, * FROM customers WHERE rowid > ? ORDER BY rowid LIMIT 1000',
    );
    const ofCustomers = (table: string, where: string) =>
      source.prepare(`SELECT * FROM ${table} WHERE ${where} IN (SELECT value FROM json_each(?)) ORDER BY rowid`);
    const auditOf = ofCustomers('audit_log', "entity = 'customers' AND entity_id");
    const opsOf = ofCustomers('outbox', "table_name = 'customers' AND row_id");
    const statements = new Map<string, BetterSqlite3.Statement>();
    const insert = (table: string, row: Record<string, unknown>) => {
      const columns = Object.keys(row).filter((c) => c !== 'bench_rowid');
      const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      let statement = statements.get(text);
      if (!statement) {
        statement = db.prepare(text);
        statements.set(text, statement);
      }
      statement.run(columns.map((c) => row[c]));
    };
    const write = db.transaction(
      (page: {
        customers: Record<string, unknown>[];
        audit: Map<unknown, Record<string, unknown>[]>;
        ops: Map<unknown, Record<string, unknown>[]>;
      }) => {
        for (const row of page.customers) {
          insert('customers', row);
          for (const a of page.audit.get(row.id) ?? []) insert('audit_log', a);
          for (const o of page.ops.get(row.id) ?? []) insert('outbox', o);
        }
      },
    );
    const byCustomer = (rows: Record<string, unknown>[], key: string) => {
      const map = new Map<unknown, Record<string, unknown>[]>();
      for (const row of rows) map.set(row[key], [...(map.get(row[key]) ?? []), row]);
      return map;
    };
    let written = 0;
    let seconds = 0;
    for (let after = 0; ; ) {
      const customers = customersAfter.all(after) as Record<string, unknown>[];
      if (customers.length === 0) break;
      after = customers.at(-1)?.bench_rowid as number;
      const ids = JSON.stringify(customers.map((c) => c.id));
      const page = {
        customers,
        audit: byCustomer(auditOf.all(ids) as Record<string, unknown>[], 'entity_id'),
        ops: byCustomer(opsOf.all(ids) as Record<string, unknown>[], 'row_id'),
      };
      // Only the inserts are timed.
      const started = performance.now();
      write(page);
      seconds += (performance.now() - started) / 1000;
      written += customers.length;
    }
    db.close();
    return seconds > 0 ? written / seconds : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Alone: refresh these entries in bench/results.json.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = (process.argv[2] ?? '100000').split(',').map(Number);
  const path = new URL('./results.json', import.meta.url);
  const stored = JSON.parse(readFileSync(path, 'utf8')) as { results: (CsvBenchEntry & { at?: string })[] };
  for (const n of sizes) {
    const at = new Date().toISOString();
    const entries = (await benchCsv(n)).map((e) => ({ ...e, at }));
    console.table(entries);
    stored.results = stored.results.filter((r) => !entries.some((e) => e.name === r.name && e.n === r.n)).concat(entries);
  }
  writeFileSync(path, `${JSON.stringify(stored, null, 2)}\n`);
  console.log('Updated bench/results.json');
}
