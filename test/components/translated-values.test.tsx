import { render, screen, waitFor, within } from '@testing-library/react';
import { setTransport } from '../../renderer/api/client';
import { CustomerHistory } from '../../renderer/customers/CustomerHistory';
import { MergeDialog } from '../../renderer/customers/MergeDialog';
import { initI18n } from '../../renderer/i18n';
import type { Customer } from '../../shared/customers/customer';
import type { DuplicatePair } from '../../shared/customers/duplicates';
import type { StoreSettings } from '../../shared/settings';
import { inProcessApp } from './in-process-transport';

let harness: ReturnType<typeof inProcessApp>;
let settings: StoreSettings;

beforeEach(async () => {
  harness = inProcessApp();
  setTransport(harness.transport);
  await initI18n('es');
  settings = harness.app.settings.get();
});
afterEach(() => harness.close());

const create = async (input: Record<string, unknown>) => {
  const result = await harness.app.call('customers.create', { allowDuplicate: true, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as Customer;
};

describe('enumerated values are shown translated, never as stored', () => {
  it('in the merge dialog: business type, payment terms and preferred channel', async () => {
    const business = {
      kind: 'business',
      company: 'Ferretería Núñez',
      taxId: '155612345-2-2021',
    };
    const a = await create({ ...business, businessType: 'limited_company', paymentTerms: 'net_30', contactChannel: 'whatsapp' });
    const b = await create({ ...business, businessType: 'corporation', paymentTerms: 'immediate', contactChannel: 'mail' });
    const side = (c: Customer) => ({ ...c, phone: null, email: null, idDocNumber: null, dateOfBirth: null });
    const pair = { a: side(a), b: side(b), reasons: ['tax_id'] } as DuplicatePair;
    render(<MergeDialog pair={pair} settings={settings} onClose={() => {}} onMerged={() => {}} />);
    const row = async (field: string) => (await screen.findByTestId(`merge-row-${field}`)).textContent ?? '';
    await waitFor(() => expect(screen.getByTestId('merge-row-businessType')).toBeInTheDocument());
    expect(await row('businessType')).toContain('Sociedad de responsabilidad limitada');
    expect(await row('businessType')).not.toContain('limited_company');
    expect(await row('paymentTerms')).toContain('30 días');
    expect(await row('paymentTerms')).not.toContain('net_30');
    expect(await row('contactChannel')).toContain('WhatsApp');
    expect(await row('contactChannel')).toContain('Correo postal');
    expect(await row('contactChannel')).not.toContain('mail ');
  });

  it('in the history: countries by name, dates in the store format, yes/no custom fields', async () => {
    await harness.app.call('customFields.save', { key: 'wholesale', label: 'Mayorista', type: 'boolean' });
    await harness.app.call('customFields.save', { key: 'member_since', label: 'Socio desde', type: 'date' });
    const customer = await create({ firstName: 'Ana', lastName: 'Arias', phone: '6123-4567' });
    const update = await harness.app.call('customers.update', {
      id: customer.id,
      patch: {
        dateOfBirth: '1990-03-14',
        addresses: [{ kind: 'billing', line1: 'Av. Amazonas 1', city: 'Quito', country: 'EC' }],
        customFields: { wholesale: true, member_since: '2020-05-01' },
      },
    });
    expect(update.ok).toBe(true);
    render(<CustomerHistory id={customer.id} settings={settings} refreshKey={0} />);
    const history = await screen.findByTestId('customer-history');
    await waitFor(() => expect(within(history).getAllByTestId('history-entry').length).toBeGreaterThan(1));
    const text = history.textContent ?? '';
    expect(text).toContain('Ecuador');
    expect(text).toContain('14 de marzo de 1990');
    expect(text).toContain('1 de mayo de 2020');
    expect(text).toContain('Mayorista (vacío) → sí');
    expect(text).not.toMatch(/\bEC\b|1990-03-14|2020-05-01|true/);
  });
});
