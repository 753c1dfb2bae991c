import type { Order, ScanResult } from '../../shared/checkout/order';
import type { Product } from '../../shared/checkout/product';
import type { Customer } from '../../shared/customers/customer';
import type { CustomerGroup } from '../../shared/customers/groups';
import type { ErrorData } from '../../shared/errors';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';
import { fieldOps } from '../helpers/outbox';

let t: TempApp;
let coffee: Product;
let bread: Product;
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
});
afterEach(() => t.close());

const UNKNOWN_ID = '018f0000-0000-7000-8000-000000000000';

async function refused(channel: string, input: unknown, session?: Parameters<TempApp['app']['call']>[2]): Promise<ErrorData> {
  const before = t.fingerprint();
  const result = await t.app.call(channel, input, session);
  if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  expect(t.fingerprint()).toBe(before);
  return result.error;
}

async function customerIn(group?: { discountPercent: number; requiresApproval?: boolean }): Promise<Customer> {
  let groupId: string | undefined;
  if (group) {
    const saved = await ok<CustomerGroup>(t.app, 'groups.save', {
      name: `Grupo ${group.discountPercent}`,
      description: null,
      requiresApproval: group.requiresApproval ?? false,
      discountPercent: group.discountPercent,
    });
    groupId = saved.id;
  }
  return ok<Customer>(t.app, 'customers.create', { firstName: 'Ana', lastName: 'Pérez', phone: '6123-4567', groupId });
}

const sell = (input: Record<string, unknown>) => ok<Order>(t.app, 'checkout.complete', { paymentMethod: 'cash', ...input });
const balance = async (id: string) => (await ok<Customer>(t.app, 'customers.get', { id })).loyaltyBalance;

