import Database from 'better-sqlite3';
import fc from 'fast-check';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import type { CustomerSearchResult } from '../../shared/contract';
import { type CsvJob, EXPORT_COLUMNS } from '../../shared/customers/csv';
import type { Customer } from '../../shared/customers/customer';
import type { CustomerFilters } from '../../shared/customers/filters';
import type { Segment } from '../../shared/customers/segments';
import { CustomerExportCursor } from '../../db/customers/customer-export';
import { pacedUnits } from '../../main/customers/csv-jobs';
import { startWebHost, WEB_CONNECTION } from '../../main/web/web-host';
import { http } from '../helpers/http';
import { ok, openTempApp, type TempApp, signInAsAdmin } from '../helpers/temp-app';

let t: TempApp;
let ana: Customer;
const actor = () => ({ userId: 'owner', deviceId: t.app.deviceId });

beforeEach(async () => {
  t = openTempApp();
  const ids = t.app.customers.createMany(actor(), [
    {
      input: {
        firstName: 'Ana',
        lastName: 'Arias',
        phone: '6123-4567',
        tags: ['delivery', 'vip'],
        notes: '=HYPERLINK("http://evil.example","x")',
      },
    },
    { input: { firstName: 'Beto', lastName: 'Barrios', email: 'beto@example.com', dateOfBirth: '1985-02-10' } },
    { input: { firstName: 'Caro', lastName: 'Castro', phone: '6987-1111', tags: ['Delivery'] }, status: 'inactive' },
    { input: { kind: 'business', company: 'Ferretería "El Clavo", S.A.', taxId: '155-1-2024', notes: 'línea 1\nlínea 2' } },
    { input: { firstName: 'José', lastName: 'Núñez', email: 'jose@example.com', phone: '+1 415 555 2671' } },
  ]);
  ana = t.app.customers.get(ids[0] as string);
  await ok(t.app, 'customers.setConsent', { id: ana.id, channel: 'sms', granted: true, source: 'in_store' });
});
afterEach(() => t.close());

async function exportCsv(input: Record<string, unknown>): Promise<{ job: CsvJob; rows: Record<string, string>[]; text: string }> {
  const started = await ok<CsvJob>(t.app, 'customers.exportCsv', input);
  const job = await t.app.csvJobs.settled(started.id);
  expect(job.state).toBe('done');
  const file = t.app.csvJobs.file(job.id);
  if (!file) throw new Error('no file');
  const text = readFileSync(file.path, 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { job, rows: parsed.data, text };
}

/** Every customer the list shows, page by page, as the screen would scroll through it. */
async function listed(query: string, filters: CustomerFilters, includeInactive: boolean): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await ok<CustomerSearchResult>(t.app, 'customers.search', {
      query,
      filters,
      includeInactive,
      offset,
      limit: 200,
    });
    ids.push(...page.items.map((c) => c.id));
    if (page.items.length < 200) return ids;
  }
}

