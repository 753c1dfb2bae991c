import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeE2e, SCREENS_DIR, screenshot, useE2eApp } from './harness';

const SID = `AC${'5a'.repeat(16)}`;
const TOKEN = '0123456789abcdef0123456789abcdef';

describeE2e('Twilio credentials in Settings, in the browser', () => {
  // An empty store: the first-run screen makes the admin.
  const app = useE2eApp({ prefix: 'e2e-twilio', signIn: true, language: 'en' });

  beforeAll(async () => {
    await app.page.getByTestId('nav-settings').click();
    await app.page.getByTestId('twilio-card').scrollIntoViewIfNeeded();
  });

  const card = () => app.page.getByTestId('twilio-card');
  const cardShot = (name: string) => card().screenshot({ path: join(SCREENS_DIR, `${name}.png`) });

  it('shows a bad Account SID and a short token next to their fields, saving nothing', async () => {
    const { page } = app;
    await page.getByTestId('twilio-accountSid').fill('AC12345');
    await page.getByTestId('twilio-authToken').fill(TOKEN.slice(2));
    await page.getByTestId('twilio-fromNumber').fill('+1 415 555 0100');
    await page.getByTestId('twilio-save').click();
    await card().getByText('An Account SID is AC followed by 32').waitFor();
    await card().getByText('An Auth Token is 32 letters and digits').waitFor();
    await cardShot('90-twilio-errors');
    // The server says the same for a number the browser cannot judge (the store's country).
    await page.getByTestId('twilio-accountSid').fill(SID);
    await page.getByTestId('twilio-authToken').fill(TOKEN);
    await page.getByTestId('twilio-fromNumber').fill('123');
    await page.getByTestId('twilio-save').click();
    await card().getByText('Not a valid phone number for Panama').waitFor();
  });

  it('saves the account: the token then reads as dots, with Replace and Remove', async () => {
    const { page } = app;
    await page.getByTestId('twilio-fromNumber').fill('+1 415 555 0100');
    await page.getByTestId('twilio-save').click();
    await page.getByTestId('twilio-notice').getByText('Twilio account saved.').waitFor();
    await page.getByTestId('twilio-token-saved').waitFor();
    expect(await page.getByTestId('twilio-fromNumber').inputValue()).toBe('+1 415 555 0100');
    await cardShot('91-twilio-saved');
    await screenshot(page, '92-settings-twilio');
    // Nothing in the page holds the token, after a reload neither; on disk only ciphertext beside a 0600 key.
    expect(await page.content()).not.toContain(TOKEN);
    await page.reload();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('twilio-token-saved').waitFor();
    expect(await page.getByTestId('twilio-accountSid').inputValue()).toBe(SID);
    expect(await page.content()).not.toContain(TOKEN);
    expect(statSync(join(app.dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);
    for (const file of ['clientela.db', 'clientela.db-wal'])
      expect(readFileSync(join(app.dataDir, file)).includes(TOKEN)).toBe(false);
  });

  it('says so up front when the key file is readable by others, and refuses a new token', async () => {
    const { page } = app;
    const key = join(app.dataDir, 'secrets.key');
    chmodSync(key, 0o644);
    try {
      await page.reload();
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('twilio-storage').getByText('can be read by other users of this computer').waitFor();
      await page.getByTestId('twilio-replace').click();
      await page.getByTestId('twilio-authToken').fill('F'.repeat(32));
      await page.getByTestId('twilio-save').click();
      await page.getByTestId('twilio-error').getByText('no safe place to keep the token').waitFor();
      await card().scrollIntoViewIfNeeded();
      await cardShot('94-twilio-key-insecure');
    } finally {
      chmodSync(key, 0o600);
    }
    await page.reload();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('twilio-token-saved').waitFor();
    expect(await page.getByTestId('twilio-storage').count()).toBe(0);
  });

  it('replaces the token, or keeps it, and removes the account after asking', async () => {
    const { page } = app;
    await page.getByTestId('twilio-replace').click();
    await page.getByTestId('twilio-authToken').fill('short');
    await page.getByTestId('twilio-save').click();
    await card().getByText('An Auth Token is 32 letters and digits').waitFor();
    await card().getByText('Keep the saved token').click();
    await page.getByTestId('twilio-token-saved').waitFor();
    await page.getByTestId('twilio-clear').click();
    await page.getByTestId('twilio-clear-confirm').click();
    await page.getByTestId('twilio-notice').getByText('Twilio account removed').waitFor();
    await page.getByTestId('twilio-authToken').waitFor();
    expect(await page.getByTestId('twilio-accountSid').inputValue()).toBe('');
    await page.getByTestId('language-es').click();
    await card().getByText('Las campañas envían mensajes').waitFor();
    await cardShot('93-twilio-es');
  });
});
