import { SEARCH_SQL } from '../../db/customers/customer-queries';
import { openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
beforeAll(() => {
  t = openTempApp();
});
afterAll(() => t.close());

const plan = (sql: string, ...params: unknown[]) =>
  (t.app.sql.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

describe('the indexes that keep the counter fast stay in use', () => {
  it('exact lookups (membership code, phone, document, tax ID, email) use their indexes, never a table scan', () => {
    const detail = plan(SEARCH_SQL.exact, 0, '2900000000001', '+50761234567', '8-1-1', 'X', 'a@b.co');
    for (const index of [
      'customers_membership_code',
      'customers_phone',
      'customers_id_doc',
      'customers_tax_id',
      'customers_email',
    ]) {
      expect(detail).toContain(index);
    }
    expect(detail).not.toMatch(/SCAN c\b(?! USING)/);
  });

  it('the full list walks the sort-name index instead of sorting a million rows', () => {
    const detail = plan(SEARCH_SQL.list, 0, 50, 0);
    expect(detail).toContain('customers_sort_name');
    expect(detail).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it('counting the list reads the small status index, not the table', () => {
    expect(plan(SEARCH_SQL.listCount, 0)).toContain('USING INDEX customers_status');
  });

  it('matches start from the full-text index', () => {
    const detail = plan(SEARCH_SQL.matches, '"jose"*', 0, '[]', 'jose%', 50, 0);
    expect(detail).toMatch(/VIRTUAL TABLE INDEX .*customers_fts|SCAN f VIRTUAL TABLE/);
  });
});
