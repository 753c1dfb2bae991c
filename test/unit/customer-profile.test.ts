import type { CustomerHistory, CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { ErrorData } from '../../shared/errors';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';
import { fieldOps } from '../helpers/outbox';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

const get = (id: string) => ok<Customer>(t.app, 'customers.get', { id });
const create = (input: Record<string, unknown>) => ok<Customer>(t.app, 'customers.create', { allowDuplicate: true, ...input });
const update = (id: string, patch: Record<string, unknown>) => ok<Customer>(t.app, 'customers.update', { id, patch });
/** A stored contact as the wizard sends it back. */
const asInput = ({ phoneRaw: _raw, ...contact }: Customer['contacts'][number]) => contact;
const search = async (query: string) =>
  (await ok<CustomerSearchResult>(t.app, 'customers.search', { query })).items.map((c) => c.id);

/** A call that must refuse and leave every row as it was. */
async function refused(channel: string, input: unknown): Promise<ErrorData> {
  const before = t.fingerprint();
  const result = await t.app.call(channel, input);
  if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  expect(t.fingerprint()).toBe(before);
  return result.error;
}

const BUSINESS = {
  kind: 'business',
  company: 'Ferretería El Sol',
  taxId: '155-1-2',
  registrationNumber: 'folio 55-123',
  businessType: 'corporation',
  industry: 'Hardware',
  paymentTerms: 'net_30',
  preferredCurrency: 'usd',
  contactChannel: 'email',
  doNotContact: false,
  addresses: [
    { kind: 'billing', line1: ' Calle 50, Edificio Sol ', city: 'Panamá', postalCode: '0801' },
    { kind: 'shipping', line1: 'Bodega 4, Juan Díaz', city: 'Panamá', region: 'Panamá', country: 'pa' },
    { kind: 'shipping', line1: 'Local 12, Albrook', city: 'Panamá', isDefault: true },
  ],
  contacts: [
    { name: 'María Quintero', role: 'Compras', phone: '6123-4567', email: 'Compras@ElSol.com.pa' },
    { name: 'Luis Pinto' },
  ],
};

describe('the business profile, addresses and contacts', () => {
  it('a business is created with its profile, addresses and contacts, normalised', async () => {
    const c = await create(BUSINESS);
    expect(c).toMatchObject({
      registrationNumber: 'folio 55-123',
      businessType: 'corporation',
      industry: 'Hardware',
      paymentTerms: 'net_30',
      preferredCurrency: 'USD',
      contactChannel: 'email',
      doNotContact: false,
      ownerId: t.adminId(),
    });
    expect(c.addresses.map((a) => [a.kind, a.line1, a.country, a.isDefault, a.postalCode])).toEqual([
      ['billing', 'Calle 50, Edificio Sol', 'PA', true, '0801'],
      ['shipping', 'Bodega 4, Juan Díaz', 'PA', false, null],
      ['shipping', 'Local 12, Albrook', 'PA', true, null],
    ]);
    expect(c.contacts).toEqual([
      expect.objectContaining({
        name: 'María Quintero',
        role: 'Compras',
        phone: '+50761234567',
        phoneRaw: '6123-4567',
        email: 'compras@elsol.com.pa',
      }),
      expect.objectContaining({ name: 'Luis Pinto', role: null, phone: null, email: null }),
    ]);
    expect(await get(c.id)).toEqual(c);
  });

  it('the owner is whoever created the record unless one is named', async () => {
    const manager = await t.as('manager');
    const mine = await t.app.call('customers.create', { firstName: 'Ana' }, manager);
    expect(mine.ok && (mine.value as Customer).ownerId).toBe(t.userOf(manager));
    expect((await create({ firstName: 'Beto', ownerId: t.userOf(manager) })).ownerId).toBe(t.userOf(manager));
  });

  describe('the owner', () => {
    it('must be an active user of this store, or the record is refused next to the owner and nothing is written', async () => {
      expect((await refused('customers.create', { firstName: 'Beto', ownerId: 'vendedor-2' })).fields).toEqual({
        ownerId: 'unknown_user',
      });
      const seller = await t.as('cashier', 'Sofía');
      const sofia = t.userOf(seller);
      const beto = await create({ firstName: 'Beto' });
      await ok(t.app, 'users.deactivate', { id: sofia });
      expect((await refused('customers.update', { id: beto.id, patch: { ownerId: sofia } })).fields).toEqual({
        ownerId: 'unknown_user',
      });
      expect((await get(beto.id)).ownerId).toBe(t.adminId());
    });

    it('stays when its user is deactivated: other edits still save, and the owner can be changed to an active user', async () => {
      const seller = await t.as('manager', 'Marco');
      const marco = t.userOf(seller);
      const beto = await create({ firstName: 'Beto', ownerId: marco });
      await ok(t.app, 'users.deactivate', { id: marco });
      expect(await update(beto.id, { notes: 'Prefiere efectivo' })).toMatchObject({ ownerId: marco, notes: 'Prefiere efectivo' });
      expect((await update(beto.id, { ownerId: t.adminId() })).ownerId).toBe(t.adminId());
    });

    it('a cashier quick-adds customers they own, and may name no owner (nothing written)', async () => {
      const cashier = await t.as('cashier');
      const own = await t.app.call('customers.quickAdd', { firstName: 'Ana', phone: '6000-1234' }, cashier);
      expect(own.ok && (own.value as Customer).ownerId).toBe(t.userOf(cashier));
      const before = t.fingerprint();
      // The full record, where an owner is picked, is a manager's.
      const other = await t.app.call('customers.create', { firstName: 'Beto', ownerId: t.adminId() }, cashier);
      expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const quick = await t.app.call(
        'customers.quickAdd',
        { firstName: 'Beto', phone: '6000-9999', ownerId: t.adminId() },
        cashier,
      );
      expect(quick).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const edit = await t.app.call(
        'customers.update',
        { id: (own.ok && (own.value as Customer).id) as string, patch: { ownerId: t.adminId() } },
        cashier,
      );
      expect(edit).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', fields: { ownerId: 'forbidden_field' } } });
      expect(t.fingerprint()).toBe(before);
    });

    it('users.names says who is active, for the owner picker', async () => {
      const sofia = t.userOf(await t.as('cashier', 'Sofía'));
      await ok(t.app, 'users.deactivate', { id: sofia });
      const names = await ok<{ id: string; name: string; active: boolean }[]>(t.app, 'users.names', {});
      expect(names).toEqual(
        expect.arrayContaining([
          { id: t.adminId(), name: 'Admin', active: true },
          { id: sofia, name: 'Sofía', active: false },
        ]),
      );
    });
  });

  it('errors inside a row are keyed by list, row and field, every one at once, and nothing is written', async () => {
    const error = await refused('customers.create', {
      kind: 'business',
      company: 'Sol',
      preferredCurrency: 'dollars',
      addresses: [
        { kind: 'billing', line1: 'Calle 50', city: 'Panamá' },
        { kind: 'billing', line1: 'Calle 51', city: '  ', isDefault: true },
        { kind: 'billing', line1: '', city: 'Colón', isDefault: true },
        { kind: 'moon', line1: 'x', city: 'y' },
        { kind: 'other', line1: 'x', city: 'y', country: 'XX', floor: 3 },
      ],
      contacts: [
        { name: 'Ana', phone: '12' },
        { name: ' ', email: 'not-an-email' },
      ],
    });
    // zod's shape errors come first (the rules run only on well-formed input).
    expect(error).toMatchObject({ code: 'VALIDATION' });
    expect(error.fields).toEqual({
      preferredCurrency: 'invalid_currency',
      'addresses.3.kind': 'invalid',
      'addresses.4.country': 'invalid_country',
      'addresses.4.floor': 'unknown_field',
      'contacts.1.email': 'invalid_email',
    });
    const rules = await refused('customers.create', {
      kind: 'business',
      company: 'Sol',
      addresses: [
        { kind: 'billing', line1: 'Calle 50', city: 'Panamá' },
        { kind: 'billing', line1: 'Calle 51', city: '  ', isDefault: true },
        { kind: 'billing', line1: '', city: 'Colón', isDefault: true },
      ],
      contacts: [{ name: 'Ana', phone: '12' }, { name: ' ' }],
    });
    expect(rules.fields).toEqual({
      'addresses.1.city': 'required',
      'addresses.2.line1': 'required',
      'addresses.2.isDefault': 'one_default_per_kind',
      'contacts.0.phone': 'invalid_phone',
      'contacts.1.name': 'required',
    });
  });

  it('a bad row in an update is refused with the row named, and the customer stays as it was', async () => {
    const c = await create(BUSINESS);
    const error = await refused('customers.update', {
      id: c.id,
      patch: { industry: 'Tools', addresses: [...c.addresses.slice(0, 1), { kind: 'other', line1: 'x', city: '' }] },
    });
    expect(error.fields).toEqual({ 'addresses.1.city': 'required' });
    expect(await get(c.id)).toEqual(c);
  });

  it("an update cannot reach another customer's rows by id", async () => {
    const a = await create(BUSINESS);
    const b = await create({ firstName: 'Beto' });
    const error = await refused('customers.update', { id: b.id, patch: { addresses: [a.addresses[0]] } });
    expect(error.fields).toEqual({ 'addresses.0.id': 'not_found' });
    expect((await get(a.id)).addresses).toEqual(a.addresses);
  });

  it('an update replaces the lists: rows kept by id are edited in place, missing rows go, new rows come; the default moves', async () => {
    const c = await create(BUSINESS);
    const [billing, bodega, albrook] = c.addresses;
    t.tick();
    const next = await update(c.id, {
      addresses: [
        { ...billing, line2: 'Piso 3' },
        { ...bodega, isDefault: true },
        { kind: 'other', line1: 'Finca La Esperanza', city: 'Boquete', country: 'PA' },
      ],
      contacts: [{ ...asInput(c.contacts[1] as Customer['contacts'][number]), role: 'Gerente' }],
    });
    expect(next.addresses.map((a) => [a.id, a.line1, a.line2, a.isDefault])).toEqual([
      [billing?.id, 'Calle 50, Edificio Sol', 'Piso 3', true],
      [bodega?.id, 'Bodega 4, Juan Díaz', null, true],
      [expect.any(String), 'Finca La Esperanza', null, true],
    ]);
    expect(next.addresses.map((a) => a.id)).not.toContain(albrook?.id);
    expect(next.contacts).toEqual([expect.objectContaining({ id: c.contacts[1]?.id, name: 'Luis Pinto', role: 'Gerente' })]);
    // The customer's own fields were not touched.
    expect(next.updatedAt).toBe(c.updatedAt);
  });

  it('every child change is audited under the customer and queued for sync field by field', async () => {
    const c = await create(BUSINESS);
    const [billing] = c.addresses;
    t.tick();
    await update(c.id, { addresses: [{ ...billing, city: 'Colón' }], contacts: [] });
    const history = await ok<CustomerHistory>(t.app, 'customers.history', { id: c.id });
    const latest = history.filter(
      (h) => h.at === new Date(t.app.sql.db.prepare('SELECT max(at) AS at FROM audit_log').pluck().get() as string).toISOString(),
    );
    expect(latest.map((h) => `${h.subject} ${h.action}`).sort()).toEqual([
      'address delete',
      'address delete',
      'address update',
      'contact delete',
      'contact delete',
    ]);
    expect(latest.find((h) => h.action === 'update')).toMatchObject({
      subjectId: billing?.id,
      changes: [{ field: 'city', old: 'Panamá', new: 'Colón' }],
    });
    const ops = fieldOps(t.app.sql, 'row_id = ?', billing?.id)
      .filter((o) => o.field === 'city')
      .map(({ table_name, field, value }) => ({ table_name, field, value }));
    expect(ops).toEqual([
      { table_name: 'customer_addresses', field: 'city', value: '"Panamá"' },
      { table_name: 'customer_addresses', field: 'city', value: '"Colón"' },
    ]);
  });

  it('a change to addresses alone tells open windows that the customer changed', async () => {
    const c = await create(BUSINESS);
    const seen: string[][] = [];
    t.app.events.on('customers.changed', ({ ids }) => seen.push(ids));
    await update(c.id, { contacts: [] });
    expect(seen).toEqual([[c.id]]);
  });

  it('switching a business to a person and back keeps every field', async () => {
    const c = await create({ ...BUSINESS, firstName: 'María', lastName: 'Quintero' });
    const person = await update(c.id, { kind: 'individual' });
    const back = await update(c.id, { kind: 'business' });
    const keep = ({ kind: _k, updatedAt: _u, ...rest }: Customer) => rest;
    expect(person.kind).toBe('individual');
    expect(keep(person)).toEqual(keep(c));
    expect(keep(back)).toEqual(keep(c));
  });

  it('search finds a business by its registration number; contact names are not searched (ADR 0010)', async () => {
    const c = await create(BUSINESS);
    expect(await search('folio 55-123')).toEqual([c.id]);
    expect(await search('folio')).toEqual([c.id]);
    expect(await search('Quintero')).toEqual([]);
  });

  it('preferences: currency as ISO code, a preferred channel, do-not-contact', async () => {
    const c = await create({ firstName: 'Ana', preferredCurrency: 'eur', contactChannel: 'whatsapp', doNotContact: true });
    expect(c).toMatchObject({ preferredCurrency: 'EUR', contactChannel: 'whatsapp', doNotContact: true });
    const error = await refused('customers.update', { id: c.id, patch: { contactChannel: 'pigeon', doNotContact: 'yes' } });
    expect(error.fields).toEqual({ contactChannel: 'invalid', doNotContact: 'invalid' });
  });
});

describe('merge, anonymise and delete carry the child rows', () => {
  it("a merge moves the loser's addresses and contacts to the winner, whose defaults stay", async () => {
    const winner = await create({ ...BUSINESS, contacts: [] });
    t.tick();
    const loser = await create({
      kind: 'business',
      company: 'Ferreteria Sol',
      doNotContact: true,
      addresses: [
        { kind: 'billing', line1: 'Vía España 10', city: 'Panamá' },
        { kind: 'other', line1: 'Depósito', city: 'Colón' },
      ],
      contacts: [{ name: 'Pedro Sol' }],
    });
    const merged = await ok<Customer>(t.app, 'customers.merge', { winnerId: winner.id, loserId: loser.id });
    expect(merged.addresses.map((a) => [a.line1, a.isDefault])).toEqual([
      ['Calle 50, Edificio Sol', true],
      ['Bodega 4, Juan Díaz', false],
      ['Local 12, Albrook', true],
      ['Vía España 10', false],
      ['Depósito', true],
    ]);
    expect(merged.contacts.map((c) => c.name)).toEqual(['Pedro Sol']);
    expect(merged.doNotContact).toBe(true);
    const moved = t.app.sql.db
      .prepare("SELECT count(*) FROM audit_log WHERE entity = 'customer_addresses' AND action = 'update' AND parent_id = ?")
      .pluck()
      .get(winner.id);
    expect(moved).toBe(2);
  });

  it('anonymise removes addresses and contacts and erases what their audit rows held', async () => {
    const c = await create(BUSINESS);
    t.tick();
    await update(c.id, { contacts: [{ ...asInput(c.contacts[0] as Customer['contacts'][number]), role: 'Dueña' }] });
    const anon = await ok<Customer>(t.app, 'customers.anonymise', { id: c.id });
    expect(anon.addresses).toEqual([]);
    expect(anon.contacts).toEqual([]);
    expect(anon.registrationNumber).toBeNull();
    const audit = t.app.sql.db.prepare('SELECT changes FROM audit_log WHERE parent_id = ?').pluck().all(c.id) as string[];
    expect(audit.length).toBeGreaterThan(0);
    // Nor do the operations still waiting to be sent: the rows' creations and edits are gone with them.
    const unsent = t.app.sql.db.prepare('SELECT value FROM outbox').pluck().all() as string[];
    for (const text of [...audit, ...unsent]) {
      for (const word of ['Quintero', 'Calle 50', 'Compras', '50761234567', 'Albrook', 'Dueña']) expect(text).not.toContain(word);
    }
  });

  it('deleting a customer with no purchases deletes its addresses and contacts too', async () => {
    const c = await create(BUSINESS);
    expect(await ok(t.app, 'customers.delete', { id: c.id })).toEqual({ deleted: true });
    for (const table of ['customer_addresses', 'customer_contacts'])
      expect(t.app.sql.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
  });
});
