import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/App';
import { setTransport } from '../../renderer/api/client';
import { initI18n } from '../../renderer/i18n';
import { useAppStore } from '../../renderer/stores/app-store';
import { inProcessApp } from './in-process-transport';

let harness: ReturnType<typeof inProcessApp>;

beforeEach(async () => {
  harness = inProcessApp();
  setTransport(harness.transport);
  useAppStore.setState({ info: null, sync: null, screen: 'customers', language: 'en' });
  await initI18n('en');
  const owner = { userId: 'owner', deviceId: harness.app.deviceId };
  harness.app.customers.createMany(owner, [
    { input: { firstName: 'José', lastName: 'Núñez', phone: '6123-4567', email: 'jose@example.com' } },
    { input: { firstName: 'María', lastName: 'García', phone: '+507 6987-1111' } },
    { input: { kind: 'business', company: 'Ferretería El Martillo', taxId: '155612345-2-2021' } },
    { input: { firstName: 'Old', lastName: 'Customer', email: 'old@example.com' }, status: 'inactive' },
  ]);
});

afterEach(() => harness.close());

const countOf = (table: string) => harness.app.sql.raw<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]?.n ?? 0;

describe('Customers screen', () => {
  it('lists active customers by last name and hides inactive ones until asked', async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('3 customers'));
    const rows = (await screen.findAllByTestId('customer-row')).map((r) => r.textContent);
    expect(rows[0]).toContain('Ferretería El Martillo');
    expect(rows[1]).toContain('María García');
    expect(rows[2]).toContain('José Núñez');
    await user.click(screen.getByLabelText('Show inactive'));
    await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('4 customers'));
  });

  it('sorts the list Z–A or by newest, and orders by best match while a search is typed', async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('3 customers'));
    await user.selectOptions(screen.getByTestId('customer-sort'), 'name_desc');
    await waitFor(() => expect(screen.getAllByTestId('customer-row')[0]).toHaveTextContent('José Núñez'));
    expect(screen.getAllByTestId('customer-row').map((r) => r.textContent?.slice(0, 14))).toEqual([
      expect.stringContaining('José'),
      expect.stringContaining('María'),
      expect.stringContaining('Ferretería'),
    ]);
    await user.selectOptions(screen.getByTestId('customer-sort'), 'newest');
    await waitFor(() => expect(screen.getAllByTestId('customer-row')[0]).toHaveTextContent('Ferretería El Martillo'));
    await user.type(screen.getByTestId('customer-search'), 'ma');
    expect(screen.getByTestId('customer-sort')).toBeDisabled();
    expect(screen.getByTestId('customer-sort')).toHaveDisplayValue('Best match');
    await user.clear(screen.getByTestId('customer-search'));
    expect(screen.getByTestId('customer-sort')).toHaveDisplayValue('Newest first');
  });

  it('searches as you type, accent-free, and by phone digits', async () => {
    const user = userEvent.setup();
    render(<App />);
    const box = await screen.findByTestId('customer-search');
    await user.type(box, 'nunez');
    await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('1 customer'));
    expect(await screen.findByTestId('customer-row')).toHaveTextContent('José Núñez');
    await user.clear(box);
    await user.type(box, '1111');
    await waitFor(() => expect(screen.getAllByTestId('customer-row')[0]).toHaveTextContent('María García'));
    await user.clear(box);
    await user.type(box, 'zzzz');
    expect(await screen.findByTestId('no-results')).toHaveTextContent('No customer matches “zzzz”.');
  });

  it('walks the list with the arrow and page keys from the search box and opens the highlighted row with Enter', async () => {
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('3 customers'));
    await user.click(screen.getByTestId('customer-search'));
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const active = () => document.querySelector('.customer-row.is-active')?.textContent ?? '';
    expect(active()).toContain('María García');
    await user.keyboard('{PageDown}');
    expect(active()).toContain('José Núñez');
    await user.keyboard('{PageUp}');
    expect(active()).toContain('Ferretería El Martillo');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(within(await screen.findByTestId('customer-details')).getByTestId('details-name')).toHaveTextContent('María García');
  });

  it('opens a customer with the keyboard and shows the phone in the store format', async () => {
    const user = userEvent.setup();
    render(<App />);
    const box = await screen.findByTestId('customer-search');
    await user.type(box, 'jose{Enter}');
    const details = await screen.findByTestId('customer-details');
    expect(within(details).getByTestId('details-name')).toHaveTextContent('José Núñez');
    expect(within(details).getByTestId('details-phone')).toHaveTextContent('6123-4567');
  });

  it('quick-add refuses a name without phone or email, next to the field, and writes nothing', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId('new-customer'));
    const before = [countOf('customers'), countOf('audit_log'), countOf('outbox')];
    await user.type(screen.getByTestId('quick-firstName'), 'Ana');
    await user.click(screen.getByTestId('quick-submit'));
    expect(await screen.findByText('Enter a phone or an email.')).toBeInTheDocument();
    expect(screen.getByTestId('quick-phone')).toHaveAttribute('aria-invalid', 'true');
    expect([countOf('customers'), countOf('audit_log'), countOf('outbox')]).toEqual(before);
  });

  it('quick-add creates the customer and opens it', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId('new-customer'));
    await user.type(screen.getByTestId('quick-firstName'), 'Ana');
    await user.type(screen.getByTestId('quick-lastName'), 'Pérez');
    await user.type(screen.getByTestId('quick-phone'), '6000 1234');
    await user.click(screen.getByTestId('quick-submit'));
    expect(await screen.findByTestId('details-name')).toHaveTextContent('Ana Pérez');
    const stored = harness.app.sql.raw<{ phone: string }>("SELECT phone FROM customers WHERE first_name = 'Ana'");
    expect(stored).toEqual([{ phone: '+50760001234' }]);
  });

  it('warns about a likely duplicate, and "save anyway" adds the customer', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId('new-customer'));
    await user.type(screen.getByTestId('quick-firstName'), 'Pepe');
    await user.type(screen.getByTestId('quick-email'), 'JOSE@example.com');
    await user.click(screen.getByTestId('quick-submit'));
    const warning = await screen.findByTestId('duplicate-warning');
    expect(warning).toHaveTextContent('José Núñez');
    expect(warning).toHaveTextContent('same email');
    const before = countOf('customers');
    await user.click(screen.getByTestId('save-anyway'));
    expect(await screen.findByTestId('details-name')).toHaveTextContent('Pepe');
    expect(countOf('customers')).toBe(before + 1);
  });

  it('edits a customer and shows a server-side error next to the field', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId('customer-search'), 'maria{Enter}');
    await user.click(await screen.findByTestId('edit-customer'));
    const phone = screen.getByTestId('field-phone');
    await user.clear(phone);
    await user.type(phone, '123');
    await user.click(screen.getByTestId('save-customer'));
    expect(await screen.findByText(/Not a valid phone number for Panama/)).toBeInTheDocument();
    await user.clear(phone);
    await user.type(phone, '6987-2222');
    await user.click(screen.getByTestId('save-customer'));
    await screen.findByTestId('saved-notice');
    expect(screen.getByTestId('details-phone')).toHaveTextContent('6987-2222');
    // The notice is kept as its key: it reads in the language switched to while it shows.
    expect(screen.getByTestId('saved-notice')).toHaveTextContent('Changes saved.');
    await user.click(screen.getByTestId('language-es'));
    await waitFor(() => expect(screen.getByTestId('saved-notice')).toHaveTextContent('Cambios guardados.'));
    await act(async () => {
      await user.click(screen.getByTestId('language-en'));
    });
  });

  it('refuses email consent for a customer without an email, next to the control', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId('customer-search'), 'maria{Enter}');
    await user.click(await screen.findByTestId('toggle-consent-email'));
    expect(await screen.findByText('Email consent needs an email address.')).toBeInTheDocument();
    expect(screen.getByTestId('consent-email')).toHaveTextContent('No');
    await user.click(screen.getByTestId('toggle-consent-sms'));
    await waitFor(() => expect(screen.getByTestId('consent-sms')).toHaveTextContent('Yes'));
  });

  it('switches to Spanish from the top bar', async () => {
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId('customer-search');
    await user.click(screen.getByTestId('language-es'));
    expect(await screen.findByText('Nuevo cliente', { exact: false })).toBeInTheDocument();
    expect(screen.getByTestId('nav-checkout')).toHaveTextContent('Caja');
    await act(async () => {
      await user.click(screen.getByTestId('language-en'));
    });
  });

  it('shows how many changes wait to be sent, and updates after a save', async () => {
    const user = userEvent.setup();
    render(<App />);
    const status = await screen.findByTestId('sync-label');
    const before = Number(status.textContent?.replace(/\D/g, ''));
    expect(before).toBe(countOf('outbox'));
    await user.click(screen.getByTestId('new-customer'));
    await user.type(screen.getByTestId('quick-firstName'), 'Nuevo');
    await user.type(screen.getByTestId('quick-email'), 'nuevo@example.com');
    await user.click(screen.getByTestId('quick-submit'));
    await waitFor(() => expect(Number(status.textContent?.replace(/\D/g, ''))).toBeGreaterThan(before));
  });
});
