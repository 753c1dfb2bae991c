import type { Page } from 'playwright-core';
import { panelInView, rowsInView, rowsInViewChangedFrom } from './customer-list-view';
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
    await page.getByTestId('filter-panel').waitFor();
    const before = await rowsInView(page);
    expect(before.length).toBeGreaterThanOrEqual(8);

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
    // Two chips wrap onto a second line above the list; the panel stays open beside it and the list keeps 8 rows.
    const after = await rowsInViewChangedFrom(page, before);
    expect(after.length).toBeGreaterThanOrEqual(8);
    expect(after).not.toEqual(before);
    expect(await panelInView(page)).toBe(true);
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

    // The picker names the segment the filters are: still so once the panel is closed and reopened…
    const picked = () =>
      page.getByTestId('segment-select').evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    await page.getByTestId('filters-done').click();
    await page.getByTestId('filters-toggle').click();
    expect(await picked()).toMatch(/^Good recent customers/);
    // …and no segment once the filters differ from it, until they are its own again.
    await page.getByTestId('filter-hasPhone').check();
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=segment-select]') as HTMLSelectElement | null)?.value === '',
    );
    await page.getByTestId('filter-hasPhone').uncheck();
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=segment-select]') as HTMLSelectElement | null)?.value !== '',
    );
    expect(await picked()).toMatch(/^Good recent customers/);
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

  it('Escape and Listo close the panel and give the focus back to the toggle; opening a customer closes it too', async () => {
    const { page } = app;
    const toggle = page.getByTestId('filters-toggle');
    const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    // Still open from the tests above, in Spanish now.
    await page.getByTestId('filter-hasPhone').focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-panel').waitFor({ state: 'detached' });
    expect(await focusedTestId()).toBe('filters-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('condition-chip').count()).toBe(2);
    await page.getByText('Elija un cliente para ver sus datos.').waitFor();

    await toggle.click();
    await page.getByTestId('filter-panel').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Filtros');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect((await rowsInView(page)).length).toBeGreaterThanOrEqual(8);
    await screenshot(page, '84-filtros-panel-es');
    // A status chip stays whole beside its name ("Pendiente de aprobación" was cut off): the name gives way.
    const chips = await page.locator('.customer-row .row-name .chip').all();
    expect(chips.length).toBeGreaterThan(0);
    for (const chip of chips) {
      const [box, line] = [await chip.boundingBox(), await chip.locator('xpath=..').boundingBox()];
      expect(box && line && box.x + box.width <= line.x + line.width + 0.5, (await chip.textContent()) ?? '').toBe(true);
    }
    await page.getByTestId('filters-done').click();
    await page.getByTestId('filter-panel').waitFor({ state: 'detached' });
    expect(await focusedTestId()).toBe('filters-toggle');

    await toggle.click();
    await page.getByTestId('filter-panel').waitFor();
    const [first] = await rowsInView(page);
    await page.getByTestId('customer-row').first().click();
    await page.getByTestId('filter-panel').waitFor({ state: 'detached' });
    const details = page.getByTestId('customer-details');
    await details.waitFor();
    expect(await details.textContent()).toContain(first);
    expect(await page.getByTestId('condition-chip').count()).toBe(2);
  });

  it("in Electron's smallest window (960x600) the panel sits beside the list, takes none of its rows, and shows every control", async () => {
    const { page } = app;
    await page.setViewportSize({ width: 960, height: 600 });
    try {
      await page.getByTestId('customer-details').waitFor();
      const closed = await rowsInView(page);
      await page.getByTestId('filters-toggle').click();
      await page.getByTestId('filter-panel').waitFor();
      expect(await rowsInView(page)).toEqual(closed);
      expect(closed.length).toBeGreaterThanOrEqual(2);
      const box = async (testId: string) =>
        (await page.getByTestId(testId).boundingBox()) ?? { x: -1, y: 0, width: 0, height: 0 };
      const list = await box('customer-list');
      // The panes shrink instead of pushing the details pane past the window's right edge.
      for (const testId of ['filters-done', 'filter-topSpenders', 'filter-tag', 'condition-field', 'condition-add']) {
        const control = await box(testId);
        expect(control.x).toBeGreaterThan(list.x + list.width);
        expect(control.x + control.width).toBeLessThanOrEqual(960);
      }
      // The top bar's sync line gives way instead of running over the app's name.
      const brand = await page.locator('.brand').boundingBox();
      const sync = await page.getByTestId('sync-status').boundingBox();
      expect(brand && sync && sync.x >= brand.x + brand.width).toBe(true);
      expect(sync && sync.height <= 20).toBe(true);
      // What waits to be sent stays in view, in a shorter wording.
      expect(await page.getByTestId('sync-status').innerText()).toMatch(/^[\d,.]+ en espera$/);
      const cut = await page.locator('.sync-label-short').evaluate((el) => el.scrollWidth > el.clientWidth);
      expect(cut).toBe(false);
      await screenshot(page, '85-filtros-ventana-estrecha-es');
      // The pane scrolls as a whole to the condition builder; the list stays put beside it.
      await page.getByTestId('condition-add').scrollIntoViewIfNeeded();
      const add = await box('condition-add');
      expect(add.y + add.height).toBeLessThanOrEqual(600);
      expect(await rowsInView(page)).toEqual(closed);
      await screenshot(page, '86-filtros-ventana-estrecha-abajo-es');
      await page.keyboard.press('Escape');
      await page.getByTestId('filter-panel').waitFor({ state: 'detached' });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
