import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { CHILD_COLUMNS, type CsvJob, EXPORT_COLUMNS } from '../../shared/customers/csv';
import { guessMapping } from '../../shared/customers/csv-import';
import type { Customer } from '../../shared/customers/customer';
import type { CustomerGroup } from '../../shared/customers/groups';
import { runCsvImport, uploadCsv } from '../helpers/csv-import';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

/** Addresses, the first contact, custom fields and the owner in CSV export and import (ADR 0009). */

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

const FIELDS = [
  { key: 'shoe_size', label: 'Talla', type: 'number' },
  { key: 'member_since', label: 'Cliente desde', type: 'date' },
  { key: 'vip', label: 'VIP', type: 'boolean' },
  { key: 'channel', label: 'Canal', type: 'choice', options: ['Tienda', 'Web'] },
  { key: 'nickname', label: 'Apodo', type: 'text' },
] as const;

async function defineFields(app: TempApp) {
  for (const field of FIELDS) await ok(app.app, 'customFields.save', field);
}

async function exportCsv(app: TempApp, input: Record<string, unknown>) {
  const started = await ok<CsvJob>(app.app, 'customers.exportCsv', input);
  const job = await app.app.csvJobs.settled(started.id);
  expect(job.state).toBe('done');
  const text = readFileSync(app.app.csvJobs.file(job.id)?.path as string, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  return { text, rows: parsed.data, header: parsed.meta.fields ?? [] };
}

const all = (app: TempApp) =>
  app.app.sql.raw<{ id: string }>('SELECT id FROM customers ORDER BY rowid').map((r) => app.app.customers.get(r.id));
const create = (input: Record<string, unknown>) => ok<Customer>(t.app, 'customers.create', { allowDuplicate: true, ...input });

const BILLING = {
  kind: 'billing',
  line1: 'Calle 50, Edificio Sol',
  line2: 'Piso 3',
  city: 'Panamá',
  region: 'Panamá',
  postalCode: '0801',
  country: 'PA',
};

describe('export', () => {
  it('adds the default billing and shipping address, the first contact, the owner by name and one column per active custom field', async () => {
    await defineFields(t);
    await ok(t.app, 'customFields.save', { key: 'retired', label: 'Retirado', type: 'text', active: false });
    const marco = t.userOf(await t.as('manager', 'Marco'));
    const sol = await create({
      kind: 'business',
      company: 'Ferretería El Sol',
      ownerId: marco,
      addresses: [
        { kind: 'billing', line1: 'Apartado 1', city: 'Colón' },
        { ...BILLING, isDefault: true },
        { kind: 'shipping', line1: 'Bodega 4, Juan Díaz', city: 'Panamá' },
        { kind: 'other', line1: 'Casa de playa', city: 'Coronado' },
      ],
      contacts: [
        { name: 'María Quintero', role: 'Compras', phone: '6123-4567', email: 'compras@elsol.com.pa' },
        { name: 'Luis Pinto' },
      ],
      customFields: { shoe_size: 42.5, member_since: '2020-01-31', vip: true, channel: 'Web', nickname: '=cmd' },
    });
    await create({ firstName: 'Beto', customFields: { vip: false } });

    const { rows, header } = await exportCsv(t, {});
    expect(header).toEqual([
      ...EXPORT_COLUMNS,
      'customFields.shoe_size',
      'customFields.member_since',
      'customFields.vip',
      'customFields.channel',
      'customFields.nickname',
    ]);
    expect(header).not.toContain('ownerId');
    const row = rows.find((r) => r.id === sol.id);
    expect(row).toMatchObject({
      ownerName: 'Marco',
      'billing.line1': 'Calle 50, Edificio Sol',
      'billing.line2': 'Piso 3',
      'billing.city': 'Panamá',
      'billing.region': 'Panamá',
      'billing.postalCode': '0801',
      'billing.country': 'PA',
      'shipping.line1': 'Bodega 4, Juan Díaz',
      'shipping.line2': '',
      'shipping.city': 'Panamá',
      'shipping.country': 'PA',
      'contact.name': 'María Quintero',
      'contact.email': 'compras@elsol.com.pa',
      'contact.phone': '+50761234567',
      'contact.role': 'Compras',
      'customFields.shoe_size': '42.5',
      'customFields.member_since': '2020-01-31',
      'customFields.vip': 'true',
      'customFields.channel': 'Web',
      // Custom text is user input too: neutralised for spreadsheets like any cell.
      'customFields.nickname': "'=cmd",
    });
    const beto = rows.find((r) => r.firstName === 'Beto');
    expect(beto).toMatchObject({ ownerName: 'Admin', 'billing.line1': '', 'contact.name': '', 'customFields.vip': 'false' });
    expect(Object.fromEntries(CHILD_COLUMNS.map((c) => [c, beto?.[c]]))).toEqual(
      Object.fromEntries(CHILD_COLUMNS.map((c) => [c, ''])),
    );
  });
});

describe('import', () => {
  it('maps address, contact and custom field headings in Spanish and English, and custom fields by key or label', () => {
    const definitions = FIELDS.map((f) => ({ ...f, active: true }));
    expect(
      guessMapping(
        [
          'Nombre',
          'Dirección',
          'Ciudad',
          'País',
          'Dirección de envío',
          'Ciudad de envío',
          'Contacto',
          'Cargo',
          'Talla',
          'vip',
          'customFields.channel',
          'Responsable',
        ],
        definitions,
      ),
    ).toEqual([
      'firstName',
      'billing.line1',
      'billing.city',
      'billing.country',
      'shipping.line1',
      'shipping.city',
      'contact.name',
      'contact.role',
      'customFields.shoe_size',
      'customFields.vip',
      'customFields.channel',
      'ownerName',
    ]);
    expect(
      guessMapping(
        ['Address', 'Address 2', 'City', 'State', 'Zip', 'Shipping address', 'Contact email', 'Contact phone', 'Owner', 'Apodo'],
        definitions,
      ),
    ).toEqual([
      'billing.line1',
      'billing.line2',
      'billing.city',
      'billing.region',
      'billing.postalCode',
      'shipping.line1',
      'contact.email',
      'contact.phone',
      'ownerName',
      'customFields.nickname',
    ]);
    // Without the definition (or when it is inactive) a custom heading is left unmapped.
    expect(guessMapping(['Talla'], [])).toEqual([null]);
    expect(guessMapping(['Talla'], [{ key: 'shoe_size', label: 'Talla', active: false }])).toEqual([null]);
  });

  it('creates customers with their addresses, first contact, custom values (typed) and owner', async () => {
    await defineFields(t);
    const marco = t.userOf(await t.as('manager', 'Marco'));
    const { job, report, preview } = await runCsvImport(
      t,
      [
        'Empresa,Tipo,Dirección,Ciudad,País,Dirección de envío,Ciudad de envío,Contacto,Teléfono de contacto,Cargo,Talla,Cliente desde,VIP,Canal,Responsable',
        'Ferretería El Sol,empresa,Calle 50,Panamá,,Bodega 4,Juan Díaz,María Quintero,6123-4567,Compras,"42,5",31/01/2020,sí,web,marco',
        'Beto Store,empresa,,,,,,,,,7,2021-06-01,no,Tienda,',
      ].join('\r\n'),
    );
    expect(preview.mapping).not.toContain(null);
    expect(report).toEqual([]);
    expect(job.summary).toMatchObject({ created: 2, invalid: 0 });
    const [sol, beto] = all(t) as [Customer, Customer];
    expect(sol.addresses.map((a) => [a.kind, a.line1, a.city, a.country, a.isDefault])).toEqual([
      ['billing', 'Calle 50', 'Panamá', 'PA', true],
      ['shipping', 'Bodega 4', 'Juan Díaz', 'PA', true],
    ]);
    expect(sol.contacts).toEqual([
      expect.objectContaining({ name: 'María Quintero', phone: '+50761234567', role: 'Compras', email: null }),
    ]);
    expect(sol.customFields).toEqual({ shoe_size: 42.5, member_since: '2020-01-31', vip: true, channel: 'Web' });
    expect(sol.ownerId).toBe(marco);
    // No address or contact cells: none made; no owner: whoever imports.
    expect(beto).toMatchObject({ addresses: [], contacts: [], ownerId: t.adminId() });
    expect(beto.customFields).toEqual({ shoe_size: 7, member_since: '2021-06-01', vip: false, channel: 'Tienda' });
    // Audited and queued for sync like rows typed into the wizard.
    const audited = t.app.sql.raw<{ entity: string }>('SELECT entity FROM audit_log WHERE parent_id = ?', sol.id);
    expect(audited.map((a) => a.entity).sort()).toEqual(['customer_addresses', 'customer_addresses', 'customer_contacts']);
  });

  it('reports each bad address, contact, custom value or owner by row and column, and writes nothing of that row', async () => {
    await defineFields(t);
    const before = t.counts();
    const { job, report } = await runCsvImport(
      t,
      [
        'firstName,billing.line1,billing.city,billing.country,shipping.line2,contact.name,contact.email,contact.phone,customFields.shoe_size,customFields.member_since,customFields.vip,customFields.channel,ownerName',
        'Ana,Calle 1,,,,,,,,,,,',
        'Beto,Calle 2,Colón,XX,,,,,,,,,',
        'Caro,,,,Piso 2,,,,,,,,',
        'Dani,,,,,,dani@x.com,,,,,,',
        'Eva,,,,,Eva Pérez,not-an-email,12,,,,,',
        'Fer,,,,,,,,grande,31/02/2020,quizás,Fax,',
        'Gus,,,,,,,,,,,,Nadie',
        'Hugo,Calle 8,David,cr,,Ana,,,8,,1,tienda,admin',
      ].join('\n'),
    );
    expect(job.summary).toMatchObject({ created: 1, invalid: 7 });
    expect(report).toEqual([
      { row: '2', field: 'billing.city', reason: 'required', value: '' },
      { row: '3', field: 'billing.country', reason: 'invalid_country', value: 'XX' },
      { row: '4', field: 'shipping.line1', reason: 'required', value: '' },
      { row: '4', field: 'shipping.city', reason: 'required', value: '' },
      { row: '5', field: 'contact.name', reason: 'required', value: '' },
      { row: '6', field: 'contact.email', reason: 'invalid_email', value: 'not-an-email' },
      { row: '6', field: 'contact.phone', reason: 'invalid_phone', value: '12' },
      { row: '7', field: 'customFields.shoe_size', reason: 'invalid_number', value: 'grande' },
      { row: '7', field: 'customFields.member_since', reason: 'invalid_date', value: '2020-02-31' },
      { row: '7', field: 'customFields.vip', reason: 'invalid', value: 'quizás' },
      { row: '7', field: 'customFields.channel', reason: 'not_an_option', value: 'Fax' },
      { row: '8', field: 'ownerName', reason: 'unknown_user', value: 'Nadie' },
    ]);
    const [hugo] = all(t) as [Customer];
    expect(hugo).toMatchObject({ firstName: 'Hugo', ownerId: t.adminId() });
    expect(hugo.addresses).toEqual([expect.objectContaining({ line1: 'Calle 8', city: 'David', country: 'CR' })]);
    expect(hugo.customFields).toEqual({ shoe_size: 8, vip: true, channel: 'Tienda' });
    expect(t.counts()).toMatchObject({
      customers: before.customers + 1,
      customer_addresses: before.customer_addresses + 1,
      customer_contacts: before.customer_contacts + 1,
    });
  });

  it('an owner is an active user found by name: two active users of that name, or only an inactive one, are refused', async () => {
    await t.as('manager', 'Marco');
    await t.as('cashier', 'Marco');
    const olga = t.userOf(await t.as('cashier', 'Olga'));
    await ok(t.app, 'users.deactivate', { id: olga });
    const { job, report } = await runCsvImport(t, 'Nombre,Responsable\r\nAna,marco\r\nBeto,Olga\r\nCaro,ADMIN\r\n');
    expect(report).toEqual([
      { row: '2', field: 'ownerName', reason: 'several_users', value: 'marco' },
      { row: '3', field: 'ownerName', reason: 'unknown_user', value: 'Olga' },
    ]);
    expect(job.summary).toMatchObject({ created: 1, invalid: 2 });
    expect(all(t).map((c) => [c.firstName, c.ownerId])).toEqual([['Caro', t.adminId()]]);
  });

  it('a column mapped to a custom field that is not active is refused before anything is read', async () => {
    await ok(t.app, 'customFields.save', { key: 'old', label: 'Old', type: 'text', active: false });
    const uploadId = await uploadCsv(t, 'Nombre,Old\r\nAna,x\r\n');
    for (const target of ['customFields.old', 'customFields.nope'])
      expect(
        await t.app.call('customers.importCsv', { uploadId, mapping: ['firstName', target], duplicates: 'skip' }),
      ).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { mapping: 'unknown_field' } } });
    expect(
      await t.app.call('customers.importCsv', { uploadId, mapping: ['firstName', 'customFields.Bad Key'], duplicates: 'skip' }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  describe('update: a row that matches a customer', () => {
    let ana: Customer;
    beforeEach(async () => {
      await defineFields(t);
      ana = await create({
        firstName: 'Ana',
        phone: '6123-4567',
        addresses: [
          { ...BILLING, isDefault: true },
          { kind: 'billing', line1: 'Apartado 9', city: 'Colón' },
        ],
        contacts: [{ name: 'María', role: 'Compras', email: 'maria@example.com' }, { name: 'Luis' }],
        customFields: { shoe_size: 38, vip: true, nickname: 'Anita' },
      });
    });

    it('writes the non-empty cells over the default address, the first contact and the custom values; empty cells change nothing', async () => {
      const auditedBefore = t.app.sql.raw<{ n: number }>('SELECT max(rowid) AS n FROM audit_log')[0]?.n ?? 0;
      const { job, report } = await runCsvImport(
        t,
        [
          'phone,billing.line1,billing.city,shipping.line1,shipping.city,contact.name,contact.role,customFields.shoe_size,customFields.vip,customFields.nickname',
          '6123-4567,,David,Bodega 4,Juan Díaz,,Gerente,39,,',
        ].join('\r\n'),
        { duplicates: 'update' },
      );
      expect(report).toEqual([]);
      expect(job.summary).toMatchObject({ updated: 1 });
      const after = t.app.customers.get(ana.id);
      const [billing, other, shipping] = after.addresses;
      // The default billing address is edited in place (same row), only its city.
      expect(billing).toEqual({ ...(ana.addresses[0] as object), city: 'David' });
      expect(other).toEqual(ana.addresses[1]);
      expect(shipping).toMatchObject({ kind: 'shipping', line1: 'Bodega 4', city: 'Juan Díaz', isDefault: true });
      expect(after.contacts).toEqual([{ ...ana.contacts[0], role: 'Gerente' }, ana.contacts[1]]);
      expect(after.customFields).toEqual({ shoe_size: 39, vip: true, nickname: 'Anita' });
      const changes = t.app.sql.raw<{ entity: string; action: string }>(
        'SELECT entity, action FROM audit_log WHERE (entity_id = ? OR parent_id = ?) AND rowid > ? ORDER BY rowid',
        ana.id,
        ana.id,
        auditedBefore,
      );
      expect(changes).toEqual([
        { entity: 'customers', action: 'update' },
        { entity: 'customer_addresses', action: 'update' },
        { entity: 'customer_addresses', action: 'create' },
        { entity: 'customer_contacts', action: 'update' },
      ]);
    });

    it('an address it would add without its first line and city is refused, and the customer stays as it was', async () => {
      const before = t.fingerprint();
      const { job, report } = await runCsvImport(t, 'phone,shipping.line2,customFields.shoe_size\r\n6123-4567,Piso 2,40\r\n', {
        duplicates: 'update',
      });
      expect(job.summary).toMatchObject({ updated: 0, invalid: 1 });
      expect(report).toEqual([
        { row: '2', field: 'shipping.line1', reason: 'required', value: '' },
        { row: '2', field: 'shipping.city', reason: 'required', value: '' },
      ]);
      expect(t.fingerprint()).toBe(before);
    });

    it('re-importing our own export with addresses, contacts and custom values changes nothing', async () => {
      const { text } = await exportCsv(t, {});
      const before = t.fingerprint();
      const { job } = await runCsvImport(t, text, { duplicates: 'update' });
      expect(job.summary).toMatchObject({ updated: 1, invalid: 0 });
      expect(t.fingerprint()).toBe(before);
    });
  });
});

describe('round trip', () => {
  /** What a CSV carries of a customer: everything but what the store it lands in makes for itself. */
  const carried = (c: Customer, ownerName: string | undefined) => {
    const {
      id: _id,
      membershipCode: _code,
      createdAt: _c,
      updatedAt: _u,
      createdBy: _cb,
      updatedBy: _ub,
      groupId: _g,
      ownerId: _o,
      phoneRaw: _raw,
      ...rest
    } = c;
    return {
      ...rest,
      ownerName,
      addresses: c.addresses.map(({ id: _a, ...a }) => a),
      contacts: c.contacts.map(({ id: _k, phoneRaw: _r, ...k }) => k),
    };
  };

  it('a filtered list exported with addresses, contacts and custom fields imports into a fresh store as equal records', async () => {
    const group = await ok<CustomerGroup>(t.app, 'groups.save', {
      name: 'Mayoristas',
      description: null,
      requiresApproval: false,
      discountPercent: 5,
    });
    await defineFields(t);
    const marco = t.userOf(await t.as('manager', 'Marco'));
    const sol = await create({
      kind: 'business',
      company: 'Ferretería "El Sol", S.A.',
      taxId: '155-1-2',
      phone: '6123-4567',
      email: 'info@elsol.com.pa',
      paymentTerms: 'net_30',
      groupId: group.id,
      tags: ['mayorista', 'delivery'],
      ownerId: marco,
      notes: 'Entregar por la tarde\nTocar el timbre',
      addresses: [
        { ...BILLING, isDefault: true },
        { kind: 'shipping', line1: 'Bodega 4', city: 'Juan Díaz', country: 'PA' },
      ],
      contacts: [{ name: 'María Quintero', role: 'Compras', phone: '+507 6987-1111', email: 'compras@elsol.com.pa' }],
      customFields: { shoe_size: 42.5, member_since: '2020-01-31', vip: true, channel: 'Web', nickname: '=Sol' },
    });
    const jose = await create({
      firstName: 'José',
      lastName: 'Núñez',
      phone: '+1 415 555 2671',
      dateOfBirth: '1990-03-05',
      tags: ['mayorista'],
      language: 'en',
      addresses: [
        { kind: 'shipping', line1: '1 Market St', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' },
      ],
      customFields: { vip: false, shoe_size: -3 },
    });
    // Left out by the filter.
    await create({ firstName: 'Otro', tags: ['minorista'], addresses: [{ ...BILLING }] });

    const { text, rows } = await exportCsv(t, { filters: { tag: 'mayorista' } });
    expect(rows).toHaveLength(2);

    const fresh = openTempApp();
    try {
      await fresh.ready;
      await ok(fresh.app, 'groups.save', { name: 'Mayoristas', description: null, requiresApproval: false, discountPercent: 5 });
      await defineFields(fresh);
      await fresh.as('manager', 'Marco');
      const { job, report, preview } = await runCsvImport(fresh, text, { duplicates: 'skip' });
      expect(report).toEqual([]);
      expect(job.summary).toMatchObject({ created: 2, invalid: 0 });
      // Every column an import can take was mapped from our own headers.
      expect(preview.mapping.filter((m) => m?.startsWith('customFields.'))).toHaveLength(FIELDS.length);
      const names = async (app: TempApp) =>
        new Map((await ok<{ id: string; name: string }[]>(app.app, 'users.names', {})).map((u) => [u.id, u.name]));
      const here = await names(t);
      const there = await names(fresh);
      const imported = all(fresh);
      const expected = [sol, jose].map((c) => carried(t.app.customers.get(c.id), here.get(c.ownerId as string)));
      expect(imported.map((c) => carried(c, there.get(c.ownerId as string)))).toEqual(expected);
    } finally {
      fresh.close();
    }
  });
});
