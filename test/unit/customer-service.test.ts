import fc from 'fast-check';
import type { CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { ErrorData } from '../../shared/errors';
import { isMembershipCode } from '../../shared/membership-code';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

const UNKNOWN_ID = '018f0000-0000-7000-8000-000000000000';

/** Call a channel that must refuse, and check the refusal wrote nothing at all. */
async function refused(channel: string, input: unknown): Promise<ErrorData> {
  const before = t.fingerprint();
  const counts = t.counts();
  const result = await t.app.call(channel, input);
  if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  expect(t.counts()).toEqual(counts);
  expect(t.fingerprint()).toBe(before);
  return result.error;
}

const ids = async (query: string, extra: Record<string, unknown> = {}) =>
  (await ok<CustomerSearchResult>(t.app, 'customers.search', { query, limit: 200, ...extra })).items.map((c) => c.id);

describe('quick-add at the counter', () => {
  it('needs a name and a phone or an email, and says so next to each field', async () => {
    for (const input of [{}, { firstName: '' }, { firstName: '   ', phone: '  ', email: '' }, { firstName: null }]) {
      expect(await refused('customers.quickAdd', input)).toMatchObject({
        code: 'VALIDATION',
        fields: { firstName: 'required', phone: 'phone_or_email' },
      });
    }
  });

  it('a name with no way to reach them is refused on the phone field alone', async () => {
    expect(await refused('customers.quickAdd', { firstName: 'Ana' })).toEqual({
      code: 'VALIDATION',
      message: expect.any(String),
      fields: { phone: 'phone_or_email' },
    });
  });

  it('a phone that is not a number is refused as invalid_phone', async () => {
    for (const phone of ['12', '6123-456', 'abc', '+507 1234']) {
      expect((await refused('customers.quickAdd', { firstName: 'Ana', phone })).fields).toEqual({ phone: 'invalid_phone' });
    }
  });

  it('an email that is not an address is refused as invalid_email', async () => {
    for (const email of ['ana', 'ana@', '@example.com', 'ana@@example.com', 'ana example.com']) {
      expect((await refused('customers.quickAdd', { firstName: 'Ana', email })).fields).toEqual({ email: 'invalid_email' });
    }
  });

  it('either contact is enough, and the new customer gets a valid membership code', async () => {
    const byPhone = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const byEmail = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Beto', email: 'beto@example.com' });
    expect(byPhone).toMatchObject({ kind: 'individual', status: 'active', email: null, phone: '+50761234567' });
    expect(byEmail).toMatchObject({ phone: null, email: 'beto@example.com' });
    expect(isMembershipCode(byPhone.membershipCode)).toBe(true);
    expect(byPhone.membershipCode).not.toBe(byEmail.membershipCode);
  });

  it('the same seed gives the same membership codes (deterministic test set-up)', async () => {
    const first = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const other = openTempApp();
    try {
      const again = await ok<Customer>(other.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
      expect(again.membershipCode).toBe(first.membershipCode);
      expect(again.createdAt).toBe(first.createdAt);
    } finally {
      other.close();
    }
  });
});

describe('the full form', () => {
  it('an individual needs a first or last name; a business needs its company name', async () => {
    expect((await refused('customers.create', { email: 'x@example.com' })).fields).toEqual({ firstName: 'required' });
    expect((await refused('customers.create', { kind: 'business', firstName: 'Ana' })).fields).toEqual({
      company: 'required',
    });
    expect((await ok<Customer>(t.app, 'customers.create', { lastName: 'Pérez' })).lastName).toBe('Pérez');
  });

  it('reports every bad field at once, by field', async () => {
    const error = await refused('customers.create', {
      firstName: 'x'.repeat(101),
      email: 'nope',
      dateOfBirth: '2031-02-30',
      idDocType: 'library_card',
      shoeSize: 44,
    });
    expect(error).toMatchObject({
      code: 'VALIDATION',
      fields: {
        firstName: 'too_long',
        email: 'invalid_email',
        dateOfBirth: 'invalid_date',
        idDocType: 'invalid',
        shoeSize: 'unknown_field',
      },
    });
  });

  it('stores the phone as E.164 and keeps what was typed', async () => {
    for (const [raw, e164] of [
      ['6123-4567', '+50761234567'],
      ['+507 6123 4567', '+50761234567'],
      ['00507 6123-4567', '+50761234567'],
      ['+1 (305) 234-5678', '+13052345678'],
    ] as const) {
      const c = await ok<Customer>(t.app, 'customers.create', { firstName: 'Ana', phone: ` ${raw} `, allowDuplicate: true });
      expect(c).toMatchObject({ phone: e164, phoneRaw: raw });
      expect(t.app.sql.raw('SELECT phone, phone_raw FROM customers WHERE id = ?', c.id)).toEqual([
        { phone: e164, phone_raw: raw },
      ]);
    }
  });

  it('trims names, lower-cases emails, upper-cases documents, and stores blanks as empty', async () => {
    const c = await ok<Customer>(t.app, 'customers.create', {
      firstName: '  María   José ',
      lastName: '',
      email: ' Maria@Example.COM ',
      idDocNumber: 'pe-12-345',
      notes: '   ',
      tags: [' vip ', 'VIP', 'Mayorista'],
    });
    expect(c).toMatchObject({
      firstName: 'María José',
      lastName: null,
      email: 'maria@example.com',
      idDocNumber: 'PE-12-345',
      notes: null,
      tags: ['vip', 'Mayorista'],
    });
  });
});

describe('editing a customer', () => {
  it('an unknown id is NOT_FOUND and writes nothing', async () => {
    await ok(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    expect(await refused('customers.update', { id: UNKNOWN_ID, patch: { firstName: 'Beto' } })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a bad value is refused by field and the stored customer is untouched', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    expect((await refused('customers.update', { id: c.id, patch: { phone: '12', lastName: 'Ríos' } })).fields).toEqual({
      phone: 'invalid_phone',
    });
    expect((await refused('customers.update', { id: c.id, patch: { firstName: '', lastName: null } })).fields).toEqual({
      firstName: 'required',
    });
    expect(await ok<Customer>(t.app, 'customers.get', { id: c.id })).toEqual(c);
  });

  it('a new phone is stored as E.164 with its new raw form; clearing it clears both', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567', email: 'a@example.com' });
    const moved = await ok<Customer>(t.app, 'customers.update', { id: c.id, patch: { phone: '+507 6555 0199' } });
    expect(moved).toMatchObject({ phone: '+50765550199', phoneRaw: '+507 6555 0199' });
    const cleared = await ok<Customer>(t.app, 'customers.update', { id: c.id, patch: { phone: '' } });
    expect(cleared).toMatchObject({ phone: null, phoneRaw: null });
  });

  it('refuses a group that does not exist', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    expect((await refused('customers.update', { id: c.id, patch: { groupId: UNKNOWN_ID } })).fields).toEqual({
      groupId: 'unknown_group',
    });
  });
});

