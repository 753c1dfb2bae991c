import { loyaltyBalance } from '../checkout/loyalty-ledger';
import type { CustomerSearchResult } from '../../shared/contract';
import type { Customer, CustomerSummary } from '../../shared/customers/customer';
import type { CustomerSort } from '../../shared/customers/filters';
import type { CustomersTable } from '../schema';
import { qb, type Sql } from '../sql';
import { foldedWords } from '../../shared/text';
import type { FilterSql } from './customer-filters';
import { listAddresses } from './customer-addresses';
import { listContacts } from './customer-contacts';
import { customerMatchQuery } from './customer-search-text';

/** The customer row alone; `getCustomer` adds its addresses and contacts. */
export function rowToCustomer(
  row: CustomersTable,
  groupName: string | null,
  balance = 0,
  children: Pick<Customer, 'addresses' | 'contacts'> = { addresses: [], contacts: [] },
): Customer {
  return {
    id: row.id,
    kind: row.kind,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    email: row.email,
    phone: row.phone,
    phoneRaw: row.phone_raw,
    dateOfBirth: row.date_of_birth,
    idDocType: row.id_doc_type as Customer['idDocType'],
    idDocNumber: row.id_doc_number,
    taxId: row.tax_id,
    externalId: row.external_id,
    registrationNumber: row.registration_number,
    businessType: row.business_type as Customer['businessType'],
    industry: row.industry,
    paymentTerms: row.payment_terms as Customer['paymentTerms'],
    membershipCode: row.membership_code,
    language: row.language as Customer['language'],
    preferredCurrency: row.preferred_currency,
    contactChannel: row.contact_channel as Customer['contactChannel'],
    doNotContact: row.do_not_contact === 1,
    ownerId: row.owner_id,
    groupId: row.group_id,
    groupName,
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    status: row.status,
    smsConsent: row.sms_consent === 1,
    emailConsent: row.email_consent === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    mergedInto: row.merged_into,
    loyaltyBalance: balance,
    addresses: children.addresses,
    contacts: children.contacts,
    customFields: JSON.parse(row.custom_fields) as Customer['customFields'],
  };
}

const SUMMARY_COLUMNS = [
  'id',
  'kind',
  'first_name',
  'last_name',
  'company',
  'email',
  'phone',
  'id_doc_number',
  'membership_code',
  'status',
] as const;
type SummaryRow = Pick<CustomersTable, (typeof SUMMARY_COLUMNS)[number]>;
const SUMMARY_SQL = SUMMARY_COLUMNS.map((c) => `c.${c}`).join(', ');

function rowToSummary(row: SummaryRow): CustomerSummary {
  return {
    id: row.id,
    kind: row.kind,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    email: row.email,
    phone: row.phone,
    idDocNumber: row.id_doc_number,
    membershipCode: row.membership_code,
    status: row.status,
  };
}

export function getCustomerRow(sql: Sql, id: string): CustomersTable | undefined {
  return sql.first(qb.selectFrom('customers').selectAll().where('id', '=', id));
}

export function getCustomer(sql: Sql, id: string): Customer | undefined {
  const row = getCustomerRow(sql, id);
  if (!row) return undefined;
  const group = row.group_id
    ? sql.first(qb.selectFrom('customer_groups').select('name').where('id', '=', row.group_id))
    : undefined;
  return rowToCustomer(row, group?.name ?? null, loyaltyBalance(sql, id), {
    addresses: listAddresses(sql, id),
    contacts: listContacts(sql, id),
  });
}

export function membershipCodeTaken(sql: Sql, code: string): boolean {
  // Asked once per new customer (an import's every row): no query building on the way.
  return sql.prepare('SELECT 1 FROM customers WHERE membership_code = ?').get(code) !== undefined;
}

export interface CustomerSearch {
  query: string;
  offset: number;
  limit: number;
  includeInactive: boolean;
  /** The query parsed as a phone with the store's country, for the exact lookup. */
  phoneE164: string | null;
  /** The list's filters as SQL (db/customers/customer-filters.ts). */
  filter?: FilterSql;
  hasStatusFilter?: boolean;
  /** The list's order when nothing is typed (default: by name). */
  sort?: CustomerSort;
}

/** Each order walks an index (sort_name or created_at, both ending in id), forwards or backwards. */
const LIST_ORDER: Record<CustomerSort, string> = {
  name: 'c.sort_name, c.id',
  name_desc: 'c.sort_name DESC, c.id DESC',
  newest: 'c.created_at DESC, c.id DESC',
  oldest: 'c.created_at, c.id',
};

/**
 * The index each order walks, named so a filter's own index (status, group) can't take its place:
 * without statistics the planner guesses "status = 'active'" picks a few rows and sorts 950,000.
 */
const LIST_INDEX: Record<CustomerSort, string> = {
  name: 'customers_sort_name',
  name_desc: 'customers_sort_name',
  newest: 'customers_created',
  oldest: 'customers_created',
};

/**
 * Below this many matches per row wanted, a page of a scanning filter is read by sorting the
 * matches rather than by walking the sort index (measured at 100k: 0.3 ms vs 80 ms when many
 * match, 300 ms vs 70 ms when a few dozen do).
 */
