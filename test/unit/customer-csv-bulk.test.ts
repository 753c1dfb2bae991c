import { statSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import Papa from 'papaparse';
import { type ImportTarget, rowToInput } from '../../shared/customers/csv-import';
import type { CustomerGroup } from '../../shared/customers/groups';
import { batchLookupSql, csvRecords, PROBE_KEYS } from '../../main/customers/csv-import';
import { mulberry32 } from '../../main/demo/demo-store';
import { WriteWorker } from '../../main/customers/write-worker';
import { WalCheckpointer } from '../../main/wal-checkpointer';
import { type OnDuplicate, runCsvImport } from '../helpers/csv-import';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

// The bulk write path of the CSV import (ADR 0009, "Speed") against one write per row.

const opened: TempApp[] = [];
const open = (seed = 1) => {
  const t = openTempApp({ seed });
  opened.push(t);
  return t;
};
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});

async function importCsv(t: TempApp, content: string, duplicates: OnDuplicate = 'skip') {
  const { job, preview } = await runCsvImport(t, content, { duplicates, chunk: 512 * 1024 });
  return { job, mapping: preview.mapping };
}

/**
 * Everything a write leaves, with what differs between two stores by chance (ids, the device)
 * replaced by the customer's place in the table: equal snapshots, equal writes.
 */
function snapshot(t: TempApp) {
  const db = t.app.sql.db;
  const customers = db.prepare('SELECT * FROM customers ORDER BY rowid').all() as Record<string, unknown>[];
  const place = new Map(customers.map((c, i) => [c.id as string, `#${i}`]));
  const device = t.app.deviceId;
  // Each store made its own signed-in admin.
  const admin = t.adminId();
  const clean = (text: unknown) =>
    typeof text === 'string'
      ? [...place]
          .reduce((s, [id, p]) => s.split(id).join(p), text)
          .split(device)
          .join('DEVICE')
          .split(admin)
          .join('ADMIN')
      : text;
  const tidy = (row: Record<string, unknown>, drop: string[]) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([k]) => !drop.includes(k))
        .map(([k, v]) => [k, clean(v)]),
    );
  const outbox = db.prepare('SELECT * FROM outbox ORDER BY rowid').all() as Record<string, unknown>[];
  return {
    customers: customers.map((c) => tidy(c, [])),
    audit: (db.prepare('SELECT * FROM audit_log ORDER BY rowid').all() as Record<string, unknown>[]).map((a) => tidy(a, ['id'])),
    outbox: outbox.map((o) => tidy(o, ['op_id', 'hlc'])),
    // Each operation is a tick of the clock, in the order they were written.
    hlcInOrder: outbox.every((o, i) => i === 0 || (o.hlc as string) > (outbox[i - 1]?.hlc as string)),
    search: (query: string) =>
      t.app.customers
        .search({ query, offset: 0, limit: 50, includeInactive: true, filters: {} })
        .items.map((c) => place.get(c.id)),
  };
}

const HEADER = 'Nombre,Apellido,Teléfono,Correo,Cédula,Fecha de nacimiento,Etiquetas,Grupo,Tipo,Empresa,RUC,Notas';
function sampleRows(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const business = i % 7 === 3;
    return [
      business ? '' : (['José', 'María', 'Ana', 'Luis'][i % 4] as string),
      business ? '' : (['Núñez', 'Pérez', 'O"Brien', 'Ríos'][i % 4] as string),
      i % 5 === 0 ? '' : `6${String(100 + i).padStart(3, '0')}-${String(1000 + i)}`,
      i % 3 === 0 ? `Cliente.${i}@Example.com` : '',
      i % 4 === 0 ? `8-${100 + i}-${i}` : '',
      i % 6 === 0 ? `${1 + (i % 28)}/${1 + (i % 12)}/19${50 + (i % 40)}` : '',
      i % 2 === 0 ? 'vip; delivery' : '',
      i % 9 === 0 ? 'Mayoristas' : '',
      business ? 'empresa' : '',
      business ? `Ferretería ${i}, S.A.` : '',
      business ? `155-${i}-2024` : '',
      i % 8 === 0 ? `"Línea 1\nlínea ""2"""` : '',
    ]
      .map((cell) => (cell.includes(',') && !cell.startsWith('"') ? `"${cell}"` : cell))
      .join(',');
  });
}

