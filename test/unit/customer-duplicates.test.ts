import type { Customer } from '../../shared/customers/customer';
import type { LikelyDuplicate } from '../../shared/customers/duplicates';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
let ana: Customer;
beforeEach(async () => {
  t = openTempApp();
  ana = await ok<Customer>(t.app, 'customers.create', {
    firstName: 'Ana María',
    lastName: 'Pérez',
    phone: '6123-4567',
    email: 'ana@example.com',
    idDocNumber: '8-123-4567',
    dateOfBirth: '1990-05-17',
  });
});
afterEach(() => t.close());

async function refused(channel: string, input: unknown): Promise<LikelyDuplicate[]> {
  const before = t.counts();
  const result = await t.app.call(channel, input);
  expect(result).toMatchObject({ ok: false, error: { code: 'DUPLICATE' } });
  expect(t.counts()).toEqual(before);
  return (result as { error: { duplicates: LikelyDuplicate[] } }).error.duplicates;
}

describe('likely duplicates are shown before saving', () => {
  it.each([
    ['the same phone typed another way', { firstName: 'Otra', phone: '+507 6123 4567' }, 'phone'],
    ['the same email in capitals', { firstName: 'Otra', email: 'ANA@example.com' }, 'email'],
    ['the same ID document', { firstName: 'Otra', email: 'otra@example.com', idDocNumber: '8-123-4567' }, 'document'],
    [
      'a very similar name born the same day',
      { firstName: 'Ana Maria', lastName: 'Peres', email: 'x@example.com', dateOfBirth: '1990-05-17' },
      'name_birth_date',
    ],
  ])('%s', async (_label, input, reason) => {
    const duplicates = await refused('customers.create', input);
    expect(duplicates).toEqual([expect.objectContaining({ id: ana.id, firstName: 'Ana María', reasons: [reason] })]);
  });

  it('a similar name born another day, or another name born the same day, is not a duplicate', async () => {
    expect(
      (
        await t.app.call('customers.create', {
          firstName: 'Ana Maria',
          lastName: 'Peres',
          email: 'x@example.com',
          dateOfBirth: '1990-05-18',
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await t.app.call('customers.create', {
          firstName: 'Beatriz',
          lastName: 'Ortega',
          email: 'y@example.com',
          dateOfBirth: '1990-05-17',
        })
      ).ok,
    ).toBe(true);
  });

  it('lists every reason a look-alike matches', async () => {
    const [duplicate] = await refused('customers.quickAdd', { firstName: 'Ana', phone: '61234567', email: 'ana@example.com' });
    expect(duplicate?.reasons.sort()).toEqual(['email', 'phone']);
  });

  it('"save anyway" saves', async () => {
    const result = await t.app.call('customers.quickAdd', { firstName: 'Ana', phone: '6123-4567', allowDuplicate: true });
    expect(result.ok).toBe(true);
  });

  it('an edit warns only about what it changes, never about the customer itself', async () => {
    const beto = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Beto', phone: '6987-1111' });
    expect((await t.app.call('customers.update', { id: ana.id, patch: { notes: 'VIP', phone: '6123 4567' } })).ok).toBe(true);
    const duplicates = await refused('customers.update', { id: beto.id, patch: { phone: '6123-4567' } });
    expect(duplicates.map((d) => d.id)).toEqual([ana.id]);
    expect((await t.app.call('customers.update', { id: beto.id, patch: { phone: '6123-4567' }, allowDuplicate: true })).ok).toBe(
      true,
    );
    // Now they share a phone on purpose: editing Beto's notes does not warn again.
    expect((await t.app.call('customers.update', { id: beto.id, patch: { notes: 'brother of Ana' } })).ok).toBe(true);
  });

  it('inactive customers count as duplicates too', async () => {
    await ok(t.app, 'customers.deactivate', { id: ana.id });
    const [duplicate] = await refused('customers.quickAdd', { firstName: 'Ana', email: 'ana@example.com' });
    expect(duplicate?.status).toBe('inactive');
  });
});
