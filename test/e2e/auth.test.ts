import type { Page } from 'playwright-core';
import { describeE2e, E2E_ADMIN, screenshot, signInThroughUi, useE2eApp } from './harness';

const CARLA = { name: 'Carla', pin: '8080' };
const NEW_CARLA_PIN = '3691';

async function typePin(page: Page, pin: string) {
  // By touch: the keypad, digit by digit.
  for (const digit of pin) await page.locator('.pin-key', { hasText: new RegExp(`^${digit}$`) }).click();
}

describeE2e('users, PINs and the lock screen in the browser', () => {
  const app = useE2eApp({ prefix: 'e2e-auth' });

  it('first run: the admin is created with a name and a PIN typed twice; errors sit next to their fields', async () => {
    const { page } = app;
    await page.goto(app.host.launchUrl);
    await page.getByTestId('first-run').waitFor();
    await page.getByTestId('first-run-pin').fill('1234');
    await page.getByTestId('first-run-confirm').fill('1243');
    await page.getByTestId('first-run-submit').click();
    const errors = page.locator('.field-error');
    await expect
      .poll(() => errors.allTextContents())
      .toEqual(['Obligatorio.', 'Demasiado fácil de adivinar (como 0000 o 1234). Elija otro.']);
    await page.getByTestId('first-run-pin').fill('2468');
    await page.getByTestId('first-run-submit').click();
    await expect.poll(() => errors.allTextContents()).toEqual(['Obligatorio.', 'Los dos PIN no coinciden.']);
    await screenshot(page, '70-first-run-errors');
    await page.getByTestId('first-run-name').fill(E2E_ADMIN.name);
    await page.getByTestId('first-run-confirm').fill(E2E_ADMIN.pin);
    await page.getByTestId('first-run-submit').click();
    await page.getByTestId('user-menu').waitFor();
    expect(await page.getByTestId('user-name').textContent()).toBe('Ana');
    expect(await page.getByTestId('user-role').textContent()).toBe('Administrador');
    // A reload keeps the session: it lives in the app, not in the page.
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
  });

  it('Settings > Users: the admin adds a cashier, with errors by field, and cannot deactivate the last admin', async () => {
    const { page } = app;
    await page.getByTestId('language-en').click();
    await page.getByTestId('nav-settings').click();
    const card = page.getByTestId('users-card');
    await card.waitFor();
    await page.getByTestId('user-new').click();
    await page.getByTestId('user-pin-input').fill('1111');
    await page.getByTestId('user-save').click();
    await expect
      .poll(() => page.getByTestId('user-form').locator('.field-error').allTextContents())
      .toEqual(['Required.', 'Too easy to guess (like 0000 or 1234). Choose another.']);
    await page.getByTestId('user-name-input').fill(CARLA.name);
    await page.getByTestId('user-pin-input').fill(CARLA.pin);
    await page.getByTestId('user-save').click();
    await page.getByTestId('users-notice').waitFor();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(2);
    expect(await page.getByTestId('user-row').filter({ hasText: 'Carla' }).textContent()).toContain('Cashier');
    await page.getByTestId('user-row').filter({ hasText: 'Ana' }).getByTestId('user-deactivate').click();
    await card.getByText('Someone must remain an active administrator.').waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, '71-settings-users');
  });

  it('sign-in: a wrong PIN says how many tries are left, the right one signs in; a cashier sees no Settings', async () => {
    const { page } = app;
    await page.getByTestId('switch-user').click();
    await page.getByTestId('sign-in').waitFor();
    await expect.poll(() => page.getByTestId('user-tile').allTextContents()).toEqual(['AAnaAdministrator', 'CCarlaCashier']);
    // Only the demo store shows its demo PINs.
    expect(await page.getByTestId('demo-hint').count()).toBe(0);
    await screenshot(page, '72-sign-in-tiles');
    await page
      .getByTestId('user-tile')
      .filter({ has: page.getByText('Carla', { exact: true }) })
      .click();
    await typePin(page, '8081');
    await page.getByTestId('sign-in-submit').click();
    await expect
      .poll(() => page.getByTestId('sign-in-error').textContent())
      .toBe('Wrong PIN. 4 tries left before the user is locked.');
    await screenshot(page, '73-sign-in-wrong-pin');
    await page.getByTestId('pin').fill(CARLA.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('user-menu').waitFor();
    expect(await page.getByTestId('user-role').textContent()).toBe('Cashier');
    const nav = await page.locator('.sidebar .nav-item').allTextContents();
    expect(nav).toEqual(['Checkout', 'Customers']);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('screen-customers').waitFor();
    expect(await page.getByTestId('csv-import-open').count()).toBe(0);
    // Quick-add, not the full wizard.
    expect(await page.getByTestId('new-customer').count()).toBe(1);
    expect(await page.getByTestId('new-customer-full').count()).toBe(0);
    await screenshot(page, '74-cashier-no-settings');
  });

  it('a cashier changes her own PIN from the header: errors under the fields, then the new PIN signs her in', async () => {
    const { page } = app;
    await page.getByTestId('change-pin-open').click();
    const dialog = page.getByTestId('change-pin');
    await dialog.waitFor();
    // The one keypad types into the field in focus: the current PIN first.
    await typePin(page, CARLA.pin);
    await page.getByTestId('change-pin-newPin').click();
    await typePin(page, '1111');
    await page.getByTestId('change-pin-confirmPin').fill('2222');
    await page.getByTestId('change-pin-save').click();
    await expect
      .poll(() => dialog.locator('.field-error').allTextContents())
      .toEqual(['Too easy to guess (like 0000 or 1234). Choose another.', 'The two PINs are not the same.']);
    await page.getByTestId('change-pin-currentPin').fill('9999');
    await page.getByTestId('change-pin-newPin').fill(NEW_CARLA_PIN);
    await page.getByTestId('change-pin-confirmPin').fill(NEW_CARLA_PIN);
    await page.getByTestId('change-pin-save').click();
    await expect
      .poll(() => dialog.locator('.field-error').allTextContents())
      .toEqual(['Wrong PIN. 4 tries left before the user is locked.']);
    await screenshot(page, '77b-change-pin');
    await page.getByTestId('change-pin-currentPin').fill(CARLA.pin);
    await page.getByTestId('change-pin-save').click();
    await page.getByTestId('change-pin-done').waitFor();
    await screenshot(page, '77c-change-pin-done');
    await page.getByTestId('change-pin-close').click();
    await page.getByTestId('switch-user').click();
    await page.getByTestId('sign-in').waitFor();
    await signInThroughUi(page, { name: CARLA.name, pin: NEW_CARLA_PIN });
    expect(await page.getByTestId('user-name').textContent()).toBe('Carla');
  });

  it('five wrong PINs lock the user out, with a countdown', async () => {
    const { page } = app;
    await page.getByTestId('switch-user').click();
    await page
      .getByTestId('user-tile')
      .filter({ has: page.getByText('Carla', { exact: true }) })
      .click();
    for (let i = 0; i < 5; i++) {
      await page.getByTestId('pin').fill('9999');
      await page.getByTestId('sign-in-submit').click();
      await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toMatch(i < 4 ? /Wrong PIN/ : /Try again in/);
    }
    expect(await page.getByTestId('sign-in-error').textContent()).toMatch(
      /^Too many wrong PINs\. Try again in (29|30) seconds\.$/,
    );
    expect(await page.getByTestId('sign-in-submit').isDisabled()).toBe(true);
    await screenshot(page, '75-locked-out');
    // Another user may still sign in at this till.
    await page.getByTestId('another-user').click();
    await signInThroughUi(page, E2E_ADMIN);
  });

  it('Lock keeps the user: the lock screen asks for their PIN', async () => {
    const { page } = app;
    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-screen').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Locked: Ana');
    await screenshot(page, '76-lock-screen');
    await typePin(page, E2E_ADMIN.pin);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('user-menu').waitFor();
  });

  it('locks by itself after the configured minutes without a touch', async () => {
    const { page } = app;
    await page.clock.install();
    await page.reload();
    await page.getByTestId('user-menu').waitFor();
    await page.clock.fastForward('04:50');
    expect(await page.getByTestId('user-menu').isVisible()).toBe(true);
    await page.clock.fastForward('00:15');
    await page.getByTestId('lock-screen').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Locked: Ana');
    await screenshot(page, '77-inactivity-lock');
  });
});
