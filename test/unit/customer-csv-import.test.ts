import { readFileSync } from 'node:fs';
import type { CsvJob } from '../../shared/customers/csv';
import { guessMapping, IMPORT_TARGETS, type ImportPreview, isoDate } from '../../shared/customers/csv-import';
import type { Customer } from '../../shared/customers/customer';
import type { CustomerGroup } from '../../shared/customers/groups';
import { type OnDuplicate, runCsvImport, uploadCsv } from '../helpers/csv-import';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';
import { fieldOps } from '../helpers/outbox';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

/** Upload in small chunks, as the screen does in big ones. */
const CHUNK = 64;
const upload = (content: string | Buffer, chunk = CHUNK) => uploadCsv(t, content, chunk);
const importCsv = (content: string, duplicates?: OnDuplicate) => runCsvImport(t, content, { duplicates, chunk: CHUNK });

const all = () => t.app.sql.raw<{ id: string }>('SELECT id FROM customers ORDER BY rowid').map((r) => t.app.customers.get(r.id));

describe('column mapping', () => {
  it('guesses fields from Spanish and English headings, and from our own keys', () => {
    expect(
      guessMapping(['Nombre', 'Apellidos', 'Teléfono', 'Correo electrónico', 'Cédula', 'RUC', 'Fecha de nacimiento', 'Grupo']),
    ).toEqual(['firstName', 'lastName', 'phone', 'email', 'idDocNumber', 'taxId', 'dateOfBirth', 'groupName']);
    expect(guessMapping(['First Name', 'last_name', 'E-mail', 'Mobile', 'Company', 'Tags', 'Notes', 'Shoe size'])).toEqual([
      'firstName',
      'lastName',
      'email',
      'phone',
      'company',
      'tags',
      'notes',
      null,
    ]);
    expect(guessMapping(['id', 'membershipCode', 'firstName', 'phone', 'status', 'createdAt'])).toEqual([
      'id',
      null,
      'firstName',
      'phone',
      null,
      null,
    ]);
    // Two columns for one field: the first one gets it.
    expect(guessMapping(['Teléfono', 'Celular'])).toEqual(['phone', null]);
  });

  it('reads day-first dates unless the store writes month first', () => {
    expect(isoDate('5/3/1990', true)).toBe('1990-03-05');
    expect(isoDate('5/3/1990', false)).toBe('1990-05-03');
    expect(isoDate('1990-03-05', true)).toBe('1990-03-05');
  });

  it('previews the header and first rows, with a semicolon file read as such', async () => {
    const uploadId = await upload('\uFEFFNombre;Teléfono;Notas\r\nAna;6123-4567;"uno; dos"\r\nBeto;;\r\n');
    expect(await ok<ImportPreview>(t.app, 'customers.importPreview', { uploadId })).toEqual({
      headers: ['Nombre', 'Teléfono', 'Notas'],
      rows: [
        ['Ana', '6123-4567', 'uno; dos'],
        ['Beto', '', ''],
      ],
      delimiter: ';',
      mapping: ['firstName', 'phone', 'notes'],
    });
  });
});

