import fc from 'fast-check';
import type { CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import { parsePhone } from '../../shared/phone';
import { foldedWords, onlyDigits } from '../../shared/text';
import { SEARCH_COUNT_CAP } from '../../db/customers/customer-queries';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
let jose: Customer;
beforeEach(async () => {
  t = openTempApp();
  jose = await ok<Customer>(t.app, 'customers.create', {
    firstName: 'José',
    lastName: 'Núñez',
    phone: '6123-4567',
    email: 'jose.nunez@correo.pa',
    idDocType: 'national_id',
    idDocNumber: '8-123-4567',
  });
  await ok(t.app, 'customers.create', { firstName: 'Josefina', lastName: 'Arango', phone: '6987-0000' });
  await ok(t.app, 'customers.create', {
    kind: 'business',
    company: 'Ferretería El Martillo S.A.',
    taxId: '155612345-2-2021',
    email: 'ventas@martillo.pa',
  });
  await ok(t.app, 'customers.create', { firstName: 'Mary', lastName: 'Smith', phone: '+1 305 234 5678' });
});
afterEach(() => t.close());

const search = (query: string, extra: Record<string, unknown> = {}) =>
  ok<CustomerSearchResult>(t.app, 'customers.search', { query, ...extra });
const names = (r: CustomerSearchResult) => r.items.map((c) => c.company ?? `${c.firstName} ${c.lastName}`);

describe('customer search', () => {
  it.each(['jose', 'JOSÉ', 'nunez', 'Núñez', 'jo nu', 'nú jo'])('finds José Núñez by "%s"', async (query) => {
    expect(names(await search(query))).toContain('José Núñez');
  });

  it('"jose" also finds Josefina, but "jose nunez" only José', async () => {
    expect(names(await search('jose')).sort((a, b) => a.localeCompare(b))).toEqual(['José Núñez', 'Josefina Arango']);
    expect(names(await search('jose nunez'))).toEqual(['José Núñez']);
  });

  it.each(['4567', '6123-4567', '61234567', '+507 6123', '507 6123 4567', '234-56'])(
    'finds by phone digits "%s"',
    async (query) => {
      expect(names(await search(query))).toContain('José Núñez');
    },
  );

  it('finds by email prefix, document number, tax ID and company words', async () => {
    expect(names(await search('jose.nu'))).toEqual(['José Núñez']);
    expect(names(await search('8-123-4567'))[0]).toBe('José Núñez');
    expect(names(await search('155612345'))).toEqual(['Ferretería El Martillo S.A.']);
    expect(names(await search('ferreteria mart'))).toEqual(['Ferretería El Martillo S.A.']);
  });

  it.each(['jose.n', 'JOSE.NUNEZ@C', 'ventas@m'])(
    'an email typed up to a single letter ("%s") finds by the start of the email',
    async (query) => {
      const found = names(await search(query));
      expect(found).toHaveLength(1);
      expect(found[0]).toBe(query.startsWith('ventas') ? 'Ferretería El Martillo S.A.' : 'José Núñez');
    },
  );

  it('an email prefix is the start of an email, not words anywhere: "jose.n" does not find José Navarro (jn@…)', async () => {
    await ok(t.app, 'customers.create', { firstName: 'José', lastName: 'Navarro', email: 'jn@correo.pa' });
    expect(names(await search('jose.n'))).toEqual(['José Núñez']);
    // Typed as words, both are found.
    expect(names(await search('jose n')).sort()).toEqual(['José Navarro', 'José Núñez']);
  });

  it('lists surnames that start with what was typed first, then the rest alphabetically', async () => {
    for (const [firstName, lastName] of [
      ['Garcilaso', 'Álvarez'],
      ['Beto', 'García'],
      ['Ana', 'García'],
      ['Zoe', 'Garcés'],
    ]) {
      await ok(t.app, 'customers.quickAdd', { firstName, lastName, email: `${firstName}@example.com` });
    }
    expect(names(await search('garc'))).toEqual(['Zoe Garcés', 'Ana García', 'Beto García', 'Garcilaso Álvarez']);
  });

  it('puts the exact membership-code hit first', async () => {
    const result = await search(jose.membershipCode);
    expect(result.items[0]?.id).toBe(jose.id);
    expect(result.total).toBe(1);
  });

  it('hides inactive customers unless asked', async () => {
    t.app.sql.db.prepare("UPDATE customers SET status = 'inactive' WHERE id = ?").run(jose.id);
    expect(names(await search('nunez'))).toEqual([]);
    expect(names(await search('nunez', { includeInactive: true }))).toEqual(['José Núñez']);
  });

  it('an empty query lists everyone by last name (companies by name)', async () => {
    expect(names(await search(''))).toEqual(['Josefina Arango', 'Ferretería El Martillo S.A.', 'José Núñez', 'Mary Smith']);
  });

  it('pages are disjoint and add up to the whole list', async () => {
    for (let i = 0; i < 23; i++) await ok(t.app, 'customers.quickAdd', { firstName: `Cliente ${i}`, email: `c${i}@example.com` });
    for (const query of ['', 'cliente', 'example']) {
      const all = await search(query, { limit: 200 });
      const seen: string[] = [];
      for (let offset = 0; offset < all.total; offset += 5) {
        const page = await search(query, { offset, limit: 5 });
        expect(page.total).toBe(all.total);
        seen.push(...page.items.map((c) => c.id));
      }
      expect(seen).toEqual(all.items.map((c) => c.id));
      expect(new Set(seen).size).toBe(all.total);
    }
  });

  it('says "1,000+" instead of counting a huge match, and pages through the first thousand', async () => {
    const actor = { userId: 'owner', deviceId: t.app.deviceId };
    t.app.customers.createMany(
      actor,
      Array.from({ length: SEARCH_COUNT_CAP + 150 }, (_, i) => ({ input: { firstName: `Cliente${i}`, lastName: 'Masivo' } })),
    );
    const first = await search('masivo', { limit: 200 });
    expect(first).toMatchObject({ total: SEARCH_COUNT_CAP, capped: true });
    const seen = new Set<string>();
    for (let offset = 0; offset < first.total; offset += 200) {
      for (const c of (await search('masivo', { offset, limit: 200 })).items) seen.add(c.id);
    }
    expect(seen.size).toBe(SEARCH_COUNT_CAP);
    const narrow = await search('masivo cliente10');
    expect(narrow.capped).toBe(false);
    expect(narrow.total).toBe(11 + 100);
    expect((await search('')).capped).toBe(false);
  });

  it('stays in step with edits: new fragments find, old ones no longer do', async () => {
    await ok(t.app, 'customers.update', {
      id: jose.id,
      patch: { lastName: 'Quintero', phone: '6555-0199', email: 'jq@correo.pa' },
    });
    expect(names(await search('nunez'))).toEqual([]);
    expect(names(await search('quinter'))).toEqual(['José Quintero']);
    expect(names(await search('0199'))).toEqual(['José Quintero']);
    expect(names(await search('6123'))).toEqual([]);
  });

  it('treats SQL and FTS syntax in the query as plain text', async () => {
    for (const query of ['"', "' OR 1=1 --", 'NEAR(a b)', 'jose*', '^jose', 'a AND b', '(', '-', '***']) {
      const result = await t.app.call('customers.search', { query });
      expect(result.ok).toBe(true);
    }
    expect(t.counts().customers).toBe(4);
  });

  it('finds every customer by each of its searchable fragments (property)', async () => {
    const word = fc.stringMatching(/^[A-Za-zÁÉÍÓÚáéíóúÑñÜü]{2,12}$/);
    await fc.assert(
      fc.asyncProperty(
        word,
        word,
        fc.integer({ min: 60_000_000, max: 69_999_999 }).filter((n) => parsePhone(String(n), 'PA') !== null),
        async (first, last, number) => {
          const phone = `${String(number).slice(0, 4)}-${String(number).slice(4)}`;
          const customer = await ok<Customer>(t.app, 'customers.quickAdd', {
            firstName: first,
            lastName: last,
            phone,
            allowDuplicate: true,
          });
          const fragments = [
            ...foldedWords(first).map((w) => w.slice(0, 2 + (w.length % 3))),
            ...foldedWords(last).map((w) => w.slice(0, 3)),
            first.toUpperCase(),
            onlyDigits(phone).slice(-4),
            onlyDigits(phone).slice(2, 6),
            customer.membershipCode,
          ];
          for (const fragment of fragments) {
            const result = await search(fragment, { limit: 200, includeInactive: true });
            if (!result.items.some((c) => c.id === customer.id))
              throw new Error(`"${fragment}" did not find ${first} ${last} ${phone}`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the full list count', () => {
  it('follows creates, status changes and rolled-back writes', async () => {
    const t2 = openTempApp();
    try {
      const count = async () => (await ok<CustomerSearchResult>(t2.app, 'customers.search', { query: '' })).total;
      expect(await count()).toBe(0);
      const a = await ok<Customer>(t2.app, 'customers.quickAdd', { firstName: 'Ana', email: 'ana@example.com' });
      expect(await count()).toBe(1);
      await ok(t2.app, 'customers.deactivate', { id: a.id });
      expect(await count()).toBe(0);
      expect((await ok<CustomerSearchResult>(t2.app, 'customers.search', { query: '', includeInactive: true })).total).toBe(1);
      await t2.app.call('customers.quickAdd', { firstName: 'Bad', phone: '12' });
      expect(await count()).toBe(0);
      await ok(t2.app, 'customers.reactivate', { id: a.id });
      expect(await count()).toBe(1);
    } finally {
      t2.close();
    }
  });
});
