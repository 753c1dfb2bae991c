import { distance } from 'fastest-levenshtein';
import type { DuplicatePair, DuplicateReason, DuplicateSide } from '../../shared/customers/duplicates';
import { foldText } from '../../shared/text';
import type { CustomersTable } from '../schema';
import type { Sql } from '../sql';

/**
 * The Duplicates view scans the store in stages, one per reason, each walking an index in key
 * order. A call reads at most SCAN_BUDGET index entries, so no call blocks main for long at a
 * million customers; the cursor ("stage|last key") tells the next call where to go on.
 */
export const SCAN_BUDGET = 20_000;
/** Customers sharing one key beyond this many are listed by their first few. */
const GROUP_MAX = 10;
/** Names within this many edits (accents and case folded) on the same birth date are one person. */
const MAX_NAME_DISTANCE = 2;
/** Among same-day customers sorted by name, each is compared with the next few. */
const NAME_WINDOW = 3;

type Stage = { reason: DuplicateReason; column: keyof CustomersTable; collate: string };
const KEY_STAGES: Stage[] = [
  { reason: 'phone', column: 'phone', collate: '' },
  { reason: 'email', column: 'email', collate: ' COLLATE NOCASE' },
  { reason: 'document', column: 'id_doc_number', collate: '' },
  { reason: 'tax_id', column: 'tax_id', collate: '' },
];
const NAME_STAGE = KEY_STAGES.length;

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
  | 'membership_code'
  | 'status'
  | 'created_at'
>;
const COLUMNS =
  'id, kind, first_name, last_name, company, phone, email, id_doc_number, tax_id, date_of_birth, membership_code, status, created_at';

const fullName = (row: Pick<Row, 'first_name' | 'last_name'>) =>
  foldText([row.first_name, row.last_name].filter(Boolean).join(' '));

/** Every reason two customers look alike, in the order the stages list them. */
export function pairReasons(a: Row, b: Row): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  if (a.phone && a.phone === b.phone) reasons.push('phone');
  if (a.email && b.email && a.email.toLowerCase() === b.email.toLowerCase()) reasons.push('email');
  if (a.id_doc_number && a.id_doc_number === b.id_doc_number) reasons.push('document');
  if (a.tax_id && a.tax_id === b.tax_id) reasons.push('tax_id');
  const name = fullName(a);
  if (a.date_of_birth && a.date_of_birth === b.date_of_birth && name && distance(name, fullName(b)) <= MAX_NAME_DISTANCE)
    reasons.push('name_birth_date');
  return reasons;
}

function side(row: Row): DuplicateSide {
  return {
    id: row.id,
    kind: row.kind,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    phone: row.phone,
    email: row.email,
    idDocNumber: row.id_doc_number,
    taxId: row.tax_id,
    dateOfBirth: row.date_of_birth,
    membershipCode: row.membership_code,
    status: row.status,
    createdAt: row.created_at,
  };
}

function parseCursor(cursor: string | null): { stage: number; after: string } {
  if (!cursor) return { stage: 0, after: '' };
  const bar = cursor.indexOf('|');
  const stage = Number(cursor.slice(0, bar));
  if (bar < 1 || !Number.isInteger(stage) || stage < 0 || stage > NAME_STAGE) return { stage: 0, after: '' };
  return { stage, after: cursor.slice(bar + 1) };
}

/** Keys read in order from one chunk: the groups of equal keys, and where the next chunk starts. */
function groupsOfChunk(keys: string[], full: boolean): { groups: string[]; last: string | null } {
  if (keys.length === 0) return { groups: [], last: null };
  let end = keys.length;
  // A full chunk may have cut the last key's group in two: leave that key to the next chunk,
  // unless the whole chunk is that one key.
  if (full) {
    const lastKey = keys[keys.length - 1];
    while (end > 0 && keys[end - 1] === lastKey) end--;
    if (end === 0) end = keys.length;
  }
  const groups: string[] = [];
  for (let i = 1; i < end; i++)
    if (keys[i] === keys[i - 1] && groups[groups.length - 1] !== keys[i]) groups.push(keys[i] as string);
  return { groups, last: keys[end - 1] as string };
}

