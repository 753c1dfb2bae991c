import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE, startApp } from '../../main/app';
import { BACKUPS_FOLDER } from '../../main/backups/backup-service';
import { type BackupInfo, type BackupList, BACKUP_CHUNK_BYTES } from '../../shared/backups';
import type { CsvJob } from '../../shared/customers/csv';
import type { Customer } from '../../shared/customers/customer';
import type { ErrorData } from '../../shared/errors';
import { openConnection } from '../../db/connection';
import { migrate } from '../../db/migrate';
import { MIGRATIONS } from '../../db/migrations';
import { startCsvImport } from '../helpers/csv-import';
import { ok, openTempApp, type TempApp, TEST_START } from '../helpers/temp-app';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

const HOUR = 60 * 60 * 1000;
const customerNames = (app: TempApp['app']) =>
  app.sql.raw<{ first_name: string }>('SELECT first_name FROM customers ORDER BY first_name').map((r) => r.first_name);
let emails = 0;
const addCustomer = (firstName: string, app = t.app) =>
  ok<Customer>(app, 'customers.quickAdd', { firstName, email: `cliente${++emails}@example.com` });
const list = () => ok<BackupList>(t.app, 'backups.list', {});
const backup = () => ok<BackupInfo>(t.app, 'backups.create', {});

const backupFiles = () => {
  const dir = join(t.dir, BACKUPS_FOLDER);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.db'))
        .sort()
    : [];
};

/** A refused call: a typed error, and neither the data nor the kept backups changed. */
async function refused(channel: string, input: unknown): Promise<ErrorData> {
  const before = t.fingerprint();
  const files = backupFiles();
  const result = await t.app.call(channel, input);
  if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  expect(t.fingerprint()).toBe(before);
  expect(backupFiles()).toEqual(files);
  return result.error;
}

/** Send a file through backups.importChunk in pieces, as the renderer does. */
async function upload(bytes: Buffer, piece = BACKUP_CHUNK_BYTES): Promise<string> {
  let uploadId: string | undefined;
  let offset = 0;
  do {
    const data = bytes.subarray(offset, offset + piece).toString('base64');
    const answer = await ok<{ uploadId: string; received: number }>(t.app, 'backups.importChunk', { uploadId, offset, data });
    uploadId = answer.uploadId;
    offset = answer.received;
  } while (offset < bytes.length);
  return uploadId as string;
}

async function download(name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const chunk = await ok<{ data: string; done: boolean; size: number }>(t.app, 'backups.exportChunk', { name, offset });
    const bytes = Buffer.from(chunk.data, 'base64');
    parts.push(bytes);
    offset += bytes.length;
    if (chunk.done) return Buffer.concat(parts);
  }
}

