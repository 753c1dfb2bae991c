import { readFileSync, rmSync } from 'node:fs';
import Papa from 'papaparse';
import {
  type Browser,
  ensureBuilt,
  findChromium,
  openBrowser,
  type RunningHost,
  screenshot,
  startHost,
  tempDir,
} from './harness';

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('CSV export and import in the browser', () => {
  let dataDir: string;
  let host: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    dataDir = tempDir('e2e-csv');
    host = await startHost(dataDir, ['--demo']);
    browser = await openBrowser(chromiumPath as string);
    await browser.page.goto(host.launchUrl);
    await browser.page.getByTestId('language-en').click();
  });

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await host?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exports the filtered list to a CSV file that holds exactly those customers', async () => {
    const { page } = browser;
    await page.getByTestId('filters-toggle').click();
    await page.getByTestId('filter-hasEmail').check();
    await page.getByTestId('filters-toggle').click();
    await page.getByTestId('filter-chip-hasEmail').waitFor();
    const countText = (await page.getByTestId('customer-count').textContent()) ?? '';
    const shown = Number(countText.replace(/\D/g, ''));
    expect(shown).toBeGreaterThan(0);

    const downloading = page.waitForEvent('download');
    await page.getByTestId('csv-export-start').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^clientela-customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    const rows = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(shown);
    expect(rows.every((r) => r.email && r.status !== 'inactive')).toBe(true);
    await page
      .getByTestId('csv-export-status')
      .getByText(`${shown.toLocaleString('en-US')} customers exported.`)
      .waitFor();
    await screenshot(page, '50-csv-export');
    await page.getByTestId('filters-clear').click();
  });
});