describe('the search index follows every write', () => {
  it('a new customer is found at once by each fragment a cashier would type', async () => {
    const c = await ok<Customer>(t.app, 'customers.create', {
      firstName: 'José',
      lastName: 'Núñez',
      phone: '6123-4567',
      email: 'jnunez@correo.pa',
      idDocNumber: '8-123-4567',
      externalId: 'SHOP-991',
    });
    for (const query of [
      'jose',
      'nunez',
      'JOSÉ',
      'jo nu',
      '4567',
      '6123-4567',
      '+507 6123',
      'jnunez',
      '8-123-4567',
      'shop-991',
      c.membershipCode,
    ]) {
      expect(await ids(query), query).toEqual([c.id]);
    }
  });

  it('after a name edit the new name finds them and the old one no longer does', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'José', lastName: 'Núñez', phone: '6123-4567' });
    await ok(t.app, 'customers.update', { id: c.id, patch: { lastName: 'Quintero' } });
    expect(await ids('nunez')).toEqual([]);
    expect(await ids('quint')).toEqual([c.id]);
    expect(await ids('jose quintero')).toEqual([c.id]);
    // Untouched fields are still indexed.
    expect(await ids('4567')).toEqual([c.id]);
  });

  it('after a phone edit the new digits find them and the old ones no longer do', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'José', lastName: 'Núñez', phone: '6123-4567' });
    await ok(t.app, 'customers.update', { id: c.id, patch: { phone: '6555-0199' } });
    for (const old of ['4567', '6123-4567', '+507 6123', '61234567']) expect(await ids(old), old).toEqual([]);
    for (const fresh of ['0199', '6555-0199', '+507 6555', '65550199']) expect(await ids(fresh), fresh).toEqual([c.id]);
    expect(await ids('nunez')).toEqual([c.id]);
  });

  it('after an email edit the new address finds them and the old one no longer does', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', email: 'ana.vieja@correo.pa' });
    await ok(t.app, 'customers.update', { id: c.id, patch: { email: 'ana.nueva@correo.pa' } });
    expect(await ids('vieja')).toEqual([]);
    expect(await ids('ana.nueva@correo.pa')).toEqual([c.id]);
  });

  it('pages are disjoint and add up to the whole answer when exact hits lead it, whatever the page size (property)', async () => {
    const actor = { userId: 'owner', deviceId: t.app.deviceId };
    t.app.customers.createMany(
      actor,
      Array.from({ length: 25 }, (_, i) => ({
        input: { firstName: `Cliente ${i}`, lastName: 'Prueba', email: `c${i}@example.com` },
      })),
    );
    // Two customers share the exact address (duplicates are allowed with a warning); c10..c19 are prefix hits.
    t.app.customers.createMany(actor, [{ input: { firstName: 'Aaa', lastName: 'Aaa', email: 'c1@example.com' } }]);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('c1@example.com', 'C1@EXAMPLE.COM', 'prueba', 'c2'),
        fc.integer({ min: 1, max: 7 }),
        async (query, limit) => {
          const all = await ok<CustomerSearchResult>(t.app, 'customers.search', { query, limit: 200 });
          const seen: string[] = [];
          for (let offset = 0; offset < all.total + limit; offset += limit) {
            const page = await ok<CustomerSearchResult>(t.app, 'customers.search', { query, offset, limit });
            expect(page.total).toBe(all.total);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((c) => c.id));
          }
          expect(seen).toEqual(all.items.map((c) => c.id));
          expect(new Set(seen).size).toBe(all.total);
        },
      ),
      { numRuns: 30 },
    );
    const exact = await ok<CustomerSearchResult>(t.app, 'customers.search', { query: 'c1@example.com' });
    // Both exact owners of the address first, then c10..c19.
    expect(exact.total).toBe(12);
    expect(exact.items.slice(0, 2).map((c) => c.email)).toEqual(['c1@example.com', 'c1@example.com']);
  });

  it('the exact membership code comes first even when another customer would sort before it', async () => {
    const mine = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Zoila', lastName: 'Zúñiga', phone: '6123-4567' });
    // A customer whose external ID begins with that code is a full-text hit too, and sorts first by name.
    const other = await ok<Customer>(t.app, 'customers.create', {
      firstName: 'Aarón',
      lastName: 'Abad',
      externalId: `${mine.membershipCode}9`,
    });
    const found = await ok<CustomerSearchResult>(t.app, 'customers.search', { query: mine.membershipCode });
    expect(found.items.map((c) => c.id)).toEqual([mine.id, other.id]);
    expect(found.total).toBe(2);
    expect(await ids(`${mine.membershipCode.slice(0, 6)}`)).toContain(other.id);
  });
});
