import { cartTotals, useCartStore } from '../../renderer/checkout/cart-store';
import { MAX_LINE_QUANTITY, type Order } from '../../shared/checkout/order';
import type { Product } from '../../shared/checkout/product';
import type { Customer } from '../../shared/customers/customer';

const product = (n: number, priceMinor: number, active = true): Product => ({
  id: `00000000-0000-7000-8000-00000000000${n}`,
  sku: `SKU-${n}`,
  barcode: `745000000000${n}`,
  name: `Product ${n}`,
  priceMinor,
  currency: 'USD',
  active,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const customer = (id: string, loyaltyBalance: number): Customer => ({
  id,
  kind: 'individual',
  firstName: 'Ana',
  lastName: 'Pérez',
  company: null,
  email: null,
  phone: '+50761234567',
  phoneRaw: '6123-4567',
  dateOfBirth: null,
  idDocType: null,
  idDocNumber: null,
  taxId: null,
  externalId: null,
  membershipCode: '2900000000017',
  language: null,
  groupId: null,
  groupName: null,
  tags: [],
  notes: null,
  status: 'active',
  smsConsent: false,
  emailConsent: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'owner',
  updatedBy: 'owner',
  mergedInto: null,
  loyaltyBalance,
  registrationNumber: null,
  businessType: null,
  industry: null,
  paymentTerms: null,
  preferredCurrency: null,
  contactChannel: null,
  doNotContact: false,
  ownerId: null,
  addresses: [],
  contacts: [],
  customFields: {},
});

const RULE = { pointsPerUnit: 1, pointValueMinor: 1 };
const cart = () => useCartStore.getState();
const totals = () => cartTotals(cart(), RULE, 100);

beforeEach(() => {
  cart().clear();
  useCartStore.setState({ recentOrders: [] });
});

describe('cart store', () => {
  it('adds a product once per line and counts repeats (a second scan is one more unit)', () => {
    const coffee = product(1, 899);
    const rice = product(2, 345);
    expect(cart().addProduct(coffee)).toBe(true);
    cart().addProduct(rice);
    cart().addProduct(coffee);
    expect(cart().lines.map((l) => [l.product.name, l.quantity])).toEqual([
      ['Product 1', 2],
      ['Product 2', 1],
    ]);
    expect(cart().lastProductId).toBe(coffee.id);
    expect(totals().subtotalMinor).toBe(2 * 899 + 345);
    expect(totals().totalMinor).toBe(2 * 899 + 345);
  });

  it('refuses a product that is not on sale and leaves the cart as it was', () => {
    cart().addProduct(product(1, 899));
    expect(cart().addProduct(product(2, 100, false))).toBe(false);
    expect(cart().lines).toHaveLength(1);
  });

  it('sets quantities within 1..max, removes the line at zero, ignores nonsense', () => {
    const coffee = product(1, 899);
    cart().addProduct(coffee);
    cart().setQuantity(coffee.id, 5);
    expect(cart().lines[0]?.quantity).toBe(5);
    cart().setQuantity(coffee.id, 2.7);
    expect(cart().lines[0]?.quantity).toBe(2);
    cart().setQuantity(coffee.id, 10_000_000);
    expect(cart().lines[0]?.quantity).toBe(MAX_LINE_QUANTITY);
    cart().setQuantity(coffee.id, Number.NaN);
    expect(cart().lines[0]?.quantity).toBe(MAX_LINE_QUANTITY);
    cart().setQuantity(coffee.id, 0);
    expect(cart().lines).toEqual([]);
  });

  it('removes one line and keeps the others', () => {
    cart().addProduct(product(1, 899));
    cart().addProduct(product(2, 345));
    cart().removeLine(product(1, 899).id);
    expect(cart().lines.map((l) => l.product.sku)).toEqual(['SKU-2']);
  });

  it("applies the attached customer's group discount and shows the points the sale earns", () => {
    cart().addProduct(product(1, 1000));
    cart().attachCustomer({ customer: customer('c1', 0), loyaltyBalance: 0, groupDiscountBp: 1000 });
    expect(totals()).toMatchObject({ subtotalMinor: 1000, discountMinor: 100, totalMinor: 900, pointsEarned: 9 });
    cart().detachCustomer();
    expect(totals()).toMatchObject({ discountMinor: 0, totalMinor: 1000, pointsEarned: 0 });
  });

  it('redeems points only with a customer, never more than the balance, and forgets them when the customer changes', () => {
    cart().addProduct(product(1, 1000));
    cart().setRedeemPoints(300);
    expect(totals().pointsRedeemed).toBe(0);
    cart().attachCustomer({ customer: customer('c1', 250), loyaltyBalance: 250, groupDiscountBp: 0 });
    cart().setRedeemPoints(300);
    expect(totals()).toMatchObject({ pointsRedeemed: 250, redeemError: 'not_enough_points', maxRedeemablePoints: 250 });
    cart().setRedeemPoints(200);
    expect(totals()).toMatchObject({ pointsRedeemed: 200, redeemMinor: 200, totalMinor: 800, redeemError: null });
    // Re-attaching the same customer (fresh balance) keeps the choice; another customer starts over.
    cart().attachCustomer({ customer: customer('c1', 250), loyaltyBalance: 250, groupDiscountBp: 0 });
    expect(cart().redeemPoints).toBe(200);
    cart().attachCustomer({ customer: customer('c2', 500), loyaltyBalance: 500, groupDiscountBp: 0 });
    expect(cart().redeemPoints).toBe(0);
    cart().setRedeemPoints(-5);
    expect(cart().redeemPoints).toBe(0);
  });

  it('empties after a sale and keeps the last sales, newest first, for refunds', () => {
    cart().addProduct(product(1, 1000));
    cart().attachCustomer({ customer: customer('c1', 10), loyaltyBalance: 10, groupDiscountBp: 0 });
    const order = (n: number) => ({ id: `o${n}`, number: `A-${n}` }) as Order;
    for (let n = 1; n <= 12; n++) cart().completed(order(n));
    expect(cart().lines).toEqual([]);
    expect(cart().attached).toBeNull();
    expect(cart().recentOrders.map((o) => o.number)).toEqual(Array.from({ length: 10 }, (_, i) => `A-${12 - i}`));
    cart().rememberOrder({ ...order(12), number: 'A-12 (refunded)' } as Order);
    expect(cart().recentOrders[0]?.number).toBe('A-12 (refunded)');
  });
});
