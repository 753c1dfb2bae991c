import type BetterSqlite3 from 'better-sqlite3';
import type { Customer } from '../../shared/customers/customer';
import type { CustomerAddressesTable, CustomerContactsTable, CustomersTable } from '../schema';
import { rowToAddress } from './customer-addresses';
import { rowToContact } from './customer-contacts';
import type { FilterSql } from './customer-filters';
import { emailPrefix, rowToCustomer } from './customer-queries';

/** What an export takes: the list's filters, and the search when one was typed. */
export interface CustomerExportSpec {
  filter: FilterSql;
  /** Inactive customers too (the list's "include inactive", or an explicit status filter). */
  includeInactive: boolean;
  /** The FTS5 query of the typed search (customerMatchQuery), or null for the whole list. */
  match: string | null;
  /** The typed search as it was, for the exact lookups. */
  term: string;
  phoneE164: string | null;
}

/** Rowids a page reads when the caller does not say: it touches at most this many customers, however few match. */
export const EXPORT_PAGE_ROWS = 5000;

/**
 * Reads the customers an export takes, page by page, from one snapshot: the cursor holds a read
 * transaction on its own connection, so writes made meanwhile (on main's connection) neither
 * appear in nor disturb the file. Pages walk rowid ranges, so a page costs the same whether the
 * filters match everyone or no one, and the set is exactly what the list shows (the search's
 * exact hits and FTS matches, uncapped).
 */
export class CustomerExportCursor {
  private readonly statement: BetterSqlite3.Statement;
  private readonly params: (from: number, to: number) => unknown[];
  private readonly maxRowid: number;
  /** A page's default billing and shipping addresses, and first contacts (null: the store has none). */
  private readonly addresses: BetterSqlite3.Statement | null;
  private readonly contacts: BetterSqlite3.Statement | null;
  private nextRowid = 1;
  private open = true;

  constructor(
    private readonly db: BetterSqlite3.Database,
    spec: CustomerExportSpec,
    private readonly pageRows = EXPORT_PAGE_ROWS,
  ) {
    db.exec('BEGIN');
    this.maxRowid = (db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM customers').get() as { n: number }).n;
    const visible = `c.merged_into IS NULL AND (? OR c.status <> 'inactive') AND (${spec.filter.sql})`;
    // The list's own reading of what was typed: an email being typed by the email index, else FTS.
    const email = spec.match ? emailPrefix(spec.term.trim()) : null;
    const found = email
      ? '(c.email >= ? COLLATE NOCASE AND c.email < ? COLLATE NOCASE)'
      : 'c.rowid IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? AND rowid BETWEEN ? AND ?)';
    const searched = spec.match
      ? `AND (${found}
          OR c.membership_code = ? OR c.phone = ? OR c.id_doc_number = ? OR c.tax_id = ? OR c.email = ? COLLATE NOCASE)`
      : '';
    this.statement = db.prepare(
      `SELECT c.*, g.name AS group_name FROM customers c LEFT JOIN customer_groups g ON g.id = c.group_id
       WHERE c.rowid BETWEEN ? AND ? AND ${visible} ${searched} ORDER BY c.rowid`,
    );
    const any = (table: string) => db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table}) AS n`).pluck().get() === 1;
    this.addresses = any('customer_addresses')
      ? db.prepare(
          `SELECT * FROM customer_addresses WHERE customer_id IN (SELECT value FROM json_each(?))
           AND is_default = 1 AND kind IN ('billing', 'shipping')`,
        )
      : null;
    this.contacts = any('customer_contacts')
      ? db.prepare(
          `SELECT * FROM customer_contacts WHERE customer_id IN (SELECT value FROM json_each(?))
           ORDER BY customer_id, position, id`,
        )
      : null;
    const term = spec.term.trim();
    const head = [spec.includeInactive ? 1 : 0, ...spec.filter.params];
    this.params = (from, to) => [
      from,
      to,
      ...head,
      ...(email ? [email, `${email}\uffff`] : []),
      ...(spec.match && !email ? [spec.match, from, to] : []),
      ...(spec.match ? [term, spec.phoneE164, term, term, term] : []),
    ];
  }

  get done(): boolean {
    return !this.open || this.nextRowid > this.maxRowid;
  }

  /** The customers of the next `rowids` rowids (possibly none, when no one in that range matches). */
  next(rowids = this.pageRows): Customer[] {
    if (this.done) return [];
    const from = this.nextRowid;
    const to = from + rowids - 1;
    this.nextRowid = to + 1;
    const rows = this.statement.all(...this.params(from, to)) as (CustomersTable & { group_name: string | null })[];
    const customers = rows.map((row) => rowToCustomer(row, row.group_name));
    if (customers.length > 0 && (this.addresses || this.contacts)) this.addChildren(customers);
    return customers;
  }

  /** Each customer's default billing and shipping address and first contact: what a CSV row carries. */
  private addChildren(customers: Customer[]): void {
    const byId = new Map(customers.map((c) => [c.id, c]));
    const ids = JSON.stringify(customers.map((c) => c.id));
    for (const row of (this.addresses?.all(ids) ?? []) as CustomerAddressesTable[])
      byId.get(row.customer_id)?.addresses.push(rowToAddress(row));
    for (const row of (this.contacts?.all(ids) ?? []) as CustomerContactsTable[]) {
      const customer = byId.get(row.customer_id);
      if (customer && customer.contacts.length === 0) customer.contacts.push(rowToContact(row));
    }
  }

  /** End the read transaction and close the connection. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.close();
  }
}
