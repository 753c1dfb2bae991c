import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/App';
import { setTransport } from '../../renderer/api/client';
import { FilterBar } from '../../renderer/customers/FilterBar';
import { initI18n } from '../../renderer/i18n';
import { useAppStore } from '../../renderer/stores/app-store';
import type { AppInfo } from '../../shared/contract';
import type { CustomerFilters } from '../../shared/customers/filters';
import { inProcessApp } from './in-process-transport';

let harness: ReturnType<typeof inProcessApp>;

beforeEach(async () => {
  harness = inProcessApp();
  setTransport(harness.transport);
  useAppStore.setState({ info: null, sync: null, screen: 'customers', language: 'en' });
  await initI18n('en');
  for (const input of [
    { key: 'shoe_size', label: 'Shoe size', type: 'number' },
    { key: 'level', label: 'Level', type: 'choice', options: ['Bronze', 'Silver', 'Gold'] },
  ])
    await harness.app.call('customFields.save', input);
  const owner = { userId: 'owner', deviceId: harness.app.deviceId };
  harness.app.customers.createMany(owner, [
    {
      input: {
        firstName: 'José',
        lastName: 'Núñez',
        addresses: [{ kind: 'billing', line1: 'Av. 6 de Diciembre', city: 'Quito', country: 'EC' }],
        customFields: { shoe_size: 42, level: 'Gold' },
      },
    },
    {
      input: {
        firstName: 'María',
        lastName: 'García',
        addresses: [{ kind: 'billing', line1: 'Calle 50', city: 'Panamá', country: 'PA' }],
        customFields: { shoe_size: 37 },
      },
    },
    { input: { kind: 'business', company: 'Ferretería El Martillo', customFields: { level: 'Silver' } } },
  ]);
});

afterEach(() => harness.close());

async function openBuilder() {
  const user = userEvent.setup();
  render(<App />);
  await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('3 customers'));
  await user.click(screen.getByTestId('filters-toggle'));
  return { user, builder: within(screen.getByTestId('condition-builder')) };
}

const optionsOf = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => o.textContent);

