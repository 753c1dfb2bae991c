import type { ConsentEvent } from '../../shared/customers/consent';
import type { Customer } from '../../shared/customers/customer';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';
import { fieldOps } from '../helpers/outbox';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

const log = (id: string) => ok<ConsentEvent[]>(t.app, 'customers.consentLog', { id });

describe('marketing consent', () => {
  it('starts off for both channels', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567', email: 'ana@example.com' });
    expect(c).toMatchObject({ smsConsent: false, emailConsent: false });
    expect(await log(c.id)).toEqual([]);
  });

  it('is logged with source, user and time whenever it changes', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    t.tick(60_000);
    const granted = await ok<Customer>(t.app, 'customers.setConsent', {
      id: c.id,
      channel: 'sms',
      granted: true,
      source: 'in_store',
    });
    expect(granted.smsConsent).toBe(true);
    t.tick(60_000);
    const cashier = await t.as('cashier');
    await t.app.call('customers.setConsent', { id: c.id, channel: 'sms', granted: false, source: 'customer_request' }, cashier);
    expect(await log(c.id)).toEqual([
      expect.objectContaining({
        channel: 'sms',
        granted: false,
        source: 'customer_request',
        userId: t.userOf(cashier),
        at: '2026-11-24T15:02:00.000Z',
      }),
      expect.objectContaining({
        channel: 'sms',
        granted: true,
        source: 'in_store',
        userId: t.adminId(),
        at: '2026-11-24T15:01:00.000Z',
      }),
    ]);
    expect((await ok<Customer>(t.app, 'customers.get', { id: c.id })).smsConsent).toBe(false);
  });

  it('SMS consent needs a phone and email consent an email: refused next to the field, nothing written', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', email: 'ana@example.com' });
    const before = t.counts();
    expect(
      await t.app.call('customers.setConsent', { id: c.id, channel: 'sms', granted: true, source: 'in_store' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { smsConsent: 'consent_needs_phone' } },
    });
    expect(t.counts()).toEqual(before);
    const d = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Beto', phone: '6987-1111' });
    expect(
      await t.app.call('customers.setConsent', { id: d.id, channel: 'email', granted: true, source: 'web_form' }),
    ).toMatchObject({
      ok: false,
      error: { fields: { emailConsent: 'consent_needs_email' } },
    });
  });

  it('setting the state it already has records nothing', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const before = t.counts();
    await ok(t.app, 'customers.setConsent', { id: c.id, channel: 'sms', granted: false, source: 'in_store' });
    expect(t.counts()).toEqual(before);
    expect(await log(c.id)).toEqual([]);
  });

  it('removing the phone withdraws SMS consent, and the log says the system did it', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567', email: 'ana@example.com' });
    await ok(t.app, 'customers.setConsent', { id: c.id, channel: 'sms', granted: true, source: 'written' });
    const edited = await ok<Customer>(t.app, 'customers.update', { id: c.id, patch: { phone: null } });
    expect(edited.smsConsent).toBe(false);
    expect((await log(c.id))[0]).toMatchObject({ channel: 'sms', granted: false, source: 'system' });
  });

  it('people cannot write "system" as the source', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    expect(await t.app.call('customers.setConsent', { id: c.id, channel: 'sms', granted: true, source: 'system' })).toMatchObject(
      {
        ok: false,
        error: { code: 'VALIDATION', fields: { source: 'invalid' } },
      },
    );
  });

  it('the log cannot be rewritten, even by SQL', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    await ok(t.app, 'customers.setConsent', { id: c.id, channel: 'sms', granted: true, source: 'in_store' });
    expect(() => t.app.sql.db.exec('UPDATE consent_events SET granted = 0')).toThrow(/append-only/);
    expect(() => t.app.sql.db.exec('DELETE FROM consent_events')).toThrow(/append-only/);
  });

  it('a consent change syncs: the event and the cached state both reach the outbox', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const before = t.app.writes.lastStamp;
    await ok(t.app, 'customers.setConsent', { id: c.id, channel: 'sms', granted: true, source: 'in_store' });
    const tables = fieldOps(t.app.sql, 'hlc > ?', before);
    expect(
      tables
        .filter((o) => o.table_name === 'consent_events')
        .map((o) => o.field)
        .sort(),
    ).toEqual(['at', 'channel', 'customer_id', 'device_id', 'granted', 'source', 'user_id'].sort());
    expect(tables.filter((o) => o.table_name === 'customers').map((o) => o.field)).toContain('sms_consent');
  });
});

describe('a customer asks for everything we hold about them', () => {
  it('the export holds the record, every consent event and the whole history', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567', email: 'ana@example.com' });
    await ok(t.app, 'customers.setConsent', { id: c.id, channel: 'email', granted: true, source: 'web_form' });
    await ok(t.app, 'customers.update', { id: c.id, patch: { notes: 'Alergia al maní' } });
    const data = await ok<{ format: string; customer: Customer; consentEvents: ConsentEvent[]; history: { action: string }[] }>(
      t.app,
      'customers.exportData',
      { id: c.id },
    );
    expect(data.format).toBe('clientela.customer-export.v1');
    expect(data.customer).toMatchObject({ email: 'ana@example.com', notes: 'Alergia al maní', emailConsent: true });
    expect(data.consentEvents).toEqual([expect.objectContaining({ channel: 'email', granted: true, source: 'web_form' })]);
    expect(data.history.map((h) => h.action)).toEqual(['update', 'update', 'create']);
  });

  it('only managers and admins may export', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    expect(await t.app.call('customers.exportData', { id: c.id }, await t.as('cashier'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
