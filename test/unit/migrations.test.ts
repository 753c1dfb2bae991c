import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openConnection } from '../../db/connection';
import { DatabaseTooNewError, migrate, schemaVersion } from '../../db/migrate';
import { MIGRATIONS } from '../../db/migrations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clientela-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const latest = MIGRATIONS.length;

describe('migrations', () => {
  it('are numbered 1..N with no gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
  });

  it.each(Array.from({ length: latest }, (_, v) => v))(
    'a database at version %i upgrades cleanly to the latest, keeping its rows',
    (from) => {
      const file = join(dir, `v${from}.db`);
      const db = new Database(file);
      migrate(db, { target: from });
      expect(schemaVersion(db)).toBe(from);
      // Seed with rows valid at that version, so the upgrade has something to keep.
      if (from >= 1) {
        db.prepare(
          `INSERT INTO customers (id, first_name, membership_code, created_at, updated_at, created_by, updated_by, search_text)
         VALUES ('c1', 'Ana', '2900000000001', 'x', 'x', 'u', 'u', 'ana')`,
        ).run();
      }
      db.close();
      const upgraded = openConnection(file);
      expect(schemaVersion(upgraded)).toBe(latest);
      expect(upgraded.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(upgraded.pragma('foreign_key_check')).toEqual([]);
      if (from >= 1) {
        expect(upgraded.prepare("SELECT first_name FROM customers WHERE id = 'c1'").get()).toEqual({ first_name: 'Ana' });
        expect(upgraded.prepare("SELECT count(*) AS n FROM customers_fts WHERE customers_fts MATCH 'ana*'").get()).toEqual({
          n: 1,
        });
      }
      upgraded.close();
    },
  );

  it('refuses a database written by a newer version, in words', () => {
    const file = join(dir, 'future.db');
    const db = new Database(file);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openConnection(file)).toThrow(DatabaseTooNewError);
    expect(() => openConnection(file)).toThrow(/newer Clientela/);
  });

  it('opens with WAL, synchronous=FULL and foreign keys on', () => {
    const db = openConnection(join(dir, 'p.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('a migration that fails leaves the database at its previous version', () => {
    const db = new Database(join(dir, 'fail.db'));
    const broken = [
      ...MIGRATIONS,
      {
        version: latest + 1,
        name: 'broken',
        up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM no_such_table'),
      },
    ];
    expect(() => migrate(db, { migrations: broken })).toThrow(/no_such_table|no such table/);
    expect(schemaVersion(db)).toBe(latest);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });
});