describe('the custom condition builder', () => {
  it('offers the operators of the field picked and a value editor of its type', async () => {
    const { user, builder } = await openBuilder();
    expect(builder.getByTestId('condition-op')).toBeDisabled();
    await user.selectOptions(builder.getByTestId('condition-field'), 'city');
    expect(optionsOf(builder.getByTestId('condition-op'))).toEqual([
      'contains',
      'is exactly',
      'starts with',
      'is empty',
      'is not empty',
    ]);
    expect(builder.getByTestId('condition-value')).toHaveAttribute('type', 'text');

    await user.selectOptions(builder.getByTestId('condition-field'), 'custom.shoe_size');
    expect(optionsOf(builder.getByTestId('condition-op'))).toEqual([
      '=',
      '≠',
      '<',
      '≤',
      '>',
      '≥',
      'between',
      'is empty',
      'is not empty',
    ]);
    expect(builder.getByTestId('condition-value')).toHaveAttribute('type', 'number');
    await user.selectOptions(builder.getByTestId('condition-op'), 'between');
    expect(builder.getByTestId('condition-value-to')).toHaveAttribute('type', 'number');
    await user.selectOptions(builder.getByTestId('condition-op'), 'is_empty');
    expect(builder.queryByTestId('condition-value')).toBeNull();

    await user.selectOptions(builder.getByTestId('condition-field'), 'createdAt');
    expect(optionsOf(builder.getByTestId('condition-op'))).toEqual(['before', 'after', 'between', 'in the last … days']);
    expect(builder.getByTestId('condition-value')).toHaveAttribute('type', 'date');

    await user.selectOptions(builder.getByTestId('condition-field'), 'smsConsent');
    expect(optionsOf(builder.getByTestId('condition-op'))).toEqual(['is']);
    expect(optionsOf(builder.getByTestId('condition-value'))).toEqual(['Choose…', 'Yes', 'No']);

    await user.selectOptions(builder.getByTestId('condition-field'), 'businessType');
    expect(optionsOf(builder.getByTestId('condition-value'))).toContain('Corporation (S.A.)');
    await user.selectOptions(builder.getByTestId('condition-op'), 'is_any_of');
    expect(within(builder.getByTestId('condition-value')).getAllByRole('checkbox')).toHaveLength(7);
  });

  it('adds conditions as chips that read like a sentence, the count following; removes one and clears all', async () => {
    const { user, builder } = await openBuilder();
    await user.selectOptions(builder.getByTestId('condition-field'), 'city');
    await user.type(builder.getByTestId('condition-value'), 'quito');
    await user.click(builder.getByTestId('condition-add'));
    await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('1 customer'));
    expect(screen.getByTestId('condition-chip')).toHaveTextContent("City contains 'quito'");

    await user.selectOptions(builder.getByTestId('condition-field'), 'custom.level');
    await user.selectOptions(builder.getByTestId('condition-op'), 'is_any_of');
    await user.click(builder.getByLabelText('Gold'));
    await user.click(builder.getByLabelText('Silver'));
    await user.click(builder.getByTestId('condition-add'));
    expect(screen.getAllByTestId('condition-chip').map((c) => c.textContent?.replace('×', ''))).toEqual([
      "City contains 'quito'",
      'Level is Gold or Silver',
    ]);
    expect(screen.getByTestId('filters-toggle')).toHaveTextContent('Filters (2)');
    await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('1 customer'));

    await user.click(screen.getByRole('button', { name: "Remove filter City contains 'quito'" }));
    await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('2 customers'));
    await user.click(screen.getByTestId('filters-clear'));
    await waitFor(() => expect(screen.getByTestId('customer-count')).toHaveTextContent('3 customers'));
    expect(screen.queryByTestId('condition-chip')).toBeNull();
  });

  it('shows what is wrong next to the field, the operator or the value, and adds nothing', async () => {
    const { user, builder } = await openBuilder();
    await user.click(builder.getByTestId('condition-add'));
    expect(builder.getByRole('alert')).toHaveTextContent('Required.');
    expect(builder.getByTestId('condition-field')).toHaveAttribute('aria-invalid', 'true');

    await user.selectOptions(builder.getByTestId('condition-field'), 'city');
    await user.click(builder.getByTestId('condition-add'));
    expect(builder.getByTestId('condition-value')).toHaveAttribute('aria-invalid', 'true');
    expect(builder.getByRole('alert')).toHaveTextContent('Required.');

    await user.selectOptions(builder.getByTestId('condition-field'), 'custom.shoe_size');
    await user.selectOptions(builder.getByTestId('condition-op'), 'between');
    await user.type(builder.getByTestId('condition-value'), '44');
    await user.type(builder.getByTestId('condition-value-to'), '38');
    await user.click(builder.getByTestId('condition-add'));
    expect(builder.getByRole('alert')).toHaveTextContent('Enter both ends, the smaller first.');

    await user.selectOptions(builder.getByTestId('condition-field'), 'totalSpent');
    await user.type(builder.getByTestId('condition-value'), 'ten');
    await user.click(builder.getByTestId('condition-add'));
    expect(builder.getByRole('alert')).toHaveTextContent('Not a valid amount.');

    await user.selectOptions(builder.getByTestId('condition-field'), 'createdAt');
    await user.selectOptions(builder.getByTestId('condition-op'), 'in_last_days');
    await user.type(builder.getByTestId('condition-value'), '0');
    await user.click(builder.getByTestId('condition-add'));
    expect(builder.getByRole('alert')).toHaveTextContent('A whole number of days, 1 or more.');

    expect(screen.queryByTestId('condition-chip')).toBeNull();
    expect(screen.getByTestId('customer-count')).toHaveTextContent('3 customers');
  });

  it('reads money and dates in the store formats, in Spanish too', async () => {
    const { user, builder } = await openBuilder();
    await user.selectOptions(builder.getByTestId('condition-field'), 'totalSpent');
    await user.selectOptions(builder.getByTestId('condition-op'), 'gte');
    await user.type(builder.getByTestId('condition-value'), '25.50');
    await user.click(builder.getByTestId('condition-add'));
    await user.selectOptions(builder.getByTestId('condition-field'), 'createdAt');
    await user.selectOptions(builder.getByTestId('condition-op'), 'before');
    await user.type(builder.getByTestId('condition-value'), '2026-03-01');
    await user.click(builder.getByTestId('condition-add'));
    await user.selectOptions(builder.getByTestId('condition-field'), 'city');
    await user.type(builder.getByTestId('condition-value'), 'Quito');
    await user.click(builder.getByTestId('condition-add'));
    const chips = () => screen.getAllByTestId('condition-chip').map((c) => c.textContent?.replace('×', ''));
    expect(chips()).toEqual(['Total spent ≥ $25.50', 'Date added before March 1, 2026', "City contains 'Quito'"]);
    await act(() => initI18n('es'));
    expect(chips()).toEqual(['Total gastado ≥ $25.50', 'Fecha de alta antes del 1 de marzo de 2026', "Ciudad contiene 'Quito'"]);
  });
});

describe('conditions main refused', () => {
  it('are shown on their chip, with why', async () => {
    await initI18n('es');
    const info = await harness.app.call('app.info', {});
    if (info.ok) useAppStore.setState({ info: info.value as AppInfo });
    const filters: CustomerFilters = { conditions: [{ field: 'custom.vip', op: 'is', value: true }] };
    render(
      <FilterBar
        filters={filters}
        groups={[]}
        customFields={[]}
        errors={{ 'conditions.0.field': 'field_deleted' }}
        onChange={() => {}}
        open={false}
        onToggle={() => {}}
      />,
    );
    expect(screen.getByTestId('condition-chip')).toHaveTextContent(
      'vip es Sí — Este campo personalizado ya no existe. Quite la condición.',
    );
  });
});