describe('a backup', () => {
  it('is listed with its time, size, reason and schema version, and is a sound copy on its own', async () => {
    await addCustomer('Ana');
    const made = await backup();
    expect(made).toMatchObject({
      reason: 'manual',
      createdAt: new Date(TEST_START).toISOString(),
      schemaVersion: MIGRATIONS.length,
    });
    const file = join(t.dir, BACKUPS_FOLDER, made.name);
    expect(made.size).toBe(readFileSync(file).length);
    expect((await list()).items).toEqual([made]);
    // One self-contained file: no WAL beside it, and it opens with the data in it.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const copy = new Database(file, { readonly: true });
    expect(copy.prepare('SELECT first_name FROM customers').pluck().all()).toEqual(['Ana']);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('keeps only the newest N (the setting), and the setting change is audited', async () => {
    const answer = await ok<BackupList>(t.app, 'backups.configure', { keep: 3 });
    expect(answer.keep).toBe(3);
    const audit = t.app.sql.raw<{ entity_id: string; changes: string }>(
      "SELECT entity_id, changes FROM audit_log WHERE entity = 'settings' ORDER BY rowid DESC LIMIT 1",
    );
    expect(audit).toEqual([{ entity_id: 'backups', changes: expect.stringContaining('"keep\\":3') }]);
    const made: BackupInfo[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(await backup());
      t.tick(HOUR);
    }
    expect((await list()).items.map((b) => b.name)).toEqual(
      made
        .slice(2)
        .reverse()
        .map((b) => b.name),
    );
    expect(readdirSync(join(t.dir, BACKUPS_FOLDER)).filter((f) => f.endsWith('.db'))).toHaveLength(3);
    // Lowering the setting prunes at once.
    await ok(t.app, 'backups.configure', { keep: 1 });
    expect((await list()).items.map((b) => b.name)).toEqual([made[4]?.name]);
  });

  it('refuses a retention outside 1..365 next to the field, changing nothing', async () => {
    expect(await refused('backups.configure', { keep: 0 })).toMatchObject({ code: 'VALIDATION', fields: { keep: 'too_small' } });
    expect(await refused('backups.configure', { keep: 1.5 })).toMatchObject({ code: 'VALIDATION', fields: { keep: 'invalid' } });
    expect((await list()).keep).toBe(14);
  });

  it('exports as the exact bytes of the backup file, in pieces', async () => {
    for (let i = 0; i < 300; i++) await addCustomer(`Cliente ${i}`);
    const made = await backup();
    const bytes = await download(made.name);
    expect(bytes.equals(readFileSync(join(t.dir, BACKUPS_FOLDER, made.name)))).toBe(true);
    expect(await refused('backups.exportChunk', { name: made.name, offset: made.size + 1 })).toMatchObject({
      code: 'VALIDATION',
      fields: { offset: 'invalid' },
    });
  });

  it('names only files in the backups folder', async () => {
    await backup();
    expect(await refused('backups.exportChunk', { name: '../clientela.db', offset: 0 })).toMatchObject({
      code: 'VALIDATION',
      fields: { name: 'invalid' },
    });
    expect(await refused('backups.restore', { name: 'clientela-2020-01-01T00-00-00-000Z-manual.db' })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('restoring a backup', () => {
  it('brings back the data as it was, after backing up the current state first', async () => {
    await addCustomer('Ana');
    const before = await backup();
    t.tick(HOUR);
    await addCustomer('Bruno');
    const stampBefore = t.app.writes.lastStamp;
    const deviceId = t.app.deviceId;
    const restoredEvents: unknown[] = [];
    t.app.events.on('app.restored', (e) => restoredEvents.push(e));

    const answer = await ok<{ restored: BackupInfo; safety: BackupInfo }>(t.app, 'backups.restore', { name: before.name });
    expect(answer.restored).toEqual(before);
    expect(answer.safety.reason).toBe('before-restore');
    expect(customerNames(t.app)).toEqual(['Ana']);
    expect(restoredEvents).toHaveLength(1);
    // The device is still itself, and its clock never runs backwards.
    expect(t.app.deviceId).toBe(deviceId);
    expect(t.app.writes.lastStamp >= stampBefore).toBe(true);
    // The app keeps working on the restored store, through the same handlers.
    await addCustomer('Carla');
    expect(customerNames(t.app)).toEqual(['Ana', 'Carla']);
    // What was there before the restore is a backup of its own, and can be put back.
    const safety = new Database(join(t.dir, BACKUPS_FOLDER, answer.safety.name), { readonly: true });
    expect(safety.prepare('SELECT first_name FROM customers ORDER BY 1').pluck().all()).toEqual(['Ana', 'Bruno']);
    safety.close();
    await ok(t.app, 'backups.restore', { name: answer.safety.name });
    expect(customerNames(t.app)).toEqual(['Ana', 'Bruno']);
  });

  /** An import of `rows` new customers, started and writing (its first rows are in). */
  async function importWriting(rows: number): Promise<CsvJob> {
    const content = ['Nombre,Teléfono', ...Array.from({ length: rows }, (_, i) => `Importado ${i},6${1000000 + i}`)].join('\n');
    const { started: job } = await startCsvImport(t, content);
    await expect.poll(() => t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM customers')[0]?.n ?? 0).toBeGreaterThan(50);
    return job;
  }

  it('a backup taken while an import writes is not starved by it: the import waits for the copy', async () => {
    const job = await importWriting(20_000);
    const taken = await backup();
    // The copy did not have to wait for the import to end (each of its commits would have started it over).
    expect(t.app.csvJobs.get(job.id).state).toBe('running');
    expect(await t.app.csvJobs.settled(job.id)).toMatchObject({ state: 'done', summary: { created: 20_000 } });
    const copy = new Database(join(t.dir, BACKUPS_FOLDER, taken.name), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('stops an import that is writing, and nothing of it reaches the restored store', async () => {
    await addCustomer('Ana');
    const before = await backup();
    const job = await importWriting(20_000);
    await ok(t.app, 'backups.restore', { name: before.name });
    const ended = await t.app.csvJobs.settled(job.id);
    expect(ended.state).not.toBe('done');
    expect(customerNames(t.app)).toEqual(['Ana']);
    expect(t.app.sql.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await addCustomer('Bruno');
    expect(customerNames(t.app)).toEqual(['Ana', 'Bruno']);
    // And on disk: the next open reads the same store.
    t.app.close();
    t = openTempApp({ dir: t.dir });
    expect(customerNames(t.app)).toEqual(['Ana', 'Bruno']);
  });

  it('survives closing and reopening: the restored store is the store on disk', async () => {
    await addCustomer('Ana');
    const before = await backup();
    await addCustomer('Bruno');
    await ok(t.app, 'backups.restore', { name: before.name });
    t.app.close();
    const reopened = openTempApp({ dir: t.dir });
    try {
      expect(customerNames(reopened.app)).toEqual(['Ana']);
      expect(reopened.app.sql.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      reopened.close();
      t = openTempApp({ dir: t.dir });
    }
  });

  it('does not prune away the backup being restored', async () => {
    await ok(t.app, 'backups.configure', { keep: 1 });
    await addCustomer('Ana');
    const only = await backup();
    await addCustomer('Bruno');
    await ok(t.app, 'backups.restore', { name: only.name });
    expect(customerNames(t.app)).toEqual(['Ana']);
  });
});

describe('importing a backup file', () => {
  let other: TempApp;
  beforeEach(() => {
    other = openTempApp({ seed: 2 });
  });
  afterEach(() => other.close());

  it('accepts a Clientela backup from another device, lists it, and restores it keeping this device', async () => {
    await addCustomer('Otra', other.app);
    const theirs = await ok<BackupInfo>(other.app, 'backups.create', {});
    const bytes = readFileSync(join(other.dir, BACKUPS_FOLDER, theirs.name));
    await addCustomer('Ana');
    const uploadId = await upload(bytes, 4096);
    const imported = await ok<BackupInfo>(t.app, 'backups.import', { uploadId, fileName: 'tienda.db' });
    expect(imported).toMatchObject({ reason: 'import', schemaVersion: MIGRATIONS.length });
    expect((await list()).items.map((b) => b.name)).toContain(imported.name);
    expect(customerNames(t.app)).toEqual(['Ana']);
    // Nothing of the upload is left behind.
    expect(readdirSync(join(t.dir, BACKUPS_FOLDER, '.uploads'))).toEqual([]);

    const deviceId = t.app.deviceId;
    await ok(t.app, 'backups.restore', { name: imported.name });
    expect(customerNames(t.app)).toEqual(['Otra']);
    expect(t.app.deviceId).toBe(deviceId);
  });

  async function rejects(bytes: Buffer, field: string): Promise<void> {
    await addCustomer('Ana');
    const uploadId = await upload(bytes);
    expect(await refused('backups.import', { uploadId })).toMatchObject({ code: 'VALIDATION', fields: { file: field } });
    expect(readdirSync(join(t.dir, BACKUPS_FOLDER, '.uploads'))).toEqual([]);
    expect((await list()).items).toEqual([]);
  }

  it('refuses a file that is not a database', async () => {
    await rejects(Buffer.from('nombre,teléfono\nAna,6123-4567\n'.repeat(50)), 'backup_invalid');
  });

  it('refuses a SQLite database that is not Clientela', async () => {
    const file = join(other.dir, 'foreign.db');
    const db = new Database(file);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hola')");
    db.close();
    await rejects(readFileSync(file), 'backup_invalid');
  });

  it('refuses a damaged backup', async () => {
    for (let i = 0; i < 200; i++) await addCustomer(`Cliente ${i}`, other.app);
    const theirs = await ok<BackupInfo>(other.app, 'backups.create', {});
    const file = join(other.dir, BACKUPS_FOLDER, theirs.name);
    // Scribble over the middle of the file, as a failing disk would.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(theirs.size / 2 / 4096) * 4096);
    const bytes = readFileSync(file);
    rmSync(file);
    await rejects(bytes, 'backup_invalid');
  });

  it('refuses a backup from a newer Clientela', async () => {
    const theirs = await ok<BackupInfo>(other.app, 'backups.create', {});
    const file = join(other.dir, BACKUPS_FOLDER, theirs.name);
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    await rejects(readFileSync(file), 'backup_too_new');
  });

  it('takes slices only in order', async () => {
    const first = await ok<{ uploadId: string }>(t.app, 'backups.importChunk', { offset: 0, data: 'AAAA' });
    expect(await refused('backups.importChunk', { uploadId: first.uploadId, offset: 10, data: 'AAAA' })).toMatchObject({
      code: 'VALIDATION',
      fields: { offset: 'invalid' },
    });
    expect(await refused('backups.importChunk', { offset: 0, data: 'not base64!' })).toMatchObject({
      code: 'VALIDATION',
      fields: { data: 'invalid' },
    });
  });
});

describe('automatic backups', () => {
  it('runs daily: at start when the newest backup is a day old, not before', async () => {
    const service = t.app.backups;
    expect((await service.startDaily())?.reason).toBe('daily');
    t.tick(23 * HOUR);
    expect(await service.dailyIfDue()).toBeNull();
    t.tick(HOUR);
    expect((await service.dailyIfDue())?.reason).toBe('daily');
    service.stopDaily();
    expect((await list()).items.map((b) => b.reason)).toEqual(['daily', 'daily']);
  });

  it('tells open windows about every backup made, the daily one in the background too', async () => {
    const told: string[] = [];
    t.app.events.on('backups.created', ({ name }) => told.push(name));
    const daily = await t.app.backups.dailyIfDue();
    const manual = await backup();
    expect(told).toEqual([daily?.name, manual.name]);
  });

  it('backs up an existing store before migrating it, and only then', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clientela-premigrate-'));
    try {
      const old = openConnection(join(dir, DATABASE_FILE), { migrate: false });
      migrate(old, { target: MIGRATIONS.length - 1 });
      old.prepare("INSERT INTO device (id, device_id, hlc) VALUES (1, '018f0000-0000-7000-8000-0000000000aa', '')").run();
      old.close();
      const now = () => TEST_START;
      const app = await startApp({ dataDir: dir, transport: 'web', now, dailyBackups: false });
      const items = app.backups.list().items;
      expect(items.map((b) => [b.reason, b.schemaVersion])).toEqual([['before-migration', MIGRATIONS.length - 1]]);
      app.close();
      // Up to date now: a second start takes no backup.
      const again = await startApp({ dataDir: dir, transport: 'web', now, dailyBackups: false });
      expect(again.backups.list().items).toHaveLength(1);
      again.close();
      // A brand-new store has nothing to keep.
      const fresh = mkdtempSync(join(tmpdir(), 'clientela-new-'));
      const created = await startApp({ dataDir: fresh, transport: 'web', now, dailyBackups: false });
      expect(created.backups.list().items).toEqual([]);
      created.close();
      rmSync(fresh, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
