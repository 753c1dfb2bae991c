import type { Customer } from '../../shared/customers/customer';
import type { CustomerGroup } from '../../shared/customers/groups';
import { newId } from '../../shared/ids';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
let vip: string;
let wholesale: string;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
  const actor = { userId: 'owner', deviceId: t.app.deviceId };
  [vip, wholesale] = t.app.writes.write(actor, (tx) =>
    [
      ['VIP', 0, 1000],
      ['Mayoristas', 1, 1500],
    ].map(([name, approval, discount]) => {
      const id = newId();
      tx.insert('customer_groups', {
        id,
        name: name as string,
        description: null,
        requires_approval: approval as number,
        discount_bp: discount as number,
        created_at: tx.timestamp,
        updated_at: tx.timestamp,
      });
      return id;
    }),
  ) as [string, string];
});
afterEach(() => t.close());

describe('groups and approval', () => {
  it('lists groups with their rule, discount and members', async () => {
    await ok(t.app, 'customers.quickAdd', { firstName: 'Ana', email: 'ana@example.com' });
    await ok(t.app, 'customers.create', { firstName: 'Beto', email: 'beto@example.com', groupId: vip });
    expect(await ok<CustomerGroup[]>(t.app, 'groups.list', {})).toEqual([
      expect.objectContaining({ name: 'Mayoristas', requiresApproval: true, discountPercent: 15, members: 0 }),
      expect.objectContaining({ name: 'VIP', requiresApproval: false, discountPercent: 10, members: 1 }),
    ]);
  });

  it('a customer created in a group that needs approval waits until a manager approves', async () => {
    const c = await ok<Customer>(t.app, 'customers.create', {
      firstName: 'Carla',
      email: 'carla@example.com',
      groupId: wholesale,
    });
    expect(c).toMatchObject({ status: 'pending_approval', groupName: 'Mayoristas' });
    const cashier = await t.app.call('customers.approve', { id: c.id }, await t.as('cashier'));
    expect(cashier).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await ok<Customer>(t.app, 'customers.approve', { id: c.id })).status).toBe('active');
  });

  it('moving an active customer into such a group puts them back to pending; other groups do not', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Dora', email: 'dora@example.com' });
    expect((await ok<Customer>(t.app, 'customers.update', { id: c.id, patch: { groupId: vip } })).status).toBe('active');
    expect((await ok<Customer>(t.app, 'customers.update', { id: c.id, patch: { groupId: wholesale } })).status).toBe(
      'pending_approval',
    );
  });

  it('approving a customer who is not pending changes nothing', async () => {
    const c = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Eva', email: 'eva@example.com' });
    const before = t.counts();
    expect((await ok<Customer>(t.app, 'customers.approve', { id: c.id })).status).toBe('active');
    expect(t.counts()).toEqual(before);
  });

  it('an unknown group is refused next to the field', async () => {
    const before = t.counts();
    expect(await t.app.call('customers.create', { firstName: 'Fe', email: 'fe@example.com', groupId: newId() })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { groupId: 'unknown_group' } },
    });
    expect(t.counts()).toEqual(before);
  });
});

describe('tags', () => {
  it('are trimmed and de-duplicated ignoring case and accents, first spelling kept', async () => {
    const c = await ok<Customer>(t.app, 'customers.create', {
      firstName: 'Gabi',
      email: 'gabi@example.com',
      tags: ['  Crédito ', 'credito', 'Delivery', 'delivery  ', 'VIP   tienda'],
    });
    expect(c.tags).toEqual(['Crédito', 'Delivery', 'VIP tienda']);
  });

  it('refuses more than 20, or an empty one, next to the field', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `t${i}`);
    expect(await t.app.call('customers.create', { firstName: 'H', email: 'h@example.com', tags: many })).toMatchObject({
      error: { fields: { tags: 'too_many' } },
    });
    expect(await t.app.call('customers.create', { firstName: 'H', email: 'h@example.com', tags: ['ok', '  '] })).toMatchObject({
      error: { fields: { tags: 'required' } },
    });
  });

  it('suggests tags in use by prefix, most used first, and learns new ones', async () => {
    await ok(t.app, 'customers.create', { firstName: 'I', email: 'i@example.com', tags: ['delivery', 'crédito'] });
    await ok(t.app, 'customers.create', { firstName: 'J', email: 'j@example.com', tags: ['delivery'] });
    expect(await ok(t.app, 'customers.tags', { prefix: '' })).toEqual(['delivery', 'crédito']);
    expect(await ok(t.app, 'customers.tags', { prefix: 'CRE' })).toEqual(['crédito']);
    await ok(t.app, 'customers.create', { firstName: 'K', email: 'k@example.com', tags: ['cumpleaños'] });
    expect(await ok(t.app, 'customers.tags', { prefix: 'c' })).toEqual(['crédito', 'cumpleaños']);
  });
});

describe('managing groups', () => {
  it('creates and edits a group, keeping names unique whatever the case', async () => {
    const created = await ok<CustomerGroup>(t.app, 'groups.save', {
      name: 'Estudiantes',
      description: ' Con carné vigente ',
      requiresApproval: true,
      discountPercent: 7.5,
    });
    expect(created).toMatchObject({
      name: 'Estudiantes',
      description: 'Con carné vigente',
      requiresApproval: true,
      discountPercent: 7.5,
      members: 0,
    });
    const edited = await ok<CustomerGroup>(t.app, 'groups.save', {
      id: created.id,
      name: 'Estudiantes',
      description: null,
      requiresApproval: false,
      discountPercent: null,
    });
    expect(edited).toMatchObject({ requiresApproval: false, discountPercent: null, description: null });
    const before = t.counts();
    expect(
      await t.app.call('groups.save', { name: 'vip', description: null, requiresApproval: false, discountPercent: null }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { name: 'name_taken' } },
    });
    expect(
      await t.app.call('groups.save', { name: 'Otro', description: null, requiresApproval: false, discountPercent: 101 }),
    ).toMatchObject({
      error: { fields: { discountPercent: 'invalid_percent' } },
    });
    expect(t.counts()).toEqual(before);
  });

  it('a cashier cannot change groups', async () => {
    const result = await t.app.call(
      'groups.save',
      { name: 'Caja', description: null, requiresApproval: false, discountPercent: null },
      await t.as('cashier'),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
