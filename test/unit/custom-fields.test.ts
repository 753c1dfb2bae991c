import type { CustomerHistory } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import type { ErrorData } from '../../shared/errors';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';
import { fieldOps } from '../helpers/outbox';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

const define = (input: Record<string, unknown>) => ok<CustomFieldDefinition>(t.app, 'customFields.save', input);
const create = (input: Record<string, unknown>) => ok<Customer>(t.app, 'customers.create', { allowDuplicate: true, ...input });
const update = (id: string, patch: Record<string, unknown>) => ok<Customer>(t.app, 'customers.update', { id, patch });

async function refused(channel: string, input: unknown, connection?: string) {
  const before = t.fingerprint();
  const result = await t.app.call(channel, input, connection);
  if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`);
  expect(t.fingerprint()).toBe(before);
  return result.error as ErrorData;
}

async function defineAll() {
  return {
    size: await define({ key: 'shoe_size', label: 'Shoe size', type: 'number' }),
    since: await define({ key: 'member_since', label: 'Member since', type: 'date' }),
    wholesale: await define({ key: 'wholesale', label: 'Wholesale', type: 'boolean' }),
    level: await define({ key: 'level', label: 'Level', type: 'choice', options: ['Bronce', 'Plata', 'Oro'], required: true }),
    nickname: await define({ key: 'nickname', label: 'Nickname', type: 'text' }),
  };
}

describe('custom field definitions', () => {
  it('the admin defines fields of every type; everyone can read them, in order', async () => {
    await defineAll();
    const list = await ok<CustomFieldDefinition[]>(t.app, 'customFields.list', {});
    expect(list.map((d) => [d.key, d.type, d.required, d.active])).toEqual([
      ['shoe_size', 'number', false, true],
      ['member_since', 'date', false, true],
      ['wholesale', 'boolean', false, true],
      ['level', 'choice', true, true],
      ['nickname', 'text', false, true],
    ]);
    expect(list[3]?.options).toEqual(['Bronce', 'Plata', 'Oro']);
    const asCashier = await t.app.call('customFields.list', {}, await t.as('cashier'));
    expect(asCashier.ok).toBe(true);
  });

  it('only the admin may define fields', async () => {
    for (const role of ['manager', 'cashier'] as const)
      expect(await refused('customFields.save', { key: 'x', label: 'X', type: 'text' }, await t.as(role))).toMatchObject({
        code: 'FORBIDDEN',
      });
  });

  it('refuses bad definitions field by field and writes nothing', async () => {
    await define({ key: 'level', label: 'Level', type: 'choice', options: ['A'] });
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ key: 'Level 2', label: 'L', type: 'text' }, { key: 'invalid_key' }],
      [{ key: 'level', label: 'Other', type: 'text' }, { key: 'key_taken' }],
      [{ key: 'tier', label: 'level', type: 'text' }, { label: 'name_taken' }],
      [{ key: 'tier', label: '  ', type: 'text' }, { label: 'required' }],
      [{ key: 'tier', label: 'Tier', type: 'colour' }, { type: 'invalid' }],
      [{ key: 'tier', label: 'Tier', type: 'choice', options: [] }, { options: 'options_required' }],
      [{ key: 'tier', label: 'Tier', type: 'choice', options: ['Oro', 'oro'] }, { options: 'duplicate_option' }],
      [{ key: 'tier', label: 'Tier', type: 'text', options: ['x'] }, { options: 'options_only_for_choice' }],
    ];
    for (const [input, fields] of cases)
      expect((await refused('customFields.save', input)).fields, JSON.stringify(input)).toEqual(fields);
  });

  it('key and type are set once; label, options, required and active can change', async () => {
    const level = await define({ key: 'level', label: 'Level', type: 'choice', options: ['A'] });
    expect((await refused('customFields.save', { ...level, key: 'tier' })).fields).toEqual({ key: 'cannot_change' });
    expect((await refused('customFields.save', { ...level, type: 'text', options: [] })).fields).toEqual({
      type: 'cannot_change',
    });
    const edited = await define({ ...level, label: 'Nivel', options: ['A', 'B'], required: true, active: false });
    expect(edited).toEqual({ ...level, label: 'Nivel', options: ['A', 'B'], required: true, active: false });
  });
});

describe('custom field values on a customer', () => {
  it('are checked against their definition and stored normalised', async () => {
    await defineAll();
    const c = await create({
      firstName: 'Ana',
      customFields: { shoe_size: 38.5, member_since: '2019-02-28', wholesale: true, level: 'plata', nickname: '  Anita ' },
    });
    expect(c.customFields).toEqual({
      level: 'Plata',
      member_since: '2019-02-28',
      nickname: 'Anita',
      shoe_size: 38.5,
      wholesale: true,
    });
  });

  it('a wrong value is refused next to its field; a required field must be filled on create', async () => {
    await defineAll();
    const error = await refused('customers.create', {
      firstName: 'Ana',
      customFields: { shoe_size: 'big', member_since: '2019-02-30', wholesale: 'yes', nickname: 'x', hair: 'red' },
    });
    expect(error.fields).toEqual({
      'customFields.shoe_size': 'invalid_number',
      'customFields.member_since': 'invalid_date',
      'customFields.wholesale': 'invalid',
      'customFields.hair': 'unknown_field',
      'customFields.level': 'required',
    });
    expect((await refused('customers.create', { firstName: 'Ana', customFields: { level: 'Diamante' } })).fields).toEqual({
      'customFields.level': 'not_an_option',
    });
    expect(
      (await refused('customers.create', { firstName: 'Ana', customFields: { 'Bad Key': 1, level: 'Oro' } })).fields,
    ).toEqual({
      'customFields.Bad Key': 'unknown_field',
    });
  });

  it('an edit changes only the keys it sends; null clears, but not a required one', async () => {
    await defineAll();
    const c = await create({ firstName: 'Ana', customFields: { level: 'Oro', nickname: 'Anita', shoe_size: 38 } });
    const next = await update(c.id, { customFields: { nickname: null, shoe_size: 39 } });
    expect(next.customFields).toEqual({ level: 'Oro', shoe_size: 39 });
    expect((await refused('customers.update', { id: c.id, patch: { customFields: { level: null } } })).fields).toEqual({
      'customFields.level': 'required',
    });
    // An edit that does not send custom fields leaves them alone.
    expect((await update(c.id, { lastName: 'Pérez' })).customFields).toEqual({ level: 'Oro', shoe_size: 39 });
  });

  it('a field made inactive keeps its values and takes no new ones; a later required field is not forced on old records', async () => {
    const { nickname } = await defineAll();
    const c = await create({ firstName: 'Ana', customFields: { level: 'Oro', nickname: 'Anita' } });
    await define({ ...nickname, active: false });
    expect((await ok<Customer>(t.app, 'customers.get', { id: c.id })).customFields.nickname).toBe('Anita');
    expect((await refused('customers.update', { id: c.id, patch: { customFields: { nickname: 'Ani' } } })).fields).toEqual({
      'customFields.nickname': 'unknown_field',
    });
    await define({ key: 'vat_group', label: 'VAT group', type: 'text', required: true });
    expect((await update(c.id, { lastName: 'Pérez' })).lastName).toBe('Pérez');
  });

  it('every value change is audited and queued for sync key by key', async () => {
    await defineAll();
    const c = await create({ firstName: 'Ana', customFields: { level: 'Oro', shoe_size: 38 } });
    t.tick();
    await update(c.id, { customFields: { level: 'Plata', wholesale: false, shoe_size: 39 } });
    const [latest] = await ok<CustomerHistory>(t.app, 'customers.history', { id: c.id });
    expect(latest?.changes).toEqual([
      { field: 'customFields.level', old: 'Oro', new: 'Plata' },
      { field: 'customFields.shoe_size', old: 38, new: 39 },
      { field: 'customFields.wholesale', old: null, new: false },
    ]);
    const ops = fieldOps(t.app.sql, 'row_id = ?', c.id)
      .filter((o) => o.field.startsWith('custom'))
      .map(({ field, value }) => ({ field, value }));
    expect(ops).toEqual([
      { field: 'custom_fields.level', value: '"Oro"' },
      { field: 'custom_fields.shoe_size', value: '38' },
      { field: 'custom_fields.level', value: '"Plata"' },
      { field: 'custom_fields.shoe_size', value: '39' },
      { field: 'custom_fields.wholesale', value: 'false' },
    ]);
  });

  it('a merge keeps the winner’s values and takes the loser’s where the winner has none; anonymise erases them', async () => {
    await defineAll();
    const winner = await create({ firstName: 'Ana', customFields: { level: 'Oro' } });
    const loser = await create({ firstName: 'Ana', customFields: { level: 'Bronce', nickname: 'Anita' } });
    const merged = await ok<Customer>(t.app, 'customers.merge', { winnerId: winner.id, loserId: loser.id });
    expect(merged.customFields).toEqual({ level: 'Oro', nickname: 'Anita' });
    const anon = await ok<Customer>(t.app, 'customers.anonymise', { id: winner.id });
    expect(anon.customFields).toEqual({});
    const audit = t.app.sql.db.prepare("SELECT changes FROM audit_log WHERE entity = 'customers'").pluck().all() as string[];
    for (const text of audit) expect(text).not.toContain('Anita');
    const unsent = t.app.sql.db.prepare('SELECT value FROM outbox').pluck().all() as string[];
    for (const value of unsent) expect(value).not.toContain('Anita');
  });
});
