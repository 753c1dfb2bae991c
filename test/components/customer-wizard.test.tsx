import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/App';
import { setTransport } from '../../renderer/api/client';
import { initI18n } from '../../renderer/i18n';
import { useAppStore } from '../../renderer/stores/app-store';
import type { Customer } from '../../shared/customers/customer';
import { inProcessApp } from './in-process-transport';

let harness: ReturnType<typeof inProcessApp>;
const owner = () => ({ userId: 'owner', deviceId: harness.app.deviceId });

beforeEach(async () => {
  harness = inProcessApp();
  setTransport(harness.transport);
  useAppStore.setState({ info: null, sync: null, screen: 'customers', language: 'en' });
  await initI18n('en');
  harness.app.customers.createMany(owner(), [{ input: { firstName: 'María', lastName: 'García', phone: '+507 6987-1111' } }]);
});
afterEach(() => harness.close());

const countOf = (table: string) => harness.app.sql.raw<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]?.n ?? 0;
const tab = (step: string) => screen.getByTestId(`wizard-step-${step}`);
const stepsShown = () => screen.getAllByRole('tab').map((t) => t.getAttribute('data-testid')?.replace('wizard-step-', ''));

async function openWizard() {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByTestId('new-customer-full'));
  await screen.findByTestId('wizard-panel-basic');
  return user;
}