/**
 * One page of likely-duplicate pairs among customers not merged away, without the pairs a manager
 * dismissed. A pair sharing several keys is listed once, at the first stage that finds it.
 */
export function scanDuplicatePairs(
  sql: Sql,
  cursor: string | null,
  limit: number,
): { pairs: DuplicatePair[]; next: string | null } {
  let { stage, after } = parseCursor(cursor);
  let budget = SCAN_BUDGET;
  const pairs: DuplicatePair[] = [];
  const dismissed = (a: string, b: string) =>
    sql.raw('SELECT 1 FROM duplicate_dismissals WHERE customer_a = ? AND customer_b = ?', ...(a < b ? [a, b] : [b, a])).length >
    0;
  const offer = (a: Row, b: Row, stageReason: DuplicateReason) => {
    const reasons = pairReasons(a, b);
    // Listed where its first reason is scanned, so it shows once.
    if (reasons[0] !== stageReason || dismissed(a.id, b.id)) return;
    const [older, newer] = a.created_at <= b.created_at ? [a, b] : [b, a];
    pairs.push({ a: side(older), b: side(newer), reasons });
  };

  while (stage <= NAME_STAGE && budget > 0 && pairs.length < limit) {
    const chunk = Math.min(budget, SCAN_BUDGET);
    if (stage < NAME_STAGE) {
      const { reason, column, collate } = KEY_STAGES[stage] as Stage;
      const keys = sql
        .raw<{ k: string }>(
          `SELECT ${column} AS k FROM customers WHERE ${column} > ?${collate} ORDER BY ${column}${collate} LIMIT ?`,
          after,
          chunk,
        )
        .map((r) => r.k);
      budget -= keys.length + 1;
      const { groups, last } = groupsOfChunk(keys, keys.length === chunk);
      for (const key of groups) {
        const members = sql.raw<Row>(
          `SELECT ${COLUMNS} FROM customers WHERE ${column} = ?${collate} AND merged_into IS NULL ORDER BY created_at, id LIMIT ${GROUP_MAX}`,
          key,
        );
        for (const other of members.slice(1)) offer(members[0] as Row, other, reason);
      }
      if (last === null || keys.length < chunk) [stage, after] = [stage + 1, ''];
      else after = last;
    } else {
      // Same-day customers, a chunk of whole days at a time.
      const rows = sql.raw<Row>(
        `SELECT ${COLUMNS} FROM customers WHERE date_of_birth > ? AND merged_into IS NULL ORDER BY date_of_birth LIMIT ?`,
        after,
        Math.min(chunk, 5000),
      );
      budget -= rows.length * 4 + 1;
      const full = rows.length === Math.min(chunk, 5000);
      const { last } = groupsOfChunk(
        rows.map((r) => r.date_of_birth as string),
        full,
      );
      const byDay = new Map<string, Row[]>();
      for (const row of rows) {
        const day = row.date_of_birth as string;
        if (last !== null && day > last) break;
        byDay.set(day, [...(byDay.get(day) ?? []), row]);
      }
      for (const members of byDay.values()) {
        if (members.length < 2) continue;
        const named = members.map((row) => ({ row, name: fullName(row) })).filter((m) => m.name);
        named.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        for (let i = 0; i < named.length; i++)
          for (let j = i + 1; j < Math.min(named.length, i + 1 + NAME_WINDOW); j++)
            offer((named[i] as { row: Row }).row, (named[j] as { row: Row }).row, 'name_birth_date');
      }
      if (last === null || !full) [stage, after] = [stage + 1, ''];
      else after = last;
    }
  }
  return { pairs, next: stage > NAME_STAGE ? null : `${stage}|${after}` };
}
