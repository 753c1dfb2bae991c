import type { CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import { formatHlc, parseHlc, tickHlc } from '../../shared/hlc';
import { newId } from '../../shared/ids';
import { CREATED_FIELD } from '../../db/write-path';
import { ok, openTempApp, TEST_START, type TempApp } from '../helpers/temp-app';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

interface Op {
  op_id: string;
  hlc: string;
  device_id: string;
  table_name: string;
  row_id: string;
  field: string;
  value: string;
}
interface Audit {
  entity: string;
  entity_id: string;
  action: string;
  changes: string;
  user_id: string;
  device_id: string;
  at: string;
}
type Change = { field: string; old: unknown; new: unknown };

/** In the order they were written (rowid), which is the order sync will send them. */
const ops = () => t.app.sql.raw<Op>('SELECT * FROM outbox ORDER BY rowid');
const audits = () => t.app.sql.raw<Audit>('SELECT * FROM audit_log ORDER BY rowid');
const row = (table: string, key: string, id: string) =>
  t.app.sql.raw<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${key} = ?`, id)[0];
let cashier: string;
let manager: string;
beforeEach(async () => {
  cashier = await t.as('cashier');
  manager = await t.as('manager');
});

async function must<T>(channel: string, input: unknown, connection?: string): Promise<T> {
  const result = await t.app.call(channel, input, connection);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/**
 * Run one mutation and check what every mutation owes: one audit row naming user and device
 * with field-level old/new, and one outbox operation per changed field, stamped after every
 * earlier stamp, each carrying the value the row now holds.
 */
async function expectOneTrackedChange(
  mutate: () => Promise<unknown>,
  expected: { table: string; key: string; userId: string; action: 'create' | 'update'; stampFields?: string[] },
): Promise<{ audit: Audit; changes: Change[]; added: Op[] }> {
  const opsBefore = ops();
  const auditsBefore = audits().length;
  await mutate();
  const newAudits = audits().slice(auditsBefore);
  expect(newAudits).toHaveLength(1);
  const audit = newAudits[0] as Audit;
  expect(audit).toMatchObject({
    entity: expected.table,
    action: expected.action,
    user_id: expected.userId,
    device_id: t.app.deviceId,
  });
  const changes = JSON.parse(audit.changes) as Change[];
  expect(changes.length).toBeGreaterThan(0);
  const stored = row(expected.table, expected.key, audit.entity_id);
  for (const change of changes) {
    expect(change.new, change.field).toEqual(stored?.[change.field]);
    expect(change.old, change.field).not.toEqual(change.new);
  }

  const added = ops().slice(opsBefore.length);
  // A new row is one operation carrying every field; a change, one operation per field (ADR 0015).
  if (expected.action === 'create') expect(added.map((o) => o.field)).toEqual([CREATED_FIELD]);
  else expect(added.map((o) => o.field)).not.toContain(CREATED_FIELD);
  const fields = added.flatMap((o) =>
    o.field === CREATED_FIELD
      ? Object.entries(JSON.parse(o.value) as Record<string, unknown>).map(([field, value]) => ({
          ...o,
          field,
          value: JSON.stringify(value),
        }))
      : [o],
  );
  const keys = fields.map((o) => `${o.table_name}/${o.row_id}/${o.field}`);
  expect(new Set(keys).size, 'a field appears twice in one mutation').toBe(keys.length);
  expect(added.every((o) => o.row_id === audit.entity_id && o.table_name === expected.table)).toBe(true);
  expect(added.every((o) => o.device_id === t.app.deviceId)).toBe(true);
  expect(fields.map((o) => o.field).sort()).toEqual([...changes.map((c) => c.field), ...(expected.stampFields ?? [])].sort());
  for (const op of fields) expect(JSON.parse(op.value), op.field).toEqual(stored?.[op.field]);

  const all = ops();
  expect(new Set(all.map((o) => o.op_id)).size).toBe(all.length);
  const stamps = all.map((o) => o.hlc);
  for (let i = 1; i < stamps.length; i++) expect((stamps[i] as string) > (stamps[i - 1] as string)).toBe(true);
  expect(t.app.writes.lastStamp).toBe(stamps.at(-1));
  return { audit, changes, added };
}

describe('every mutation goes through one door: row, audit and outbox together', () => {
  it('customers.create (the full wizard) by a manager: one audit row naming them, one operation carrying every field set', async () => {
    const { changes } = await expectOneTrackedChange(
      () =>
        must(
          'customers.create',
          {
            kind: 'individual',
            firstName: 'José',
            lastName: 'Núñez',
            phone: '6123-4567',
            email: 'Jose@Example.com',
            idDocType: 'national_id',
            idDocNumber: '8-123-4567',
            tags: ['vip'],
            notes: 'Prefiere efectivo',
          },
          manager,
        ),
      { table: 'customers', key: 'id', userId: t.userOf(manager), action: 'create' },
    );
    expect(changes).toContainEqual({ field: 'phone', old: null, new: '+50761234567' });
    expect(changes).toContainEqual({ field: 'phone_raw', old: null, new: '6123-4567' });
    expect(changes).toContainEqual({ field: 'email', old: null, new: 'jose@example.com' });
    expect(changes).toContainEqual({ field: 'created_by', old: null, new: t.userOf(manager) });
    // Derived columns are rebuilt on every device, never synced or audited.
    expect(changes.map((c) => c.field)).not.toContain('search_text');
    expect(changes.map((c) => c.field)).not.toContain('sort_name');
    expect(changes.map((c) => c.field)).not.toContain('id');
  });

  it('customers.quickAdd names the user who made it', async () => {
    const { audit } = await expectOneTrackedChange(
      () => must('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' }, cashier),
      { table: 'customers', key: 'id', userId: t.userOf(cashier), action: 'create' },
    );
    expect(row('customers', 'id', audit.entity_id)).toMatchObject({
      created_by: t.userOf(cashier),
      updated_by: t.userOf(cashier),
    });
  });

  it('customers.update: only the changed fields, plus updated_at/updated_by, with old and new values', async () => {
    const c = await must<Customer>('customers.quickAdd', { firstName: 'Ana', email: 'ana@example.com' });
    t.tick(60_000);
    const { changes, added } = await expectOneTrackedChange(
      () =>
        must(
          'customers.update',
          { id: c.id, patch: { lastName: 'Pérez', email: 'ANA.P@example.com', firstName: 'Ana' } },
          manager,
        ),
      { table: 'customers', key: 'id', userId: t.userOf(manager), action: 'update', stampFields: ['updated_at', 'updated_by'] },
    );
    expect(changes).toEqual([
      { field: 'last_name', old: null, new: 'Pérez' },
      { field: 'email', old: 'ana@example.com', new: 'ana.p@example.com' },
    ]);
    expect(added.find((o) => o.field === 'updated_at')?.value).toBe(JSON.stringify('2026-11-24T15:01:00.000Z'));
    expect(added.find((o) => o.field === 'updated_by')?.value).toBe(JSON.stringify(t.userOf(manager)));
  });

  it('settings.update: created on first save, then updated, each once', async () => {
    await expectOneTrackedChange(() => must('settings.update', { storeName: 'Super Mini Chorrera' }), {
      table: 'settings',
      key: 'key',
      userId: t.adminId(),
      action: 'create',
    });
    const { changes } = await expectOneTrackedChange(() => must('settings.update', { country: 'CO', currency: 'COP' }), {
      table: 'settings',
      key: 'key',
      userId: t.adminId(),
      action: 'update',
    });
    expect(changes).toHaveLength(1);
    expect(JSON.parse(changes[0]?.new as string)).toMatchObject({
      storeName: 'Super Mini Chorrera',
      country: 'CO',
      currency: 'COP',
    });
  });

  it('stamps keep increasing when the wall clock jumps back between mutations', async () => {
    const c = await must<Customer>('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    t.setNow(TEST_START - 3_600_000);
    await expectOneTrackedChange(() => must('customers.update', { id: c.id, patch: { lastName: 'Ríos' } }), {
      table: 'customers',
      key: 'id',
      userId: t.adminId(),
      action: 'update',
      stampFields: ['updated_at', 'updated_by'],
    });
    t.setNow(TEST_START - 7_200_000);
    await expectOneTrackedChange(() => must('settings.update', { storeName: 'Otra' }), {
      table: 'settings',
      key: 'key',
      userId: t.adminId(),
      action: 'create',
    });
  });

  it('an update that changes nothing writes no audit row, no operation and keeps updatedAt', async () => {
    const c = await must<Customer>('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567', email: 'ana@example.com' });
    const before = t.fingerprint();
    const stamp = t.app.writes.lastStamp;
    t.tick(60_000);
    const same = await must<Customer>('customers.update', {
      id: c.id,
      patch: { firstName: ' Ana ', phone: '6123-4567', email: 'ANA@example.com', tags: [] },
    });
    expect(t.fingerprint()).toBe(before);
    expect(same.updatedAt).toBe(c.updatedAt);
    expect(t.app.writes.lastStamp).toBe(stamp);
    await must('settings.update', { storeName: 'Clientela Centro' });
    const settingsBefore = t.fingerprint();
    await must('settings.update', { storeName: 'Clientela Centro' });
    expect(t.fingerprint()).toBe(settingsBefore);
  });

  it('a stale search index is repaired by a save that changes nothing, without a history entry or a new updatedAt', async () => {
    const c = await must<Customer>('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    // As an older version would have left it: an index that no longer knows her name.
    t.app.sql.db.prepare("UPDATE customers SET search_text = 'stale' WHERE id = ?").run(c.id);
    expect((await must<CustomerSearchResult>('customers.search', { query: 'ana' })).total).toBe(0);
    const counts = t.counts();
    t.tick(60_000);
    const saved = await must<Customer>('customers.update', { id: c.id, patch: { firstName: 'Ana' } });
    expect((await must<CustomerSearchResult>('customers.search', { query: 'ana' })).total).toBe(1);
    expect(saved.updatedAt).toBe(c.updatedAt);
    expect(t.counts()).toEqual(counts);
  });

  it('a transaction that throws midway leaves customers, audit, outbox and the clock as they were', async () => {
    await must('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const before = t.fingerprint();
    const stamp = t.app.writes.lastStamp;
    const events: string[] = [];
    t.app.events.onAny((event) => events.push(event));
    const actor = { userId: 'owner', deviceId: t.app.deviceId };
    t.tick();
    expect(() =>
      t.app.writes.write(actor, (tx) => {
        tx.insert('customers', {
          id: newId(),
          first_name: 'Fantasma',
          membership_code: '2900000000019',
          created_at: tx.timestamp,
          updated_at: tx.timestamp,
          created_by: 'owner',
          updated_by: 'owner',
          search_text: 'fantasma',
          sort_name: 'fantasma',
        });
        tx.insert('settings', { key: 'half-done', value: '"x"' });
        throw new Error('power cut');
      }),
    ).toThrow('power cut');
    expect(t.fingerprint()).toBe(before);
    expect(t.app.writes.lastStamp).toBe(stamp);
    expect(events).toEqual([]);
    expect((await must<CustomerSearchResult>('customers.search', { query: 'fantasma' })).total).toBe(0);
    // The next write carries on from the committed clock, not from the stamps the rollback used.
    const opsBefore = ops().length;
    await must('customers.quickAdd', { firstName: 'Beto', email: 'beto@example.com' });
    expect(ops()[opsBefore]?.hlc).toBe(formatHlc(tickHlc(parseHlc(stamp), TEST_START + 1000)));
  });

  it('a batch with one invalid customer writes none of them', () => {
    const before = t.fingerprint();
    const actor = { userId: 'owner', deviceId: t.app.deviceId };
    expect(() =>
      t.app.customers.createMany(actor, [
        { input: { firstName: 'Ok', email: 'ok@example.com' } },
        { input: { firstName: 'Bad', phone: '12' } },
      ]),
    ).toThrow();
    expect(t.fingerprint()).toBe(before);
  });

  it('pushes customers.changed and the new outbox count after a commit, not after a rollback', async () => {
    const events: [string, unknown][] = [];
    t.app.events.onAny((event, payload) => events.push([event, payload]));
    const c = await must<Customer>('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    expect(events).toEqual([
      ['customers.changed', { ids: [c.id] }],
      ['sync.status', { configured: false, online: false, pending: ops().length }],
    ]);
    events.length = 0;
    await t.app.call('customers.quickAdd', { firstName: 'Ana', phone: '12' });
    expect(events).toEqual([]);
  });
});

describe('push events after a commit', () => {
  it('a window that fails to take an event does not turn a saved change into an error, nor starve the others', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    t.app.events.on('customers.changed', () => {
      throw new Error('Object has been destroyed');
    });
    const received: string[] = [];
    t.app.events.onAny((event) => received.push(event));
    const result = await t.app.call('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    expect(result).toMatchObject({ ok: true, value: { firstName: 'Ana' } });
    expect(received).toEqual(['customers.changed', 'sync.status']);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('customers.changed'));
    // The list count was refreshed too: the new customer is listed.
    expect((await must<CustomerSearchResult>('customers.search', { query: '' })).total).toBe(1);
  });
});

describe('the clock across restarts', () => {
  it('stamps issued after reopening sort after those issued before, even if the wall clock went back', async () => {
    const dir = t.dir;
    await must('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const last = t.app.writes.lastStamp;
    const deviceId = t.app.deviceId;
    t.app.close();
    const reopened = openTempApp({ dir, now: TEST_START - 86_400_000 });
    try {
      expect(reopened.app.deviceId).toBe(deviceId);
      expect(reopened.app.writes.lastStamp).toBe(last);
      await ok(reopened.app, 'customers.quickAdd', { firstName: 'Beto', email: 'beto@example.com' });
      const stamps = reopened.app.sql.raw<{ hlc: string }>('SELECT hlc FROM outbox ORDER BY rowid').map((r) => r.hlc);
      for (let i = 1; i < stamps.length; i++) expect((stamps[i] as string) > (stamps[i - 1] as string)).toBe(true);
    } finally {
      reopened.close();
      // beforeEach's app is closed already; give afterEach one that closes cleanly.
      t = openTempApp();
    }
  });
});

describe('editing after the store moves country', () => {
  it('an untouched local phone stays valid and keeps what was typed', async () => {
    const c = await must<Customer>('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    await must('settings.update', { country: 'CO' });
    const edited = await must<Customer>('customers.update', { id: c.id, patch: { lastName: 'Ríos' } });
    expect(edited).toMatchObject({ lastName: 'Ríos', phone: '+50761234567', phoneRaw: '6123-4567' });
    const fields = JSON.parse(audits().at(-1)?.changes ?? '[]') as Change[];
    expect(fields.map((f) => f.field)).toEqual(['last_name']);
  });
});

describe('a disk with no room left', () => {
  /** Let the store grow by no page: SQLite then answers SQLITE_FULL, as on a full disk. */
  const fillDisk = () => {
    const pages = t.app.sql.db.pragma('page_count', { simple: true }) as number;
    t.app.sql.db.pragma(`max_page_count = ${pages}`);
  };
  const customers = () => t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM customers')[0]?.n;

  it('refuses a write saying the disk is full, and keeps nothing of it', async () => {
    fillDisk();
    let refused: { code: string; message: string } | undefined;
    // The pages there are may still have room for a few: write until one needs a new page.
    for (let i = 0; i < 200 && !refused; i++) {
      const before = customers();
      const result = await t.app.call('customers.quickAdd', { firstName: `Lleno ${i}`, phone: `6${3000000 + i}` });
      if (!result.ok) {
        refused = result.error;
        expect(customers()).toBe(before);
      }
    }
    expect(refused).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining('disk is full') });
    const outbox = t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM outbox')[0]?.n;
    t.app.sql.db.pragma('max_page_count = 1073741823');
    await ok(t.app, 'customers.quickAdd', { firstName: 'Con espacio', phone: '6999-1234' });
    expect(t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM outbox')[0]?.n).toBe((outbox ?? 0) + 1);
  });
});