describe('the catalogue', () => {
  it('finds products by a fragment of name, SKU or barcode, active ones unless asked', async () => {
    const search = async (query: string, includeInactive = false) =>
      (await ok<Product[]>(t.app, 'products.search', { query, includeInactive })).map((p) => p.sku);
    expect(await search('molde')).toEqual(['PAN-1']);
    expect(await search('cafe-')).toEqual(['CAFE-1']);
    expect(await search('0000017')).toEqual(['PAN-1']);
    expect(await search('')).toEqual(['CAFE-1', 'PAN-1']);
    expect(await search('%')).toEqual([]);
    await ok(t.app, 'products.save', {
      id: bread.id,
      sku: 'PAN-1',
      barcode: bread.barcode,
      name: bread.name,
      priceMinor: 275,
      active: false,
    });
    expect(await search('pan')).toEqual([]);
    expect(await search('pan', true)).toEqual(['PAN-1']);
  });

  it('keeps SKU and barcode unique, and says which field clashes', async () => {
    expect(await refused('products.save', { sku: 'CAFE-1', name: 'Otro', priceMinor: 1 })).toMatchObject({
      code: 'VALIDATION',
      fields: { sku: 'sku_taken' },
    });
    expect(await refused('products.save', { sku: 'NEW', barcode: '7450000000017', name: 'Otro', priceMinor: 1 })).toMatchObject({
      fields: { barcode: 'barcode_taken' },
    });
    // Editing a product may keep its own SKU and barcode.
    const edited = await ok<Product>(t.app, 'products.save', {
      id: coffee.id,
      sku: 'CAFE-1',
      barcode: coffee.barcode,
      name: 'Café 1 lb',
      priceMinor: 500,
    });
    expect(edited).toMatchObject({ name: 'Café 1 lb', priceMinor: 500, sku: 'CAFE-1' });
  });

  it('refuses a negative or fractional price, an empty name, and a barcode that is a membership code', async () => {
    expect((await refused('products.save', { sku: 'X', name: '', priceMinor: -5 })).fields).toMatchObject({
      name: 'required',
      priceMinor: 'invalid',
    });
    expect((await refused('products.save', { sku: 'X', name: 'X', priceMinor: 1.5 })).fields).toEqual({ priceMinor: 'invalid' });
    const ana = await customerIn();
    expect((await refused('products.save', { sku: 'X', name: 'X', priceMinor: 1, barcode: ana.membershipCode })).fields).toEqual({
      barcode: 'barcode_is_membership_code',
    });
  });

  it('only managers and admins edit it; the edit is audited', async () => {
    expect(await refused('products.save', { sku: 'X', name: 'X', priceMinor: 1 }, await t.as('cashier'))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const manager = await t.as('manager');
    await t.app.call(
      'products.save',
      { id: coffee.id, sku: 'CAFE-1', barcode: coffee.barcode, name: coffee.name, priceMinor: 475 },
      manager,
    );
    const [audit] = t.app.sql.raw<{ user_id: string; changes: string }>(
      "SELECT user_id, changes FROM audit_log WHERE entity = 'products' AND entity_id = ? ORDER BY rowid DESC LIMIT 1",
      coffee.id,
    );
    expect(audit?.user_id).toBe(t.userOf(manager));
    expect(JSON.parse(audit?.changes ?? '[]')).toEqual([{ field: 'price_minor', old: 450, new: 475 }]);
  });
});

describe('a scan', () => {
  it('finds the customer by membership code, the product by barcode, or says not found', async () => {
    const ana = await customerIn();
    expect(await ok<ScanResult>(t.app, 'checkout.scan', { code: ana.membershipCode })).toMatchObject({
      kind: 'customer',
      customer: { id: ana.id, firstName: 'Ana' },
      inactive: false,
    });
    expect(await ok<ScanResult>(t.app, 'checkout.scan', { code: '7451234567895' })).toMatchObject({
      kind: 'product',
      product: { id: coffee.id, priceMinor: 450 },
    });
    expect(await ok<ScanResult>(t.app, 'checkout.scan', { code: ' 999999999 ' })).toEqual({
      kind: 'not_found',
      code: '999999999',
    });
  });

  it('reports an inactive customer as such', async () => {
    const ana = await customerIn();
    await ok(t.app, 'customers.deactivate', { id: ana.id });
    expect(await ok<ScanResult>(t.app, 'checkout.scan', { code: ana.membershipCode })).toMatchObject({
      kind: 'customer',
      inactive: true,
    });
  });
});

describe('completing a sale', () => {
  it('prices lines from the catalogue and numbers the order', async () => {
    const order = await sell({
      lines: [
        { productId: coffee.id, quantity: 2 },
        { productId: bread.id, quantity: 1 },
      ],
    });
    expect(order).toMatchObject({
      kind: 'sale',
      subtotalMinor: 1175,
      discountMinor: 0,
      totalMinor: 1175,
      customerId: null,
      pointsEarned: 0,
      paymentMethod: 'cash',
      currency: 'USD',
    });
    expect(order.lines.map((l) => [l.sku, l.quantity, l.unitPriceMinor, l.totalMinor])).toEqual([
      ['CAFE-1', 2, 450, 900],
      ['PAN-1', 1, 275, 275],
    ]);
    expect(order.number).toMatch(/^[0-9A-Z]{4}-000001$/);
    const next = await sell({ lines: [{ productId: bread.id, quantity: 1 }] });
    expect(next.number).toBe(order.number.replace('000001', '000002'));
  });

  it('a price sent by the client is refused, not trusted', async () => {
    expect(
      await refused('checkout.complete', {
        lines: [{ productId: coffee.id, quantity: 1, unitPriceMinor: 1 }],
        paymentMethod: 'cash',
      }),
    ).toMatchObject({ code: 'VALIDATION' });
  });

  it('applies the customer group discount per line, rounding half up', async () => {
    const ana = await customerIn({ discountPercent: 10 });
    const order = await sell({
      customerId: ana.id,
      lines: [
        { productId: coffee.id, quantity: 1 },
        { productId: bread.id, quantity: 1 },
      ],
    });
    // 10 % of 450 = 45; of 275 = 27.5 -> 28.
    expect(order.lines.map((l) => l.discountMinor)).toEqual([45, 28]);
    expect(order).toMatchObject({ subtotalMinor: 725, discountMinor: 73, totalMinor: 652, groupDiscountBp: 1000 });
  });

  it('gives no group discount to a customer still pending approval', async () => {
    const ana = await customerIn({ discountPercent: 10, requiresApproval: true });
    expect(ana.status).toBe('pending_approval');
    const order = await sell({ customerId: ana.id, lines: [{ productId: coffee.id, quantity: 1 }] });
    expect(order.discountMinor).toBe(0);
  });

  it('earns points by the store rule and redeems them as a discount', async () => {
    const ana = await customerIn();
    const first = await sell({ customerId: ana.id, lines: [{ productId: coffee.id, quantity: 3 }] });
    // 1 point per dollar: $13.50 -> 13 points.
    expect(first.pointsEarned).toBe(13);
    expect(await balance(ana.id)).toBe(13);
    await ok(t.app, 'settings.update', { loyaltyPointValueMinor: 10 });
    const second = await sell({ customerId: ana.id, redeemPoints: 10, lines: [{ productId: bread.id, quantity: 1 }] });
    expect(second).toMatchObject({ redeemMinor: 100, totalMinor: 175, pointsRedeemed: 10, pointsEarned: 1 });
    expect(await balance(ana.id)).toBe(13 - 10 + 1);
  });

  it('refuses more points than the balance or the total, and points without a customer', async () => {
    const ana = await customerIn();
    await sell({ customerId: ana.id, lines: [{ productId: coffee.id, quantity: 10 }] }); // 45 points
    expect(
      (
        await refused('checkout.complete', {
          customerId: ana.id,
          redeemPoints: 46,
          paymentMethod: 'cash',
          lines: [{ productId: coffee.id, quantity: 20 }],
        })
      ).fields,
    ).toEqual({ redeemPoints: 'not_enough_points' });
    await ok(t.app, 'settings.update', { loyaltyPointValueMinor: 100 });
    expect(
      (
        await refused('checkout.complete', {
          customerId: ana.id,
          redeemPoints: 5,
          paymentMethod: 'cash',
          lines: [{ productId: bread.id, quantity: 1 }],
        })
      ).fields,
    ).toEqual({ redeemPoints: 'exceeds_total' });
    expect(
      (
        await refused('checkout.complete', {
          redeemPoints: 1,
          paymentMethod: 'cash',
          lines: [{ productId: bread.id, quantity: 1 }],
        })
      ).fields,
    ).toEqual({ redeemPoints: 'redeem_needs_customer' });
  });

  it('refuses unknown or inactive products and customers, naming the line', async () => {
    await ok(t.app, 'products.save', {
      id: bread.id,
      sku: 'PAN-1',
      barcode: bread.barcode,
      name: bread.name,
      priceMinor: 275,
      active: false,
    });
    const ana = await customerIn();
    await ok(t.app, 'customers.deactivate', { id: ana.id });
    expect(
      (
        await refused('checkout.complete', {
          customerId: ana.id,
          paymentMethod: 'card',
          lines: [
            { productId: coffee.id, quantity: 1 },
            { productId: UNKNOWN_ID, quantity: 1 },
            { productId: bread.id, quantity: 1 },
          ],
        })
      ).fields,
    ).toEqual({
      'lines.1.productId': 'unknown_product',
      'lines.2.productId': 'product_inactive',
      customerId: 'customer_inactive',
    });
    expect((await refused('checkout.complete', { lines: [], paymentMethod: 'cash' })).fields).toEqual({ lines: 'empty_cart' });
    expect(
      (await refused('checkout.complete', { lines: [{ productId: coffee.id, quantity: 0 }], paymentMethod: 'cash' })).fields,
    ).toEqual({ lines: 'invalid' });
    expect(
      (await refused('checkout.complete', { lines: [{ productId: coffee.id, quantity: 1 }], paymentMethod: 'iou' })).fields,
    ).toEqual({ paymentMethod: 'invalid' });
  });

  it('writes the order, its lines and its points through the audited write path and the outbox', async () => {
    const ana = await customerIn();
    const order = await sell({ customerId: ana.id, lines: [{ productId: coffee.id, quantity: 1 }] });
    const audited = t.app.sql.raw<{ entity: string }>(
      "SELECT entity FROM audit_log WHERE entity IN ('orders', 'order_lines', 'loyalty_entries') ORDER BY rowid",
    );
    expect(audited.map((a) => a.entity)).toEqual(['orders', 'order_lines', 'loyalty_entries']);
    const ops = fieldOps(t.app.sql, "table_name = 'orders' AND row_id = ?", order.id);
    expect(ops).toContainEqual(expect.objectContaining({ field: 'number', value: JSON.stringify(order.number) }));
    expect(ops).toContainEqual(expect.objectContaining({ field: 'customer_id', value: JSON.stringify(ana.id) }));
  });

  it('the order is a fact: the store refuses to change or delete it', async () => {
    const order = await sell({ lines: [{ productId: coffee.id, quantity: 1 }] });
    expect(() => t.app.sql.db.prepare('UPDATE orders SET total_minor = 0 WHERE id = ?').run(order.id)).toThrow(/append-only/);
    expect(() => t.app.sql.db.prepare('DELETE FROM order_lines WHERE order_id = ?').run(order.id)).toThrow(/append-only/);
  });
});