const FEW_MATCHES = 10;

/** Beyond this many matches a search says "1,000+" instead of counting. */
export const SEARCH_COUNT_CAP = 1000;

/**
 * The statements behind a search for one filter condition, named so the bench can run the very
 * same SQL on raw better-sqlite3 statements and measure what our stack adds. Every statement
 * takes (includeInactive, ...filter params) where VISIBLE stands.
 */
export function searchSql(filter: string, sort: CustomerSort = 'name') {
  const VISIBLE = `c.merged_into IS NULL AND (? OR c.status <> 'inactive') AND (${filter})`;
  const FTS_HITS = `SELECT c.rowid AS rid, c.sort_name, c.id
    FROM customers_fts f JOIN customers c ON c.rowid = f.rowid
    WHERE customers_fts MATCH ? AND ${VISIBLE} AND c.id NOT IN (SELECT value FROM json_each(?))
    LIMIT ${SEARCH_COUNT_CAP + 1}`;
  // (from, to, visible, exact ids JSON): emails in [from, to) by the email index, case aside.
  const EMAIL_HITS = `SELECT c.rowid AS rid, c.sort_name, c.id FROM customers c
    WHERE c.email IS NOT NULL AND c.email >= ? COLLATE NOCASE AND c.email < ? COLLATE NOCASE
      AND ${VISIBLE} AND c.id NOT IN (SELECT value FROM json_each(?))
    LIMIT ${SEARCH_COUNT_CAP + 1}`;
  const ranked = (hits: string) => `WITH hits AS (${hits})
      SELECT ${SUMMARY_SQL}, count(*) OVER () AS total FROM hits JOIN customers c ON c.rowid = hits.rid
      ORDER BY (hits.sort_name LIKE ?) DESC, hits.sort_name, hits.id LIMIT ? OFFSET ?`;
  return {
    /** (visible, limit, offset) */
    list: `SELECT ${SUMMARY_SQL} FROM customers c INDEXED BY ${LIST_INDEX[sort]} WHERE ${VISIBLE} ORDER BY ${LIST_ORDER[sort]} LIMIT ? OFFSET ?`,
    /**
     * The same, finding the matches first (through the filter's index if it has one, else reading
     * every row) and sorting them: for a filter few customers meet, walking the whole sort index to
     * fill a page costs several table scans (`+` keeps the sort index out).
     */
    listFew: `SELECT ${SUMMARY_SQL} FROM customers c WHERE ${VISIBLE} ORDER BY +${LIST_ORDER[sort]} LIMIT ? OFFSET ?`,
    /** (visible) */
    listCount: `SELECT count(*) AS n FROM customers c WHERE ${VISIBLE}`,
    /**
     * (visible, code, phone E.164, document, tax ID, email). One indexed probe per key, joined by
     * rowid: written as one OR, the planner may walk a filter's index instead (a status filter at a
     * million customers turned a 0.1 ms lookup into a scan).
     */
    exact: `SELECT ${SUMMARY_SQL} FROM customers c WHERE ${VISIBLE}
      AND c.rowid IN (SELECT rowid FROM customers WHERE membership_code = ?
        UNION ALL SELECT rowid FROM customers WHERE phone = ?
        UNION ALL SELECT rowid FROM customers WHERE id_doc_number = ?
        UNION ALL SELECT rowid FROM customers WHERE tax_id = ?
        UNION ALL SELECT rowid FROM customers WHERE email = ? COLLATE NOCASE)
      LIMIT 20`,
    /**
     * (match, visible, exact ids JSON, name prefix LIKE, limit, offset). Takes only the first
     * SEARCH_COUNT_CAP + 1 matches and orders them without bm25: FTS5's bm25 needs each term's
     * document count, a walk over the whole doclist of "ma*" among a million customers on every
     * keystroke. Customers whose name (surname first) starts with the first word typed come
     * first, then alphabetical order, which is what a cashier scanning a list expects.
     */
    matches: ranked(FTS_HITS),
    /** (match, visible, exact ids JSON) */
    matchCount: `SELECT count(*) AS n FROM (${FTS_HITS})`,
    /** As `matches`, for an email being typed (`emailPrefix`): (from, to, visible, ...). */
    emailMatches: ranked(EMAIL_HITS),
    emailMatchCount: `SELECT count(*) AS n FROM (${EMAIL_HITS})`,
  };
}

/** (visible, ...counts params): the list's count from the maintained counts (migration 13). */
export const countsSql = (condition: string) =>
  `SELECT coalesce(sum(k.n), 0) AS n FROM customer_counts k WHERE (? OR k.status <> 'inactive') AND (${condition})`;

/** The statements with no filter, by name. */
export const SEARCH_SQL = searchSql('1');
const sqlByFilter = new Map<string, ReturnType<typeof searchSql>>([['1|name', SEARCH_SQL]]);

