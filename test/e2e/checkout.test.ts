import type { Page } from 'playwright-core';
import { describeE2e, screenshot, useE2eApp } from './harness';

/** Call a channel from inside the page, with the page's own token: how the test learns demo data. */
async function call<T>(page: Page, channel: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([name, body]) => {
      const token = sessionStorage.getItem('clientela.token') ?? '';
      const response = await fetch(`/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ input: body }),
      });
      const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value;
    },
    [channel, input] as const,
  ) as Promise<T>;
}

/**
 * A keyboard-wedge scanner: the code at 5 ms a key, then Enter, wherever the focus is. Like a real
 * scanner's USB events, each key carries the time it was sent; `page.keyboard.type(code, {delay: 5})`
 * would stamp keys when a busy test machine gets round to them (10-80 ms apart), which is not how
 * a scanner arrives and would make the test depend on the machine's load.
 */
async function scan(page: Page, code: string) {
  const cdp = await page.context().newCDPSession(page);
  const start = Date.now() / 1000;
  const keys = [...code].map((ch) => ({ key: ch, code: /\d/.test(ch) ? `Digit${ch}` : `Key${ch.toUpperCase()}`, text: ch }));
  keys.push({ key: 'Enter', code: 'Enter', text: '\r' });
  for (const [i, k] of keys.entries()) {
    const timestamp = start + i * 0.005;
    const vk = k.key === 'Enter' ? 13 : k.key.toUpperCase().charCodeAt(0);
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      ...k,
      unmodifiedText: k.text,
      windowsVirtualKeyCode: vk,
      timestamp,
    });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k.key, code: k.code, windowsVirtualKeyCode: vk, timestamp });
  }
  await cdp.detach();
}

async function expectText(page: Page, testId: string, expected: string | RegExp): Promise<void> {
  const locator = page.getByTestId(testId);
  await locator.first().waitFor();
  const deadline = Date.now() + 10_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().textContent()) ?? '';
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`[data-testid=${testId}] says "${text}", expected ${expected}`);
}

async function lineCount(page: Page): Promise<number> {
  return page.getByTestId('cart-line').count();
}

interface DemoProduct {
  id: string;
  name: string;
  barcode: string | null;
  priceMinor: number;
}
interface DemoCustomer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  membershipCode: string;
}

describeE2e('checkout in the browser, against the web host and a real SQLite file', () => {
  const app = useE2eApp({ prefix: 'e2e-checkout', hostArgs: ['--demo'], signIn: true, language: 'en' });
  let products: DemoProduct[] = [];
  let member: DemoCustomer;

  beforeAll(async () => {
    const { page } = app;
    products = (await call<DemoProduct[]>(page, 'products.search', { query: '', limit: 50 })).filter((p) => p.barcode);
    const found = await call<{ items: DemoCustomer[] }>(page, 'customers.search', { query: '', limit: 50 });
    member = found.items.find((c) => c.firstName && c.lastName) as DemoCustomer;
  });

  it('opens the checkout with the catalogue as large tiles and an empty cart', async () => {
    const { page } = app;
    await page.getByTestId('nav-checkout').click();
    await page.getByTestId('product-tile').first().waitFor();
    expect(await page.getByTestId('product-tile').count()).toBeGreaterThan(10);
    await expectText(page, 'cart-empty', 'The cart is empty');
    expect(await page.getByTestId('pay-cash').isDisabled()).toBe(true);
  });

  it('sells to a scanned membership card: scanned products, quantities, a removed line, paid by cash, receipt with points', async () => {
    const { page } = app;
    const [a, b, c] = products as [DemoProduct, DemoProduct, DemoProduct];
    await scan(page, member.membershipCode);
    await expectText(page, 'cart-customer-name', `${member.firstName} ${member.lastName}`);
    await scan(page, a.barcode as string);
    await scan(page, b.barcode as string);
    await scan(page, a.barcode as string);
    await scan(page, c.barcode as string);
    await expect.poll(() => lineCount(page), { timeout: 10_000 }).toBe(3);
    // The third line goes; the first shows the two scans as quantity 2.
    await page.getByTestId('line-remove').nth(2).click();
    await expect.poll(() => lineCount(page), { timeout: 10_000 }).toBe(2);
    expect(await page.getByTestId('qty-input').first().inputValue()).toBe('2');
    await page.getByTestId('qty-plus').nth(1).click();
    expect(await page.getByTestId('qty-input').nth(1).inputValue()).toBe('2');
    const expected = 2 * a.priceMinor + 2 * b.priceMinor;
    const money = (minor: number) => `$${(minor / 100).toFixed(2)}`;
    await expectText(page, 'subtotal', money(expected));
    await screenshot(page, '30-checkout-cart-scanned');

    await page.getByTestId('pay-cash').click();
    await page.getByTestId('receipt').waitFor();
    await expectText(page, 'receipt-customer', `${member.firstName} ${member.lastName}`);
    await expectText(page, 'receipt-points', /^\d+$/);
    expect(await page.getByTestId('receipt-number').textContent()).toMatch(/\S+/);
    await screenshot(page, '31-checkout-receipt');
    // What the printer gets: the receipt alone, at the top left of the page.
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => {
      const visible = (id: string) => getComputedStyle(document.querySelector(`[data-testid=${id}]`) as Element).visibility;
      return { receipt: visible('receipt'), pay: visible('pay-cash'), newSale: visible('new-sale') };
    });
    expect(shown).toEqual({ receipt: 'visible', pay: 'hidden', newSale: 'hidden' });
    await screenshot(page, '38-checkout-receipt-print');
    await page.emulateMedia({ media: 'screen' });
    await page.getByTestId('new-sale').click();
    await expectText(page, 'cart-empty', 'The cart is empty');
    expect(await page.getByTestId('add-customer').isVisible()).toBe(true);
  });

  it('hears a scan while the cashier types in a field, and leaves what they typed untouched', async () => {
    const { page } = app;
    const search = page.getByTestId('product-search');
    await search.click();
    await search.pressSequentially('caf', { delay: 120 });
    const d = products.filter((p) => !/caf/i.test(p.name))[3] as DemoProduct;
    await scan(page, d.barcode as string);
    await expect.poll(() => lineCount(page), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('cart-line').first().textContent()).toContain(d.name);
    expect(await search.inputValue()).toBe('caf');
    // A code nobody knows says so, and still leaves the field alone.
    await scan(page, '9999999999994');
    await expectText(page, 'checkout-notice', 'Nothing matches the code 9999999999994');
    expect(await search.inputValue()).toBe('caf');
    expect(await lineCount(page)).toBe(1);
    await screenshot(page, '32-checkout-scan-in-field');
    // Typing by hand and pressing Enter is still a search: Enter adds the first match.
    await search.press('Enter');
    await expect.poll(() => lineCount(page), { timeout: 10_000 }).toBe(2);
    expect(await search.inputValue()).toBe('');
  });

  it('finds and attaches a customer by search, then changes and removes them', async () => {
    const { page } = app;
    await page.getByTestId('add-customer').click();
    await page.getByTestId('picker-search').pressSequentially(member.lastName as string, { delay: 20 });
    await page.getByTestId('picker-row').first().waitFor();
    await screenshot(page, '33-checkout-find-customer');
    await page.getByTestId('picker-search').press('Enter');
    await page.getByTestId('cart-customer').waitFor();
    await page.getByTestId('remove-customer').click();
    await page.getByTestId('add-customer').waitFor();
  });

  it('quick-adds a new customer mid-sale, checks for duplicates first, and attaches them at once', async () => {
    const { page } = app;
    await page.getByTestId('quick-add-customer').click();
    await page.getByTestId('quick-firstName').fill('Valentina');
    await page.getByTestId('quick-lastName').fill('Ríos Castillo');
    // A product scanned while the cashier is typing the new customer's phone: added, the phone untouched.
    await page.getByTestId('quick-phone').pressSequentially('6555-01', { delay: 90 });
    const extra = products.filter((p) => !/caf/i.test(p.name))[5] as DemoProduct;
    await scan(page, extra.barcode as string);
    await expect.poll(() => lineCount(page), { timeout: 10_000 }).toBe(3);
    expect(await page.getByTestId('quick-phone').inputValue()).toBe('6555-01');
    await page.getByTestId('quick-phone').pressSequentially('42', { delay: 90 });
    await page.getByTestId('quick-submit').click();
    await expectText(page, 'cart-customer-name', 'Valentina Ríos Castillo');
    await expectText(page, 'cart-customer-points', '0 points');
    await expectText(page, 'cart-customer-consent', 'No marketing consent');
    await screenshot(page, '34-checkout-quick-add-attached');

    // The same phone again: the duplicate check speaks before anything is saved.
    await page.getByTestId('change-customer').click();
    await page.getByTestId('picker-quick-add').click();
    await page.getByTestId('quick-firstName').fill('Vale');
    await page.getByTestId('quick-phone').fill('6555-0142');
    await page.getByTestId('quick-submit').click();
    await page.getByTestId('quick-add').getByText('This looks like a customer we already have').waitFor();
    await page.getByTestId('quick-add').getByText('Cancel').click();

    await page.getByTestId('line-remove').nth(2).click();
    await expect.poll(() => lineCount(page), { timeout: 10_000 }).toBe(2);
    await page.getByTestId('pay-card').click();
    await expectText(page, 'receipt-customer', 'Valentina Ríos Castillo');
  });

  it('refunds one line of a sale as a new refund row', async () => {
    const { page } = app;
    await page.getByTestId('receipt-refund').click();
    await page.getByTestId('order-line').first().waitFor();
    expect(await page.getByTestId('order-line').count()).toBe(2);
    await page.getByTestId('refund-quantity').first().fill('1');
    await page.getByTestId('refund-selected').click();
    await page.getByTestId('refund-row').first().waitFor();
    await expectText(page, 'refund-done', 'Refund');
    expect(await page.getByTestId('refund-row').count()).toBe(1);
    expect(await page.getByTestId('order-line').first().textContent()).toContain('1 refunded');
    await screenshot(page, '35-checkout-refund');
    await page.getByTestId('order-close').click();
    // The recent-sales list opens the same sale again, refund included.
    await page.getByTestId('open-orders').click();
    await page.getByTestId('recent-order').first().click();
    await page.getByTestId('refund-row').first().waitFor();
    expect(await page.getByTestId('refund-row').count()).toBe(1);
    await page.getByTestId('order-close').click();
  });

  it('lets a manager change a price in the catalogue, and the till charges it', async () => {
    const { page } = app;
    const [a] = products as [DemoProduct];
    await page.getByTestId('nav-products').click();
    await page.getByTestId('products-search').fill(a.name);
    await page.getByTestId('product-row').first().getByRole('button').click();
    await page.getByTestId('product-price').fill('abc');
    await page.getByTestId('product-save').click();
    await page.getByTestId('product-form').getByText('Not a valid price.').waitFor();
    await screenshot(page, '36-products-edit');
    await page.getByTestId('product-price').fill('12.34');
    await page.getByTestId('product-save').click();
    await expectText(page, 'products-notice', `${a.name} saved.`);
    await expectText(page, 'product-row', '$12.34');
    await page.getByTestId('nav-checkout').click();
    await page.getByTestId('product-tile').first().waitFor();
    await scan(page, a.barcode as string);
    await expectText(page, 'subtotal', '$12.34');
  });

  it('shows the checkout in Spanish with the store money format', async () => {
    const { page } = app;
    await page.getByTestId('language-es').click();
    await expectText(page, 'pay-cash', 'Efectivo');
    await expectText(page, 'total', '$');
    await screenshot(page, '37-caja-es');
  });
});
