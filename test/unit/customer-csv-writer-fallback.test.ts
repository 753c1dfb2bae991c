import { runCsvImport } from '../helpers/csv-import';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

// Where no worker thread can load SQLite (a packaging mistake, an unusual platform), the import's
// writer thread fails to start: main writes the rows itself and the import ends as it would have.
vi.mock('../../main/backups/backup-check', async (original) => ({
  ...(await original<typeof import('../../main/backups/backup-check')>()),
  sqliteModulePath: () => '/nowhere/better-sqlite3',
}));

let t: TempApp;
beforeEach(() => {
  t = openTempApp();
});
afterEach(() => t.close());

it('imports every row on main when the writer thread cannot start', async () => {
  const rows = Array.from({ length: 200 }, (_, i) => `C ${i},6${1000000 + i}`);
  // The last row repeats the first one's phone.
  const content = ['Nombre,Teléfono', ...rows, 'Otra,6100-0000'].join('\n');
  const before = t.app.sql.db.prepare('SELECT total_changes()').pluck().get() as number;
  const { job } = await runCsvImport(t, content);
  expect(job).toMatchObject({ state: 'done', summary: { created: 200, skipped: 1, invalid: 0 } });
  // Main's own connection wrote them: a customer, an audit row and an operation each, at least.
  expect((t.app.sql.db.prepare('SELECT total_changes()').pluck().get() as number) - before).toBeGreaterThanOrEqual(600);
  expect(t.app.customers.search({ query: 'C 199', offset: 0, limit: 5, includeInactive: false, filters: {} }).total).toBe(1);
  expect(await ok<{ pending: number }>(t.app, 'sync.status', {})).toMatchObject({
    pending: t.app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM outbox')[0]?.n,
  });
});
