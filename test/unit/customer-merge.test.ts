import fc from 'fast-check';
import type { CustomerHistory, CustomerSearchResult } from '../../shared/contract';
import type { ConsentEvent } from '../../shared/customers/consent';
import type { Customer } from '../../shared/customers/customer';
import type { DuplicatePairsPage } from '../../shared/customers/duplicates';
import { SCAN_BUDGET } from '../../db/customers/duplicate-pairs';
import { MERGE_CHILDREN } from '../../db/customers/merged-customers';
import { DROP_CHILD_OPERATIONS } from '../../main/customers/customer-children';
import { DROP_ERASED_OPERATIONS, UNSENT_CREATIONS } from '../../main/customers/customer-service';
import type { Order } from '../../shared/checkout/order';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';
import { seedCheckoutFixture } from '../helpers/valid-inputs';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

const add = (input: Record<string, unknown>) => ok<Customer>(t.app, 'customers.create', { allowDuplicate: true, ...input });
const get = (id: string) => ok<Customer>(t.app, 'customers.get', { id });
const search = (query: string) => ok<CustomerSearchResult>(t.app, 'customers.search', { query, includeInactive: true });
let manager: string;
beforeEach(async () => {
  manager = await t.as('manager');
});

/** Every pair the Duplicates view lists, page after page, as "a-id b-id: reasons". */
async function allPairs(limit = 20): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const page: DuplicatePairsPage = await ok(t.app, 'duplicates.list', { cursor, limit });
    found.push(...page.pairs.map((p) => `${p.a.firstName}+${p.b.firstName}: ${p.reasons.join(',')}`));
    cursor = page.next;
    if (cursor === null) return found;
  }
  throw new Error('the scan never ended');
}

describe('the Duplicates view', () => {
  it('lists pairs by phone, email, document, tax ID and similar name with the same birth date, each once', async () => {
    await add({ firstName: 'Ana', phone: '6123-4567', email: 'ana@example.com' });
    t.tick();
    await add({ firstName: 'Anita', phone: '+507 6123 4567', email: 'ANA@example.com' });
    t.tick();
    await add({ firstName: 'Beto', idDocNumber: '8-123-456' });
    t.tick();
    await add({ firstName: 'Roberto', idDocNumber: '8-123-456' });
    t.tick();
    await add({ kind: 'business', company: 'Ferretería Sol', firstName: 'Caja', taxId: '155-1-2' });
    t.tick();
    await add({ kind: 'business', company: 'Ferreteria Sol SA', firstName: 'Compras', taxId: '155-1-2' });
    t.tick();
    await add({ firstName: 'José', lastName: 'Núñez', dateOfBirth: '1980-05-17' });
    t.tick();
    await add({ firstName: 'Jose', lastName: 'Nunes', dateOfBirth: '1980-05-17' });
    t.tick();
    await add({ firstName: 'Juan', lastName: 'Nadie', dateOfBirth: '1980-05-17' });
    await add({ firstName: 'Solo', phone: '6999-0000' });
    expect(await allPairs()).toEqual([
      'Ana+Anita: phone,email',
      'Beto+Roberto: document',
      'Caja+Compras: tax_id',
      'José+Jose: name_birth_date',
    ]);
    // Small pages give the same list.
    expect(await allPairs(1)).toHaveLength(4);
  });

  it('pages through more customers than one call may read, without losing a pair at a page edge', async () => {
    const many = SCAN_BUDGET + 51;
    const db = t.app.sql.db;
    const insert = db.prepare(
      `INSERT INTO customers (id, first_name, phone, membership_code, created_at, updated_at, created_by, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, 'seed', 'seed')`,
    );
    db.transaction(() => {
      for (let i = 0; i < many; i++) {
        // Customers two by two share a phone, and the last three share one: pairs straddle every chunk edge.
        const phone = `+5076${String(Math.min(Math.floor(i / 2), Math.floor((many - 3) / 2)) + 1_000_000).slice(-7)}`;
        const id = `018f0000-0000-7000-8000-${String(i).padStart(12, '0')}`;
        insert.run(id, `P${i}`, phone, `29${String(i).padStart(11, '0')}`, '2026-01-01', '2026-01-01');
      }
    })();
    const pairs = await allPairs(100);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs).toHaveLength((many - 3) / 2 + 2);
    expect(pairs.slice(-2)).toEqual([`P${many - 3}+P${many - 2}: phone`, `P${many - 3}+P${many - 1}: phone`]);
  });

  it('"not a duplicate" is remembered, synced, and the pair is not offered again', async () => {
    const a = await add({ firstName: 'Ana', phone: '6123-4567' });
    const b = await add({ firstName: 'Ana', lastName: 'Hija', phone: '6123-4567' });
    const outbox = t.counts().outbox;
    const result = await t.app.call('duplicates.dismiss', { a: b.id, b: a.id }, manager);
    expect(result).toMatchObject({ ok: true });
    expect(await allPairs()).toEqual([]);
    expect(t.counts().outbox).toBeGreaterThan(outbox);
    expect(t.app.sql.raw('SELECT customer_a, customer_b, created_by FROM duplicate_dismissals')).toEqual([
      { customer_a: a.id < b.id ? a.id : b.id, customer_b: a.id < b.id ? b.id : a.id, created_by: t.userOf(manager) },
    ]);
    // Dismissing again changes nothing.
    const data = t.fingerprint();
    await ok(t.app, 'duplicates.dismiss', { a: a.id, b: b.id });
    expect(t.fingerprint()).toBe(data);
  });

  it('a cashier may neither list nor dismiss nor merge', async () => {
    const a = await add({ firstName: 'Ana', phone: '6123-4567' });
    const b = await add({ firstName: 'Ana', phone: '6123-4567' });
    const cashier = await t.as('cashier');
    const data = t.fingerprint();
    for (const [channel, input] of [
      ['duplicates.list', {}],
      ['duplicates.dismiss', { a: a.id, b: b.id }],
      ['customers.merge', { winnerId: a.id, loserId: b.id }],
      ['customers.anonymise', { id: a.id }],
    ] as const)
      expect(await t.app.call(channel, input, cashier)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(t.fingerprint()).toBe(data);
  });
});

