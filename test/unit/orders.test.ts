import fc from 'fast-check';
import type { CustomerInsights, LoyaltyAccount, Order, Purchases } from '../../shared/checkout/order';
import type { Product } from '../../shared/checkout/product';
import type { Customer } from '../../shared/customers/customer';
import type { ErrorData } from '../../shared/errors';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
let coffee: Product;
let bread: Product;
let ana: Customer;
beforeEach(async () => {
  t = openTempApp();
  coffee = await ok<Product>(t.app, 'products.save', {
    sku: 'CAFE-1',
    barcode: '7451234567895',
    name: 'Café molido 1 lb',
    priceMinor: 450,
  });
  bread = await ok<Product>(t.app, 'products.save', {
    sku: 'PAN-1',
    barcode: '7450000000017',
    name: 'Pan de molde',
    priceMinor: 275,
  });
  ana = await ok<Customer>(t.app, 'customers.create', { firstName: 'Ana', lastName: 'Pérez', phone: '6123-4567' });
});
afterEach(() => t.close());

const UNKNOWN_ID = '018f0000-0000-7000-8000-000000000000';
const DAY = 86_400_000;

async function refused(channel: string, input: unknown, session?: Parameters<TempApp['app']['call']>[2]): Promise<ErrorData> {
  const before = t.fingerprint();
  const result = await t.app.call(channel, input, session);
  if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  expect(t.fingerprint()).toBe(before);
  return result.error;
}

const sell = (input: Record<string, unknown>) => ok<Order>(t.app, 'checkout.complete', { paymentMethod: 'cash', ...input });
const refund = (input: Record<string, unknown>) => ok<Order>(t.app, 'orders.refund', input);
const balance = async (id = ana.id) => (await ok<Customer>(t.app, 'customers.get', { id })).loyaltyBalance;

describe('refunds', () => {
  it('a whole sale comes back as a refund row pointing at it, for exactly what was paid', async () => {
    const sale = await sell({
      customerId: ana.id,
      lines: [
        { productId: coffee.id, quantity: 2 },
        { productId: bread.id, quantity: 1 },
      ],
    });
    const back = await refund({ id: sale.id, reason: 'Producto vencido' });
    expect(back).toMatchObject({
      kind: 'refund',
      refundOfId: sale.id,
      refundOfNumber: sale.number,
      totalMinor: 1175,
      customerId: ana.id,
    });
    expect(back.lines.map((l) => [l.refundOfLineId, l.quantity, l.totalMinor])).toEqual([
      [sale.lines[0]?.id, 2, 900],
      [sale.lines[1]?.id, 1, 275],
    ]);
    const after = await ok<Order>(t.app, 'orders.get', { id: sale.id });
    expect(after.refunds).toEqual([{ id: back.id, number: back.number, totalMinor: 1175, createdAt: back.createdAt }]);
    expect(after.lines.map((l) => l.refundedQuantity)).toEqual([2, 1]);
    expect(after.totalMinor).toBe(1175);
  });

  it('some units of some lines; never more than was sold, in one refund or several', async () => {
    const sale = await sell({
      lines: [
        { productId: coffee.id, quantity: 3 },
        { productId: bread.id, quantity: 1 },
      ],
    });
    const coffeeLine = sale.lines[0]?.id as string;
    const first = await refund({ id: sale.id, lines: [{ lineId: coffeeLine, quantity: 2 }] });
    expect(first.totalMinor).toBe(900);
    expect((await refused('orders.refund', { id: sale.id, lines: [{ lineId: coffeeLine, quantity: 2 }] })).fields).toEqual({
      'lines.0.quantity': 'exceeds_sold',
    });
    const rest = await refund({ id: sale.id });
    expect(rest.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['CAFE-1', 1],
      ['PAN-1', 1],
    ]);
    expect((await refused('orders.refund', { id: sale.id })).fields).toEqual({ lines: 'nothing_to_refund' });
    expect((await refused('orders.refund', { id: rest.id })).fields).toEqual({ id: 'refund_a_refund' });
    expect((await refused('orders.refund', { id: sale.id, lines: [{ lineId: UNKNOWN_ID, quantity: 1 }] })).fields).toEqual({
      'lines.0.lineId': 'unknown_line',
    });
    expect((await refused('orders.refund', { id: UNKNOWN_ID })).code).toBe('NOT_FOUND');
  });

  it('a discounted line refunded one unit at a time gives back exactly its total', async () => {
    await ok(t.app, 'groups.save', { name: 'VIP', description: null, requiresApproval: false, discountPercent: 7 });
    const vip = await ok<Customer>(t.app, 'customers.create', {
      firstName: 'Vera',
      email: 'vera@example.com',
      groupId: (await ok<{ id: string }[]>(t.app, 'groups.list', {}))[0]?.id,
    });
    const sale = await sell({ customerId: vip.id, lines: [{ productId: bread.id, quantity: 3 }] });
    const line = sale.lines[0]?.id as string;
    let back = 0;
    for (let i = 0; i < 3; i++) back += (await refund({ id: sale.id, lines: [{ lineId: line, quantity: 1 }] })).totalMinor;
    expect(back).toBe(sale.totalMinor);
  });

  it('a sale is found by the number on its receipt, in any case', async () => {
    const sale = await sell({ lines: [{ productId: coffee.id, quantity: 1 }] });
    expect((await ok<Order>(t.app, 'orders.find', { number: ` ${sale.number.toLowerCase()} ` })).id).toBe(sale.id);
    expect(await refused('orders.find', { number: 'ZZZZ-999999' })).toMatchObject({
      code: 'NOT_FOUND',
      fields: { number: 'order_not_found' },
    });
  });

  it('a cashier may not refund', async () => {
    const sale = await sell({ lines: [{ productId: coffee.id, quantity: 1 }] });
    expect((await refused('orders.refund', { id: sale.id }, await t.as('cashier'))).code).toBe('FORBIDDEN');
  });
});

