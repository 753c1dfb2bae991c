import { distance } from 'fastest-levenshtein';
import type { DuplicateReason, LikelyDuplicate } from '../../shared/customers/duplicates';
import { foldText } from '../../shared/text';
import type { CustomersTable } from '../schema';
import type { Sql } from '../sql';

export interface DuplicateProbe {
  phone: string | null;
  email: string | null;
  idDocNumber: string | null;
  taxId: string | null;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
}

type Row = Pick<
  CustomersTable,
  | 'id'
  | 'kind'
  | 'first_name'
  | 'last_name'
  | 'company'
  | 'phone'
  | 'email'
  | 'id_doc_number'
  | 'tax_id'
  | 'date_of_birth'
  | 'status'
>;
const COLUMNS = 'id, kind, first_name, last_name, company, phone, email, id_doc_number, tax_id, date_of_birth, status';

/** Two names this close (edits, after folding accents and case) on the same birth date are one person. */
const MAX_NAME_DISTANCE = 2;
const fullName = (first: string | null, last: string | null) => foldText([first, last].filter(Boolean).join(' '));

/**
 * Customers who are probably the one being saved: same phone, email, ID document or tax ID, or a
 * very similar name with the same birth date. Merged customers are gone; inactive ones count.
 */
export function findLikelyDuplicates(sql: Sql, probe: DuplicateProbe, excludeId: string | null): LikelyDuplicate[] {
  const found = new Map<string, { row: Row; reasons: Set<DuplicateReason> }>();
  const add = (rows: Row[], reason: DuplicateReason) => {
    for (const row of rows) {
      if (row.id === excludeId) continue;
      const entry = found.get(row.id) ?? { row, reasons: new Set<DuplicateReason>() };
      entry.reasons.add(reason);
      found.set(row.id, entry);
    }
  };
  const lookup = (column: string, value: string | null, reason: DuplicateReason, collate = '') => {
    if (value)
      add(
        sql.raw<Row>(`SELECT ${COLUMNS} FROM customers WHERE ${column} = ?${collate} AND merged_into IS NULL LIMIT 10`, value),
        reason,
      );
  };
  lookup('phone', probe.phone, 'phone');
  lookup('email', probe.email, 'email', ' COLLATE NOCASE');
  lookup('id_doc_number', probe.idDocNumber, 'document');
  lookup('tax_id', probe.taxId, 'tax_id');
  const name = fullName(probe.firstName, probe.lastName);
  if (probe.dateOfBirth && name) {
    const sameDay = sql.raw<Row>(
      `SELECT ${COLUMNS} FROM customers WHERE date_of_birth = ? AND merged_into IS NULL LIMIT 500`,
      probe.dateOfBirth,
    );
    add(
      sameDay.filter((row) => distance(fullName(row.first_name, row.last_name), name) <= MAX_NAME_DISTANCE),
      'name_birth_date',
    );
  }
  return [...found.values()].map(({ row, reasons }) => ({
    id: row.id,
    kind: row.kind,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    phone: row.phone,
    email: row.email,
    status: row.status,
    reasons: [...reasons],
  }));
}
