import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { panelInView, rowsInView, rowsInViewChangedFrom } from './customer-list-view';
import { describeE2e, openSignedIn, screenshot, signInThroughUi, useE2eApp } from './harness';

async function search(page: Page, text: string) {
  const box = page.getByTestId('customer-search');
  await box.fill('');
  await box.pressSequentially(text, { delay: 20 });
}

describeE2e('customers in the browser, against the web host and a real SQLite file', () => {
  const app = useE2eApp({ prefix: 'e2e', hostArgs: ['--demo'] });
  let shownBefore = 0;

  it('opens on the Spanish customer list of the demo store', async () => {
    const { page } = app;
    await page.goto(app.host.launchUrl);
    // The demo store's sign-in screen lists its users and their PINs.
    await page.getByTestId('demo-hint').waitFor();
    expect(await page.getByTestId('demo-hint').textContent()).toContain('Ana (Administrador), clave 2468');
    await screenshot(page, '78-sign-in-demo');
    await signInThroughUi(page);
    // Written as the store (es-PA) writes numbers, not as Spanish alone would ("4.739").
    await expectText(page, 'customer-count', /^\d{1,3}(,\d{3})* clientes$/);
    expect(await countShown(page)).toBeGreaterThan(4500);
    expect(page.url()).not.toContain('token=');
    await page.getByTestId('customer-row').first().waitFor();
    expect(await page.getByTestId('nav-checkout').textContent()).toContain('Caja');
    expect(await page.getByTestId('sync-status').textContent()).toMatch(/cambios en espera/);
    await screenshot(page, '01-clientes-es');
  });

  it('switches the whole interface to English', async () => {
    const { page } = app;
    await page.getByTestId('language-en').click();
    await expectText(page, 'customer-count', /^[\d,]+ customers$/);
    shownBefore = await countShown(page);
    expect(await page.getByTestId('nav-checkout').textContent()).toContain('Checkout');
    expect(await page.getByTestId('new-customer').textContent()).toContain('New customer');
    await screenshot(page, '02-customers-en');
  });

  it('quick-add shows typed errors next to the fields and adds nothing', async () => {
    const { page } = app;
    await page.getByTestId('new-customer').click();
    await page.getByTestId('quick-firstName').fill('José Ángel');
    await page.getByTestId('quick-phone').fill('12');
    await page.getByTestId('quick-email').fill('not-an-email');
    await page.getByTestId('quick-submit').click();
    const dialog = page.getByTestId('quick-add');
    await dialog.getByText('Not a valid phone number for Panama', { exact: false }).waitFor();
    await dialog.getByText('Not a valid email address.').waitFor();
    await screenshot(page, '03-quick-add-errors');
    expect(await countShown(page)).toBe(shownBefore);
  });

  it('creates a customer with a local phone number, stored as E.164', async () => {
    const { page } = app;
    await page.getByTestId('quick-lastName').fill('Quiñónez Ábrego');
    await page.getByTestId('quick-phone').fill('6555-0199');
    await page.getByTestId('quick-email').fill('');
    await page.getByTestId('quick-submit').click();
    await page.getByTestId('notice').getByText('José Ángel Quiñónez Ábrego was added.').waitFor();
    await expectText(page, 'details-name', 'José Ángel Quiñónez Ábrego');
    await expectText(page, 'details-phone', '6555-0199');
    await expectText(page, 'customer-count', `${(shownBefore + 1).toLocaleString('en')} customers`);
    await expectText(page, 'sync-status', /changes waiting/);
    await screenshot(page, '04-customer-created');
  });

  it('warns before adding a likely duplicate and opens the existing customer instead', async () => {
    const { page } = app;
    await page.getByTestId('new-customer').click();
    await page.getByTestId('quick-firstName').fill('Jose');
    await page.getByTestId('quick-lastName').fill('Quinonez');
    await page.getByTestId('quick-phone').fill('+507 6555 0199');
    await page.getByTestId('quick-submit').click();
    const warning = page.getByTestId('duplicate-warning');
    await warning.getByText('same phone').waitFor();
    expect(await warning.textContent()).toContain('José Ángel Quiñónez Ábrego');
    await screenshot(page, '04b-duplicate-warning');
    await warning.getByTestId('open-duplicate').click();
    await expectText(page, 'details-name', 'José Ángel Quiñónez Ábrego');
    expect(await page.getByTestId('quick-add').count()).toBe(0);
    await expectText(page, 'customer-count', `${(shownBefore + 1).toLocaleString('en')} customers`);
  });

  it('finds the new customer by an accent-free name fragment', async () => {
    const { page } = app;
    await search(page, 'jose quinon');
    await expectText(page, 'customer-count', '1 customer');
    expect(await page.getByTestId('customer-row').first().textContent()).toContain('José Ángel Quiñónez Ábrego');
    await screenshot(page, '05-search-accent-free');
  });

  it('finds the new customer by the last 4 digits of the phone', async () => {
    const { page } = app;
    await search(page, '0199');
    await page.getByTestId('customer-row').filter({ hasText: 'Quiñónez' }).waitFor();
    await screenshot(page, '06-search-phone-digits');
  });

  it('edits the customer, refusing a bad email first', async () => {
    const { page } = app;
    await page.getByTestId('customer-row').filter({ hasText: 'Quiñónez' }).click();
    await page.getByTestId('edit-customer').click();
    await page.getByTestId('field-email').fill('jose@@example');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('customer-form').getByText('Not a valid email address.').waitFor();
    await screenshot(page, '07-edit-errors');
    await page.getByTestId('field-email').fill('jose.quinonez@example.com');
    await page.getByTestId('wizard-step-loyalty').click();
    await page.getByTestId('field-notes').fill('Prefers WhatsApp. Buys coffee every Friday.');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('saved-notice').waitFor();
    await expectText(page, 'details-email', 'jose.quinonez@example.com');
    await screenshot(page, '08-customer-edited');
  });

  it('keeps the change, and the language, after the app restarts', async () => {
    await app.page.goto('about:blank');
    await app.restartHost();
    const { page } = app;
    await openSignedIn(page, app.host.launchUrl);
    await page.getByTestId('customer-row').first().waitFor();
    await search(page, 'quiñónez');
    await page.getByTestId('customer-row').filter({ hasText: 'Quiñónez' }).click();
    await expectText(page, 'details-email', 'jose.quinonez@example.com');
    await expectText(page, 'details-notes', 'Prefers WhatsApp. Buys coffee every Friday.');
    expect(await page.getByTestId('nav-checkout').textContent()).toContain('Checkout');
    await screenshot(page, '09-after-restart');
  });

  it('shows the history of changes, field by field', async () => {
    const { page } = app;
    const history = page.getByTestId('customer-history');
    await history.scrollIntoViewIfNeeded();
    const entries = history.getByTestId('history-entry');
    await expectCount(entries, 2);
    expect(await entries.first().textContent()).toMatch(/Email\s*\(empty\)\s*→\s*jose\.quinonez@example\.com/);
    expect(await entries.last().textContent()).toContain('Customer created');
    // Audit rows keep the user's id; people read the signed-in user's name.
    await expect.poll(() => entries.first().textContent()).toContain('by Ana');
    await screenshot(page, '10-history');
  });

  it('shows the membership code as a barcode and prints it as a card', async () => {
    const { page } = app;
    const barcode = page.getByTestId('details-code').getByTestId('membership-barcode');
    await barcode.scrollIntoViewIfNeeded();
    expect(await barcode.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print-card').isVisible()).toBe(true);
    expect(await page.getByTestId('print-card').textContent()).toContain('José Ángel Quiñónez Ábrego');
    await screenshot(page, '12-membership-card-print');
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByTestId('print-card').isVisible()).toBe(false);
  });

  it('records SMS consent with how the customer gave it, and logs it', async () => {
    const { page } = app;
    const panel = page.getByTestId('consent-panel');
    await panel.scrollIntoViewIfNeeded();
    await expectText(page, 'consent-sms', 'No');
    await panel.getByLabel('How the customer told us').selectOption('written');
    await page.getByTestId('toggle-consent-sms').click();
    await expectText(page, 'consent-sms', 'Yes');
    await expectText(page, 'consent-log', /SMS consent: Yes · In writing · by Ana$/);
    await screenshot(page, '13-consent');
  });

  it('exports everything held about the customer as a JSON file', async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-data').click()]);
    expect(download.suggestedFilename()).toMatch(/^clientela-29\d{11}-\d{4}-\d{2}-\d{2}\.json$/);
    const file = await download.path();
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(data.customer.email).toBe('jose.quinonez@example.com');
    expect(data.consentEvents[0]).toMatchObject({ channel: 'sms', granted: true, source: 'written' });
    expect(data.history.length).toBeGreaterThanOrEqual(3);
  });

  it('deactivates after confirmation, hides from search, and reactivates', async () => {
    const { page } = app;
    await page.getByTestId('deactivate-customer').click();
    await page.getByTestId('confirm-deactivate').click();
    await expectText(page, 'saved-notice', 'Customer deactivated.');
    await screenshot(page, '11-deactivated');
    await search(page, 'quinonez');
    await page.getByTestId('no-results').waitFor();
    await page.getByLabel('Show inactive').check();
    await page.getByTestId('customer-row').filter({ hasText: 'Quiñónez' }).waitFor();
    await page.getByTestId('reactivate-customer').click();
    await expectText(page, 'saved-notice', 'Customer reactivated.');
  });

  it('puts the customer in a group that needs approval, tags them, and a manager approves', async () => {
    const { page } = app;
    await page.getByTestId('edit-customer').click();
    await page.getByTestId('wizard-step-loyalty').click();
    await page.getByTestId('field-group').selectOption({ label: 'Mayoristas (needs approval)' });
    const tags = page.getByTestId('field-tags');
    await tags.fill('delivery');
    await tags.press('Enter');
    await tags.fill('Café de Boquete');
    await tags.press('Enter');
    await screenshot(page, '14-group-and-tags');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('saved-notice').waitFor();
    const details = page.getByTestId('customer-details');
    await details.getByText('Pending approval').first().waitFor();
    expect(await details.textContent()).toContain('Café de Boquete');
    // With Approve there are four actions: each stays whole inside the pane (they wrap).
    const pane = await details.boundingBox();
    for (const action of await details.locator('.header-actions button').all()) {
      const box = await action.boundingBox();
      expect(box && pane && box.x + box.width <= pane.x + pane.width, (await action.textContent()) ?? '').toBe(true);
    }
    await screenshot(page, '15-pending-approval');
    await page.getByTestId('approve-customer').click();
    await expectText(page, 'saved-notice', 'Customer approved.');
    expect(await page.getByTestId('approve-customer').count()).toBe(0);
  });

  it('filters the list with chips that can be removed, and the count follows beside the open panel', async () => {
    const { page } = app;
    await search(page, '');
    await expectText(page, 'customer-count', /^[\d,]{4,} customers$/);
    const withInactive = await countShown(page);
    await page.getByLabel('Show inactive').uncheck();
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-testid=customer-count]')?.textContent?.replace(/\D/g, '')) < before,
      withInactive,
    );
    const everyone = await countShown(page);
    await page.getByTestId('filters-toggle').click();
    await page.getByTestId('filter-panel').waitFor();
    // The panel takes the details pane: the list keeps its rows in sight while the manager ticks filters.
    expect(await panelInView(page)).toBe(true);
    const before = await rowsInView(page);
    expect(before.length).toBeGreaterThanOrEqual(8);
    await page.getByTestId('filter-smsConsent').check();
    const withSmsShown = await countChangedFrom(page, everyone);
    expect(withSmsShown).toBeLessThan(everyone);
    const after = await rowsInViewChangedFrom(page, before);
    expect(after.length).toBeGreaterThanOrEqual(8);
    expect(after).not.toEqual(before);
    expect(await panelInView(page)).toBe(true);
    await screenshot(page, '16-filters');
    await page.getByTestId('filter-tag').fill('Café de Boquete');
    await page.getByTestId('filter-tag').press('Enter');
    await expectText(page, 'customer-count', /^1 customer$/);
    expect(await page.getByTestId('customer-row').first().textContent()).toContain('Quiñónez');
    await page.getByTestId('filter-chip-tag').waitFor();
    await screenshot(page, '16b-filters-one-match');
    await page.getByTestId('segment-save-start').click();
    await page.getByTestId('segment-name').fill('Café lovers con SMS');
    await page.getByTestId('segment-save').click();
    await page.getByTestId('segment-delete').waitFor();
    await page.getByTestId('filters-clear').click();
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=customer-count]')?.textContent ?? '') !== '1 customer',
    );
    await page.getByTestId('segment-select').selectOption({ label: 'Café lovers con SMS (1 customer)' });
    await expectText(page, 'customer-count', /^1 customer$/);
    await page.getByTestId('filter-chip-tag').waitFor();
    await screenshot(page, '17-segment');
    await page.getByTestId('filter-chip-tag').getByRole('button').click();
    await page.getByTestId('filter-chip-tag').waitFor({ state: 'detached' });
    await expectText(page, 'customer-count', /^[\d,]{2,} customers$/);
    const withSms = await countShown(page);
    expect(withSms).toBeGreaterThan(1);
    expect(withSms).toBeLessThan(everyone);
    await page.getByTestId('filters-clear').click();
    await expectText(page, 'customer-count', `${everyone.toLocaleString('en')} customers`);
  });

  it('settings: renames the store and adds a customer group, refusing a bad discount', async () => {
    const { page } = app;
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-storeName').fill('Super Mini Chorrera');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    await page.getByText('Super Mini Chorrera').first().waitFor();
    await page.getByTestId('group-new').click();
    await page.getByTestId('group-name').fill('Estudiantes');
    await page.getByTestId('group-discount').fill('120');
    await page.getByTestId('group-save').click();
    await page.getByTestId('group-editor').getByText('A percentage from 0 to 100.').waitFor();
    await page.getByTestId('group-discount').fill('7,5');
    await page.getByTestId('group-save').click();
    await page.getByTestId('group-row').filter({ hasText: 'Estudiantes' }).getByText('7.5 %').waitFor();
    await screenshot(page, '18-settings');
    await page.getByTestId('nav-customers').click();
  });
});

/** Wait until the element's text matches: the UI updates asynchronously. */
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

/** Wait until the list's count is no longer `before` (it updates as the filters change), and return it. */
async function countChangedFrom(page: Page, before: number): Promise<number> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=customer-count]')?.textContent?.replace(/\D/g, '')) !== n,
    before,
  );
  return countShown(page);
}

async function countShown(page: Page): Promise<number> {
  return Number(((await page.getByTestId('customer-count').textContent()) ?? '').replace(/\D/g, ''));
}

async function expectCount(locator: import('playwright-core').Locator, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await locator.count()) === n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${n} elements, found ${await locator.count()}`);
}
