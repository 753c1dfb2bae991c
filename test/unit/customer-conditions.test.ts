import type { CustomerSearchResult } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import type { FilterCondition } from '../../shared/customers/filter-conditions';
import type { CustomerGroup } from '../../shared/customers/groups';
import type { Segment } from '../../shared/customers/segments';
import type { ErrorData } from '../../shared/errors';
import { foldedGlob, startOfStoreDay } from '../../db/customers/customer-conditions';
import { customerFilterSql } from '../../db/customers/customer-filters';
import { ok, openTempApp, TEST_START, type TempApp } from '../helpers/temp-app';

const DAY = 86_400_000;
let t: TempApp;
let ana: Customer;
let beto: Customer;
let group: CustomerGroup;
let definitions: CustomFieldDefinition[];

beforeEach(async () => {
  t = openTempApp(); // frozen at 2026-11-24T15:00Z, 10:00 in Panama
  const define = (input: Record<string, unknown>) => ok<CustomFieldDefinition>(t.app, 'customFields.save', input);
  definitions = [
    await define({ key: 'shoe_size', label: 'Talla', type: 'number' }),
    await define({ key: 'member_since', label: 'Socio desde', type: 'date' }),
    await define({ key: 'wholesale', label: 'Mayorista', type: 'boolean' }),
    await define({ key: 'level', label: 'Nivel', type: 'choice', options: ['Bronce', 'Plata', 'Oro'] }),
  ];
  group = await ok<CustomerGroup>(t.app, 'groups.save', {
    name: 'Mayoristas',
    description: null,
    requiresApproval: false,
    discountPercent: null,
  });
  const actor = { userId: 'owner', deviceId: t.app.deviceId };
  [ana, beto] = t.app.customers
    .createMany(actor, [
      {
        input: {
          firstName: 'Ana',
          lastName: 'Arias',
          phone: '6123-4567',
          dateOfBirth: '1990-11-03',
          tags: ['Delivery'],
          addresses: [{ kind: 'billing', line1: 'Av. Amazonas 1', city: 'Quito', country: 'EC' }],
          customFields: { shoe_size: 38, member_since: '2020-05-01', wholesale: true, level: 'Oro' },
        },
        createdAt: '2026-11-20T12:00:00.000Z',
      },
      {
        input: {
          kind: 'business',
          firstName: 'Beto',
          lastName: 'Barrios',
          company: 'Ferretería Núñez',
          email: 'beto@example.com',
          dateOfBirth: '1985-02-10',
          businessType: 'corporation',
          paymentTerms: 'net_30',
          groupId: group.id,
          addresses: [{ kind: 'shipping', line1: 'Calle 50', city: 'Panamá', country: 'PA' }],
          customFields: { shoe_size: 44, wholesale: false, level: 'Plata' },
        },
        createdAt: '2025-01-01T00:00:00.000Z',
      },
      {
        input: { firstName: 'Caro', lastName: 'Castro', email: 'caro@ejemplo.com', industry: 'Turismo' },
        // 18:00 on 31 October in Panama.
        createdAt: '2026-10-31T23:00:00.000Z',
      },
    ])
    .map((id) => t.app.customers.get(id)) as [Customer, Customer];
  t.setNow(TEST_START - 10 * DAY);
  const product = await ok<{ id: string }>(t.app, 'products.save', { sku: 'P-1', barcode: null, name: 'Item', priceMinor: 5000 });
  await ok(t.app, 'checkout.complete', {
    lines: [{ productId: product.id, quantity: 1 }],
    customerId: ana.id,
    paymentMethod: 'cash',
  });
  t.setNow(TEST_START);
});
afterEach(() => t.close());

const search = (conditions: unknown[], query = '', extra: Record<string, unknown> = {}) =>
  t.app.call('customers.search', { query, filters: { ...extra, conditions }, includeInactive: true });
const names = async (conditions: FilterCondition[], query = '', extra: Record<string, unknown> = {}) => {
  const result = await search(conditions, query, extra);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  // The list is by surname (Beto's business by its company name): compare who, not where.
  return (result.value as CustomerSearchResult).items.map((c) => c.firstName as string).sort();
};

