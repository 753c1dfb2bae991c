import type { CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import { storeMonth } from '../../db/customers/customer-filters';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
let ana: Customer;
beforeEach(async () => {
  t = openTempApp(); // frozen at 2026-11-24T15:00Z
  const actor = { userId: 'owner', deviceId: t.app.deviceId };
  [ana] = t.app.customers
    .createMany(actor, [
      {
        input: { firstName: 'Ana', lastName: 'Arias', phone: '6123-4567', dateOfBirth: '1990-11-03', tags: ['delivery'] },
        createdAt: '2026-11-02T12:00:00.000Z',
      },
      {
        input: { firstName: 'Beto', lastName: 'Barrios', email: 'beto@example.com', dateOfBirth: '1985-02-10' },
        createdAt: '2025-01-01T00:00:00.000Z',
      },
      {
        input: {
          firstName: 'Caro',
          lastName: 'Castro',
          phone: '6987-1111',
          email: 'caro@example.com',
          tags: ['Delivery', 'vip'],
        },
        status: 'inactive',
        createdAt: '2026-10-31T23:00:00.000Z',
      },
    ])
    .map((id) => t.app.customers.get(id)) as [Customer];
  await ok(t.app, 'customers.setConsent', { id: ana.id, channel: 'sms', granted: true, source: 'in_store' });
});
afterEach(() => t.close());

const names = async (filters: Record<string, unknown>, query = '', includeInactive = false) =>
  (await ok<CustomerSearchResult>(t.app, 'customers.search', { query, filters, includeInactive })).items.map((c) => c.firstName);

describe('list filters', () => {
  it.each([
    [{ hasPhone: true }, ['Ana']],
    [{ hasPhone: false }, ['Beto']],
    [{ hasEmail: true }, ['Beto']],
    [{ smsConsent: true }, ['Ana']],
    [{ smsConsent: false }, ['Beto']],
    [{ emailConsent: true }, []],
    [{ birthdayThisMonth: true }, ['Ana']],
    [{ newThisMonth: true }, ['Ana']],
    [{ tag: 'DELIVERY' }, ['Ana']],
    [{ status: 'inactive' }, ['Caro']],
    [{ status: 'active', hasPhone: true, smsConsent: true }, ['Ana']],
  ])('%j shows %j', async (filters, expected) => {
    expect(await names(filters)).toEqual(expected);
  });

  it('combine with the search and with "show inactive", and the count follows', async () => {
    expect(await names({ tag: 'delivery' }, '', true)).toEqual(['Ana', 'Caro']);
    expect(await names({ hasPhone: true }, 'c', true)).toEqual(['Caro']);
    const result = await ok<CustomerSearchResult>(t.app, 'customers.search', {
      query: '',
      filters: { hasEmail: true },
      includeInactive: true,
    });
    expect(result.total).toBe(2);
  });

  it('"new this month" counts from the first instant of the month in the store time zone', () => {
    // Panama is UTC-5 all year: November starts at 05:00 UTC.
    expect(storeMonth(Date.parse('2026-11-24T15:00:00Z'), 'America/Panama')).toEqual({
      month: '11',
      startUtc: '2026-11-01T05:00:00.000Z',
    });
    // 02:00 UTC on 1 December is still 30 November in Panama.
    expect(storeMonth(Date.parse('2026-12-01T02:00:00Z'), 'America/Panama').month).toBe('11');
  });

  it('refuses unknown or malformed filters with VALIDATION', async () => {
    for (const filters of [
      { shoeSize: 44 },
      { hasPhone: 'yes' },
      { groupId: 'x' },
      { status: 'gone' },
      { birthdayThisMonth: false },
    ]) {
      expect(await t.app.call('customers.search', { query: '', filters })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
    }
  });

  it('a filtered count is recounted after a change', async () => {
    expect(await names({ hasEmail: true })).toEqual(['Beto']);
    await ok(t.app, 'customers.update', { id: ana.id, patch: { email: 'ana@example.com' } });
    const result = await ok<CustomerSearchResult>(t.app, 'customers.search', { query: '', filters: { hasEmail: true } });
    expect(result.total).toBe(2);
  });
});