describe('the bulk import writes what one create per row writes', () => {
  it('same customers, audit rows, operations in the same order, and search finds them', async () => {
    const rows = sampleRows(240);
    const bulk = open();
    const single = open();
    for (const t of [bulk, single]) {
      await ok<CustomerGroup>(t.app, 'groups.save', {
        name: 'Mayoristas',
        description: null,
        requiresApproval: true,
        discountPercent: null,
      });
    }
    const { job, mapping } = await importCsv(bulk, [HEADER, ...rows].join('\r\n'), 'create');
    expect(job.summary).toMatchObject({ created: 240, invalid: 0 });

    // The same rows, read the same way, saved one by one through the form's channel.
    const groupId = single.app.customers.groups()[0]?.id;
    const cells = Papa.parse<string[]>(rows.join('\r\n')).data;
    for (const row of cells) {
      const { groupName, ...input } = rowToInput(row, mapping as (ImportTarget | null)[], true);
      await ok(single.app, 'customers.create', { ...input, ...(groupName ? { groupId } : {}), allowDuplicate: true });
    }

    // The group's own audit row and operations name its id: the same in both stores once tidied.
    const a = snapshot(bulk);
    const b = snapshot(single);
    const groupIds = [bulk, single].map((t) => t.app.customers.groups()[0]?.id as string);
    const sameGroup = (s: unknown) =>
      JSON.parse(
        JSON.stringify(s)
          .split(groupIds[1] as string)
          .join(groupIds[0] as string),
      );
    expect(a.customers).toEqual(sameGroup(b.customers));
    expect(a.audit).toEqual(sameGroup(b.audit));
    expect(a.outbox).toEqual(sameGroup(b.outbox));
    expect(a.hlcInOrder).toBe(true);
    // A group that requires approval holds the imported customers too.
    expect(a.customers.filter((c) => c.status === 'pending_approval')).toHaveLength(
      rows.filter((r) => r.includes('Mayoristas')).length,
    );
    for (const query of ['nunez', 'jose', '1004', 'cliente.12', 'ferreteria', '8-104']) {
      expect(a.search(query)).toEqual(b.search(query));
    }
    expect(a.search('nunez').length).toBeGreaterThan(0);
  });
});