describe('custom conditions', () => {
  it.each<[FilterCondition, string[]]>([
    [{ field: 'city', op: 'contains', value: 'quito' }, ['Ana']],
    [{ field: 'city', op: 'contains', value: 'panama' }, ['Beto']],
    [{ field: 'city', op: 'equals', value: 'PANAMÁ' }, ['Beto']],
    [{ field: 'city', op: 'equals', value: 'Pan' }, []],
    [{ field: 'city', op: 'starts_with', value: 'pan' }, ['Beto']],
    [{ field: 'city', op: 'is_empty' }, ['Caro']],
    [{ field: 'city', op: 'is_not_empty' }, ['Ana', 'Beto']],
    [{ field: 'company', op: 'contains', value: 'nunez' }, ['Beto']],
    [{ field: 'email', op: 'starts_with', value: 'caro@' }, ['Caro']],
    [{ field: 'email', op: 'contains', value: '*' }, []],
    [{ field: 'email', op: 'contains', value: '?' }, []],
    [{ field: 'email', op: 'contains', value: '[a-z]' }, []],
    [{ field: 'firstName', op: 'contains', value: "'; DROP TABLE customers; --" }, []],
    [{ field: 'tags', op: 'equals', value: 'delivery' }, ['Ana']],
    [{ field: 'tags', op: 'is_empty' }, ['Beto', 'Caro']],
    [{ field: 'phone', op: 'contains', value: '6123-4567' }, ['Ana']],
    [{ field: 'phone', op: 'is_empty' }, ['Beto', 'Caro']],
    [{ field: 'industry', op: 'contains', value: 'TUR' }, ['Caro']],
    [{ field: 'membershipCode', op: 'starts_with', value: '29' }, ['Ana', 'Beto', 'Caro']],
  ])('text: %j finds %j', async (condition, expected) => {
    expect(await names([condition])).toEqual(expected);
  });

  it.each<[FilterCondition, string[]]>([
    [{ field: 'custom.shoe_size', op: 'gt', value: 40 }, ['Beto']],
    [{ field: 'custom.shoe_size', op: 'gte', value: 44 }, ['Beto']],
    [{ field: 'custom.shoe_size', op: 'lt', value: 44 }, ['Ana']],
    [{ field: 'custom.shoe_size', op: 'lte', value: 44 }, ['Ana', 'Beto']],
    [{ field: 'custom.shoe_size', op: 'eq', value: 38 }, ['Ana']],
    [{ field: 'custom.shoe_size', op: 'ne', value: 38 }, ['Beto']],
    [{ field: 'custom.shoe_size', op: 'between', value: [38, 44] }, ['Ana', 'Beto']],
    [{ field: 'custom.shoe_size', op: 'is_empty' }, ['Caro']],
    [{ field: 'custom.shoe_size', op: 'is_not_empty' }, ['Ana', 'Beto']],
    [{ field: 'totalSpent', op: 'gte', value: 5000 }, ['Ana']],
    [{ field: 'totalSpent', op: 'lt', value: 100 }, ['Beto', 'Caro']],
    [{ field: 'loyaltyBalance', op: 'gt', value: 0 }, ['Ana']],
    [{ field: 'loyaltyBalance', op: 'eq', value: 0 }, ['Beto', 'Caro']],
  ])('numbers and money: %j finds %j', async (condition, expected) => {
    expect(await names([condition])).toEqual(expected);
  });

  it.each<[FilterCondition, string[]]>([
    [{ field: 'dateOfBirth', op: 'before', value: '1991-01-01' }, ['Ana', 'Beto']],
    [{ field: 'dateOfBirth', op: 'after', value: '1990-11-03' }, []],
    [{ field: 'dateOfBirth', op: 'between', value: ['1990-11-03', '1990-11-03'] }, ['Ana']],
    [{ field: 'dateOfBirth', op: 'is_empty' }, ['Caro']],
    // Caro was added at 18:00 on 31 October in the store's zone (23:00 UTC).
    [{ field: 'createdAt', op: 'after', value: '2026-10-31' }, ['Ana']],
    [{ field: 'createdAt', op: 'before', value: '2026-11-01' }, ['Beto', 'Caro']],
    [{ field: 'createdAt', op: 'between', value: ['2026-10-31', '2026-10-31'] }, ['Caro']],
    [{ field: 'createdAt', op: 'in_last_days', value: 7 }, ['Ana']],
    [{ field: 'createdAt', op: 'in_last_days', value: 30 }, ['Ana', 'Caro']],
    [{ field: 'lastPurchase', op: 'in_last_days', value: 30 }, ['Ana']],
    [{ field: 'lastPurchase', op: 'in_last_days', value: 5 }, []],
    [{ field: 'lastPurchase', op: 'is_empty' }, ['Beto', 'Caro']],
    [{ field: 'custom.member_since', op: 'before', value: '2021-01-01' }, ['Ana']],
    [{ field: 'custom.member_since', op: 'is_empty' }, ['Beto', 'Caro']],
  ])('dates: %j finds %j', async (condition, expected) => {
    expect(await names([condition])).toEqual(expected);
  });

  it.each<[FilterCondition, string[]]>([
    [{ field: 'smsConsent', op: 'is', value: false }, ['Ana', 'Beto', 'Caro']],
    [{ field: 'doNotContact', op: 'is', value: true }, []],
    [{ field: 'custom.wholesale', op: 'is', value: true }, ['Ana']],
    // No value is "no".
    [{ field: 'custom.wholesale', op: 'is', value: false }, ['Beto', 'Caro']],
    [{ field: 'kind', op: 'is', value: 'business' }, ['Beto']],
    [{ field: 'status', op: 'is_any_of', value: ['active', 'inactive'] }, ['Ana', 'Beto', 'Caro']],
    [{ field: 'businessType', op: 'is_any_of', value: ['corporation', 'nonprofit'] }, ['Beto']],
    [{ field: 'businessType', op: 'is_empty' }, ['Ana', 'Caro']],
    [{ field: 'paymentTerms', op: 'is', value: 'net_30' }, ['Beto']],
    [{ field: 'custom.level', op: 'is', value: 'oro' }, ['Ana']],
    [{ field: 'custom.level', op: 'is_any_of', value: ['Oro', 'plata'] }, ['Ana', 'Beto']],
    [{ field: 'country', op: 'is', value: 'EC' }, ['Ana']],
    [{ field: 'country', op: 'is_empty' }, ['Caro']],
  ])('yes/no and choices: %j finds %j', async (condition, expected) => {
    expect(await names([condition])).toEqual(expected);
  });

  it('an owner condition names the user by id', async () => {
    const marco = t.userOf(await t.as('manager', 'Marco'));
    await ok(t.app, 'customers.update', { id: beto.id, patch: { ownerId: marco } });
    expect(await names([{ field: 'ownerId', op: 'is', value: marco }])).toEqual(['Beto']);
    expect(await names([{ field: 'ownerId', op: 'is_any_of', value: [marco, t.adminId()] }])).toEqual(['Beto']);
    expect(await names([{ field: 'ownerId', op: 'is_not_empty' }])).toEqual(['Ana', 'Beto', 'Caro']);
  });

  it('a group condition names the group by id', async () => {
    expect(await names([{ field: 'groupId', op: 'is', value: group.id }])).toEqual(['Beto']);
    expect(await names([{ field: 'groupId', op: 'is_empty' }])).toEqual(['Ana', 'Caro']);
  });

  it('several conditions must all hold, and they combine with the search and the predefined filters', async () => {
    const sizes: FilterCondition = { field: 'custom.shoe_size', op: 'between', value: [30, 50] };
    expect(await names([sizes, { field: 'city', op: 'is_not_empty' }])).toEqual(['Ana', 'Beto']);
    expect(await names([sizes, { field: 'city', op: 'contains', value: 'quito' }])).toEqual(['Ana']);
    expect(await names([sizes], 'barrios')).toEqual(['Beto']);
    expect(await names([sizes], '', { hasPhone: true })).toEqual(['Ana']);
    const result = await search([sizes]);
    expect(result.ok && (result.value as CustomerSearchResult).total).toBe(2);
  });

  it('the count follows a change to a custom field value', async () => {
    const big: FilterCondition = { field: 'custom.shoe_size', op: 'gt', value: 40 };
    expect(await names([big])).toEqual(['Beto']);
    await ok(t.app, 'customers.update', { id: ana.id, patch: { customFields: { shoe_size: 42 } } });
    const result = await search([big]);
    expect(result.ok && (result.value as CustomerSearchResult).total).toBe(2);
  });

  it('pages of a condition few or many meet come in list order, whichever way they are read', async () => {
    const actor = { userId: 'owner', deviceId: t.app.deviceId };
    t.app.customers.createMany(
      actor,
      Array.from({ length: 30 }, (_, i) => ({
        input: {
          firstName: `P${i}`,
          lastName: `Zeta ${String(i % 7)}${String(i).padStart(2, '0')}`,
          customFields: { shoe_size: 40 + (i % 3) },
        },
      })),
    );
    const big: FilterCondition = { field: 'custom.shoe_size', op: 'gte', value: 40 };
    for (const sort of ['name', 'name_desc', 'newest']) {
      const page = async (offset: number, limit: number) => {
        const result = await ok<CustomerSearchResult>(t.app, 'customers.search', {
          query: '',
          filters: { conditions: [big] },
          sort,
          offset,
          limit,
        });
        expect(result.total).toBe(31);
        return result.items.map((c) => c.id);
      };
      // One page of 100 sorts the 31 matches; pages of 2 walk the sort index.
      const whole = await page(0, 100);
      const paged: string[] = [];
      for (let offset = 0; offset < 31; offset += 2) paged.push(...(await page(offset, 2)));
      expect(paged).toEqual(whole);
      expect(new Set(whole).size).toBe(31);
    }
  });

  it('builds SQL from constant text only: what was typed travels as parameters', () => {
    const typed = "x'); DELETE FROM customers; --";
    const filter = customerFilterSql(
      {
        conditions: [
          { field: 'city', op: 'contains', value: typed },
          { field: 'custom.level', op: 'is_any_of', value: ['Oro'] },
        ],
      },
      TEST_START,
      'America/Panama',
      definitions,
    );
    expect(filter.sql).not.toContain('DELETE');
    expect(filter.sql).not.toContain('level');
    expect(filter.params).toContain('$."level"');
    expect(filter.sql).toContain('GLOB ?');
    expect(filter.params[0]).toMatch(/^\*\[xX\]'\); \[dD\].*--\*$/);
  });

  it('text is matched ignoring case and accents, with GLOB wildcards typed taken literally', () => {
    expect(foldedGlob('Ñu*')).toBe('[nñNÑ][uúùûüUÚÙÛÜ][*]');
    expect(startOfStoreDay('2026-11-01', 'America/Panama')).toBe('2026-11-01T05:00:00.000Z');
  });
});

describe('bad conditions', () => {
  const refused = async (conditions: unknown[]) => {
    const before = t.fingerprint();
    const result = await search(conditions);
    expect(t.fingerprint()).toBe(before);
    if (result.ok) throw new Error(`accepted ${JSON.stringify(conditions)}`);
    return result.error as ErrorData;
  };

  it.each<[unknown, Record<string, string>]>([
    [{ field: 'shoeSize', op: 'eq', value: 1 }, { 'conditions.0.field': 'unknown_field' }],
    [{ field: 'custom.gone', op: 'eq', value: 1 }, { 'conditions.0.field': 'field_deleted' }],
    [{ field: 'city', op: 'gt', value: 3 }, { 'conditions.0.op': 'invalid_operator' }],
    [{ field: 'phone', op: 'equals', value: '6123' }, { 'conditions.0.op': 'invalid_operator' }],
    [{ field: 'status', op: 'is_empty' }, { 'conditions.0.op': 'invalid_operator' }],
    [{ field: 'custom.shoe_size', op: 'gt', value: 'big' }, { 'conditions.0.value': 'invalid_number' }],
    [{ field: 'custom.shoe_size', op: 'between', value: [44, 38] }, { 'conditions.0.value': 'invalid_range' }],
    [{ field: 'custom.shoe_size', op: 'between', value: [38] }, { 'conditions.0.value': 'invalid_range' }],
    [{ field: 'totalSpent', op: 'eq', value: 10.5 }, { 'conditions.0.value': 'invalid_amount' }],
    [{ field: 'dateOfBirth', op: 'before', value: '2020-02-30' }, { 'conditions.0.value': 'invalid_date' }],
    [{ field: 'createdAt', op: 'after', value: '9999-12-31' }, { 'conditions.0.value': 'invalid_date' }],
    [{ field: 'createdAt', op: 'before', value: '0099-01-01' }, { 'conditions.0.value': 'invalid_date' }],
    [{ field: 'createdAt', op: 'in_last_days', value: 0 }, { 'conditions.0.value': 'invalid_days' }],
    [{ field: 'custom.level', op: 'is', value: 'Diamante' }, { 'conditions.0.value': 'not_an_option' }],
    [{ field: 'custom.level', op: 'is_any_of', value: [] }, { 'conditions.0.value': 'required' }],
    [{ field: 'custom.wholesale', op: 'is', value: 'yes' }, { 'conditions.0.value': 'invalid' }],
    [{ field: 'city', op: 'contains', value: '  ' }, { 'conditions.0.value': 'required' }],
    [{ field: 'city', op: 'contains' }, { 'conditions.0.value': 'required' }],
    [{ field: 'city', op: 'is_empty', value: 'x' }, { 'conditions.0.value': 'invalid' }],
    [{ field: 'groupId', op: 'is', value: 'not-a-uuid' }, { 'conditions.0.value': 'invalid' }],
    [{ field: 'ownerId', op: 'is', value: 'not-a-uuid' }, { 'conditions.0.value': 'invalid' }],
  ])('%j is refused next to %j', async (condition, fields) => {
    const error = await refused([condition]);
    expect(error).toMatchObject({ code: 'VALIDATION', fields });
  });

  it('says which of several conditions is wrong', async () => {
    const error = await refused([
      { field: 'city', op: 'contains', value: 'quito' },
      { field: 'custom.level', op: 'is', value: 'Diamante' },
    ]);
    expect(error.fields).toEqual({ 'conditions.1.value': 'not_an_option' });
  });

  it.each([
    [{ field: 'first_name; DROP TABLE customers', op: 'equals', value: 'x' }],
    [{ field: 'city', op: 'LIKE', value: 'x' }],
    [{ field: 'city', op: 'contains', value: { $gt: 1 } }],
    [{ field: 'city', op: 'contains', value: 'x', sql: '1=1' }],
    [{ field: 'city', op: 'contains', value: 'x'.repeat(101) }],
  ])('refuses a malformed condition %j with VALIDATION', async (condition) => {
    expect(await refused([condition])).toMatchObject({ code: 'VALIDATION' });
  });

  it('refuses more than 20 conditions', async () => {
    const many = Array.from({ length: 21 }, () => ({ field: 'city', op: 'is_not_empty' }));
    expect(await refused(many)).toMatchObject({ code: 'VALIDATION' });
  });
});

describe('segments with conditions', () => {
  it('save and restore their conditions, counted like the list', async () => {
    const conditions: FilterCondition[] = [
      { field: 'custom.level', op: 'is_any_of', value: ['Oro', 'Plata'] },
      { field: 'city', op: 'contains', value: 'panama' },
    ];
    const saved = await ok<Segment>(t.app, 'segments.save', { name: 'Mayoristas de Panamá', filters: { conditions } });
    expect(saved.members).toBe(1);
    const [listed] = await ok<Segment[]>(t.app, 'segments.list', {});
    expect(listed?.filters).toEqual({ conditions });
    expect(listed?.members).toBe(1);
  });

  it('refuses to save a bad condition, next to it, and writes nothing', async () => {
    const before = t.fingerprint();
    const result = await t.app.call('segments.save', {
      name: 'Grandes',
      filters: { conditions: [{ field: 'custom.shoe_size', op: 'gt', value: 'big' }] },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { 'filters.conditions.0.value': 'invalid_number' } },
    });
    expect(t.fingerprint()).toBe(before);
    expect(await t.app.call('segments.save', { name: 'Nada', filters: { conditions: [] } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('old segments keep working, and one whose custom field is gone counts no one and says why when applied', async () => {
    const insert = t.app.sql.db.prepare(
      "INSERT INTO segments (id, name, filters, created_at, updated_at) VALUES (?, ?, ?, '2026-01-01', '2026-01-01')",
    );
    insert.run('01900000-0000-7000-8000-000000000001', 'Antiguo', JSON.stringify({ hasEmail: true }));
    const gone = { conditions: [{ field: 'custom.vip', op: 'is', value: true }] };
    insert.run('01900000-0000-7000-8000-000000000002', 'Sin campo', JSON.stringify(gone));
    const segments = await ok<Segment[]>(t.app, 'segments.list', {});
    expect(segments.map((s) => [s.name, s.members])).toEqual([
      ['Antiguo', 2],
      ['Sin campo', 0],
    ]);
    expect(await t.app.call('customers.search', { query: '', filters: segments[1]?.filters })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { 'conditions.0.field': 'field_deleted' } },
    });
  });

  it('a CSV export of the filtered list takes the conditions too', () => {
    const spec = t.app.customers.exportSpec({
      query: '',
      includeInactive: true,
      filters: { conditions: [{ field: 'custom.shoe_size', op: 'gt', value: 40 }] },
    });
    expect(spec.filter.params).toEqual(['$."shoe_size"', 40]);
    expect(() =>
      t.app.customers.exportSpec({
        query: '',
        includeInactive: true,
        filters: { conditions: [{ field: 'custom.gone', op: 'gt', value: 40 }] },
      }),
    ).toThrow(/not valid/);
    expect(beto.id).toBeTruthy();
  });
});