describe('the customer wizard', () => {
  it('Next checks only the open step: a person needs a name, and the step is marked', async () => {
    const user = await openWizard();
    await user.click(screen.getByTestId('wizard-next'));
    expect(await within(screen.getByTestId('wizard-panel-basic')).findByText('Required.')).toBeInTheDocument();
    expect(tab('basic')).toHaveAttribute('data-error', 'true');
    // Nothing else is judged yet, and nothing was written.
    expect(tab('addresses')).not.toHaveAttribute('data-error');
    expect(countOf('customers')).toBe(1);
    await user.type(screen.getByTestId('field-firstName'), 'Ana');
    await user.click(screen.getByTestId('wizard-next'));
    expect(await screen.findByTestId('wizard-panel-addresses')).toBeInTheDocument();
  });

  it('the business step appears for a business; switching back and forth keeps what was typed', async () => {
    const user = await openWizard();
    expect(stepsShown()).toEqual(['basic', 'addresses', 'preferences', 'loyalty']);
    await user.click(screen.getByTestId('kind-business'));
    expect(stepsShown()).toEqual(['basic', 'business', 'addresses', 'preferences', 'loyalty']);
    await user.click(tab('business'));
    await user.type(screen.getByTestId('field-company'), 'Ferretería El Sol');
    await user.selectOptions(screen.getByTestId('field-paymentTerms'), 'net_30');
    await user.click(tab('basic'));
    await user.click(screen.getByTestId('kind-individual'));
    expect(stepsShown()).not.toContain('business');
    await user.click(screen.getByTestId('kind-business'));
    await user.click(tab('business'));
    expect(screen.getByTestId('field-company')).toHaveValue('Ferretería El Sol');
    expect(screen.getByTestId('field-paymentTerms')).toHaveValue('net_30');
  });

  it('steps move with the arrow keys, Home and End', async () => {
    const user = await openWizard();
    tab('basic').focus();
    await user.keyboard('{ArrowRight}');
    expect(tab('addresses')).toHaveFocus();
    expect(tab('addresses')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{End}');
    expect(tab('loyalty')).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(tab('basic')).toHaveFocus();
    await user.keyboard('{ArrowLeft}{Home}');
    expect(screen.getByTestId('wizard-panel-basic')).toBeInTheDocument();
  });

  it('saving checks every step, opens the first one at fault, and shows each row error next to its field', async () => {
    const user = await openWizard();
    await user.click(screen.getByTestId('kind-business'));
    await user.click(tab('addresses'));
    await user.click(screen.getByTestId('add-address'));
    await user.type(screen.getByTestId('address-0-line1'), 'Calle 50');
    await user.click(screen.getByTestId('add-contact'));
    await user.type(screen.getByTestId('contact-0-name'), 'Luis');
    await user.type(screen.getByTestId('contact-0-phone'), '12');
    await user.click(tab('preferences'));
    await user.click(screen.getByTestId('field-smsConsent'));
    await user.click(screen.getByTestId('save-customer'));
    // The company is missing: the business step opens first.
    expect(await screen.findByTestId('wizard-panel-business')).toBeInTheDocument();
    expect(screen.getByText('Required.')).toBeInTheDocument();
    for (const step of ['business', 'addresses', 'preferences']) expect(tab(step)).toHaveAttribute('data-error', 'true');
    expect(tab('loyalty')).not.toHaveAttribute('data-error');
    await user.click(tab('addresses'));
    const city = screen.getByTestId('address-0-city');
    expect(city).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/Not a valid phone number for Panama/)).toBeInTheDocument();
    await user.click(tab('preferences'));
    expect(screen.getByText('SMS consent needs a phone number.')).toBeInTheDocument();
    expect(countOf('customers')).toBe(1);
  });

  it('creates a business with addresses, contacts, a custom field and consent, all in the details', async () => {
    await harness.app.call('customFields.save', {
      key: 'level',
      label: 'Level',
      type: 'choice',
      options: ['Bronze', 'Gold'],
      required: true,
    });
    const user = await openWizard();
    await user.click(screen.getByTestId('kind-business'));
    await user.type(screen.getByTestId('field-phone'), '6555-0101');
    await user.click(tab('business'));
    await user.type(screen.getByTestId('field-company'), 'Ferretería El Sol');
    await user.type(screen.getByTestId('field-registrationNumber'), '55-123');
    await user.click(tab('addresses'));
    await user.click(screen.getByTestId('add-address'));
    await user.type(screen.getByTestId('address-0-line1'), 'Calle 50');
    await user.type(screen.getByTestId('address-0-city'), 'Panamá');
    await user.click(screen.getByTestId('add-contact'));
    await user.type(screen.getByTestId('contact-0-name'), 'Luis Pinto');
    await user.type(screen.getByTestId('contact-0-role'), 'Compras');
    await user.click(tab('preferences'));
    await user.click(screen.getByTestId('field-smsConsent'));
    await user.click(screen.getByTestId('save-customer'));
    // The required custom field is still empty.
    expect(await screen.findByTestId('wizard-panel-custom')).toBeInTheDocument();
    expect(tab('custom')).toHaveAttribute('data-error', 'true');
    await user.selectOptions(screen.getByTestId('custom-level'), 'Gold');
    await user.click(screen.getByTestId('save-customer'));
    expect(await screen.findByTestId('details-name')).toHaveTextContent('Ferretería El Sol');
    expect(screen.getByTestId('details-address')).toHaveTextContent('Calle 50');
    expect(screen.getByTestId('details-contact')).toHaveTextContent('Luis Pinto · Compras');
    expect(screen.getByTestId('details-custom-level')).toHaveTextContent('Gold');
    expect(screen.getByTestId('details-registration')).toHaveTextContent('55-123');
    const saved = harness.app.sql.raw<{ id: string }>("SELECT id FROM customers WHERE company = 'Ferretería El Sol'")[0];
    const customer = (await harness.app.call('customers.get', { id: saved?.id })) as { ok: true; value: Customer };
    expect(customer.value).toMatchObject({ smsConsent: true, customFields: { level: 'Gold' } });
    // Consent went through the consent log, with its source.
    expect(harness.app.sql.raw('SELECT channel, granted, source FROM consent_events WHERE customer_id = ?', saved?.id)).toEqual([
      { channel: 'sms', granted: 1, source: 'in_store' },
    ]);
  }, 20_000);

  it('edits in steps, sends only what changed, and still warns about a duplicate before saving', async () => {
    harness.app.customers.createMany(owner(), [{ input: { firstName: 'Beto', email: 'beto@example.com' } }]);
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId('customer-search'), 'maria{Enter}');
    await user.click(await screen.findByTestId('edit-customer'));
    await user.type(screen.getByTestId('field-email'), 'beto@example.com');
    await user.click(screen.getByTestId('save-customer'));
    expect(await screen.findByTestId('duplicate-warning')).toHaveTextContent('Beto');
    await user.clear(screen.getByTestId('field-email'));
    await user.type(screen.getByTestId('field-email'), 'maria@example.com');
    await user.click(tab('loyalty'));
    await user.type(screen.getByTestId('field-notes'), 'Prefiere WhatsApp');
    await user.click(screen.getByTestId('save-customer'));
    await screen.findByTestId('saved-notice');
    expect(screen.getByTestId('details-notes')).toHaveTextContent('Prefiere WhatsApp');
  });

  describe('the owner', () => {
    const addUser = async (name: string, role: string) => {
      const result = await harness.app.call('users.add', { name, role, readOnly: false, pin: '7391' });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return (result.value as { id: string }).id;
    };
    const ownerOf = (first: string) =>
      harness.app.sql.raw<{ owner_id: string }>('SELECT owner_id FROM customers WHERE first_name = ?', first)[0]?.owner_id;

    it('a manager picks it from the active users (the signed-in one by default) and the details name them', async () => {
      const marco = await addUser('Marco', 'manager');
      const old = await addUser('Olga', 'cashier');
      await harness.app.call('users.deactivate', { id: old });
      const user = await openWizard();
      await user.type(screen.getByTestId('field-firstName'), 'Ana');
      await user.click(tab('loyalty'));
      const picker = screen.getByTestId('field-owner') as HTMLSelectElement;
      expect(picker.selectedOptions[0]?.textContent).toBe('Admin');
      const offered = [...picker.options].map((o) => o.textContent);
      expect(offered).toEqual(expect.arrayContaining(['Admin', 'Marco']));
      expect(offered).not.toContain('Olga');
      await user.selectOptions(picker, marco);
      await user.click(screen.getByTestId('save-customer'));
      expect(await screen.findByTestId('details-owner')).toHaveTextContent('Marco');
      expect(ownerOf('Ana')).toBe(marco);
    });

    it('a cashier never sees the picker (no full record), and owns the customers they quick-add', async () => {
      const carla = await addUser('Carla', 'cashier');
      const signIn = await harness.app.call('auth.signIn', { userId: carla, pin: '7391' });
      expect(signIn.ok).toBe(true);
      const user = userEvent.setup();
      render(<App />);
      await user.click(await screen.findByTestId('new-customer'));
      expect(screen.queryByTestId('new-customer-full')).toBeNull();
      expect(screen.queryByTestId('field-owner')).toBeNull();
      await user.type(screen.getByTestId('quick-firstName'), 'Beto');
      await user.type(screen.getByTestId('quick-phone'), '6000 1234');
      await user.click(screen.getByTestId('quick-submit'));
      expect(await screen.findByTestId('details-owner')).toHaveTextContent('Carla');
      expect(ownerOf('Beto')).toBe(carla);
    });
  });
});
