import type { Customer, CustomerSummary } from '../../shared/customers/customer';
import type { CustomersTable } from '../schema';
import { qb, type Sql } from '../sql';
import { customerMatchQuery } from './customer-search-text';

export function rowToCustomer(row: CustomersTable, groupName: string | null): Customer {
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
    membershipCode: row.membership_code,
    language: row.language as Customer['language'],
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
  return rowToCustomer(row, group?.name ?? null);
}

export function membershipCodeTaken(sql: Sql, code: string): boolean {
  return sql.first(qb.selectFrom('customers').select('id').where('membership_code', '=', code)) !== undefined;
}

export interface CustomerSearch {
  query: string;
  offset: number;
  limit: number;
  includeInactive: boolean;
  /** The query parsed as a phone with the store's country, for the exact lookup. */
  phoneE164: string | null;
}

/**
 * Exact hits (membership code, phone, document, tax ID, email) come first,
 * then FTS matches by relevance; an empty query lists everyone by name.
 */
export function searchCustomers(sql: Sql, search: CustomerSearch): { items: CustomerSummary[]; total: number } {
  const inactive = search.includeInactive ? 1 : 0;
  const match = customerMatchQuery(search.query);
  if (!match) {
    const items = sql.raw<SummaryRow>(
      `SELECT ${SUMMARY_SQL} FROM customers c
       WHERE c.merged_into IS NULL AND (? OR c.status <> 'inactive')
       ORDER BY c.sort_name, c.id LIMIT ? OFFSET ?`,
      inactive,
      search.limit,
      search.offset,
    );
    const [count] = sql.raw<{ n: number }>(
      `SELECT count(*) AS n FROM customers c WHERE c.merged_into IS NULL AND (? OR c.status <> 'inactive')`,
      inactive,
    );
    return { items: items.map(rowToSummary), total: count?.n ?? 0 };
  }

  const term = search.query.trim();
  const exact = sql.raw<SummaryRow>(
    `SELECT ${SUMMARY_SQL} FROM customers c
     WHERE c.merged_into IS NULL AND (? OR c.status <> 'inactive')
       AND (c.membership_code = ? OR c.phone = ? OR c.id_doc_number = ? OR c.tax_id = ? OR c.email = ? COLLATE NOCASE)
     LIMIT 20`,
    inactive,
    term,
    search.phoneE164,
    term,
    term,
    term,
  );
  // Exact hits are usually FTS hits too: list each customer once, exact first.
  const exactIds = JSON.stringify(exact.map((r) => r.id));
  const ftsWhere = `customers_fts MATCH ? AND c.merged_into IS NULL AND (? OR c.status <> 'inactive')
       AND c.id NOT IN (SELECT value FROM json_each(?))`;
  const [count] = sql.raw<{ n: number }>(
    `SELECT count(*) AS n FROM customers_fts f JOIN customers c ON c.rowid = f.rowid WHERE ${ftsWhere}`,
    match,
    inactive,
    exactIds,
  );
  const page = exact.slice(search.offset, search.offset + search.limit);
  const ftsLimit = search.limit - page.length;
  if (ftsLimit > 0) {
    const rest = sql.raw<SummaryRow>(
      `SELECT ${SUMMARY_SQL} FROM customers_fts f JOIN customers c ON c.rowid = f.rowid WHERE ${ftsWhere}
       ORDER BY f.rank, c.sort_name, c.id LIMIT ? OFFSET ?`,
      match,
      inactive,
      exactIds,
      ftsLimit,
      Math.max(0, search.offset - exact.length),
    );
    page.push(...rest);
  }
  return { items: page.map(rowToSummary), total: exact.length + (count?.n ?? 0) };
}