describe('loyalty', () => {
  it('a refund reverses the points the sale earned, and gives back points it redeemed', async () => {
    await ok(t.app, 'settings.update', { loyaltyPointValueMinor: 10 });
    await ok(t.app, 'loyalty.adjust', { customerId: ana.id, points: 50, reason: 'Bienvenida' });
    const sale = await sell({ customerId: ana.id, redeemPoints: 20, lines: [{ productId: coffee.id, quantity: 2 }] });
    // $9.00 - 20 points x 10 c = $7.00 paid: 7 points earned.
    expect(sale).toMatchObject({ redeemMinor: 200, totalMinor: 700, pointsEarned: 7, pointsRedeemed: 20 });
    expect(await balance()).toBe(50 - 20 + 7);
    const half = await refund({ id: sale.id, lines: [{ lineId: sale.lines[0]?.id, quantity: 1 }] });
    // Half the value back: floor(7 / 2) = 3 points reversed (rounding favours the customer), 10 of 20 restored.
    expect(half).toMatchObject({ totalMinor: 350, pointsEarned: -3, pointsRedeemed: -10 });
    expect(await balance()).toBe(37 - 3 + 10);
    await refund({ id: sale.id });
    expect(await balance()).toBe(50);
  });

  it('a reversal never takes the balance below zero', async () => {
    const sale = await sell({ customerId: ana.id, lines: [{ productId: coffee.id, quantity: 10 }] }); // 45 points
    await ok(t.app, 'loyalty.adjust', { customerId: ana.id, points: -40, reason: 'Canje de regalo' });
    await refund({ id: sale.id });
    expect(await balance()).toBe(0);
    const account = await ok<LoyaltyAccount>(t.app, 'customers.loyalty', { id: ana.id });
    expect(account.entries.map((e) => [e.kind, e.points])).toEqual([
      ['earn_reversal', -5],
      ['adjust', -40],
      ['earn', 45],
    ]);
  });

  it('a manager adjusts with a reason; no reason, zero, or below zero is refused next to the field', async () => {
    expect((await refused('loyalty.adjust', { customerId: ana.id, points: 10, reason: '  ' })).fields).toEqual({
      reason: 'required',
    });
    expect((await refused('loyalty.adjust', { customerId: ana.id, points: 0, reason: 'x' })).fields).toEqual({
      points: 'not_zero',
    });
    expect((await refused('loyalty.adjust', { customerId: ana.id, points: -1, reason: 'x' })).fields).toEqual({
      points: 'balance_negative',
    });
    expect((await refused('loyalty.adjust', { customerId: ana.id, points: 5, reason: 'x' }, await t.as('cashier'))).code).toBe(
      'FORBIDDEN',
    );
    const account = await ok<LoyaltyAccount>(t.app, 'loyalty.adjust', {
      customerId: ana.id,
      points: 15,
      reason: ' Error de caja ',
    });
    expect(account).toMatchObject({
      balance: 15,
      entries: [{ kind: 'adjust', points: 15, reason: 'Error de caja', userId: t.adminId() }],
    });
  });

  it('the balance is always the sum of the ledger and never negative, whatever happens (property)', async () => {
    await ok(t.app, 'settings.update', { loyaltyPointValueMinor: 5 });
    const step = fc.oneof(
      fc.record({
        op: fc.constant('sell' as const),
        qty: fc.integer({ min: 1, max: 5 }),
        redeem: fc.integer({ min: 0, max: 120 }),
      }),
      fc.record({ op: fc.constant('refund' as const), pick: fc.nat(), qty: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ op: fc.constant('adjust' as const), points: fc.integer({ min: -60, max: 60 }).filter((n) => n !== 0) }),
    );
    const sales: Order[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        for (const s of steps) {
          if (s.op === 'sell') {
            const r = await t.app.call('checkout.complete', {
              customerId: ana.id,
              paymentMethod: 'card',
              redeemPoints: s.redeem,
              lines: [{ productId: coffee.id, quantity: s.qty }],
            });
            if (r.ok) sales.push(r.value as Order);
          } else if (s.op === 'refund' && sales.length > 0) {
            const sale = sales[s.pick % sales.length] as Order;
            await t.app.call('orders.refund', { id: sale.id, lines: [{ lineId: sale.lines[0]?.id, quantity: s.qty }] });
          } else if (s.op === 'adjust') {
            await t.app.call('loyalty.adjust', { customerId: ana.id, points: s.points, reason: 'prueba' });
          }
          const [sum] = t.app.sql.raw<{ s: number }>(
            'SELECT coalesce(sum(points), 0) AS s FROM loyalty_entries WHERE customer_id = ?',
            ana.id,
          );
          const shown = await balance();
          expect(shown).toBe(sum?.s);
          expect(shown).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 25 },
    );
    // Every fully refunded sale has moved no points overall unless the balance could not pay them back.
    expect(t.app.sql.raw('SELECT 1 FROM loyalty_entries WHERE points = 0')).toEqual([]);
  });
});