function statementsFor(search: CustomerSearch) {
  const filter = search.filter ?? { sql: '1', params: [] };
  const sort = search.sort ?? 'name';
  const statementsKey = `${filter.sql}|${sort}`;
  let statements = sqlByFilter.get(statementsKey);
  if (!statements) {
    // Custom conditions make many shapes of SQL: keep the cache from growing without end.
    if (sqlByFilter.size >= 500) for (const key of [...sqlByFilter.keys()].slice(1, 250)) sqlByFilter.delete(key);
    statements = searchSql(filter.sql, sort);
    sqlByFilter.set(statementsKey, statements);
  }
  // An explicit status filter decides about inactive customers by itself.
  const visible = [search.includeInactive || search.hasStatusFilter ? 1 : 0, ...filter.params];
  return { filter, statements, visible, countKey: JSON.stringify([filter.sql, visible]) };
}

/** Caches a list count per filter set; custom conditions make many shapes, so the cache is bounded. */
export function keepCount(listCounts: Map<string, number>, key: string, n: number): void {
  if (listCounts.size >= 500) listCounts.clear();
  listCounts.set(key, n);
}

/** Runs read-only statements away from main (main/customers/read-worker.ts). */
export interface StatementReader {
  all<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
}

/**
 * The list (nothing typed) under a filter that reads every row, counted and paged by `reader`:
 * the same answer as `searchCustomers`, without holding main for the second it takes at 1M.
 */
export async function listScanning(
  reader: StatementReader,
  search: CustomerSearch,
  counts: { get(key: string): number | undefined; set(key: string, n: number): void },
): Promise<CustomerSearchResult> {
  const { statements, visible, countKey } = statementsFor(search);
  let total = counts.get(countKey);
  if (total === undefined) {
    total = (await reader.all<{ n: number }>(statements.listCount, visible))[0]?.n ?? 0;
    counts.set(countKey, total);
  }
  const few = total < FEW_MATCHES * (search.offset + search.limit);
  const items = await reader.all<SummaryRow>(few ? statements.listFew : statements.list, [
    ...visible,
    search.limit,
    search.offset,
  ]);
  return { items: items.map(rowToSummary), total, capped: false };
}

/**
 * What was typed, when it is the start of an email whose full-text words would include a single
 * letter ("ana.j", "rosa.m@"): FTS5 keeps no one-letter prefix index, so "j*" walks every word
 * beginning with j (tens of ms at 1M). Such input is read as an email prefix on the email index.
 */
export function emailPrefix(term: string): string | null {
  if (/\s/.test(term) || !/[.@_]/.test(term) || !/\p{L}/u.test(term)) return null;
  return foldedWords(term).some((w) => w.length === 1) ? term : null;
}

/**
 * Exact hits (membership code, phone, document, tax ID, email) come first, then FTS matches by
 * relevance; an empty query lists everyone by name.
 */
export function searchCustomers(sql: Sql, search: CustomerSearch, listCounts?: Map<string, number>): CustomerSearchResult {
  const { filter, statements, visible, countKey } = statementsFor(search);
  const match = customerMatchQuery(search.query);
  if (!match) {
    let total: number;
    if (filter.counts) {
      total = sql.raw<{ n: number }>(countsSql(filter.counts.sql), visible[0] as number, ...filter.counts.params)[0]?.n ?? 0;
    } else {
      const cached = listCounts?.get(countKey);
      total = cached ?? sql.raw<{ n: number }>(statements.listCount, ...visible)[0]?.n ?? 0;
      if (cached === undefined && listCounts) keepCount(listCounts, countKey, total);
    }
    // A filter met by few that reads every row anyway (a custom condition) or has its own index
    // (pending approval, a small group): sort those few instead of walking the whole sort index.
    const few = (filter.scans === true || filter.indexed === true) && total < FEW_MATCHES * (search.offset + search.limit);
    const items = sql.raw<SummaryRow>(few ? statements.listFew : statements.list, ...visible, search.limit, search.offset);
    return { items: items.map(rowToSummary), total, capped: false };
  }

  const term = search.query.trim();
  const exact = sql.raw<SummaryRow>(statements.exact, ...visible, term, search.phoneE164, term, term, term);
  // Exact hits are usually FTS hits too: list each customer once, exact first.
  const exactIds = JSON.stringify(exact.map((r) => r.id));
  const page = exact.slice(search.offset, search.offset + search.limit);
  const firstWord = foldedWords(term)[0] ?? '';
  const email = emailPrefix(term);
  const source = email ? [email, `${email}\uffff`] : [match];
  const rows = sql.raw<SummaryRow & { total: number }>(
    email ? statements.emailMatches : statements.matches,
    ...source,
    ...visible,
    exactIds,
    `${firstWord}%`,
    Math.max(1, search.limit - page.length),
    Math.max(0, search.offset - exact.length),
  );
  if (page.length < search.limit) page.push(...rows);
  // No row back: the page lies past the matches (or exact hits filled it), so count them alone.
  const matches =
    rows[0]?.total ??
    sql.raw<{ n: number }>(email ? statements.emailMatchCount : statements.matchCount, ...source, ...visible, exactIds)[0]?.n ??
    0;
  return {
    items: page.map(rowToSummary),
    total: exact.length + Math.min(matches, SEARCH_COUNT_CAP),
    capped: matches > SEARCH_COUNT_CAP,
  };
}
