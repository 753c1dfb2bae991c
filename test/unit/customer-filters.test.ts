import type { CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import { storeMonth } from '../../db/customers/customer-filters';
import { ok, openTempApp, TEST_START, type TempApp } from '../helpers/temp-app';

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

  describe('on purchases', () => {
    const DAY = 86_400_000;
    /** A sale of `minor` for the customer, rung up `daysAgo` days before the frozen now. */
    const sale = async (customerId: string, minor: number, daysAgo: number) => {
      t.setNow(TEST_START - daysAgo * DAY);
      const product = await ok<{ id: string }>(t.app, 'products.save', {
        sku: `P-${minor}-${daysAgo}-${customerId.slice(-4)}`,
        barcode: null,
        name: 'Item',
        priceMinor: minor,
      });
      const order = await ok<{ id: string }>(t.app, 'checkout.complete', {
        lines: [{ productId: product.id, quantity: 1 }],
        customerId,
        paymentMethod: 'cash',
      });
      t.setNow(TEST_START);
      return order;
    };
    const beto = () =>
      t.app.customers.search({ query: 'beto', offset: 0, limit: 1, includeInactive: true, filters: {} }).items[0] as Customer;

    it('"no purchase in 90 days" keeps those who bought long ago or never, and drops a customer as soon as they buy', async () => {
      await sale(ana.id, 1000, 120);
      expect(await names({ noPurchase90Days: true })).toEqual(['Ana', 'Beto']);
      await sale(ana.id, 1000, 10);
      expect(await names({ noPurchase90Days: true })).toEqual(['Beto']);
      const result = await ok<CustomerSearchResult>(t.app, 'customers.search', {
        query: '',
        filters: { noPurchase90Days: true },
      });
      expect(result.total).toBe(1);
    });

    it('"top spenders" ranks by net spending over the last 12 months: refunds count against, older sales not at all', async () => {
      const anaSale = await sale(ana.id, 5000, 30);
      await sale(beto().id, 3000, 20);
      await sale(beto().id, 90_000, 400); // more than a year ago
      expect(await names({ topSpenders: true })).toEqual(['Ana', 'Beto']);
      await ok(t.app, 'orders.refund', { id: anaSale.id });
      expect(await names({ topSpenders: true })).toEqual(['Beto']);
      expect(await names({ topSpenders: true, hasPhone: true })).toEqual([]);
    });
  });
});

describe('list order', () => {
  const order = async (sort: string) =>
    (await ok<CustomerSearchResult>(t.app, 'customers.search', { query: '', sort, includeInactive: true })).items.map(
      (c) => c.firstName,
    );

  it('sorts by surname either way, or by when the customer was added, newest or oldest first', async () => {
    expect(await order('name')).toEqual(['Ana', 'Beto', 'Caro']);
    expect(await order('name_desc')).toEqual(['Caro', 'Beto', 'Ana']);
    expect(await order('newest')).toEqual(['Ana', 'Caro', 'Beto']);
    expect(await order('oldest')).toEqual(['Beto', 'Caro', 'Ana']);
  });

  it('pages through a sorted list without skipping or repeating anyone', async () => {
    const pages: (string | null)[] = [];
    for (let offset = 0; offset < 3; offset++) {
      const page = await ok<CustomerSearchResult>(t.app, 'customers.search', {
        query: '',
        sort: 'newest',
        includeInactive: true,
        offset,
        limit: 1,
      });
      pages.push(...page.items.map((c) => c.firstName));
    }
    expect(pages).toEqual(['Ana', 'Caro', 'Beto']);
  });

  it('refuses an unknown order with VALIDATION', async () => {
    expect(await t.app.call('customers.search', { query: '', sort: 'shoe_size' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { sort: 'invalid' } },
    });
  });
});
