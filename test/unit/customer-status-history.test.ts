import type { CustomerHistory, CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
let ana: Customer;
beforeEach(async () => {
  t = openTempApp();
  ana = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', lastName: 'Pérez', phone: '6123-4567' });
});
afterEach(() => t.close());

const search = (query: string, includeInactive = false) =>
  ok<CustomerSearchResult>(t.app, 'customers.search', { query, includeInactive });

describe('deactivate and reactivate', () => {
  it('a deactivated customer keeps the record, leaves default search, and comes back when reactivated', async () => {
    t.tick();
    const off = await ok<Customer>(t.app, 'customers.deactivate', { id: ana.id });
    expect(off.status).toBe('inactive');
    expect((await search('ana')).total).toBe(0);
    expect((await search('ana', true)).items[0]?.id).toBe(ana.id);
    expect((await ok<Customer>(t.app, 'customers.get', { id: ana.id })).firstName).toBe('Ana');
    const on = await ok<Customer>(t.app, 'customers.reactivate', { id: ana.id });
    expect(on.status).toBe('active');
    expect((await search('ana')).total).toBe(1);
  });

  it('deactivating twice records one change', async () => {
    await ok(t.app, 'customers.deactivate', { id: ana.id });
    const before = t.counts();
    await ok(t.app, 'customers.deactivate', { id: ana.id });
    expect(t.counts()).toEqual(before);
  });

  it('a cashier may not deactivate; a manager may', async () => {
    const cashier = await t.app.call('customers.deactivate', { id: ana.id }, await t.as('cashier'));
    expect(cashier).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await ok<Customer>(t.app, 'customers.get', { id: ana.id })).status).toBe('active');
    const manager = await t.app.call('customers.deactivate', { id: ana.id }, await t.as('manager'));
    expect(manager.ok).toBe(true);
  });

  it('an unknown customer is NOT_FOUND', async () => {
    const result = await t.app.call('customers.deactivate', { id: '018f0000-0000-7000-8000-000000000000' });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('history of changes', () => {
  it('shows who changed what and when, newest first, field by field', async () => {
    t.tick(60_000);
    await ok(t.app, 'customers.update', { id: ana.id, patch: { email: 'ana@example.com', lastName: 'Pérez Ríos' } });
    t.tick(60_000);
    const manager = await t.as('manager');
    await t.app.call('customers.deactivate', { id: ana.id }, manager);
    const history = await ok<CustomerHistory>(t.app, 'customers.history', { id: ana.id });
    expect(history.map((h) => [h.action, h.userId])).toEqual([
      ['update', t.userOf(manager)],
      ['update', t.adminId()],
      ['create', t.adminId()],
    ]);
    expect(history[0]?.changes).toEqual([{ field: 'status', old: 'active', new: 'inactive' }]);
    expect(history[1]?.changes).toEqual([
      { field: 'lastName', old: 'Pérez', new: 'Pérez Ríos' },
      { field: 'email', old: null, new: 'ana@example.com' },
    ]);
    expect(history[1]?.at).toBe('2026-11-24T15:01:00.000Z');
  });

  it('a refused edit leaves no trace in the history', async () => {
    await t.app.call('customers.update', { id: ana.id, patch: { phone: '12' } });
    expect(await ok<CustomerHistory>(t.app, 'customers.history', { id: ana.id })).toHaveLength(1);
  });
});

describe('asking about a customer that does not exist', () => {
  it.each(['customers.get', 'customers.history', 'customers.consentLog', 'customers.approve', 'customers.reactivate'])(
    '%s answers NOT_FOUND',
    async (channel) => {
      const result = await t.app.call(channel, { id: '018f0000-0000-7000-8000-000000000000' });
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    },
  );
});