describe('duplicates across the rows of one batch and between batches', () => {
  // Enough rows for several transactions, with the second half repeating the first's keys.
  const n = 1500;
  const first = Array.from({ length: n }, (_, i) => `Primero ${i},6${String(2000000 + i)},p${i}@example.com`);
  const again = Array.from({ length: n }, (_, i) =>
    i % 3 === 0
      ? `Otra vez ${i},6${String(2000000 + i)},` // same phone
      : i % 3 === 1
        ? `Otra vez ${i},,P${i}@EXAMPLE.com` // same email, other case
        : `Nueva ${i},6${String(3000000 + i)},n${i}@example.com`,
  );
  // Half the repeats follow their first row (same transaction), half come at the end (a later one).
  const file = [
    'Nombre,Teléfono,Email',
    ...first.flatMap((line, i) => (i % 2 === 0 ? [line, again[i] as string] : [line])),
    ...again.filter((_, i) => i % 2 === 1),
  ].join('\n');

  it('skip: the second row of each person is skipped, wherever the batches were cut', async () => {
    const t = open();
    const { job } = await importCsv(t, file, 'skip');
    const created = n + again.filter((r) => r.startsWith('Nueva')).length;
    expect(job.summary).toMatchObject({ created, skipped: n - n / 3, invalid: 0 });
    expect(t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM customers')[0]?.n).toBe(created);
    expect(t.app.sql.raw<{ n: number }>("SELECT count(*) AS n FROM customers WHERE first_name LIKE 'Otra vez%'")[0]?.n).toBe(0);
  });

  it('update: the later row edits the customer the earlier row created', async () => {
    const t = open();
    const { job } = await importCsv(t, file, 'update');
    expect(job.summary).toMatchObject({ created: n + n / 3, updated: n - n / 3, skipped: 0 });
    const [row] = t.app.sql.raw<{ first_name: string }>('SELECT first_name FROM customers WHERE email = ?', 'p1@example.com');
    expect(row?.first_name).toBe('Otra vez 1');
  });

  it('a row that matches two customers created by earlier rows is reported, not guessed at', async () => {
    const t = open();
    const { job } = await importCsv(
      t,
      'Nombre,Teléfono,Email\nAna,6123-4567,\nBea,,bea@example.com\nAmbas,6123-4567,bea@example.com\n',
      'update',
    );
    expect(job.summary).toMatchObject({ created: 2, skipped: 1, issues: [{ row: 4, field: '_', reason: 'several_matches' }] });
  });
});

describe('the writer thread', () => {
  const rows = (n: number) => ['Nombre,Teléfono', ...Array.from({ length: n }, (_, i) => `C ${i},6${1000000 + i}`)].join('\n');
  /** Rows this connection (main's) has written since it opened. */
  const mainWrites = (t: TempApp) => t.app.sql.db.prepare('SELECT total_changes() AS n').pluck().get() as number;

  it('writes the rows when skipping or creating duplicates, main only checks them; updating is written by main', async () => {
    for (const [duplicates, onMain] of [
      ['skip', false],
      ['create', false],
      ['update', true],
    ] as const) {
      const t = open();
      await ok(t.app, 'customers.quickAdd', { firstName: 'Antes', phone: '6999-0000' });
      const before = mainWrites(t);
      const { job } = await importCsv(t, rows(300), duplicates);
      expect(job.summary, duplicates).toMatchObject({ created: 300, invalid: 0 });
      // Each new customer is a customer row, an audit row and an operation (and its search entry).
      if (onMain) expect(mainWrites(t) - before, duplicates).toBeGreaterThanOrEqual(900);
      else expect(mainWrites(t) - before, duplicates).toBeLessThan(10);
      expect(await ok<{ pending: number }>(t.app, 'sync.status', {})).toMatchObject({
        pending: t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM outbox')[0]?.n,
      });
    }
  });

  it('never gives a membership code twice, even to a row whose transaction is still committing', async () => {
    // A randomness that draws every code twice in a row (a code takes 10 draws): each new code is
    // first the one just given, to a row of the same transaction or of the one still committing.
    const base = mulberry32(5);
    let block: number[] = [];
    let at = 0;
    const twice = () => {
      if (at % 20 === 0) block = Array.from({ length: 10 }, base);
      return block[at++ % 10] as number;
    };
    const t = openTempApp({ random: twice });
    opened.push(t);
    const { job } = await importCsv(t, rows(30), 'create');
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    const codes = t.app.sql.raw<{ code: string }>('SELECT membership_code AS code FROM customers').map((r) => r.code);
    expect(codes).toHaveLength(30);
    expect(new Set(codes).size).toBe(30);
  });

  it('a transaction SQLite refuses on the thread fails the import: what committed before stays whole, none of it is written', async () => {
    const t = open();
    // Refused wherever it is written; only the writer thread writes an import's new rows.
    t.app.sql.db.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON customers WHEN new.first_name = 'C 250'
      BEGIN SELECT RAISE(ABORT, 'disk refused the row'); END`);
    const { job } = await importCsv(t, rows(300), 'create');
    expect(job.state).toBe('failed');
    // SQLite's words stay in main's log; the screen says what happened to the rows (ImportDialog).
    expect(job.error?.code).toBe('INTERNAL');
    const names = t.app.sql.raw<{ name: string }>('SELECT first_name AS name FROM customers ORDER BY rowid').map((r) => r.name);
    // Whole transactions only: the rows before the refused one's transaction, in file order, and nothing after.
    expect(names.length).toBeLessThan(250);
    expect(names).toEqual(Array.from({ length: names.length }, (_, i) => `C ${i}`));
    expect(job.summary?.created).toBe(names.length);
    // Every customer there has its audit row and its one operation, and nothing else was left behind.
    const count = (sql: string) => t.app.sql.raw<{ n: number }>(sql)[0]?.n;
    expect(count("SELECT count(*) AS n FROM audit_log WHERE entity = 'customers'")).toBe(names.length);
    expect(count("SELECT count(*) AS n FROM outbox WHERE table_name = 'customers'")).toBe(names.length);
    expect(count('SELECT count(*) AS n FROM customers_fts')).toBe(names.length);
    expect(await ok<{ pending: number }>(t.app, 'sync.status', {})).toMatchObject({
      pending: count('SELECT count(*) AS n FROM outbox'),
    });
  });

  it("gives back SQLite's code with a refused transaction: a full disk is said as such", async () => {
    const t = open();
    const worker = new WriteWorker(t.app.sql.db.name, { checkpoints: true });
    const pages = t.app.sql.db.pragma('page_count', { simple: true }) as number;
    try {
      // The thread's connection may not grow the store: SQLite answers as on a full disk.
      await expect(
        worker.commit([
          { sql: `PRAGMA max_page_count = ${pages}`, params: [] },
          { sql: 'INSERT INTO settings (key, value) VALUES (?, ?)', params: ['filler', 'x'.repeat(200_000)] },
        ]),
      ).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    } finally {
      await worker.close();
    }
    expect(t.app.sql.raw("SELECT key FROM settings WHERE key = 'filler'")).toEqual([]);
  });

  it('an import the disk has no room for stops saying so, with the rows before it kept', async () => {
    const t = open();
    const pages = t.app.sql.db.pragma('page_count', { simple: true }) as number;
    // Main's connection may not grow the store; "update" writes on main.
    t.app.sql.db.pragma(`max_page_count = ${pages + 20}`);
    const { job } = await importCsv(t, rows(3000), 'update');
    t.app.sql.db.pragma('max_page_count = 1073741823');
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('DISK_FULL');
    const stored = t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM customers')[0]?.n;
    expect(job.summary?.created).toBe(stored);
    expect(stored).toBeLessThan(3000);
  });
});

it("a batch's duplicate lookups use each key's index, whatever the size of the store", () => {
  const t = open();
  const indexes = {
    phone: 'customers_phone',
    email: 'customers_email',
    idDocNumber: 'customers_id_doc',
    taxId: 'customers_tax_id',
  };
  for (const key of PROBE_KEYS) {
    const plan = t.app.sql.db
      .prepare(`EXPLAIN QUERY PLAN ${batchLookupSql(key)}`)
      .all('[]')
      .map((r) => (r as { detail: string }).detail);
    expect(plan).toContainEqual(expect.stringMatching(new RegExp(`^SEARCH c USING INDEX ${indexes[key]} `)));
  }
});

describe('every row on its own gives what the whole file gives (property)', () => {
  const names = ['Ana', 'Bea', 'Ciro', ''];
  const phones = ['6123-4567', '6765-4321', '+1 415 555 2671', '12', ''];
  const emails = ['a@example.com', 'A@Example.com', 'b@example.com', 'no-es-email', ''];
  const row = fc.tuple(fc.constantFrom(...names), fc.constantFrom(...phones), fc.constantFrom(...emails));

  it('counts, issues and customers match importing the rows one file at a time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('skip', 'update', 'create'),
        async (rows, mode) => {
          const lines = rows.map((r) => r.join(','));
          const whole = open();
          const oneByOne = open();
          try {
            const all = await importCsv(whole, ['Nombre,Teléfono,Email', ...lines].join('\n'), mode as 'skip');
            const counts = { created: 0, updated: 0, skipped: 0, invalid: 0 };
            const reasons: string[] = [];
            for (const line of lines) {
              const { job } = await importCsv(oneByOne, `Nombre,Teléfono,Email\n${line}\n`, mode as 'skip');
              for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += job.summary?.[key] ?? 0;
              reasons.push(...(job.summary?.issues ?? []).map((i) => `${i.field}:${i.reason}`));
            }
            expect(all.job.summary).toMatchObject(counts);
            expect((all.job.summary?.issues ?? []).map((i) => `${i.field}:${i.reason}`)).toEqual(reasons);
            const people = (t: TempApp) => t.app.sql.raw('SELECT first_name, phone, email FROM customers ORDER BY rowid');
            expect(people(whole)).toEqual(people(oneByOne));
          } finally {
            for (const t of opened.splice(0)) t.close();
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe('the sync status after an import', () => {
  it('counts the operations waiting, without counting the outbox on every commit', async () => {
    const t = open();
    await importCsv(t, ['Nombre,Teléfono', ...Array.from({ length: 400 }, (_, i) => `C ${i},6${1000000 + i}`)].join('\n'));
    const counted = () => t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM outbox')[0]?.n;
    expect(await ok<{ pending: number }>(t.app, 'sync.status', {})).toMatchObject({ pending: counted() });
    const [someone] = t.app.sql.raw<{ id: string }>('SELECT id FROM customers LIMIT 1');
    await ok(t.app, 'customers.anonymise', { id: someone?.id });
    expect(await ok<{ pending: number }>(t.app, 'sync.status', {})).toMatchObject({ pending: counted() });
  });
});

describe('reading the file a piece at a time', () => {
  const cell = fc.oneof(
    fc.constantFrom('', 'José', 'a,b', 'di "hola"', 'línea\r\nnueva', 'x\ny', ' ', '5" tv', '€'),
    fc.string({ maxLength: 6 }),
  );
  it('gives the records papaparse reads from the whole text, however the bytes are cut (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('\r\n' as const, '\n' as const),
        async (records, cut, newline) => {
          const text = Papa.unparse(records, { newline });
          const bytes = Buffer.from(text);
          const pieces = Array.from({ length: Math.ceil(bytes.length / cut) }, (_, i) => bytes.subarray(i * cut, (i + 1) * cut));
          const read: string[][] = [];
          for await (const batch of csvRecords(Readable.from(pieces), ',', newline)) read.push(...batch);
          expect(read).toEqual(Papa.parse<string[]>(text, { delimiter: ',', newline, skipEmptyLines: 'greedy' }).data);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('an import commits its batches without a flush each, and checkpoints in a worker', () => {
  it('a bulk write leaves the connection as durable as before, even when it fails', () => {
    const t = open();
    const db = t.app.sql.db;
    const actor = { userId: 'owner', deviceId: t.app.deviceId };
    t.app.writes.writeBulk(actor, () => undefined, { checkpoints: false });
    expect(() =>
      t.app.writes.writeBulk(
        actor,
        () => {
          throw new Error('boom');
        },
        { checkpoints: false },
      ),
    ).toThrow('boom');
    // FULL (2): a sale after an import still waits for the disk; main checkpoints again.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('the worker copies the WAL back while main writes, and the WAL then starts over', async () => {
    const t = open();
    // The admin's sign-in writes too: done before, or its few pages land in the WAL after it started over.
    await t.ready;
    const checkpointer = new WalCheckpointer(t.app.sql.db.name);
    try {
      const actor = { userId: 'owner', deviceId: t.app.deviceId };
      const context = t.app.customers.importContext();
      for (let batch = 0; batch < 20; batch++) {
        t.app.writes.writeBulk(
          actor,
          (tx) =>
            t.app.customers.insertManyInTx(
              tx,
              actor,
              Array.from({ length: 50 }, (_, i) => t.app.customers.checkNew({ firstName: `C ${batch}-${i}` }, context)),
            ),
          { checkpoints: false },
        );
      }
      const wal = () => statSync(`${t.app.sql.db.name}-wal`).size;
      expect(wal()).toBeGreaterThan(1_000_000);
      // Each wait gives up after 500 ms (a job carries on meanwhile); on a loaded machine it may take a few.
      let restarted = false;
      for (let attempt = 0; attempt < 40 && !restarted; attempt++) restarted = await checkpointer.restartWal();
      expect(restarted).toBe(true);
      expect(checkpointer.running).toBe(true);
      // Everything was copied back into the database file and the WAL starts over, empty.
      expect(wal()).toBe(0);
      const [state] = t.app.sql.db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
      expect(state?.log).toBe(0);
    } finally {
      await checkpointer.stop();
    }
    expect(checkpointer.running).toBe(false);
    expect(t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM customers')[0]?.n).toBe(1000);
  });
});