describe('merging two customers', () => {
  async function pair() {
    const winner = await add({
      firstName: 'Ana',
      lastName: 'Pérez',
      phone: '6123-4567',
      email: null,
      tags: ['vip', 'café'],
      notes: 'Prefiere efectivo',
    });
    t.tick(60_000);
    const loser = await add({
      firstName: 'Anita',
      lastName: 'Perez',
      phone: '6555-0000',
      email: 'anita@example.com',
      dateOfBirth: '1985-02-03',
      idDocNumber: '8-111-222',
      tags: ['VIP', 'panadería'],
      notes: 'Vino de la otra tienda',
    });
    t.tick(60_000);
    return { winner, loser };
  }

  it("keeps the winner's values, fills its empty fields from the loser, joins tags, and hides the loser", async () => {
    const { winner, loser } = await pair();
    const merged = await ok<Customer>(t.app, 'customers.merge', { winnerId: winner.id, loserId: loser.id });
    expect(merged).toMatchObject({
      id: winner.id,
      firstName: 'Ana',
      lastName: 'Pérez',
      phone: '+50761234567',
      email: 'anita@example.com',
      dateOfBirth: '1985-02-03',
      idDocNumber: '8-111-222',
      notes: 'Prefiere efectivo',
      membershipCode: winner.membershipCode,
      tags: ['vip', 'café', 'panadería'],
    });
    expect(await get(loser.id)).toMatchObject({ mergedInto: winner.id, status: 'inactive' });
    // The loser leaves search (even with inactive shown); the winner is found by what it took over.
    expect((await search('anita')).items.map((c) => c.id)).toEqual([winner.id]);
    expect((await search('anita@example.com')).items.map((c) => c.id)).toEqual([winner.id]);
    expect((await search('8-111-222')).items.map((c) => c.id)).toEqual([winner.id]);
    expect((await search('6555')).items.map((c) => c.id)).toEqual([]);
    expect(
      t.app.sql.db.prepare("INSERT INTO customers_fts(customers_fts, rank) VALUES ('integrity-check', 1)").run(),
    ).toBeTruthy();
  });

  it('takes the values the manager picked, field by field, with the phone as typed', async () => {
    const { winner, loser } = await pair();
    const merged = await ok<Customer>(t.app, 'customers.merge', {
      winnerId: winner.id,
      loserId: loser.id,
      pick: { firstName: 'loser', phone: 'loser', notes: 'loser', dateOfBirth: 'winner' },
    });
    expect(merged).toMatchObject({
      firstName: 'Anita',
      lastName: 'Pérez',
      phone: '+50765550000',
      phoneRaw: '6555-0000',
      notes: 'Vino de la otra tienda',
      dateOfBirth: null,
    });
    expect((await search('6555')).items.map((c) => c.id)).toEqual([winner.id]);
    expect((await search('6123')).items.map((c) => c.id)).toEqual([]);
  });

  it('loses nothing: every value of both records is in the winner or in the audit', async () => {
    const { winner, loser } = await pair();
    const rowOf = (id: string) => t.app.sql.raw<Record<string, unknown>>('SELECT * FROM customers WHERE id = ?', id)[0] ?? {};
    const before = [rowOf(winner.id), rowOf(loser.id)];
    await ok(t.app, 'customers.merge', {
      winnerId: winner.id,
      loserId: loser.id,
      pick: { firstName: 'loser', notes: 'loser', lastName: 'winner' },
    });
    const after = rowOf(winner.id);
    const audit = t.app.sql
      .raw<{ changes: string }>("SELECT changes FROM audit_log WHERE entity = 'customers' AND entity_id = ?", winner.id)
      .map((r) => r.changes)
      .join('\n');
    for (const row of before)
      for (const [column, value] of Object.entries(row)) {
        if (value === null || ['search_text', 'sort_name', 'id'].includes(column)) continue;
        const kept = after[column] === value || String(after[column]).includes(String(value).replace(/^\["?|"?\]$/g, ''));
        expect(kept || audit.includes(JSON.stringify(value)), `${column} = ${String(value)}`).toBe(true);
      }
  });

  it('consent events and history follow the winner; the most recent explicit consent wins', async () => {
    const { winner, loser } = await pair();
    await ok(t.app, 'customers.setConsent', { id: winner.id, channel: 'sms', granted: true, source: 'in_store' });
    t.tick(60_000);
    await ok(t.app, 'customers.setConsent', { id: loser.id, channel: 'sms', granted: true, source: 'in_store' });
    t.tick(60_000);
    await ok(t.app, 'customers.setConsent', { id: loser.id, channel: 'sms', granted: false, source: 'customer_request' });
    await ok(t.app, 'customers.setConsent', { id: loser.id, channel: 'email', granted: true, source: 'web_form' });
    t.tick(60_000);
    const merged = await ok<Customer>(t.app, 'customers.merge', { winnerId: winner.id, loserId: loser.id });
    // The loser's later "no" to SMS beats the winner's older "yes"; its email "yes" comes along with its email.
    expect(merged).toMatchObject({ smsConsent: false, emailConsent: true });
    const log = await ok<ConsentEvent[]>(t.app, 'customers.consentLog', { id: winner.id });
    expect(log.map((e) => `${e.channel}:${e.granted}:${e.source}`)).toEqual(
      expect.arrayContaining([
        'sms:false:merge',
        'email:true:merge',
        'sms:true:in_store',
        'sms:false:customer_request',
        'email:true:web_form',
      ]),
    );
    expect(log).toHaveLength(6);
    const history = await ok<CustomerHistory>(t.app, 'customers.history', { id: winner.id });
    const fields = history.flatMap((h) => h.changes.map((c) => c.field));
    expect(fields).toContain('mergedFrom');
    expect(fields).toContain('mergedInto');
    // The loser's own creation is in the winner's history too.
    expect(history.filter((h) => h.action === 'create')).toHaveLength(2);
  });

  it('is one audited transaction that syncs as operations any replica can apply', async () => {
    const { winner, loser } = await pair();
    const mark = t.counts();
    await t.app.call('customers.merge', { winnerId: winner.id, loserId: loser.id }, manager);
    const ops = t.app.sql.raw<{ row_id: string; field: string; value: string }>(
      'SELECT row_id, field, value FROM outbox ORDER BY hlc DESC LIMIT 40',
    );
    expect(ops).toEqual(
      expect.arrayContaining([
        { row_id: loser.id, field: 'merged_into', value: JSON.stringify(winner.id) },
        { row_id: loser.id, field: 'status', value: '"inactive"' },
        { row_id: winner.id, field: 'email', value: '"anita@example.com"' },
        expect.objectContaining({ row_id: winner.id, field: 'merged_from' }),
      ]),
    );
    expect(t.counts().audit_log - mark.audit_log).toBe(3);
    // The merge's three rows (by rowid: the frozen clock gives the manager's sign-in row the same time).
    const users = t.app.sql.raw<{ user_id: string }>(
      'SELECT DISTINCT user_id FROM (SELECT user_id FROM audit_log ORDER BY rowid DESC LIMIT 3)',
    );
    expect(users).toEqual([{ user_id: t.userOf(manager) }]);
  });

  it('flattens chains: a customer merged into the loser now resolves to the winner', async () => {
    const { winner, loser } = await pair();
    const third = await add({ firstName: 'Ana P.', phone: '6777-1234' });
    await ok(t.app, 'customers.setConsent', { id: third.id, channel: 'sms', granted: true, source: 'in_store' });
    await ok(t.app, 'customers.merge', { winnerId: loser.id, loserId: third.id });
    await ok(t.app, 'customers.merge', { winnerId: winner.id, loserId: loser.id });
    expect((await get(third.id)).mergedInto).toBe(winner.id);
    const log = await ok<ConsentEvent[]>(t.app, 'customers.consentLog', { id: winner.id });
    expect(log.some((e) => e.source === 'in_store')).toBe(true);
  });

  it('refuses a merge with itself, with a merged or unknown customer, or an invalid result, changing nothing', async () => {
    const { winner, loser } = await pair();
    const business = await add({ kind: 'business', company: 'Sol SA' });
    const data = t.fingerprint();
    expect(await t.app.call('customers.merge', { winnerId: winner.id, loserId: winner.id })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { loserId: 'same_customer' } },
    });
    expect(
      await t.app.call('customers.merge', { winnerId: winner.id, loserId: '018f0000-0000-7000-8000-000000000000' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // A business without its company name is not a valid customer.
    expect(
      await t.app.call('customers.merge', {
        winnerId: winner.id,
        loserId: business.id,
        pick: { kind: 'loser', company: 'winner' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(t.fingerprint()).toBe(data);
    await ok(t.app, 'customers.merge', { winnerId: winner.id, loserId: loser.id });
    const after = t.fingerprint();
    expect(await t.app.call('customers.merge', { winnerId: loser.id, loserId: business.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(t.fingerprint()).toBe(after);
  });

  it('moves no append-only row: consent events, audit rows, orders and loyalty follow by resolving ids', () => {
    const moved = MERGE_CHILDREN.filter((c) => c.follows === 'move').map((c) => c.table);
    for (const table of ['consent_events', 'audit_log', 'orders', 'loyalty_entries']) expect(moved).not.toContain(table);
  });

  it("the loser's purchases and loyalty points follow the winner; the orders themselves are not rewritten", async () => {
    const { winner, loser } = await pair();
    const { productId } = await seedCheckoutFixture(t.app);
    const order = await ok<Order>(t.app, 'checkout.complete', {
      lines: [{ productId, quantity: 2 }],
      customerId: loser.id,
      paymentMethod: 'cash',
    });
    const loserPoints = (await get(loser.id)).loyaltyBalance;
    expect(loserPoints).toBeGreaterThan(0);
    const rows = () => t.app.sql.raw('SELECT * FROM orders ORDER BY id');
    const ordersBefore = JSON.stringify(rows());
    const merged = await ok<Customer>(t.app, 'customers.merge', { winnerId: winner.id, loserId: loser.id });
    expect(merged.loyaltyBalance).toBe(loserPoints);
    const purchases = await ok<{ orders: Order[]; total: number }>(t.app, 'customers.purchases', { customerId: winner.id });
    expect(purchases.orders.map((o) => o.id)).toEqual([order.id]);
    expect(JSON.stringify(rows())).toBe(ordersBefore);
  });

  it('search finds the winner by each fragment it kept, and never the loser (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          firstName: fc.constantFrom('firstName'),
          phone: fc.constantFrom<'winner' | 'loser'>('winner', 'loser'),
          email: fc.constantFrom<'winner' | 'loser'>('winner', 'loser'),
          lastName: fc.constantFrom<'winner' | 'loser'>('winner', 'loser'),
        }),
        async (choice) => {
          const winner = await add({ firstName: 'Wendy', lastName: 'Quiroz', phone: '6100-0001', email: 'w@example.com' });
          const loser = await add({ firstName: 'Lola', lastName: 'Zamora', phone: '6200-0002', email: 'l@example.com' });
          const merged = await ok<Customer>(t.app, 'customers.merge', {
            winnerId: winner.id,
            loserId: loser.id,
            pick: { phone: choice.phone, email: choice.email, lastName: choice.lastName },
          });
          const ids = async (q: string) => (await search(q)).items.map((c) => c.id);
          expect(await ids(choice.phone === 'winner' ? '6100' : '6200')).toContain(winner.id);
          expect(await ids(choice.lastName === 'winner' ? 'quiroz' : 'zamora')).toContain(winner.id);
          expect(await ids(merged.email as string)).toContain(winner.id);
          expect(await ids('lola')).not.toContain(loser.id);
          expect(await ids(choice.phone === 'winner' ? '6200' : '6100')).not.toContain(winner.id);
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('anonymise', () => {
  it("finds the customer's unsent operations by the outbox's row index, however many wait to be sent", () => {
    // A store that never syncs, or one just after a big import, holds a million operations: a
    // statement reading them all held main ~330 ms, and anonymise runs three.
    for (const [statement, params] of [
      [DROP_ERASED_OPERATIONS, ['[]', '[]']],
      [UNSENT_CREATIONS, ['[]']],
      [DROP_CHILD_OPERATIONS, ['[]', '[]']],
    ] as const) {
      const plan = t.app.sql.db
        .prepare(`EXPLAIN QUERY PLAN ${statement}`)
        .all(...params)
        .map((r) => (r as { detail: string }).detail);
      expect(plan, statement).toContainEqual(expect.stringMatching(/SEARCH outbox USING INDEX outbox_row \(row_id=\?\)/));
      expect(plan, statement).not.toContainEqual(expect.stringMatching(/SCAN outbox/));
    }
  });

  it('erases personal fields, withdraws consent by events, keeps the record and its code', async () => {
    const ana = await add({
      firstName: 'Ana',
      lastName: 'Pérez',
      phone: '6123-4567',
      email: 'ana@example.com',
      dateOfBirth: '1980-05-17',
      idDocType: 'national_id',
      idDocNumber: '8-123-456',
      notes: 'Alérgica al maní',
      tags: ['vip'],
    });
    await ok(t.app, 'customers.setConsent', { id: ana.id, channel: 'sms', granted: true, source: 'in_store' });
    t.tick(60_000);
    const erased = await t.app.call('customers.anonymise', { id: ana.id }, manager);
    expect(erased).toMatchObject({
      ok: true,
      value: {
        id: ana.id,
        firstName: 'Anonymised',
        lastName: null,
        phone: null,
        phoneRaw: null,
        email: null,
        dateOfBirth: null,
        idDocNumber: null,
        notes: null,
        tags: [],
        smsConsent: false,
        status: 'inactive',
        membershipCode: ana.membershipCode,
      },
    });
    const log = await ok<ConsentEvent[]>(t.app, 'customers.consentLog', { id: ana.id });
    expect(log[0]).toMatchObject({ channel: 'sms', granted: false, source: 'erasure', userId: t.userOf(manager) });
    expect((await search('ana')).total).toBe(0);
    expect((await search('6123')).total).toBe(0);
  });

  it('leaves no erased value in the database: not in the audit, nor in unsent sync operations', async () => {
    const ana = await add({ firstName: 'Zoraida', lastName: 'Quintero', phone: '6123-4567', email: 'zq@example.com' });
    await ok(t.app, 'customers.update', { id: ana.id, patch: { notes: 'Vive en Calle 50', lastName: 'Quintero Ríos' } });
    const loser = await add({ firstName: 'Zoraida Q.', idDocNumber: '8-999-111' });
    await ok(t.app, 'customers.merge', { winnerId: ana.id, loserId: loser.id, pick: { idDocNumber: 'winner' } });
    await ok(t.app, 'customers.anonymise', { id: ana.id });
    const dump = ['audit_log', 'outbox', 'customers']
      .flatMap((table) => t.app.sql.raw<Record<string, unknown>>(`SELECT * FROM ${table}`))
      .map((row) => JSON.stringify(row))
      .join('\n');
    for (const secret of ['Zoraida', 'Quintero', '61234567', 'zq@example.com', 'Calle 50', '8-999-111'])
      expect(dump, secret).not.toContain(secret);
    // The loser merged into her is erased too, and the history still says what changed and when.
    expect(await get(loser.id)).toMatchObject({ firstName: 'Anonymised', idDocNumber: null });
    const history = await ok<CustomerHistory>(t.app, 'customers.history', { id: ana.id });
    expect(history.flatMap((h) => h.changes)).toEqual(expect.arrayContaining([{ field: 'phone', old: '[erased]', new: null }]));
  });

  it('an unknown or merged customer is NOT_FOUND and nothing changes', async () => {
    const a = await add({ firstName: 'Ana', phone: '6123-4567' });
    const b = await add({ firstName: 'Ana', phone: '6123-4567' });
    await ok(t.app, 'customers.merge', { winnerId: a.id, loserId: b.id });
    const data = t.fingerprint();
    for (const id of [b.id, '018f0000-0000-7000-8000-000000000000'])
      expect(await t.app.call('customers.anonymise', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(t.fingerprint()).toBe(data);
  });
});
