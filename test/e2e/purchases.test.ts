import type { Locator, Page } from 'playwright-core';
import type { CustomerInsights } from '../../shared/checkout/order';
import type { CustomerSummary } from '../../shared/customers/customer';
import { apiHeaders, http } from '../helpers/http';
import { describeE2e, screenshot, useE2eApp } from './harness';

async function expectText(page: Page, testId: string, expected: string | RegExp): Promise<string> {
  const locator = page.getByTestId(testId);
  await locator.first().waitFor();
  const deadline = Date.now() + 10_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().textContent()) ?? '';
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
    await page.waitForTimeout(50);
  }
  throw new Error(`[data-testid=${testId}] says "${text}", expected ${expected}`);
}

/** Scroll the details pane (not the window) so the element is at the top of the viewport. */
async function scrollPanelTo(page: Page, target: string | Locator, above = 8): Promise<void> {
  const locator = typeof target === 'string' ? page.getByTestId(target) : target;
  await locator.first().evaluate((el, gap) => {
    let pane = el.parentElement;
    while (pane && !(pane.scrollHeight > pane.clientHeight && /auto|scroll/.test(getComputedStyle(pane).overflowY)))
      pane = pane.parentElement;
    if (pane) pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top - gap;
    window.scrollTo(0, 0);
  }, above);
}

describeE2e("a customer's purchase history, insights and loyalty in the browser", () => {
  const app = useE2eApp({ prefix: 'e2e-purchases', hostArgs: ['--demo'], signIn: true, language: 'en' });
  let regular: CustomerSummary;
  let insights: CustomerInsights;

  const api = async <T>(channel: string, input: unknown): Promise<T> => {
    const { launchUrl, port } = app.host;
    const token = new URL(launchUrl).hash.replace('#token=', '');
    const answer = await http(port, {
      path: `/api/${channel}`,
      headers: apiHeaders(port, token),
      body: JSON.stringify({ input }),
    });
    const body = answer.body as { ok: boolean; value: T };
    if (!body.ok) throw new Error(`${channel}: ${answer.text}`);
    return body.value;
  };

  beforeAll(async () => {
    // useE2eApp signed the browser in as the demo admin: these calls share its connection (the launch token).
    // The demo customer who bought most often.
    const { items } = await api<{ items: CustomerSummary[] }>('customers.search', { query: '', limit: 200 });
    let best = -1;
    for (const item of items) {
      const figures = await api<CustomerInsights>('customers.insights', { id: item.id });
      if (figures.orderCount > best) {
        best = figures.orderCount;
        regular = item;
        insights = figures;
      }
    }
  });

  it('shows the history, the figures and the spending chart of a regular', async () => {
    const { page } = app;
    await page.getByTestId('customer-search').fill(regular.membershipCode);
    await page.getByTestId('customer-row').first().click();
    await expectText(page, 'insight-orders', String(insights.orderCount));
    await expectText(page, 'insight-total', '$');
    expect(await page.getByTestId('purchase-row').count()).toBeGreaterThanOrEqual(insights.orderCount);
    expect(await page.getByTestId('spending-chart').locator('rect').count()).toBeGreaterThan(6);
    expect(await page.getByTestId('favourite-products').locator('li').count()).toBeGreaterThan(0);
    await scrollPanelTo(page, 'customer-purchases');
    await screenshot(page, '40-purchases-insights');
  });

  it('filters the history by period', async () => {
    const { page } = app;
    const all = await page.getByTestId('purchase-row').count();
    await page.getByTestId('purchases-period').selectOption('custom');
    await page.getByTestId('purchases-from').fill('2000-01-01');
    await page.getByTestId('purchases-to').fill('2000-12-31');
    await expectText(page, 'purchases-empty', 'No purchases in this period.');
    await page.getByTestId('purchases-period').selectOption('all');
    await page.getByTestId('purchase-row').first().waitFor();
    // A refunded sale and its refund, as the list shows them.
    await scrollPanelTo(page, 'purchases-table', 60);
    await page
      .locator('.order-refund')
      .first()
      .evaluate((el) => {
        let pane = el.parentElement;
        while (pane && !/auto|scroll/.test(getComputedStyle(pane).overflowY)) pane = pane.parentElement;
        if (pane) pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top - 200;
      });
    await screenshot(page, '42-purchases-refund');
    await page.getByTestId('purchases-period').selectOption('30d');
    await page.waitForTimeout(200);
    expect(await page.getByTestId('purchase-row').count()).toBeLessThan(all);
    await page.getByTestId('purchases-period').selectOption('all');
    await expectText(page, 'insight-orders', String(insights.orderCount));
  });

  it('a manager adjusts the loyalty balance; a missing reason is shown next to its field', async () => {
    const { page } = app;
    const before = insights.loyaltyBalance;
    await page.getByTestId('loyalty-adjust-open').click();
    await page.getByTestId('loyalty-points').fill(String(-(before + 1)));
    await page.getByTestId('loyalty-save').click();
    await page.getByTestId('loyalty-form').getByText('Required.').waitFor();
    await page.getByTestId('loyalty-reason').fill('Correction');
    await page.getByTestId('loyalty-save').click();
    // Main refuses a balance below zero: the message sits under the points field.
    await page.getByTestId('loyalty-form').getByText('The balance cannot go below zero.').waitFor();
    await scrollPanelTo(page, 'loyalty-panel', 160);
    await screenshot(page, '41-loyalty-adjust-error');
    // Cancel starts the next adjustment afresh: the refusal does not show again on reopening.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('loyalty-adjust-open').click();
    expect(await page.getByTestId('loyalty-form').getByText('The balance cannot go below zero.').count()).toBe(0);
    await page.getByTestId('loyalty-reason').fill('Correction');
    await page.getByTestId('loyalty-points').fill('50');
    await page.getByTestId('loyalty-save').click();
    await expectText(page, 'loyalty-balance', `${(before + 50).toLocaleString('en')} points`);
  });

  it('a sale opened from the history is refunded there, and the history and figures follow', async () => {
    const { page } = app;
    const before = await page.getByTestId('purchase-row').count();
    const spent = await expectText(page, 'insight-total', '$');
    await page.getByTestId('purchases-table').locator('tr:not(.order-refund)').getByTestId('purchase-open').first().click();
    await page.getByTestId('order-dialog').waitFor();
    await page.getByTestId('refund-all').click();
    await page.getByTestId('refund-done').waitFor();
    await screenshot(page, '43-purchases-refund-from-history');
    await page.getByTestId('order-close').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="purchase-row"]').length === n, before + 1);
    expect(await page.getByTestId('insight-total').textContent()).not.toBe(spent);
  });

  it('a customer with purchases cannot be deleted; deactivating is offered instead', async () => {
    const { page } = app;
    await page.getByTestId('delete-customer').click();
    await page.getByTestId('confirm-delete').click();
    await expectText(page, 'delete-confirm', 'has purchase history');
    await page.getByTestId('deactivate-instead').click();
    await expectText(page, 'details-name', regular.firstName ?? regular.company ?? '');
    await page.getByTestId('reactivate-customer').waitFor();
  });
});
