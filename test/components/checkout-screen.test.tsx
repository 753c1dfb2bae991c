import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/App';
import { setTransport } from '../../renderer/api/client';
import { useCartStore } from '../../renderer/checkout/cart-store';
import { initI18n } from '../../renderer/i18n';
import { useAppStore } from '../../renderer/stores/app-store';
import type { Product } from '../../shared/checkout/product';
import type { CustomerGroup } from '../../shared/customers/groups';
import { inProcessApp } from './in-process-transport';

let harness: ReturnType<typeof inProcessApp>;
let coffee: Product;
let rice: Product;
let vipCode: string;
let vipId: string;
let pendingCode: string;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = await harness.app.call(channel as never, input as never);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

/** A wedge scanner: every key of the code and Enter, back to back, at the window. */
function scan(code: string) {
  act(() => {
    for (const key of [...code, 'Enter'])
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

const countOf = (table: string) => harness.app.sql.raw<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]?.n ?? 0;

beforeEach(async () => {
  harness = inProcessApp();
  setTransport(harness.transport);
  useAppStore.setState({ info: null, sync: null, screen: 'checkout', language: 'en' });
  useCartStore.getState().clear();
  useCartStore.setState({ recentOrders: [] });
  await initI18n('en');
  coffee = await call<Product>('products.save', {
    sku: 'CAF-1',
    barcode: '7450000000017',
    name: 'Café Boquete',
    priceMinor: 1000,
  });
  rice = await call<Product>('products.save', { sku: 'ARR-2', barcode: '7450000000024', name: 'Arroz 2 kg', priceMinor: 345 });
  const vip = await call<CustomerGroup>('groups.save', {
    name: 'VIP',
    description: null,
    discountPercent: 10,
    requiresApproval: false,
  });
  const wholesale = await call<CustomerGroup>('groups.save', {
    name: 'Mayorista',
    description: null,
    discountPercent: 20,
    requiresApproval: true,
  });
  const owner = { userId: 'owner', deviceId: harness.app.deviceId };
  const [a, b] = harness.app.customers.createMany(owner, [
    { input: { firstName: 'Lucía', lastName: 'Vega', phone: '6123-4567', groupId: vip.id } },
    {
      input: { firstName: 'Pedro', lastName: 'Mora', email: 'pedro@example.com', groupId: wholesale.id },
      status: 'pending_approval',
    },
    { input: { firstName: 'Rosa', lastName: 'Vega', email: 'rosa@example.com' }, status: 'inactive' },
  ]);
  vipId = a as string;
  vipCode = (await call<{ membershipCode: string }>('customers.get', { id: a })).membershipCode;
  pendingCode = (await call<{ membershipCode: string }>('customers.get', { id: b })).membershipCode;
});

afterEach(() => harness.close());

describe('Checkout screen', () => {
  it('routes scans: a card attaches its customer with the group discount, barcodes add products, anything else is "not found"', async () => {
    render(<App />);
    await screen.findAllByTestId('product-tile');
    scan(vipCode);
    expect(await screen.findByTestId('cart-customer-name')).toHaveTextContent('Lucía Vega');
    expect(screen.getByTestId('cart-customer')).toHaveTextContent('VIP');
    scan(coffee.barcode as string);
    scan(coffee.barcode as string);
    scan(rice.barcode as string);
    await waitFor(() => expect(screen.getAllByTestId('cart-line')).toHaveLength(2));
    expect(screen.getAllByTestId('qty-input')[0]).toHaveValue(2);
    expect(screen.getByTestId('subtotal')).toHaveTextContent('$23.45');
    expect(screen.getByTestId('discount')).toHaveTextContent('$2.35');
    expect(screen.getByTestId('total')).toHaveTextContent('$21.10');
    scan('0000000000000');
    expect(await screen.findByText('Nothing matches the code 0000000000000.')).toBeInTheDocument();
    expect(screen.getAllByTestId('cart-line')).toHaveLength(2);
  });

  it('gives no group discount while the membership awaits approval, and says so on the cart', async () => {
    render(<App />);
    await screen.findAllByTestId('product-tile');
    scan(pendingCode);
    expect(await screen.findByTestId('cart-customer-status')).toHaveTextContent('Pending approval');
    scan(coffee.barcode as string);
    await screen.findByTestId('cart-line');
    expect(screen.queryByTestId('discount')).toBeNull();
    expect(screen.getByTestId('total')).toHaveTextContent('$10.00');
  });

  it('charges what the screen shows: the stored order matches the cart total, and the receipt names the customer', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click((await screen.findAllByTestId('product-tile'))[1] as HTMLElement); // Café (tiles sort by name)
    scan(vipCode);
    await screen.findByTestId('cart-customer');
    const shown = screen.getByTestId('total').textContent;
    await user.click(screen.getByTestId('pay-card'));
    const receipt = await screen.findByTestId('receipt');
    expect(within(receipt).getByTestId('receipt-total').textContent).toBe(shown);
    expect(within(receipt).getByTestId('receipt-customer')).toHaveTextContent('Lucía Vega');
    expect(within(receipt).getByTestId('receipt-points')).toHaveTextContent('9');
    const [order] = harness.app.sql.raw<{ total_minor: number; payment_method: string }>(
      'SELECT total_minor, payment_method FROM orders',
    );
    expect(order).toEqual({ total_minor: 900, payment_method: 'card' });
    await user.click(screen.getByTestId('new-sale'));
    expect(await screen.findByTestId('cart-empty')).toBeInTheDocument();
  });

  it('shows a refusal from main next to the pay buttons and keeps the cart as it was', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click((await screen.findAllByTestId('product-tile'))[0] as HTMLElement);
    await screen.findByTestId('cart-line');
    // A manager withdraws the product while it sits in the cart.
    await call('products.save', {
      id: rice.id,
      sku: rice.sku,
      barcode: rice.barcode,
      name: rice.name,
      priceMinor: 345,
      active: false,
    });
    const before = countOf('orders');
    await user.click(screen.getByTestId('pay-cash'));
    expect(await screen.findByTestId('pay-error')).toHaveTextContent('This product is no longer sold.');
    expect(screen.getAllByTestId('cart-line')).toHaveLength(1);
    expect(countOf('orders')).toBe(before);
  });

  it('finds a customer with the Customers search (inactive hidden), attaches, changes and removes', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId('add-customer'));
    await user.type(screen.getByTestId('picker-search'), 'vega');
    await waitFor(() => expect(screen.getAllByTestId('picker-row')).toHaveLength(1));
    await user.click(within(screen.getByTestId('customer-picker')).getByLabelText('Show inactive'));
    await waitFor(() => expect(screen.getAllByTestId('picker-row')).toHaveLength(2));
    await user.click(within(screen.getByTestId('customer-picker')).getByLabelText('Show inactive'));
    await waitFor(() => expect(screen.getAllByTestId('picker-row')).toHaveLength(1));
    await user.click(screen.getByTestId('picker-search'));
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('cart-customer-name')).toHaveTextContent('Lucía Vega');
    await user.click(screen.getByTestId('change-customer'));
    await user.type(screen.getByTestId('picker-search'), 'mora');
    await user.click((await screen.findAllByTestId('picker-row'))[0] as HTMLElement);
    await waitFor(() => expect(screen.getByTestId('cart-customer-name')).toHaveTextContent('Pedro Mora'));
    await user.click(screen.getByTestId('remove-customer'));
    expect(await screen.findByTestId('add-customer')).toBeInTheDocument();
  });

  it('redeems loyalty points as a discount, never more than the customer has, and charges exactly that', async () => {
    const user = userEvent.setup();
    await call('loyalty.adjust', { customerId: vipId, points: 500, reason: 'Welcome gift' });
    render(<App />);
    await screen.findAllByTestId('product-tile');
    scan(vipCode);
    expect(await screen.findByTestId('cart-customer-points')).toHaveTextContent('500 points');
    scan(coffee.barcode as string);
    await screen.findByTestId('cart-line');
    const redeem = screen.getByTestId('redeem-points');
    await user.type(redeem, '600');
    expect(await screen.findByTestId('redeem-error')).toHaveTextContent('up to 500 can be used');
    await user.clear(redeem);
    await user.type(redeem, '300');
    await waitFor(() => expect(screen.getByTestId('total')).toHaveTextContent('$6.00'));
    expect(screen.queryByTestId('redeem-error')).toBeNull();
    await user.click(screen.getByTestId('pay-cash'));
    await screen.findByTestId('receipt');
    const [order] = harness.app.sql.raw<{ total_minor: number; redeem_minor: number }>(
      'SELECT total_minor, redeem_minor FROM orders',
    );
    expect(order).toEqual({ total_minor: 600, redeem_minor: 300 });
    const after = await call<{ loyaltyBalance: number }>('customers.get', { id: vipId });
    expect(after.loyaltyBalance).toBe(500 - 300 + 6);
  });

  it('assigns a customer to a sale made without one, from the sale', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click((await screen.findAllByTestId('product-tile'))[1] as HTMLElement);
    await user.click(screen.getByTestId('pay-other'));
    await user.click(await screen.findByTestId('receipt-refund'));
    await user.click(await screen.findByTestId('assign-customer'));
    await user.type(screen.getByTestId('picker-search'), 'vega');
    await waitFor(() => expect(screen.getAllByTestId('picker-row')).toHaveLength(1));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('order-meta')).toHaveTextContent('Lucía Vega'));
    expect(screen.queryByTestId('assign-customer')).toBeNull();
    const [order] = harness.app.sql.raw<{ customer_id: string }>('SELECT customer_id FROM orders');
    expect(order?.customer_id).toBe(vipId);
  });

  it("opens any sale by the number on its receipt, not only this till's recent ones, and says when there is none", async () => {
    // Typed by hand: key by key at a person's pace, never taken for a scan.
    const user = userEvent.setup({ delay: 90 });
    // Rung up elsewhere (another session of this store): the till has never seen it.
    const sale = await call<{ number: string }>('checkout.complete', {
      lines: [{ productId: coffee.id, quantity: 2 }],
      customerId: vipId,
      paymentMethod: 'card',
    });
    render(<App />);
    await user.click(await screen.findByTestId('open-orders'));
    await user.type(screen.getByTestId('order-number'), 'X-404{Enter}');
    expect(await screen.findByTestId('order-error')).toHaveTextContent('No sale with number X-404.');
    await user.clear(screen.getByTestId('order-number'));
    await user.type(screen.getByTestId('order-number'), `${sale.number.toLowerCase()}{Enter}`);
    await waitFor(() => expect(screen.getByTestId('order-meta')).toHaveTextContent('Lucía Vega'));
    expect(within(screen.getByTestId('order-dialog')).getByText(new RegExp(sale.number))).toBeInTheDocument();
  });
});
