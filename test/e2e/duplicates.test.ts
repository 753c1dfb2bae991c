import type { Page } from 'playwright-core';
import { describeE2e, screenshot, useE2eApp } from './harness';

describeE2e('duplicates, merge and anonymise in the browser', () => {
  const app = useE2eApp({ prefix: 'e2e-merge', signIn: true, language: 'en' });

  async function quickAdd(page: Page, first: string, last: string, phone: string, email = '') {
    await page.getByTestId('new-customer').click();
    await page.getByTestId('quick-firstName').fill(first);
    await page.getByTestId('quick-lastName').fill(last);
    await page.getByTestId('quick-phone').fill(phone);
    await page.getByTestId('quick-email').fill(email);
    await page.getByTestId('quick-submit').click();
  }

  it('warns about a likely duplicate, and saves it anyway when asked', async () => {
    const { page } = app;
    await quickAdd(page, 'Marta', 'Gómez', '6123-4567');
    await expectText(page, 'notice', 'Marta Gómez was added.');
    await quickAdd(page, 'Martha', 'Gomez', '+507 6123 4567', 'martha@example.com');
    await page.getByTestId('duplicate-warning').getByText('same phone').waitFor();
    await screenshot(page, '20-merge-duplicate-warning');
    await page.getByTestId('save-anyway').click();
    await expectText(page, 'notice', 'Martha Gomez was added.');
    await expectText(page, 'customer-count', '2 customers');
  });

  it('lists the pair in the Duplicates view; "not a duplicate" is remembered', async () => {
    const { page } = app;
    await quickAdd(page, 'Luis', 'Pinto', '6000-1111');
    await quickAdd(page, 'Luisa', 'Pinto', '6000-1111');
    await page.getByTestId('save-anyway').click();
    await expectText(page, 'customer-count', '4 customers');
    await page.getByTestId('nav-duplicates').click();
    await expectText(page, 'duplicates-status', 'That is every likely duplicate.');
    const pairs = page.getByTestId('duplicate-pair');
    expect(await pairs.count()).toBe(2);
    await screenshot(page, '21-merge-duplicates-view');
    await pairs.filter({ hasText: 'Luisa' }).getByTestId('dismiss-pair').click();
    await expectText(page, 'duplicates-notice', 'will not be offered again');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('nav-duplicates').click();
    await expectText(page, 'duplicates-status', 'That is every likely duplicate.');
    expect(await page.getByTestId('duplicate-pair').count()).toBe(1);
  });

  it('merges field by field: the kept record takes the picked values and the other leaves search', async () => {
    const { page } = app;
    await page.getByTestId('merge-pair').click();
    const dialog = page.getByTestId('merge-dialog');
    await dialog.getByTestId('merge-row-email').waitFor();
    // Marta stays (the older record); her empty email is filled from Martha's by default; pick Martha's surname.
    expect(await dialog.getByTestId('merge-email-loser').isChecked()).toBe(true);
    await dialog.getByTestId('merge-lastName-loser').check();
    await screenshot(page, '22-merge-dialog');
    await dialog.getByTestId('merge-confirm').click();
    await expectText(page, 'duplicates-notice', 'Merged into Marta Gomez.');
    expect(await page.getByTestId('duplicate-pair').count()).toBe(0);
    await page.getByTestId('nav-customers').click();
    await expectText(page, 'customer-count', '3 customers');
    const box = page.getByTestId('customer-search');
    await box.fill('martha@example');
    await expectText(page, 'customer-count', '1 customer');
    await page.getByTestId('customer-row').first().click();
    await expectText(page, 'details-name', 'Marta Gomez');
    await expectText(page, 'details-email', 'martha@example.com');
    await page.getByTestId('customer-history').getByText('Merged with').waitFor();
    await screenshot(page, '23-merge-merged-customer');
  });

  it('anonymises a customer after confirmation, keeping the record', async () => {
    const { page } = app;
    await page.getByTestId('anonymise').click();
    await page.getByTestId('confirm-anonymise').click();
    await expectText(page, 'saved-notice', 'Personal data erased.');
    await expectText(page, 'details-name', 'Anonymised');
    expect(await page.getByTestId('details-email').count()).toBe(0);
    await page.getByTestId('customer-search').fill('marta');
    await expectText(page, 'no-results', 'No customer matches');
  });
});

async function expectText(page: Page, testId: string, expected: string): Promise<void> {
  const locator = page.getByTestId(testId);
  await locator.first().waitFor();
  const deadline = Date.now() + 10_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().textContent()) ?? '';
    if (text.includes(expected)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`[data-testid=${testId}] says "${text}", expected ${expected}`);
}
