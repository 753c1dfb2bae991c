import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuthStatus, User } from '../../shared/auth';
import type { UserRole } from '../../shared/auth';
import { App } from '../../renderer/App';
import { setTransport } from '../../renderer/api/client';
import { initI18n } from '../../renderer/i18n';
import { useAppStore } from '../../renderer/stores/app-store';
import { LOCAL_CONNECTION } from '../../main/app';
import { TEST_PIN } from '../helpers/temp-app';
import { inProcessApp } from './in-process-transport';

let harness: ReturnType<typeof inProcessApp>;
let monotonic = 0;

beforeEach(async () => {
  monotonic = 0;
  harness = inProcessApp({ monotonicNow: () => monotonic });
  setTransport(harness.transport);
  useAppStore.setState({ info: null, auth: null, sync: null, screen: 'customers', language: 'en' });
  await initI18n('en');
});
afterEach(() => harness.close());

async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = await harness.app.call(channel, input, LOCAL_CONNECTION);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** The screens run as whoever is signed in on the local connection: the admin adds this user, who signs in there. */
async function signInAs(name: string, role: UserRole, readOnly = false): Promise<User> {
  const user = await call<User>('users.add', { name, role, readOnly, pin: TEST_PIN });
  await call<AuthStatus>('auth.signIn', { userId: user.id, pin: TEST_PIN });
  return user;
}

async function typeOnKeypad(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement, pin: string) {
  // jsdom has no showModal: the dialog is never "open", so its contents count as hidden to role queries.
  const keypad = within(dialog).getByRole('group', { name: 'Keypad', hidden: true });
  for (const digit of pin) await user.click(within(keypad).getByRole('button', { name: digit, hidden: true }));
}

describe('Change PIN from the header', () => {
  it('a read-only user changes their own PIN: errors under each field, a wrong current PIN says the tries left', async () => {
    const diego = await signInAs('Diego', 'cashier', true);
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId('change-pin-open'));
    const dialog = await screen.findByTestId('change-pin');

    // The keypad types into the field in focus.
    await typeOnKeypad(user, dialog, TEST_PIN);
    expect(screen.getByTestId('change-pin-currentPin')).toHaveValue(TEST_PIN);
    await user.click(screen.getByTestId('change-pin-newPin'));
    await typeOnKeypad(user, dialog, '1234');
    await user.type(screen.getByTestId('change-pin-confirmPin'), '5173');
    await user.click(screen.getByTestId('change-pin-save'));
    expect(
      within(dialog)
        .getAllByRole('alert', { hidden: true })
        .map((e) => e.textContent),
    ).toEqual(['Too easy to guess (like 0000 or 1234). Choose another.', 'The two PINs are not the same.']);

    await user.clear(screen.getByTestId('change-pin-currentPin'));
    await user.type(screen.getByTestId('change-pin-currentPin'), '9999');
    await user.clear(screen.getByTestId('change-pin-newPin'));
    await user.type(screen.getByTestId('change-pin-newPin'), '5173');
    await user.click(screen.getByTestId('change-pin-save'));
    await waitFor(() =>
      expect(within(dialog).getByRole('alert', { hidden: true })).toHaveTextContent(
        'Wrong PIN. 4 tries left before the user is locked.',
      ),
    );
    expect(screen.getByTestId('change-pin-currentPin')).toHaveValue('');

    await user.type(screen.getByTestId('change-pin-currentPin'), TEST_PIN);
    await user.click(screen.getByTestId('change-pin-save'));
    await screen.findByTestId('change-pin-done');
    // The new PIN is the one main now accepts.
    expect((await harness.app.call('auth.signIn', { userId: diego.id, pin: '5173' }, 'test:other')).ok).toBe(true);
    await user.click(screen.getByTestId('change-pin-close'));
    expect(screen.queryByTestId('change-pin')).toBeNull();
  }, 30_000);

  it('the fifth wrong current PIN locks the user out, and the till shows the lock screen', async () => {
    await signInAs('Carla', 'cashier');
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId('change-pin-open'));
    for (let i = 0; i < 5; i++) {
      await user.type(screen.getByTestId('change-pin-currentPin'), '9999');
      await user.clear(screen.getByTestId('change-pin-newPin'));
      await user.type(screen.getByTestId('change-pin-newPin'), '5173');
      await user.clear(screen.getByTestId('change-pin-confirmPin'));
      await user.type(screen.getByTestId('change-pin-confirmPin'), '5173');
      await user.click(screen.getByTestId('change-pin-save'));
      if (i < 4) await waitFor(() => expect(screen.getByTestId('change-pin-currentPin')).toHaveValue(''));
    }
    await screen.findByTestId('lock-screen');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Locked: Carla');
  }, 30_000);
});

describe('the lock main enforces', () => {
  it('a call after the lock time without a touch brings up the lock screen', async () => {
    await signInAs('Carla', 'cashier');
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId('screen-customers');
    monotonic += 5 * 60_000;
    // The renderer saw nothing for five minutes of main's clock; the next call is refused and the lock screen shows.
    await user.type(screen.getByTestId('customer-search'), 'a');
    await screen.findByTestId('lock-screen');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Locked: Carla');
  });
});

describe('new customers by role', () => {
  it('a cashier gets quick-add on the Customers screen but not the full wizard; a manager gets both', async () => {
    const marco = await call<User>('users.add', { name: 'Marco', role: 'manager', readOnly: false, pin: TEST_PIN });
    await signInAs('Carla', 'cashier');
    const user = userEvent.setup();
    const view = render(<App />);
    await screen.findByTestId('screen-customers');
    expect(screen.queryByTestId('new-customer-full')).toBeNull();
    await user.click(screen.getByTestId('new-customer'));
    await user.type(await screen.findByTestId('quick-firstName'), 'Beto');
    await user.type(screen.getByTestId('quick-phone'), '6999-0000');
    await user.click(screen.getByTestId('quick-submit'));
    await screen.findByTestId('notice');
    expect(harness.app.sql.raw("SELECT first_name FROM customers WHERE first_name = 'Beto'")).toHaveLength(1);
    view.unmount();

    await call<AuthStatus>('auth.signIn', { userId: marco.id, pin: TEST_PIN });
    useAppStore.setState({ auth: null });
    render(<App />);
    await screen.findByTestId('new-customer-full');
    expect(screen.getByTestId('new-customer')).toBeInTheDocument();
  }, 30_000);
});
