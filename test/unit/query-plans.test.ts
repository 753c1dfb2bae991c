import { customerFilterSql } from '../../db/customers/customer-filters';
import { countsSql, SEARCH_SQL, searchSql } from '../../db/customers/customer-queries';
import { openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
beforeAll(() => {
  t = openTempApp();
});
afterAll(() => t.close());

const plan = (sql: string, ...params: unknown[]) =>
  (t.app.sql.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

const EXACT_INDEXES = ['customers_membership_code', 'customers_phone', 'customers_id_doc', 'customers_tax_id', 'customers_email'];

describe('the indexes that keep the counter fast stay in use', () => {
  it('exact lookups (membership code, phone, document, tax ID, email) use their indexes, never a table scan', () => {
    const detail = plan(SEARCH_SQL.exact, 0, '2900000000001', '+50761234567', '8-1-1', 'X', 'a@b.co');
    for (const index of EXACT_INDEXES) {
      expect(detail).toContain(index);
    }
    expect(detail).not.toMatch(/SCAN c\b(?! USING)/);
  });

  it.each([
    ['a status filter', "c.status = 'active'"],
    ['a group filter', "c.group_id = 'g'"],
    ['has phone and SMS consent', 'c.phone IS NOT NULL AND c.sms_consent = 1'],
  ])("exact lookups stay on their indexes under %s, not on the filter's", (_, filter) => {
    const detail = plan(searchSql(filter).exact, 0, '2900000000001', '+50761234567', '8-1-1', 'X', 'a@b.co');
    for (const index of EXACT_INDEXES) {
      expect(detail).toContain(index);
    }
    // The customer rows are then fetched by rowid (possibly through the filter's index, as a point lookup).
    expect(detail).toMatch(/SEARCH c USING .*rowid=\?/);
    expect(detail).not.toMatch(/SCAN c\b/);
  });

  it('the full list walks the sort-name index instead of sorting a million rows', () => {
    const detail = plan(SEARCH_SQL.list, 0, 50, 0);
    expect(detail).toContain('customers_sort_name');
    expect(detail).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it.each(['name_desc', 'newest', 'oldest'] as const)('the list sorted %s walks an index too', (sort) => {
    const detail = plan(searchSql('1', sort).list, 0, 50, 0);
    expect(detail).toContain(sort === 'name_desc' ? 'customers_sort_name' : 'customers_created');
    expect(detail).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it.each(['name', 'name_desc', 'newest', 'oldest'] as const)(
    'the list sorted %s under a status and flag filter walks its sort index, not the status index',
    (sort) => {
      const filter = customerFilterSql({ status: 'active', hasPhone: true, smsConsent: true, hasEmail: false }, 0, 'UTC');
      const statement = searchSql(filter.sql, sort).list;
      const detail = plan(statement, 0, ...filter.params, 50, 0);
      expect(detail).toContain(sort.startsWith('name') ? 'customers_sort_name' : 'customers_created');
      expect(detail).not.toContain('USE TEMP B-TREE');
    },
  );

  it.each([
    [{ hasPhone: false }, 'INDEXED BY'],
    [{ status: 'pending_approval' }, 'ORDER BY +'],
  ])('a page of %j that few customers meet reads through %s', async (filters, expected) => {
    const raw = vi.spyOn(t.app.sql, 'raw');
    try {
      const result = await t.app.call('customers.search', { query: '', filters, offset: 0, limit: 50 });
      expect(result.ok).toBe(true);
      // No phone has no index of its own: its few are found by walking the sort index, not by reading every row.
      const page = raw.mock.calls.map(([statement]) => String(statement)).find((s) => s.includes('LIMIT ? OFFSET ?'));
      expect(page).toContain(expected);
    } finally {
      raw.mockRestore();
    }
  });

  it('by surname, every flag filter is checked in the sort index entry: a customer who does not match costs no table read', () => {
    const filter = customerFilterSql(
      { status: 'active', hasPhone: true, hasEmail: false, smsConsent: true, emailConsent: false },
      0,
      'UTC',
    );
    const count = `SELECT count(*) FROM customers c INDEXED BY customers_sort_name
      WHERE c.merged_into IS NULL AND (? OR c.status <> 'inactive') AND (${filter.sql})`;
    expect(plan(count, 0, ...filter.params)).toContain('COVERING INDEX customers_sort_name');
  });

  it('a page of a filter few customers meet (pending approval) is found through the filter index and sorted', () => {
    const filter = customerFilterSql({ status: 'pending_approval' }, 0, 'UTC');
    expect(plan(searchSql(filter.sql).listFew, 1, ...filter.params, 50, 0)).toContain('customers_status');
  });

  it('counting the list under flag filters reads the kept counts, not the customers', () => {
    const filter = customerFilterSql({ status: 'active', hasPhone: true }, 0, 'UTC');
    const detail = plan(countsSql(filter.counts?.sql ?? 'x'), 0, ...(filter.counts?.params ?? []));
    expect(detail).toBe('SCAN k');
    expect(countsSql('1')).toContain('FROM customer_counts k');
  });

  it('an email being typed is read from the email index, not the full-text one', () => {
    const detail = plan(SEARCH_SQL.emailMatches, 'ana.j', 'ana.j\uffff', 0, '[]', 'ana%', 50, 0);
    expect(detail).toContain('customers_email (email>? AND email<?)');
    expect(detail).not.toContain('customers_fts');
  });

  it('matches start from the full-text index', () => {
    const detail = plan(SEARCH_SQL.matches, '"jose"*', 0, '[]', 'jose%', 50, 0);
    expect(detail).toMatch(/VIRTUAL TABLE INDEX .*customers_fts|SCAN f VIRTUAL TABLE/);
  });

  it("a customer's orders, their lines and their loyalty balance are read through indexes", () => {
    const id = '018f0000-0000-7000-8000-000000000000';
    expect(plan('SELECT kind, total_minor, created_at FROM orders WHERE customer_id = ? ORDER BY created_at, id', id)).toContain(
      'orders_customer',
    );
    expect(plan('SELECT * FROM order_lines WHERE order_id IN (?, ?) ORDER BY order_id, line_no', id, id)).toContain(
      'order_lines_order',
    );
    expect(plan('SELECT id FROM orders WHERE refund_of = ?', id)).toContain('orders_refund_of');
    expect(plan('SELECT coalesce(sum(points), 0) FROM loyalty_entries WHERE customer_id = ?', id)).toContain(
      'COVERING INDEX loyalty_entries_customer',
    );
    expect(plan('SELECT id FROM customers WHERE membership_code = ?', '2900000000001')).toContain('customers_membership_code');
    expect(plan('SELECT * FROM products WHERE barcode = ?', '7451234567895')).toContain('products_barcode');
  });
});
