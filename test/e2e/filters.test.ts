import type { Page } from 'playwright-core';
import { describeE2e, screenshot, useE2eApp } from './harness';

const countShown = async (page: Page) =>
  Number(((await page.getByTestId('customer-count').textContent()) ?? '').replace(/\D/g, ''));

/** Wait until the list's count is no longer `before` (it updates as the filters change), and return it. */
async function countChangedFrom(page: Page, before: number): Promise<number> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=customer-count]')?.textContent?.replace(/\D/g, '')) !== n,
    before,
  );
  return countShown(page);
}

const chipTexts = async (page: Page) =>
  (await page.getByTestId('condition-chip').allTextContents()).map((text) => text.replace('×', '').trim());

async function addCondition(page: Page, field: string, op: string, value?: string) {
  await page.getByTestId('condition-field').selectOption(field);
  await page.getByTestId('condition-op').selectOption(op);
  if (value !== undefined) await page.getByTestId('condition-value').fill(value);
  await page.getByTestId('condition-add').click();
}

describeE2e('custom filter conditions in the browser', () => {
  const app = useE2eApp({ prefix: 'e2e-filters', hostArgs: ['--demo'], signIn: true, language: 'en' });
  let everyone = 0;
  let filtered = 0;

  it('builds two conditions; each shows as a chip and the count follows', async () => {
    const { page } = app;
    await page.getByTestId('customer-row').first().waitFor();
    everyone = await countShown(page);
    await page.getByTestId('filters-toggle').click();

    await addCondition(page, 'totalSpent', 'gte', '100');
    const bigSpenders = await countChangedFrom(page, everyone);
    expect(bigSpenders).toBeGreaterThan(0);
    expect(bigSpenders).toBeLessThan(everyone);

    await addCondition(page, 'lastPurchase', 'in_last_days', '90');
    filtered = await countChangedFrom(page, bigSpenders);
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(bigSpenders);
    expect(await chipTexts(page)).toEqual(['Total spent ≥ $100.00', 'Last purchase in the last 90 days']);
    expect(await page.getByTestId('filters-toggle').textContent()).toBe('Filters (2)');
    await screenshot(page, '80-filter-conditions');
  });

  it('a bad value is refused next to it and the list stays as it was', async () => {
    const { page } = app;
    await page.getByTestId('condition-field').selectOption('createdAt');
    await page.getByTestId('condition-op').selectOption('between');
    await page.getByTestId('condition-value').fill('2026-06-30');
    await page.getByTestId('condition-value-to').fill('2026-01-01');
    await page.getByTestId('condition-add').click();
    await page.getByTestId('condition-builder').getByText('Enter both ends, the smaller first.').waitFor();
    expect(await page.getByTestId('condition-chip').count()).toBe(2);
    expect(await countShown(page)).toBe(filtered);
    await screenshot(page, '81-filter-condition-error');
  });

  it('combines with the search', async () => {
    const { page } = app;
    await page.getByTestId('customer-search').fill('a');
    const searched = await countChangedFrom(page, filtered);
    expect(searched).toBeLessThan(filtered);
    await page.getByTestId('customer-search').fill('');
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=customer-count]')?.textContent?.replace(/\D/g, '')) === n,
      filtered,
    );
  });

  it('saves the conditions as a segment, clears them, and the segment brings them back', async () => {
    const { page } = app;
    await page.getByTestId('segment-save-start').click();
    await page.getByTestId('segment-name').fill('Good recent customers');
    await page.getByTestId('segment-save').click();
    await page.getByTestId('segment-delete').waitFor();

    await page.getByTestId('filters-clear').click();
    expect(await countChangedFrom(page, filtered)).toBe(everyone);
    expect(await page.getByTestId('condition-chip').count()).toBe(0);

    await page.getByTestId('segment-select').selectOption({ label: `Good recent customers (${filtered} customers)` });
    expect(await countChangedFrom(page, everyone)).toBe(filtered);
    expect(await chipTexts(page)).toEqual(['Total spent ≥ $100.00', 'Last purchase in the last 90 days']);
    await screenshot(page, '82-filter-segment-reopened');
  });

  it('reads the chips in Spanish', async () => {
    const { page } = app;
    await page.getByTestId('language-es').click();
    await page.getByText('Total gastado', { exact: false }).first().waitFor();
    const chips = await chipTexts(page);
    expect(chips[0]).toMatch(/^Total gastado ≥ /);
    expect(chips[1]).toBe('Última compra en los últimos 90 días');
    await screenshot(page, '83-filtros-condiciones-es');
  });
});