describe('assigning a customer after the sale', () => {
  it('attaches them once, audited, and earns the points the sale merits', async () => {
    const sale = await sell({ lines: [{ productId: coffee.id, quantity: 3 }] });
    const assigned = await ok<Order>(t.app, 'orders.assignCustomer', { id: sale.id, customerId: ana.id });
    expect(assigned).toMatchObject({ customerId: ana.id, customer: { id: ana.id, firstName: 'Ana' }, pointsEarned: 13 });
    expect(await balance()).toBe(13);
    const [audit] = t.app.sql.raw<{ action: string; changes: string; user_id: string }>(
      "SELECT action, changes, user_id FROM audit_log WHERE entity = 'orders' AND entity_id = ? AND action = 'update'",
      sale.id,
    );
    expect(audit).toMatchObject({ action: 'update', user_id: t.adminId() });
    expect(JSON.parse(audit?.changes ?? '[]')).toEqual([{ field: 'customer_id', old: null, new: ana.id }]);
    const other = await ok<Customer>(t.app, 'customers.create', { firstName: 'Beto', email: 'beto@example.com' });
    expect(await refused('orders.assignCustomer', { id: sale.id, customerId: other.id })).toMatchObject({ code: 'CONFLICT' });
  });

  it('carries the customer to the refunds made before, and earns only on what was kept', async () => {
    const sale = await sell({ lines: [{ productId: coffee.id, quantity: 2 }] });
    const back = await refund({ id: sale.id, lines: [{ lineId: sale.lines[0]?.id, quantity: 1 }] });
    await ok(t.app, 'orders.assignCustomer', { id: sale.id, customerId: ana.id });
    expect((await ok<Order>(t.app, 'orders.get', { id: back.id })).customerId).toBe(ana.id);
    // 9 points for $9.00, less floor(9 / 2) for the half refunded.
    expect(await balance()).toBe(5);
    expect((await refused('orders.assignCustomer', { id: back.id, customerId: ana.id })).fields).toEqual({
      id: 'assign_the_sale',
    });
  });
});

