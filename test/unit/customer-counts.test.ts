import fc from 'fast-check';
import type { CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { CustomerGroup } from '../../shared/customers/groups';
import type { CustomerFilters } from '../../shared/customers/filters';
import { customerFilterSql } from '../../db/customers/customer-filters';
import { ok, openTempApp, TEST_START, type TempApp } from '../helpers/temp-app';

// The list's count over flag filters comes from customer_counts (migration 13), kept by triggers.
// Whatever sequence of writes a store sees, the kept counts equal a recount of the customers.

type Op =
  | { kind: 'create'; phone: boolean; email: boolean; group: 0 | 1 | 2 }
  | { kind: 'update'; who: number; phone?: boolean; email?: boolean; group?: 0 | 1 | 2 }
  | { kind: 'consent'; who: number; channel: 'sms' | 'email'; granted: boolean }
  | { kind: 'deactivate' | 'reactivate' | 'approve' | 'delete' | 'anonymise'; who: number }
  | { kind: 'merge'; who: number; other: number };

const who = fc.nat(30);
const group = fc.constantFrom<0 | 1 | 2>(0, 1, 2);
const create = fc.record({ kind: fc.constant('create' as const), phone: fc.boolean(), email: fc.boolean(), group });
const op: fc.Arbitrary<Op> = fc.oneof(
  create,
  fc.record(
    { kind: fc.constant('update' as const), who, phone: fc.boolean(), email: fc.boolean(), group },
    { requiredKeys: ['kind', 'who'] },
  ),
  fc.record({
    kind: fc.constant('consent' as const),
    who,
    channel: fc.constantFrom('sms' as const, 'email' as const),
    granted: fc.boolean(),
  }),
  fc.record({
    kind: fc.constantFrom(
      'deactivate' as const,
      'reactivate' as const,
      'approve' as const,
      'delete' as const,
      'anonymise' as const,
    ),
    who,
  }),
  fc.record({ kind: fc.constant('merge' as const), who, other: who }),
);

const FILTER_SETS: CustomerFilters[] = [
  {},
  { status: 'active', hasPhone: true, smsConsent: true },
  { hasEmail: true, emailConsent: true },
  { hasPhone: false },
  { status: 'pending_approval' },
  { status: 'inactive', hasEmail: false },
  { smsConsent: false, emailConsent: false },
];

const RECOUNT = `SELECT coalesce(group_id, '') AS group_id, status, phone IS NOT NULL AS has_phone, email IS NOT NULL AS has_email,
    sms_consent, email_consent, count(*) AS n
  FROM customers WHERE merged_into IS NULL GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;
const KEPT = 'SELECT * FROM customer_counts WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6';

let t: TempApp;
afterEach(() => t?.close());

async function storeWithGroups(): Promise<[null, string, string]> {
  t = openTempApp();
  const vip = await ok<CustomerGroup>(t.app, 'groups.save', {
    name: 'VIP',
    description: null,
    requiresApproval: false,
    discountPercent: 10,
  });
  const wholesale = await ok<CustomerGroup>(t.app, 'groups.save', {
    name: 'Mayoristas',
    description: null,
    requiresApproval: true,
    discountPercent: null,
  });
  return [null, vip.id, wholesale.id];
}

async function apply(ops: Op[], groups: [null, string, string]): Promise<void> {
  const ids: string[] = [];
  const pick = (i: number) => ids[i % Math.max(1, ids.length)];
  let serial = 0;
  const phone = () => `6${String(1_000_000 + ++serial)}`;
  for (const o of ops) {
    // Refused writes (a merged customer, consent without a phone...) must leave the counts right too.
    const call = (channel: string, input: unknown) => t.app.call(channel, input);
    const id = 'who' in o ? pick(o.who) : undefined;
    if (o.kind === 'create') {
      const n = ++serial;
      const created = await call('customers.create', {
        firstName: `Cliente ${n}`,
        lastName: 'Prueba',
        ...(o.phone ? { phone: phone() } : {}),
        ...(o.email ? { email: `c${n}@example.com` } : {}),
        groupId: groups[o.group],
      });
      if (created.ok) ids.push((created.value as Customer).id);
    } else if (!id) {
    } else if (o.kind === 'update') {
      await call('customers.update', {
        id,
        patch: {
          ...(o.phone === undefined ? {} : { phone: o.phone ? phone() : null }),
          ...(o.email === undefined ? {} : { email: o.email ? `u${++serial}@example.com` : null }),
          ...(o.group === undefined ? {} : { groupId: groups[o.group] }),
        },
      });
    } else if (o.kind === 'consent') {
      await call('customers.setConsent', { id, channel: o.channel, granted: o.granted, source: 'in_store' });
    } else if (o.kind === 'merge') {
      const other = pick(o.other);
      if (other && other !== id) await call('customers.merge', { winnerId: id, loserId: other });
    } else {
      await call(`customers.${o.kind}`, { id });
    }
  }
}

describe('maintained list counts', () => {
  it('after any sequence of creates, edits, consent, status changes, merges, deletes and erasures, equal a recount', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(create, { minLength: 3, maxLength: 6 }),
        fc.array(op, { minLength: 5, maxLength: 25 }),
        async (first, then) => {
          const groups = await storeWithGroups();
          try {
            await apply([...first, ...then], groups);
            expect(t.app.sql.raw(KEPT)).toEqual(t.app.sql.raw(RECOUNT));
            for (const filters of [
              ...FILTER_SETS,
              { groupId: groups[1] },
              { groupId: groups[2], status: 'pending_approval' as const },
            ]) {
              for (const includeInactive of [false, true]) {
                const shown = await ok<CustomerSearchResult>(t.app, 'customers.search', { query: '', filters, includeInactive });
                const f = customerFilterSql(filters, TEST_START, 'America/Panama');
                expect(f.counts, JSON.stringify(filters)).toBeDefined();
                const visible = includeInactive || filters.status ? 1 : 0;
                const recount = t.app.sql.raw<{ n: number }>(
                  `SELECT count(*) AS n FROM customers c WHERE c.merged_into IS NULL AND (? OR c.status <> 'inactive') AND (${f.sql})`,
                  visible,
                  ...f.params,
                )[0]?.n;
                expect(shown.total, JSON.stringify({ filters, includeInactive })).toBe(recount);
              }
            }
          } finally {
            t.close();
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a filter the counts do not keep (a tag, birthdays, a custom condition) is counted from the customers', () => {
    for (const filters of [
      { tag: 'vip' },
      { hasPhone: true, birthdayThisMonth: true as const },
      { newThisMonth: true as const },
    ]) {
      expect(customerFilterSql(filters, TEST_START, 'America/Panama').counts).toBeUndefined();
    }
    expect(customerFilterSql({ status: 'active', smsConsent: true }, TEST_START, 'America/Panama').counts).toEqual({
      sql: 'k.status = ? AND k.sms_consent = ?',
      params: ['active', 1],
    });
  });
});
