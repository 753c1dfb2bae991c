import { openTempApp, ok, type TempApp } from '../helpers/temp-app';
import type { Customer } from '../../shared/customers/customer';

let t: TempApp;
beforeEach(() => {
  t = openTempApp();
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
}
const ops = () => t.app.sql.raw<Op>('SELECT * FROM outbox ORDER BY hlc');
const audits = () => t.app.sql.raw<Audit>('SELECT * FROM audit_log ORDER BY at, rowid');

describe('the write path: row, audit and outbox together', () => {
  it('a create writes one audit row naming user and device, and one operation per field set', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const [audit, ...more] = audits();
    expect(more).toEqual([]);
    expect(audit).toMatchObject({
      entity: 'customers',
      entity_id: c.id,
      action: 'create',
      user_id: 'owner',
      device_id: t.app.deviceId,
    });
    const changes = JSON.parse(audit?.changes ?? '[]') as { field: string; old: unknown; new: unknown }[];
    expect(changes).toContainEqual({ field: 'first_name', old: null, new: 'Ana' });
    expect(changes).toContainEqual({ field: 'phone', old: null, new: '+50761234567' });
    expect(changes.map((ch) => ch.field)).not.toContain('search_text');
    const fields = ops().map((o) => o.field);
    expect(new Set(fields).size).toBe(fields.length);
    expect(fields.sort()).toEqual(changes.map((ch) => ch.field).sort());
    expect(ops().every((o) => o.row_id === c.id && o.device_id === t.app.deviceId)).toBe(true);
  });

  it('an update lands each changed field in the outbox exactly once, with increasing clock stamps', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', email: 'ana@example.com' });
    const before = ops().length;
    t.tick();
    await ok(t.app, 'customers.update', { id: c.id, patch: { lastName: 'Pérez', email: 'ANA.P@example.com' } });
    const added = ops().slice(before);
    expect(added.map((o) => o.field).sort()).toEqual(['email', 'last_name', 'updated_at', 'updated_by'].sort());
    expect(added.find((o) => o.field === 'email')?.value).toBe(JSON.stringify('ana.p@example.com'));
    const all = ops().map((o) => o.hlc);
    expect([...all].sort()).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(ops().map((o) => o.op_id)).size).toBe(ops().length);
    const last = audits().at(-1);
    expect(last?.action).toBe('update');
    expect(JSON.parse(last?.changes ?? '[]')).toEqual([
      { field: 'last_name', old: null, new: 'Pérez' },
      { field: 'email', old: 'ana@example.com', new: 'ana.p@example.com' },
    ]);
  });

  it('an update that changes nothing writes no audit row and no operation', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const before = t.counts();
    const same = await ok<Customer>(t.app, 'customers.update', { id: c.id, patch: { firstName: 'Ana', phone: '6123-4567' } });
    expect(t.counts()).toEqual(before);
    expect(same.updatedAt).toBe(c.updatedAt);
  });

  it('a transaction that throws midway leaves rows, audit, outbox and the clock as they were', async () => {
    await ok(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const before = t.counts();
    const stamp = t.app.writes.lastStamp;
    const actor = { userId: 'owner', deviceId: t.app.deviceId };
    t.tick();
    expect(() =>
      t.app.writes.write(actor, (tx) => {
        tx.insert('settings', { key: 'half-done', value: '"x"' });
        throw new Error('power cut');
      }),
    ).toThrow('power cut');
    expect(t.counts()).toEqual(before);
    expect(t.app.writes.lastStamp).toBe(stamp);
  });

  it('a batch with one invalid customer writes none of them', () => {
    const before = t.counts();
    const actor = { userId: 'owner', deviceId: t.app.deviceId };
    expect(() =>
      t.app.customers.createMany(actor, [
        { input: { firstName: 'Ok', email: 'ok@example.com' } },
        { input: { firstName: 'Bad', phone: '12' } },
      ]),
    ).toThrow();
    expect(t.counts()).toEqual(before);
  });

  it('settings changes go through the same door', async () => {
    await ok(t.app, 'settings.update', { storeName: 'Super Mini Chorrera' });
    expect(audits().at(-1)).toMatchObject({ entity: 'settings', entity_id: 'store', action: 'create' });
    await ok(t.app, 'settings.update', { country: 'CO' });
    expect(JSON.parse(audits().at(-1)?.changes ?? '[]')[0].field).toBe('value');
    expect(ops().filter((o) => o.table_name === 'settings')).toHaveLength(2);
  });

  it('pushes customers.changed and the new outbox count after a commit, not after a rollback', async () => {
    const events: string[] = [];
    t.app.events.onAny((event) => events.push(event));
    await ok(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    expect(events).toEqual(['customers.changed', 'sync.status']);
    events.length = 0;
    await t.app.call('customers.quickAdd', { firstName: 'Ana', phone: '12' });
    expect(events).toEqual([]);
  });
});

describe('editing after the store moves country', () => {
  it('an untouched local phone stays valid and keeps what was typed', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    await ok(t.app, 'settings.update', { country: 'CO' });
    const edited = await ok<Customer>(t.app, 'customers.update', { id: c.id, patch: { lastName: 'Ríos' } });
    expect(edited).toMatchObject({ lastName: 'Ríos', phone: '+50761234567', phoneRaw: '6123-4567' });
    const fields = JSON.parse(
      t.app.sql.raw<{ changes: string }>('SELECT changes FROM audit_log ORDER BY rowid DESC LIMIT 1')[0]?.changes ?? '[]',
    );
    expect(fields.map((f: { field: string }) => f.field)).toEqual(['last_name']);
  });
});