describe('deleting a customer', () => {
  it('only an admin, and only one without purchases; otherwise HAS_PURCHASES', async () => {
    await sell({ customerId: ana.id, lines: [{ productId: bread.id, quantity: 1 }] });
    expect((await refused('customers.delete', { id: ana.id })).code).toBe('HAS_PURCHASES');
    const beto = await ok<Customer>(t.app, 'customers.create', { firstName: 'Beto', email: 'beto@example.com' });
    expect((await refused('customers.delete', { id: beto.id }, await t.as('manager'))).code).toBe('FORBIDDEN');
    await ok(t.app, 'loyalty.adjust', { customerId: beto.id, points: 5, reason: 'Regalo' });
    expect((await refused('customers.delete', { id: beto.id })).code).toBe('HAS_PURCHASES');
  });

  it('erases the record and its consent log; the audit keeps who and when, not what', async () => {
    const caro = await ok<Customer>(t.app, 'customers.create', { firstName: 'Caro', phone: '6987-1111' });
    await ok(t.app, 'customers.setConsent', { id: caro.id, channel: 'sms', granted: true, source: 'in_store' });
    expect(await ok(t.app, 'customers.delete', { id: caro.id })).toEqual({ deleted: true });
    expect((await refused('customers.get', { id: caro.id })).code).toBe('NOT_FOUND');
    expect(t.app.sql.raw('SELECT id FROM consent_events WHERE customer_id = ?', caro.id)).toEqual([]);
    const audit = t.app.sql.raw<{ action: string; changes: string }>(
      "SELECT action, changes FROM audit_log WHERE entity = 'customers' AND entity_id = ? ORDER BY rowid",
      caro.id,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    const text = audit.map((a) => a.changes).join();
    expect(text).not.toContain('Caro');
    expect(text).not.toContain('+50769871111');
    expect(text).toContain('[erased]');
    expect(t.app.sql.db.pragma('foreign_key_check')).toEqual([]);
    // Ana, untouched, is still there.
    expect((await ok<Customer>(t.app, 'customers.get', { id: ana.id })).firstName).toBe('Ana');
  });
});

describe('purchase history and insights', () => {
  async function history() {
    // Four sales 10, 20 and 40 days apart, one refunded in part.
    const at = [0, 10, 30, 70];
    const orders: Order[] = [];
    for (const [i, day] of at.entries()) {
      t.setNow(Date.parse('2026-01-05T15:00:00.000Z') + day * DAY);
      orders.push(await sell({ customerId: ana.id, lines: [{ productId: i % 2 ? bread.id : coffee.id, quantity: i + 1 }] }));
    }
    t.setNow(Date.parse('2026-03-20T15:00:00.000Z'));
    await refund({ id: orders[2]?.id, lines: [{ lineId: orders[2]?.lines[0]?.id, quantity: 1 }] });
    return orders;
  }

  it('computes the figures from the orders', async () => {
    await history();
    const insights = await ok<CustomerInsights>(t.app, 'customers.insights', { id: ana.id });
    // 450 + 2x275 + 3x450 + 4x275 = 3450; refund 450.
    expect(insights).toMatchObject({
      currency: 'USD',
      totalSpentMinor: 3000,
      refundedMinor: 450,
      orderCount: 4,
      refundCount: 1,
      averageOrderMinor: 750,
      firstPurchaseAt: '2026-01-05T15:00:00.000Z',
      lastPurchaseAt: '2026-03-16T15:00:00.000Z',
      medianDaysBetweenOrders: 20,
    });
    // Seen within a year: 3000 + 750 x 365 / 20.
    expect(insights.lifetimeValueMinor).toBe(3000 + Math.round(750 * (365 / 20)));
    expect(insights.favouriteProducts.map((p) => [p.name, p.quantity])).toEqual([
      ['Pan de molde', 6],
      ['Café molido 1 lb', 3],
    ]);
    expect(insights.monthly).toEqual([
      { month: '2026-01', spentMinor: 450 + 550, orders: 2 },
      { month: '2026-02', spentMinor: 1350, orders: 1 },
      { month: '2026-03', spentMinor: 1100 - 450, orders: 1 },
    ]);
    expect(insights.loyaltyBalance).toBe(await balance());
  });

  it("a merged customer's figures count both records' orders, in the order they happened", async () => {
    const bea = await ok<Customer>(t.app, 'customers.create', { firstName: 'Bea', lastName: 'Pérez', phone: '6555-0101' });
    // Ana buys on days 0 and 10, Bea on days 5 and 15: together, one purchase every 5 days.
    for (const [who, day] of [
      [ana, 0],
      [bea, 5],
      [ana, 10],
      [bea, 15],
    ] as const) {
      t.setNow(Date.parse('2026-01-05T15:00:00.000Z') + day * DAY);
      await sell({ customerId: who.id, lines: [{ productId: bread.id, quantity: 1 }] });
    }
    await ok<Customer>(t.app, 'customers.merge', { winnerId: ana.id, loserId: bea.id });
    const insights = await ok<CustomerInsights>(t.app, 'customers.insights', { id: ana.id });
    expect(insights).toMatchObject({
      orderCount: 4,
      totalSpentMinor: 4 * 275,
      firstPurchaseAt: '2026-01-05T15:00:00.000Z',
      lastPurchaseAt: '2026-01-20T15:00:00.000Z',
      medianDaysBetweenOrders: 5,
    });
    expect(insights.favouriteProducts.map((p) => [p.name, p.quantity])).toEqual([['Pan de molde', 4]]);
  });

  it('a favourite product shows the name it was last sold under', async () => {
    await sell({ customerId: ana.id, lines: [{ productId: coffee.id, quantity: 2 }] });
    await ok<Product>(t.app, 'products.save', { id: coffee.id, sku: 'CAFE-1', name: 'Café molido 454 g', priceMinor: 450 });
    await sell({ customerId: ana.id, lines: [{ productId: coffee.id, quantity: 1 }] });
    const insights = await ok<CustomerInsights>(t.app, 'customers.insights', { id: ana.id });
    expect(insights.favouriteProducts).toEqual([
      { productId: coffee.id, name: 'Café molido 454 g', quantity: 3, spentMinor: 1350 },
    ]);
  });

  it('a customer without orders has empty figures', async () => {
    const insights = await ok<CustomerInsights>(t.app, 'customers.insights', { id: ana.id });
    expect(insights).toMatchObject({
      totalSpentMinor: 0,
      orderCount: 0,
      averageOrderMinor: 0,
      medianDaysBetweenOrders: null,
      monthly: [],
    });
  });

  it('lists the history newest first, filtered by period in the store time zone', async () => {
    const orders = await history();
    const all = await ok<Purchases>(t.app, 'customers.purchases', { customerId: ana.id });
    expect(all.total).toBe(5);
    expect(all.orders.map((o) => o.kind)).toEqual(['refund', 'sale', 'sale', 'sale', 'sale']);
    expect(all.orders[1]?.refunds).toEqual([]);
    expect(all.orders.find((o) => o.id === orders[2]?.id)?.refunds).toHaveLength(1);
    const feb = await ok<Purchases>(t.app, 'customers.purchases', { customerId: ana.id, from: '2026-02-01', to: '2026-02-28' });
    expect(feb.orders.map((o) => o.id)).toEqual([orders[2]?.id]);
    // 2026-01-15 15:00 UTC is 10:00 in Panama: the 15th is a whole local day.
    const day = await ok<Purchases>(t.app, 'customers.purchases', { customerId: ana.id, from: '2026-01-15', to: '2026-01-15' });
    expect(day.orders.map((o) => o.id)).toEqual([orders[1]?.id]);
    expect((await refused('customers.purchases', { customerId: ana.id, from: '2026-03-01', to: '2026-02-01' })).fields).toEqual({
      to: 'before_from',
    });
  });
});
