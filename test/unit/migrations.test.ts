import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import { openConnection } from '../../db/connection';
import { DatabaseTooNewError, migrate, schemaVersion } from '../../db/migrate';
import { MIGRATIONS } from '../../db/migrations';
import { DATABASE_FILE } from '../../main/app';
import { hashPin } from '../../main/auth/pin-hash';
import { ok, openTempApp, TEST_ADMIN, TEST_PIN_COST } from '../helpers/temp-app';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clientela-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const latest = MIGRATIONS.length;
const CUSTOMER_ID = '018f0000-0000-7000-8000-0000000000c1';
const OTHER_ID = '018f0000-0000-7000-8000-0000000000c2';
const GROUP_ID = '018f0000-0000-7000-8000-0000000000a1';
const ORDER_ID = '018f0000-0000-7000-8000-0000000000b1';
const ADMIN_ID = '018f0000-0000-7000-8000-0000000000d1';
// The old store's admin signs in after the upgrade with the PIN they always had.
const ADMIN_PIN_HASH = await hashPin(TEST_ADMIN.pin, TEST_PIN_COST);

/**
 * One row per table, written with the columns the table had when its migration created it, in
 * foreign-key order. A migration that adds a table must add its row here (a test says so).
 */
const SEEDS: [table: string, sql: string][] = [
  ['device', "INSERT INTO device (id, device_id, hlc) VALUES (1, 'dev-old', '001764000000000-00003-dev-old')"],
  ['settings', `INSERT INTO settings (key, value) VALUES ('store', '{"storeName":"Mini Super Ana","country":"PA"}')`],
  [
    'users',
    `INSERT INTO users (id, name, role, pin_hash, created_at, updated_at)
     VALUES ('${ADMIN_ID}', '${TEST_ADMIN.name}', 'admin', '${ADMIN_PIN_HASH}', '2025-01-05T00:00:00.000Z', '2025-01-05T00:00:00.000Z')`,
  ],
  [
    'secrets',
    `INSERT INTO secrets (name, scheme, ciphertext, updated_at, updated_by)
     VALUES ('twilio.authToken', 'aes-256-gcm+keyfile', x'01a2b3', '2025-01-05T00:00:00.000Z', 'u1')`,
  ],
  [
    'twilio_account',
    `INSERT INTO twilio_account (id, account_sid, from_number, updated_at, updated_by)
     VALUES (1, 'AC${'0'.repeat(32)}', '+14155550100', '2025-01-05T00:00:00.000Z', 'u1')`,
  ],
  [
    'customer_groups',
    `INSERT INTO customer_groups (id, name, description, requires_approval, discount_bp, created_at, updated_at)
     VALUES ('${GROUP_ID}', 'VIP', 'Los de siempre', 0, 1000, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
  ],
  [
    'customers',
    `INSERT INTO customers (id, kind, first_name, last_name, email, phone, phone_raw, date_of_birth, membership_code,
       group_id, tags, status, sms_consent, created_at, updated_at, created_by, updated_by, search_text, sort_name)
     VALUES ('${CUSTOMER_ID}', 'individual', 'Ana', 'Pérez', 'ana@example.com', '+50761234567', '6123-4567', '1980-05-17',
       '2900000000001', '${GROUP_ID}', '["vip"]', 'active', 1, '2025-01-02T00:00:00.000Z', '2025-01-02T00:00:00.000Z',
       'owner', 'owner', 'ana perez ana example com 50761234567 761234567 61234567 2900000000001', 'perez ana')`,
  ],
  // The customer above is counted by the trigger; a combination nobody holds may stay at zero.
  ['customer_counts', "INSERT INTO customer_counts VALUES ('', 'inactive', 0, 0, 0, 0, 0)"],
  [
    'products',
    `INSERT INTO products (id, sku, barcode, name, price_minor, currency, active, created_at, updated_at)
     VALUES ('p1', 'SKU-0001', '7451234567895', 'Café molido 1 lb', 450, 'USD', 1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
  ],
  [
    'audit_log',
    `INSERT INTO audit_log (id, entity, entity_id, action, changes, user_id, device_id, at)
     VALUES ('a1', 'customers', '${CUSTOMER_ID}', 'create', '[{"field":"first_name","old":null,"new":"Ana"}]', 'owner', 'dev-old', '2025-01-02T00:00:00.000Z')`,
  ],
  [
    'outbox',
    `INSERT INTO outbox (op_id, hlc, device_id, table_name, row_id, field, value, created_at)
     VALUES ('o1', '001764000000000-00003-dev-old', 'dev-old', 'customers', '${CUSTOMER_ID}', 'first_name', '"Ana"', '2025-01-02T00:00:00.000Z')`,
  ],
  [
    'consent_events',
    `INSERT INTO consent_events (id, customer_id, channel, granted, source, user_id, device_id, at)
     VALUES ('e1', '${CUSTOMER_ID}', 'sms', 1, 'in_store', 'owner', 'dev-old', '2025-01-02T00:00:00.000Z')`,
  ],
  [
    'segments',
    `INSERT INTO segments (id, name, filters, created_at, updated_at)
     VALUES ('018f0000-0000-7000-8000-0000000000s1', 'Con teléfono', '{"hasPhone":true}', '2025-01-03T00:00:00.000Z', '2025-01-03T00:00:00.000Z')`,
  ],
  [
    'duplicate_dismissals',
    `INSERT INTO customers (id, kind, first_name, phone, membership_code, created_at, updated_at, created_by, updated_by, search_text, sort_name)
       VALUES ('${OTHER_ID}', 'individual', 'Beto', '+50761234567', '2900000000002', '2025-01-04T00:00:00.000Z',
       '2025-01-04T00:00:00.000Z', 'owner', 'owner', 'beto 50761234567 2900000000002', 'beto');
     INSERT INTO duplicate_dismissals (id, customer_a, customer_b, created_at, created_by)
     VALUES ('d1', '${CUSTOMER_ID}', '${OTHER_ID}', '2025-01-05T00:00:00.000Z', 'owner')`,
  ],
  [
    'customer_addresses',
    `INSERT INTO customer_addresses (id, customer_id, kind, line1, city, country, is_default, position, created_at, updated_at)
     VALUES ('ad1', '${CUSTOMER_ID}', 'billing', 'Calle 50', 'Panamá', 'PA', 1, 0, '2025-01-06T00:00:00.000Z', '2025-01-06T00:00:00.000Z')`,
  ],
  [
    'customer_contacts',
    `INSERT INTO customer_contacts (id, customer_id, name, phone, position, created_at, updated_at)
     VALUES ('ct1', '${CUSTOMER_ID}', 'Luis Pinto', '+50762223333', 0, '2025-01-06T00:00:00.000Z', '2025-01-06T00:00:00.000Z')`,
  ],
  [
    'custom_field_definitions',
    `INSERT INTO custom_field_definitions (id, key, label, type, options, required, active, position, created_at, updated_at)
     VALUES ('cf1', 'level', 'Nivel', 'choice', '["Oro","Plata"]', 0, 1, 0, '2025-01-07T00:00:00.000Z', '2025-01-07T00:00:00.000Z')`,
  ],
  [
    'orders',
    `INSERT INTO orders (id, number, kind, refund_of, customer_id, payment_method, currency, group_discount_bp,
       subtotal_minor, discount_minor, redeem_minor, total_minor, created_at, created_by, device_id)
     VALUES ('${ORDER_ID}', 'ABCD-000001', 'sale', NULL, '${CUSTOMER_ID}', 'cash', 'USD', 1000, 900, 90, 0, 810,
       '2025-01-04T00:00:00.000Z', 'owner', 'dev-old')`,
  ],
  [
    'order_lines',
    `INSERT INTO order_lines (id, order_id, line_no, product_id, sku, name, unit_price_minor, quantity, subtotal_minor,
       discount_minor, redeem_minor, total_minor)
     VALUES ('l1', '${ORDER_ID}', 1, 'p1', 'SKU-0001', 'Café molido 1 lb', 450, 2, 900, 90, 0, 810)`,
  ],
  [
    'loyalty_entries',
    `INSERT INTO loyalty_entries (id, customer_id, kind, points, order_id, user_id, device_id, at)
     VALUES ('le1', '${CUSTOMER_ID}', 'earn', 8, '${ORDER_ID}', 'owner', 'dev-old', '2025-01-04T00:00:00.000Z')`,
  ],
];

/** Ordinary tables (not SQLite's own, not the full-text index and its shadow tables). */
function userTables(db: Database.Database): string[] {
  return db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name NOT LIKE 'customers_fts%' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
}

type Row = Record<string, unknown>;
function rowsOf(db: Database.Database, table: string): Row[] {
  const withoutRowid = db.prepare('SELECT wr FROM pragma_table_list WHERE name = ?').pluck().get(table) === 1;
  // A WITHOUT ROWID table is ordered by its primary key, which leads its columns.
  return db
    .prepare(
      withoutRowid
        ? `SELECT * FROM "${table}" ORDER BY 1, 2, 3, 4, 5, 6`
        : `SELECT rowid AS _rowid, * FROM "${table}" ORDER BY rowid`,
    )
    .all() as Row[];
}

describe('migrations', () => {
  it('are numbered 1..N with no gaps and unique names', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(latest);
  });

  it('a list out of order is refused before anything runs', () => {
    const db = new Database(join(dir, 'order.db'));
    const swapped = [MIGRATIONS[1], MIGRATIONS[0], ...MIGRATIONS.slice(2)].filter((m) => m !== undefined);
    expect(() => migrate(db, { migrations: swapped })).toThrow(/expected 1/);
    expect(schemaVersion(db)).toBe(0);
    db.close();
  });

  it.each(Array.from({ length: latest }, (_, v) => v))(
    'a database at version %i, with a row in every table it has, upgrades to the latest and keeps every row',
    async (from) => {
      const file = join(dir, DATABASE_FILE);
      const db = new Database(file);
      migrate(db, { target: from });
      expect(schemaVersion(db)).toBe(from);

      const tables = userTables(db);
      const seeded = new Set(SEEDS.map(([table]) => table));
      for (const table of tables) expect(seeded, `add a seed row for table "${table}" to this test`).toContain(table);
      for (const [table, sql] of SEEDS) if (tables.includes(table)) db.exec(sql);
      const before = Object.fromEntries(tables.map((table) => [table, rowsOf(db, table)]));
      db.close();

      const upgraded = openConnection(file);
      expect(schemaVersion(upgraded)).toBe(latest);
      expect(upgraded.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(upgraded.pragma('foreign_key_check')).toEqual([]);
      for (const table of tables) {
        const after = rowsOf(upgraded, table);
        expect(after).toHaveLength(before[table]?.length ?? -1);
        // New columns may appear; the values the row had are all still there.
        for (const [i, row] of (before[table] ?? []).entries()) expect(after[i]).toMatchObject(row);
      }
      upgraded.close();

      if (tables.includes('customers')) {
        // The app itself opens the upgraded store and finds the old customer by a fragment.
        const t = openTempApp({ dir });
        try {
          const found = await ok<CustomerSearchResult>(t.app, 'customers.search', { query: 'pere' });
          expect(found.items.map((c) => c.id)).toEqual([CUSTOMER_ID]);
          const customer = await ok<Customer>(t.app, 'customers.get', { id: CUSTOMER_ID });
          expect(customer).toMatchObject({ firstName: 'Ana', phone: '+50761234567', groupName: 'VIP', tags: ['vip'] });
          expect(t.app.deviceId).toBe('dev-old');
        } finally {
          t.close();
        }
      }
    },
  );

  it('6: a store at version 5 gains orders and the loyalty ledger, append-only, and its customer can then be deleted with the consent log', async () => {
    const file = join(dir, DATABASE_FILE);
    const db = new Database(file);
    migrate(db, { target: 5 });
    for (const [table, sql] of SEEDS)
      if (
        ![
          'orders',
          'order_lines',
          'loyalty_entries',
          'duplicate_dismissals',
          'customer_addresses',
          'customer_contacts',
          'custom_field_definitions',
          'users',
          'customer_counts',
          'secrets',
          'twilio_account',
        ].includes(table)
      )
        db.exec(sql);
    db.close();

    const upgraded = openConnection(file);
    expect(schemaVersion(upgraded)).toBe(latest);
    expect(upgraded.prepare('SELECT order_seq FROM device').pluck().get()).toBe(0);
    for (const [table, sql] of SEEDS.slice(-3)) expect(() => upgraded.exec(sql), table).not.toThrow();
    // Facts stay as they were written.
    expect(() => upgraded.exec(`UPDATE orders SET total_minor = 1 WHERE id = '${ORDER_ID}'`)).toThrow(/append-only/);
    expect(() => upgraded.exec(`DELETE FROM orders WHERE id = '${ORDER_ID}'`)).toThrow(/append-only/);
    expect(() => upgraded.exec("UPDATE order_lines SET quantity = 9 WHERE id = 'l1'")).toThrow(/append-only/);
    expect(() => upgraded.exec("DELETE FROM loyalty_entries WHERE id = 'le1'")).toThrow(/append-only/);
    expect(() =>
      upgraded.exec(`INSERT INTO loyalty_entries (id, customer_id, kind, points, user_id, device_id, at)
                     VALUES ('le2', '${CUSTOMER_ID}', 'adjust', -9, 'owner', 'dev-old', 'x')`),
    ).toThrow(/negative/);
    // The consent log still refuses deletion while its customer exists.
    expect(() => upgraded.exec("DELETE FROM consent_events WHERE id = 'e1'")).toThrow(/append-only/);
    upgraded.close();

    const t = openTempApp({ dir });
    try {
      const customer = await ok<Customer>(t.app, 'customers.get', { id: CUSTOMER_ID });
      expect(customer.loyaltyBalance).toBe(8);
      expect(await t.app.call('customers.delete', { id: CUSTOMER_ID })).toMatchObject({
        ok: false,
        error: { code: 'HAS_PURCHASES' },
      });
    } finally {
      t.close();
    }
  });

  it('6 -> 7: dismissed pairs are remembered and merged customers are found by index', () => {
    const db = new Database(join(dir, 'v6.db'));
    migrate(db, { target: 6 });
    for (const [table, sql] of SEEDS) if (['device', 'settings', 'customer_groups', 'customers'].includes(table)) db.exec(sql);
    migrate(db, { target: 7 });
    const seed = SEEDS.find(([table]) => table === 'duplicate_dismissals')?.[1] as string;
    db.exec(seed);
    expect(db.prepare('SELECT customer_a, customer_b FROM duplicate_dismissals').all()).toEqual([
      { customer_a: CUSTOMER_ID, customer_b: OTHER_ID },
    ]);
    // A pair is stored once, smaller id first.
    expect(() =>
      db.exec(`INSERT INTO duplicate_dismissals VALUES ('d2', '${OTHER_ID}', '${CUSTOMER_ID}', 'x', 'owner')`),
    ).toThrow(/CHECK/);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM customers WHERE merged_into = 'x'")
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join(' ');
    expect(plan).toContain('customers_merged_into');
    db.close();
  });

  it('8 -> 9: customers gain the business profile and preferences (empty), addresses and contacts with one default per kind', async () => {
    const file = join(dir, DATABASE_FILE);
    const db = new Database(file);
    migrate(db, { target: 8 });
    for (const [table, sql] of SEEDS)
      if (['device', 'settings', 'customer_groups', 'customers', 'audit_log'].includes(table)) db.exec(sql);
    migrate(db, { target: 9 });
    for (const [table, sql] of SEEDS) if (['customer_addresses', 'customer_contacts'].includes(table)) db.exec(sql);
    expect(db.prepare('SELECT do_not_contact, owner_id, payment_terms FROM customers').get()).toEqual({
      do_not_contact: 0,
      owner_id: null,
      payment_terms: null,
    });
    expect(db.prepare("SELECT parent_id FROM audit_log WHERE id = 'a1'").pluck().get()).toBeNull();
    // A second default billing address for the same customer is refused by the index.
    expect(() =>
      db.exec(`INSERT INTO customer_addresses (id, customer_id, kind, line1, city, country, is_default, created_at, updated_at)
               VALUES ('ad2', '${CUSTOMER_ID}', 'billing', 'Vía España', 'Panamá', 'PA', 1, 'x', 'x')`),
    ).toThrow(/UNIQUE/);
    db.close();
    const t = openTempApp({ dir });
    try {
      const customer = await ok<Customer>(t.app, 'customers.get', { id: CUSTOMER_ID });
      expect(customer).toMatchObject({ doNotContact: false, ownerId: null, businessType: null });
      expect(customer.addresses).toEqual([expect.objectContaining({ id: 'ad1', line1: 'Calle 50', isDefault: true })]);
      expect(customer.contacts).toEqual([expect.objectContaining({ id: 'ct1', name: 'Luis Pinto' })]);
    } finally {
      t.close();
    }
  });

  it('9 -> 10: customers gain an empty set of custom values; definitions have unique keys', async () => {
    const file = join(dir, DATABASE_FILE);
    const db = new Database(file);
    migrate(db, { target: 9 });
    for (const [table, sql] of SEEDS) if (['device', 'settings', 'customer_groups', 'customers'].includes(table)) db.exec(sql);
    migrate(db, { target: 10 });
    db.exec(SEEDS.find(([table]) => table === 'custom_field_definitions')?.[1] as string);
    expect(db.prepare('SELECT custom_fields FROM customers').pluck().get()).toBe('{}');
    expect(() =>
      db.exec(`INSERT INTO custom_field_definitions (id, key, label, type, created_at, updated_at)
               VALUES ('cf2', 'level', 'Otro', 'text', 'x', 'x')`),
    ).toThrow(/UNIQUE/);
    db.close();
    const t = openTempApp({ dir });
    try {
      expect((await ok<Customer>(t.app, 'customers.get', { id: CUSTOMER_ID })).customFields).toEqual({});
      const defs = await ok<{ key: string; options: string[] }[]>(t.app, 'customFields.list', {});
      expect(defs).toEqual([expect.objectContaining({ key: 'level', options: ['Oro', 'Plata'] })]);
    } finally {
      t.close();
    }
  });

  it('10 -> 11: an upgraded store has no users yet, so its first start asks for the admin; roles are checked', async () => {
    const file = join(dir, DATABASE_FILE);
    const db = new Database(file);
    migrate(db, { target: 10 });
    for (const [table, sql] of SEEDS) if (['device', 'settings', 'customer_groups', 'customers'].includes(table)) db.exec(sql);
    migrate(db, { target: 11 });
    expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
    expect(() =>
      db.exec(`INSERT INTO users (id, name, role, pin_hash, created_at, updated_at) VALUES ('u2', 'X', 'owner', 'x', 'x', 'x')`),
    ).toThrow(/CHECK/);
    db.close();
    const t = openTempApp({ dir });
    try {
      // The helper went through the first run (auth.setup) on this upgraded store.
      await t.ready;
      expect(t.app.sql.raw('SELECT name, role FROM users')).toEqual([{ name: 'Admin', role: 'admin' }]);
      expect((await ok<Customer>(t.app, 'customers.get', { id: CUSTOMER_ID })).firstName).toBe('Ana');
    } finally {
      t.close();
    }
  });

  it("11 -> 12: insights read a customer's orders and lines from covering indexes, and what used the old index still does", () => {
    const db = new Database(join(dir, 'v11.db'));
    migrate(db, { target: 11 });
    for (const [table, sql] of SEEDS)
      if (['device', 'settings', 'customer_groups', 'customers', 'orders'].includes(table)) db.exec(sql);
    const before = db.prepare('SELECT * FROM orders ORDER BY id').all();
    migrate(db, { target: 12 });
    expect(db.prepare('SELECT * FROM orders ORDER BY id').all()).toEqual(before);
    const plan = (query: string) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${query}`)
        .all()
        .map((r) => (r as { detail: string }).detail)
        .join(' | ');
    expect(plan("SELECT kind, total_minor, created_at, id FROM orders WHERE customer_id = 'c' ORDER BY created_at, id")).toBe(
      'SEARCH orders USING COVERING INDEX orders_customer (customer_id=?)',
    );
    expect(
      plan(
        "SELECT l.product_id, sum(l.quantity), max(l.rowid) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer_id = 'c' GROUP BY l.product_id",
      ),
    ).toContain('SEARCH l USING COVERING INDEX order_lines_products (order_id=?)');
    expect(plan("SELECT id FROM orders WHERE customer_id = 'c' AND created_at >= '2026' ORDER BY created_at DESC")).toContain(
      'orders_customer (customer_id=? AND created_at>?)',
    );
    db.close();
  });

  it('12 -> 13: the list counts start from the customers the store already has, merged ones left out', () => {
    const db = new Database(join(dir, 'v12.db'));
    migrate(db, { target: 12 });
    for (const [table, sql] of SEEDS) if (['device', 'settings', 'customer_groups', 'customers'].includes(table)) db.exec(sql);
    db.exec(`INSERT INTO customers (id, kind, first_name, membership_code, search_text, sort_name, status, created_at, updated_at, created_by, updated_by, merged_into)
      SELECT '${OTHER_ID}', kind, 'Ana 2', 'CLT-MERGED', search_text, sort_name, status, created_at, updated_at, created_by, updated_by, '${CUSTOMER_ID}'
      FROM customers WHERE id = '${CUSTOMER_ID}'`);
    migrate(db, { target: 13 });
    expect(db.prepare('SELECT * FROM customer_counts').all()).toEqual([
      { group_id: GROUP_ID, status: 'active', has_phone: 1, has_email: 1, sms_consent: 1, email_consent: 0, n: 1 },
    ]);
    db.close();
  });

  it('14 -> 15: an upgraded store has no Twilio account and no secrets; one account row at most, with a sender', async () => {
    const file = join(dir, DATABASE_FILE);
    const db = new Database(file);
    migrate(db, { target: 14 });
    for (const [table, sql] of SEEDS) if (['device', 'settings', 'users'].includes(table)) db.exec(sql);
    migrate(db, { target: 15 });
    expect(db.prepare('SELECT count(*) FROM secrets').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM twilio_account').pluck().get()).toBe(0);
    const account = (id: number, from: string | null, service: string | null) =>
      db
        .prepare(
          `INSERT INTO twilio_account (id, account_sid, from_number, messaging_service_sid, updated_at, updated_by)
           VALUES (?, 'ACx', ?, ?, 'x', 'x')`,
        )
        .run(id, from, service);
    expect(() => account(2, '+14155550100', null)).toThrow(/CHECK/);
    expect(() => account(1, null, null)).toThrow(/CHECK/);
    // STRICT: a ciphertext is bytes, never text that a careless write might hold in the clear.
    expect(() =>
      db.exec(`INSERT INTO secrets (name, scheme, ciphertext, updated_at, updated_by) VALUES ('x', 's', 'plain', 'x', 'x')`),
    ).toThrow(/cannot store TEXT value in BLOB column/);
    db.close();
    const t = openTempApp({ dir });
    try {
      expect(await ok(t.app, 'twilio.credentials.get', {})).toMatchObject({ configured: false, hasAuthToken: false });
    } finally {
      t.close();
    }
  });

  it('a database already at the latest version is left as it is', () => {
    const file = join(dir, 'latest.db');
    const db = openConnection(file);
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all();
    expect(migrate(db)).toEqual({ from: latest, to: latest });
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all()).toEqual(schema);
    db.close();
  });

  it('refuses a database written by a newer version, in words, and leaves its version alone', () => {
    const file = join(dir, 'future.db');
    const db = new Database(file);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    expect(() => openConnection(file)).toThrow(DatabaseTooNewError);
    expect(() => openConnection(file)).toThrow(/newer Clientela/);
    const reopened = new Database(file);
    expect(schemaVersion(reopened)).toBe(latest + 1);
    reopened.close();
  });

  it('opens with WAL, synchronous=FULL and foreign keys on', () => {
    const db = openConnection(join(dir, 'p.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('the app store refuses a customer in a group that does not exist (foreign keys enforced)', () => {
    const db = openConnection(join(dir, 'fk.db'));
    expect(() =>
      db.exec(`INSERT INTO customers (id, membership_code, group_id, created_at, updated_at, created_by, updated_by)
               VALUES ('x', '2900000000001', 'no-such-group', 'x', 'x', 'u', 'u')`),
    ).toThrow(/FOREIGN KEY/);
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
