import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import { localDayStart, storeDate } from '../../shared/checkout/store-time';
import { type CustomerFilters, NO_PURCHASE_DAYS, TOP_SPENDERS, TOP_SPENDERS_DAYS } from '../../shared/customers/filters';
import { conditionSql } from './customer-conditions';

const DAY_MS = 86_400_000;

export interface FilterSql {
  /** A condition on customers aliased `c`; "1" when nothing filters. */
  sql: string;
  params: (string | number)[];
  /** Holds a custom condition, which may need every row read (no index serves "contains" or a JSON value). */
  scans?: boolean;
  /**
   * Holds a filter an index finds directly (a status, a group): when few customers meet it, they
   * are read through that index and sorted. A flag filter ("no phone") has no such index: reading
   * its few matches would read every row, so its page walks the sort index instead.
   */
  indexed?: boolean;
  /**
   * The same filters as a condition on customer_counts aliased `k` (migration 13), when they are
   * only the ones it keeps: the count is then a sum over a few dozen rows.
   */
  counts?: { sql: string; params: (string | number)[] };
}

/** The filters customer_counts keeps, each with the condition and value it puts on `k`. */
const COUNTED: {
  [K in 'status' | 'hasPhone' | 'hasEmail' | 'smsConsent' | 'emailConsent' | 'groupId']: (
    value: NonNullable<CustomerFilters[K]>,
  ) => [string, string | number];
} = {
  status: (v) => ['k.status = ?', v],
  hasPhone: (v) => ['k.has_phone = ?', v ? 1 : 0],
  hasEmail: (v) => ['k.has_email = ?', v ? 1 : 0],
  smsConsent: (v) => ['k.sms_consent = ?', v ? 1 : 0],
  emailConsent: (v) => ['k.email_consent = ?', v ? 1 : 0],
  groupId: (v) => ['k.group_id = ?', v],
};

function countsFilter(filters: CustomerFilters): FilterSql['counts'] {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const counted = COUNTED[key as keyof typeof COUNTED] as ((v: unknown) => [string, string | number]) | undefined;
    if (!counted) return undefined;
    const [sql, param] = counted(value);
    conditions.push(sql);
    params.push(param);
  }
  return { sql: conditions.length > 0 ? conditions.join(' AND ') : '1', params };
}

/** Year and month of an instant in the store's zone, and that month's first instant in UTC. */
export function storeMonth(now: number, timeZone: string): { month: string; startUtc: string } {
  const today = storeDate(now, timeZone);
  return { month: today.slice(5, 7), startUtc: new Date(localDayStart(`${today.slice(0, 7)}-01`, timeZone)).toISOString() };
}

/** Midnight UTC of today less `days`: a day's precision keeps the cached counts' keys stable through the day. */
function daysBefore(now: number, days: number): string {
  return new Date((Math.floor(now / DAY_MS) - days) * DAY_MS).toISOString();
}

/**
 * Filters -> one SQL condition with its parameters (never user text in the SQL itself). Custom
 * conditions must have been checked against `definitions` (`conditionErrors`).
 */
export function customerFilterSql(
  filters: CustomerFilters,
  now: number,
  timeZone: string,
  definitions: readonly CustomFieldDefinition[] = [],
): FilterSql {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const flag = (value: boolean | undefined, column: string) => {
    if (value !== undefined) {
      conditions.push(`c.${column} = ?`);
      params.push(value ? 1 : 0);
    }
  };
  const present = (value: boolean | undefined, column: string) => {
    if (value !== undefined) conditions.push(`c.${column} IS ${value ? 'NOT ' : ''}NULL`);
  };
  if (filters.status) {
    conditions.push('c.status = ?');
    params.push(filters.status);
  }
  present(filters.hasPhone, 'phone');
  present(filters.hasEmail, 'email');
  flag(filters.smsConsent, 'sms_consent');
  flag(filters.emailConsent, 'email_consent');
  if (filters.birthdayThisMonth || filters.newThisMonth) {
    const { month, startUtc } = storeMonth(now, timeZone);
    if (filters.birthdayThisMonth) {
      conditions.push('substr(c.date_of_birth, 6, 2) = ?');
      params.push(month);
    }
    if (filters.newThisMonth) {
      conditions.push('c.created_at >= ?');
      params.push(startUtc);
    }
  }
  if (filters.noPurchase90Days) {
    // One probe of the (customer_id, created_at) index per customer on the page.
    conditions.push("NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.kind = 'sale' AND o.created_at >= ?)");
    params.push(daysBefore(now, NO_PURCHASE_DAYS));
  }
  if (filters.topSpenders) {
    conditions.push(`c.id IN (SELECT o.customer_id FROM orders o
      WHERE o.customer_id IS NOT NULL AND o.created_at >= ?
      GROUP BY o.customer_id
      HAVING sum(CASE o.kind WHEN 'sale' THEN o.total_minor ELSE -o.total_minor END) > 0
      ORDER BY sum(CASE o.kind WHEN 'sale' THEN o.total_minor ELSE -o.total_minor END) DESC, o.customer_id
      LIMIT ${TOP_SPENDERS})`);
    params.push(daysBefore(now, TOP_SPENDERS_DAYS));
  }
  if (filters.groupId) {
    conditions.push('c.group_id = ?');
    params.push(filters.groupId);
  }
  if (filters.tag) {
    conditions.push('EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value = ? COLLATE NOCASE)');
    params.push(filters.tag);
  }
  for (const condition of filters.conditions ?? []) {
    const piece = conditionSql(condition, definitions, now, timeZone);
    conditions.push(piece.sql);
    params.push(...piece.params);
  }
  const counts = countsFilter(filters);
  if (conditions.length === 0) return { sql: '1', params, ...(counts ? { counts } : {}) };
  return {
    sql: conditions.join(' AND '),
    params,
    ...(filters.conditions?.length ? { scans: true } : {}),
    ...(filters.status || filters.groupId ? { indexed: true } : {}),
    ...(counts ? { counts } : {}),
  };
}