describe('CSV import', () => {
  it('creates customers as the form would, each audited and queued for sync', async () => {
    const group = await ok<CustomerGroup>(t.app, 'groups.save', {
      name: 'Mayoristas',
      description: null,
      requiresApproval: false,
      discountPercent: 5,
    });
    const { job, report } = await importCsv(
      [
        'Nombre,Apellido,Teléfono,Email,Fecha de nacimiento,Etiquetas,Grupo,Tipo,Empresa,Idioma',
        'José,Núñez,6123-4567,JOSE@Example.com,05/03/1990,vip; delivery,mayoristas,persona,,español',
        ',,+1 415 555 2671,,,,,empresa,"Ferretería ""El Clavo""",en',
      ].join('\r\n'),
    );
    expect(job).toMatchObject({ state: 'done', processed: 2, total: 2 });
    expect(job.summary).toEqual({ created: 2, updated: 0, skipped: 0, invalid: 0, issues: [] });
    expect(report).toEqual([]);
    const [jose, ferreteria] = all() as [Customer, Customer];
    expect(jose).toMatchObject({
      firstName: 'José',
      lastName: 'Núñez',
      phone: '+50761234567',
      phoneRaw: '6123-4567',
      email: 'jose@example.com',
      dateOfBirth: '1990-03-05',
      tags: ['vip', 'delivery'],
      groupId: group.id,
      language: 'es',
      status: 'active',
    });
    expect(ferreteria).toMatchObject({
      kind: 'business',
      company: 'Ferretería "El Clavo"',
      phone: '+14155552671',
      language: 'en',
    });
    const audited = t.app.sql.raw<{ entity_id: string; action: string }>(
      "SELECT entity_id, action FROM audit_log WHERE entity = 'customers'",
    );
    expect(audited).toEqual([
      { entity_id: jose.id, action: 'create' },
      { entity_id: ferreteria.id, action: 'create' },
    ]);
    const ops = fieldOps(t.app.sql, 'row_id = ?', jose.id).map((o) => o.field);
    expect(ops).toEqual(expect.arrayContaining(['first_name', 'last_name', 'phone', 'email', 'tags', 'group_id']));
    // Search finds them at once.
    expect(t.app.customers.search({ query: 'nunez', offset: 0, limit: 5, includeInactive: false, filters: {} }).total).toBe(1);
  });

  it('reports every bad row (row number, field, reason) and imports the good ones only', async () => {
    const { job, report } = await importCsv(
      [
        'firstName,lastName,phone,email,dateOfBirth,groupName,language',
        'Ana,Arias,6123-4567,ana@example.com,,,',
        'Beto,,12,,,,',
        ',,,solo@example.com,,,',
        'Caro,,,not-an-email,31/02/1990,,',
        'Dani,,,,,Desconocido,',
        'Eva,,,,,,klingon',
      ].join('\n'),
    );
    expect(job.state).toBe('done');
    expect(job.summary).toMatchObject({ created: 1, updated: 0, skipped: 0, invalid: 5 });
    expect(report).toEqual([
      { row: '3', field: 'phone', reason: 'invalid_phone', value: '12' },
      { row: '4', field: 'firstName', reason: 'required', value: '' },
      { row: '5', field: 'email', reason: 'invalid_email', value: 'not-an-email' },
      { row: '5', field: 'dateOfBirth', reason: 'invalid_date', value: '1990-02-31' },
      { row: '6', field: 'groupName', reason: 'unknown_group', value: 'Desconocido' },
      { row: '7', field: 'language', reason: 'invalid', value: 'klingon' },
    ]);
    expect(job.summary?.issues).toHaveLength(6);
    expect(all().map((c) => c.firstName)).toEqual(['Ana']);
    // Nothing of a refused row reached the audit log or the outbox.
    expect(t.app.sql.raw<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE entity = 'customers'")[0]?.n).toBe(1);
  });

  describe('a row that matches a customer we have (same phone, email or document)', () => {
    let ana: Customer;
    const file = 'Nombre,Teléfono,Email,Notas\r\nAnita,6123-4567,,Cliente de Boquete\r\nNueva,6987-0000,ana@example.com,\r\n';
    beforeEach(async () => {
      ana = await ok<Customer>(t.app, 'customers.create', { firstName: 'Ana', phone: '6123-4567' });
      await ok(t.app, 'customers.create', { firstName: 'Otra Ana', email: 'ana@example.com' });
    });

    it('skip: leaves it as it is and says so in the report', async () => {
      const before = t.fingerprint();
      const { job, report } = await importCsv(file, 'skip');
      expect(job.summary).toMatchObject({ created: 0, updated: 0, skipped: 2, invalid: 0 });
      expect(report.map((r) => [r.row, r.reason])).toEqual([
        ['2', 'duplicate_skipped'],
        ['3', 'duplicate_skipped'],
      ]);
      expect(t.fingerprint()).toBe(before);
    });

    it('update: writes the non-empty cells over it, audited as an edit', async () => {
      const { job } = await importCsv(file, 'update');
      expect(job.summary).toMatchObject({ created: 0, updated: 2, skipped: 0 });
      expect(t.app.customers.get(ana.id)).toMatchObject({
        firstName: 'Anita',
        phone: '+50761234567',
        notes: 'Cliente de Boquete',
      });
      const [edit] = t.app.sql.raw<{ changes: string }>(
        "SELECT changes FROM audit_log WHERE entity_id = ? AND action = 'update'",
        ana.id,
      );
      expect(JSON.parse(edit?.changes ?? '[]')).toEqual(
        expect.arrayContaining([{ field: 'first_name', old: 'Ana', new: 'Anita' }]),
      );
      expect(all()).toHaveLength(2);
    });

    it('create: adds them anyway', async () => {
      const { job } = await importCsv(file, 'create');
      expect(job.summary).toMatchObject({ created: 2, updated: 0, skipped: 0 });
      expect(all()).toHaveLength(4);
    });

    it('a row matching two customers is never guessed at', async () => {
      const { job, report } = await importCsv('Nombre,Teléfono,Email\r\nX,6123-4567,ana@example.com\r\n', 'update');
      expect(job.summary).toMatchObject({ updated: 0, skipped: 1 });
      expect(report[0]).toMatchObject({ row: '2', reason: 'several_matches' });
    });

    it('the same person twice in one file is created once when skipping', async () => {
      const { job } = await importCsv('Nombre,Teléfono\r\nLuz,6555-0001\r\nLuz M.,6555-0001\r\n', 'skip');
      expect(job.summary).toMatchObject({ created: 1, skipped: 1 });
    });
  });

  it('re-importing our own export changes nothing', async () => {
    t.app.customers.createMany({ userId: 'owner', deviceId: t.app.deviceId }, [
      { input: { firstName: 'Ana', lastName: 'Arias', phone: '6123-4567', tags: ['vip'], notes: '=1+1' } },
      { input: { kind: 'business', company: 'Ferretería, S.A.', taxId: '155-1-2024', email: 'f@example.com' } },
    ]);
    const exported = await ok<CsvJob>(t.app, 'customers.exportCsv', {});
    await t.app.csvJobs.settled(exported.id);
    const text = readFileSync(t.app.csvJobs.file(exported.id)?.path as string, 'utf8');
    const before = t.fingerprint();
    const { job, preview } = await importCsv(text, 'update');
    expect(preview.mapping.filter(Boolean)).toHaveLength(IMPORT_TARGETS.length);
    expect(job.summary).toMatchObject({ updated: 2, created: 0, invalid: 0 });
    expect(t.fingerprint()).toBe(before);
  });

  it('cancel stops between transactions: the rows of finished ones are kept whole, the rest never start', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `Cliente ${i},6${String(1000000 + i)}`);
    const uploadId = await upload(['Nombre,Teléfono', ...rows].join('\n'), 512 * 1024);
    const preview = await ok<ImportPreview>(t.app, 'customers.importPreview', { uploadId });
    const started = await ok<CsvJob>(t.app, 'customers.importCsv', { uploadId, mapping: preview.mapping, duplicates: 'create' });
    const off = t.app.events.on('csv.progress', (job) => {
      if (job.id === started.id && job.processed > 0) void t.app.call('csv.cancel', { id: started.id });
    });
    const job = await t.app.csvJobs.settled(started.id);
    off();
    expect(job.state).toBe('cancelled');
    const created = job.summary?.created ?? 0;
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(6000);
    const names = all().map((c) => c.firstName);
    // The first rows of the file, in order, and nothing else.
    expect(names).toEqual(Array.from({ length: created }, (_, i) => `Cliente ${i}`));
    const audited = t.app.sql.raw<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE entity = 'customers'")[0]?.n;
    expect(audited).toBe(created);
  });

  describe('a file that is not a CSV we can read is refused with a typed error, changing nothing', () => {
    it.each([
      ['empty', Buffer.alloc(0), 'empty'],
      ['only a byte order mark and blank lines', Buffer.from('\uFEFF\r\n\r\n'), 'empty'],
      ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'not_csv'],
      ['Latin-1 (Excel "CSV" in Windows-1252)', Buffer.from('Nombre,Teléfono\r\nJosé,6123-4567\r\n', 'latin1'), 'encoding'],
      ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nombre\r\n', 'utf16le')]), 'encoding'],
      ['a header of nothing', Buffer.from(',,\r\nAna,,\r\n'), 'no_header'],
    ])('%s', async (_name, bytes, reason) => {
      const uploadId = await upload(bytes);
      const before = t.fingerprint();
      for (const [channel, input] of [
        ['customers.importPreview', { uploadId }],
        ['customers.importCsv', { uploadId, mapping: ['firstName'], duplicates: 'create' }],
      ] as const) {
        expect(await t.app.call(channel, input)).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION', fields: { file: reason } },
        });
      }
      expect(t.fingerprint()).toBe(before);
    });

    it('bad UTF-8 past the first rows fails the job where it is found, keeping what came before', async () => {
      const good = Array.from({ length: 3000 }, (_, i) => `Cliente ${i}`).join('\n');
      const bytes = Buffer.concat([Buffer.from(`Nombre\n${good}\n`), Buffer.alloc(300 * 1024, 'x'), Buffer.from([0xe9])]);
      const uploadId = await upload(bytes, 512 * 1024);
      const started = await ok<CsvJob>(t.app, 'customers.importCsv', { uploadId, mapping: ['firstName'], duplicates: 'create' });
      const job = await t.app.csvJobs.settled(started.id);
      expect(job.state).toBe('failed');
      expect(job.error).toMatchObject({ code: 'VALIDATION', fields: { file: 'encoding' } });
      expect(job.summary?.created).toBeGreaterThan(0);
      expect(t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM customers')[0]?.n).toBe(job.summary?.created);
    });

    it('a chunk sent twice or lost is refused', async () => {
      const uploadId = await upload('Nombre\r\nAna\r\n');
      expect(await t.app.call('customers.importUpload', { uploadId, offset: 3, data: 'QQ==' })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
      expect(await t.app.call('customers.importPreview', { uploadId: '0190a5f0-0000-7000-8000-000000000000' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    });

    it('a mapping with no field, or a field twice, is refused', async () => {
      const uploadId = await upload('a,b\r\n1,2\r\n');
      for (const mapping of [
        [null, null],
        ['firstName', 'firstName'],
        ['id', null],
      ]) {
        expect(await t.app.call('customers.importCsv', { uploadId, mapping, duplicates: 'skip' })).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
      }
    });
  });
});
