import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describeE2e, screenshot, useE2eApp } from './harness';

describeE2e('backups in Settings, in the browser', () => {
  const app = useE2eApp({ prefix: 'e2e-backups', hostArgs: ['--demo'], signIn: true, language: 'en' });

  const rows = (page: Page) => page.getByTestId('backup-row');

  async function openSettings(page: Page) {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('backups-card').scrollIntoViewIfNeeded();
  }

  async function customerCount(page: Page): Promise<string> {
    await page.getByTestId('nav-customers').click();
    // The count is empty until the list has loaded.
    const count = page.getByTestId('customer-count');
    await expect.poll(async () => /\d/.test((await count.textContent()) ?? ''), { timeout: 30_000 }).toBe(true);
    return (await count.textContent()) ?? '';
  }

  it('shows the daily backup taken at start, and makes one on demand', async () => {
    const { page } = app;
    await openSettings(page);
    await rows(page).first().waitFor();
    await expectRowCount(page, 1);
    await page.getByTestId('backups-create').click();
    await page.getByTestId('backups-notice').getByText('Backup made and checked.').waitFor();
    await expectRowCount(page, 2);
    await page.getByTestId('backups-card').screenshot({ path: join(screensDir(), '50-backups-list.png') });
    await screenshot(page, '51-backups-settings');
  });

  it('refuses a bad retention next to the field', async () => {
    const { page } = app;
    await page.getByTestId('backups-keep').fill('0');
    await page.getByTestId('backups-keep-save').click();
    await page.getByTestId('backups-card').getByText('Too small.').waitFor();
    await page.getByTestId('backups-keep').fill('10');
    await page.getByTestId('backups-keep-save').click();
    await page.getByTestId('backups-notice').getByText('Saved.').waitFor();
  });

  it('restores a backup after confirmation: later changes are gone, the app reloads', async () => {
    const { page } = app;
    const before = await customerCount(page);
    await page.getByTestId('new-customer').click();
    await page.getByTestId('quick-firstName').fill('Zoila');
    await page.getByTestId('quick-lastName').fill('Después');
    await page.getByTestId('quick-phone').fill('6999-0001');
    await page.getByTestId('quick-submit').click();
    await page.getByTestId('notice').getByText('Zoila Después was added.').waitFor();
    expect(await customerCount(page)).not.toBe(before);

    await openSettings(page);
    // The newest is the one made by hand a moment ago, before Zoila.
    await rows(page).first().getByTestId('backup-restore').click();
    await page.getByTestId('restore-dialog').waitFor();
    await screenshot(page, '52-backups-restore-confirm');
    await page.getByTestId('restore-confirm').click();
    await page.getByTestId('restore-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('nav-customers').waitFor();
    await expect.poll(() => customerCount(page)).toBe(before);
    await openSettings(page);
    await page.getByTestId('backups-table').getByText('Before a restore').waitFor();
  });

  it('refuses to import a file that is not a Clientela backup, changing nothing', async () => {
    const { page } = app;
    const count = await rows(page).count();
    await page.getByTestId('backups-file').setInputFiles({
      name: 'clientes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('nombre,teléfono\nAna,6123-4567\n'),
    });
    await page.getByTestId('backups-error-import').getByText('not a Clientela backup').waitFor();
    await expectRowCount(page, count);
    await screenshot(page, '53-backups-import-refused');
  });

  it('downloads a backup and imports it back', async () => {
    const { page } = app;
    const count = await rows(page).count();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      rows(page).first().getByRole('button', { name: 'Download' }).click(),
    ]);
    const saved = join(app.dataDir, 'downloaded.db');
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 15).toString()).toBe('SQLite format 3');
    await page.getByTestId('backups-file').setInputFiles(saved);
    // The demo store is about 90 MB: 180 slices each way.
    await page.getByTestId('backups-notice').getByText('added to the list').waitFor({ timeout: 150_000 });
    await expectRowCount(page, count + 1);
    await page.getByTestId('backups-table').getByText('Imported file').waitFor();
  }, 240_000);

  it('speaks Spanish', async () => {
    const { page } = app;
    await page.getByTestId('language-es').click();
    await page.getByTestId('backups-card').getByText('Copias de seguridad').waitFor();
    // The last import's message, shown before the switch, follows it too.
    await page.getByTestId('backups-notice').getByText('se añadió a la lista').waitFor();
    await page.getByTestId('backups-card').screenshot({ path: join(screensDir(), '54-copias-de-seguridad-es.png') });
    await page.getByTestId('language-en').click();
  });
});

function screensDir(): string {
  return join(process.cwd(), 'test/e2e/screens');
}

async function expectRowCount(page: Page, n: number): Promise<void> {
  await expect.poll(() => page.getByTestId('backup-row').count()).toBe(n);
}