describe('CSV export of a filtered list', () => {
  it('writes a header of stable keys, then one row per customer with what the record holds', async () => {
    const { rows, text, job } = await exportCsv({});
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n')[0]?.replace('\uFEFF', '').split(',')).toEqual([...EXPORT_COLUMNS]);
    expect(job.processed).toBe(4);
    expect(job.fileName).toMatch(/^clientela-customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const a = rows.find((r) => r.id === ana.id);
    expect(a).toMatchObject({
      firstName: 'Ana',
      lastName: 'Arias',
      phone: '+50761234567',
      tags: 'delivery; vip',
      smsConsent: 'true',
      emailConsent: 'false',
      status: 'active',
      membershipCode: ana.membershipCode,
    });
    // A formula is neutralised for spreadsheets; a phone with its + is left alone.
    expect(a?.notes).toBe('\'=HYPERLINK("http://evil.example","x")');
    const ferreteria = rows.find((r) => r.kind === 'business');
    expect(ferreteria).toMatchObject({ company: 'Ferretería "El Clavo", S.A.', notes: 'línea 1\nlínea 2', taxId: '155-1-2024' });
    expect(rows.find((r) => r.firstName === 'José')?.phone).toBe('+14155552671');
  });

  it('exports exactly the customers the list shows, for any filters, search and "include inactive"', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            status: fc.constantFrom('active', 'inactive', 'pending_approval'),
            hasPhone: fc.boolean(),
            hasEmail: fc.boolean(),
            smsConsent: fc.boolean(),
            tag: fc.constantFrom('delivery', 'VIP', 'none'),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom(
          '',
          'a',
          'ca',
          '6123',
          '4567',
          'jose',
          'example',
          ana.membershipCode,
          '!!',
          'beto@e',
          'JOSE@EXAMPLE.C',
          'j.b',
        ),
        fc.boolean(),
        async (filters, query, includeInactive) => {
          const { rows } = await exportCsv({ filters, query, includeInactive });
          expect(rows.map((r) => r.id).sort()).toEqual((await listed(query, filters, includeInactive)).sort());
        },
      ),
      { numRuns: 40 },
    );
  });

  it('exports a saved segment by its filters', async () => {
    const segment = await ok<Segment>(t.app, 'segments.save', { name: 'Con teléfono', filters: { hasPhone: true } });
    const { rows } = await exportCsv({ segmentId: segment.id, query: 'beto' });
    expect(rows.map((r) => r.firstName).sort()).toEqual(['Ana', 'José']);
    expect(await t.app.call('customers.exportCsv', { segmentId: '0190a5f0-0000-7000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('an empty list exports the header alone', async () => {
    const { rows, text } = await exportCsv({ query: 'nadie-se-llama-asi' });
    expect(rows).toEqual([]);
    expect(text.trim().split('\r\n')).toHaveLength(1);
  });

  it('reads one snapshot: edits made while the export runs do not reach the file', async () => {
    const spec = t.app.customers.exportSpec({ query: '', includeInactive: true, filters: {} });
    const cursor = new CustomerExportCursor(new Database(t.app.sql.db.name, { readonly: true }), spec, 2);
    const first = cursor.next();
    await ok(t.app, 'customers.update', { id: ana.id, patch: { firstName: 'Anabel' } });
    t.app.customers.createMany(actor(), [{ input: { firstName: 'Nuevo' } }]);
    const rest: Customer[] = [];
    while (!cursor.done) rest.push(...cursor.next());
    cursor.close();
    const names = [...first, ...rest].map((c) => c.firstName);
    expect(names).not.toContain('Anabel');
    expect(names).not.toContain('Nuevo');
    expect(names).toHaveLength(5);
  });

  it('pages of any size (the export paces them by time) read every customer once, in order', () => {
    const spec = t.app.customers.exportSpec({ query: '', includeInactive: true, filters: {} });
    const read = (sizes: () => number) => {
      const cursor = new CustomerExportCursor(new Database(t.app.sql.db.name, { readonly: true }), spec);
      const ids: string[] = [];
      while (!cursor.done) {
        const rowids = sizes();
        const page = cursor.next(rowids);
        expect(page.length).toBeLessThanOrEqual(rowids);
        ids.push(...page.map((c) => c.id));
      }
      cursor.close();
      return ids;
    };
    const whole = read(() => 5000);
    expect(whole).toHaveLength(5);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        let at = 0;
        expect(read(() => sizes[at++ % sizes.length] as number)).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  it('paces work by time: the next piece aims at the target, grows at most twofold, never below one', () => {
    expect(pacedUnits(200, 5, 10)).toBe(400);
    expect(pacedUnits(200, 1, 10)).toBe(400);
    expect(pacedUnits(400, 40, 10)).toBe(100);
    expect(pacedUnits(10, 500, 10)).toBe(1);
    expect(pacedUnits(1, 0, 10)).toBe(2);
  });

  it('a cancelled export leaves no file, and the job says so', async () => {
    const started = await ok<CsvJob>(t.app, 'customers.exportCsv', {});
    await ok(t.app, 'csv.cancel', { id: started.id });
    const job = await t.app.csvJobs.settled(started.id);
    expect(job.state).toBe('cancelled');
    expect(job.hasFile).toBe(false);
    expect(t.app.csvJobs.file(job.id)).toBeNull();
  });

  it('an unknown job is NOT_FOUND', async () => {
    expect(await t.app.call('csv.job', { id: '0190a5f0-0000-7000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('the web host streams the file to whoever holds the token, and nobody else', async () => {
    const host = await startWebHost({ app: t.app, rendererDir: '/nonexistent', token: 'tok' });
    await signInAsAdmin(t.app, WEB_CONNECTION);
    try {
      const { job, text } = await exportCsv({ filters: { hasPhone: true } });
      const headers = { Host: `127.0.0.1:${host.port}` };
      const got = await http(host.port, { method: 'GET', path: `/api/jobs/${job.id}/file?token=tok`, headers });
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(got.headers['content-disposition']).toBe(`attachment; filename="${job.fileName}"`);
      expect(got.text).toBe(text);
      const bad = await http(host.port, { method: 'GET', path: `/api/jobs/${job.id}/file?token=nope`, headers });
      expect(bad.status).toBe(401);
      const missing = await http(host.port, {
        method: 'GET',
        path: '/api/jobs/0190a5f0-0000-7000-8000-000000000000/file?token=tok',
        headers,
      });
      expect(missing.status).toBe(404);
      // The token alone is not enough: with no one signed in on the browser's connection, no file.
      await t.app.call('auth.signOut', {}, WEB_CONNECTION);
      const signedOut = await http(host.port, { method: 'GET', path: `/api/jobs/${job.id}/file?token=tok`, headers });
      expect(signedOut.status).toBe(403);
    } finally {
      await host.close();
    }
  });
});
