import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import {
  type BuiltInConditionField,
  type FilterCondition,
  normaliseCondition,
  type ResolvedConditionField,
  resolveConditionField,
} from '../../shared/customers/filter-conditions';
import { foldText } from '../../shared/text';
import { localDayStart, storeDate } from '../../shared/checkout/store-time';

/**
 * The builder's conditions -> SQL on customers aliased `c`. Every piece of SQL below is a constant
 * chosen by the field's name and the operator; what the user typed only ever travels as a bound
 * parameter. Conditions reach here checked (`conditionErrors`), so an unknown field is a bug.
 */

interface Piece {
  sql: string;
  params: (string | number)[];
}

/** Single-valued fields: one expression each (a custom field's expression takes its JSON path). */
const COLUMNS: Record<Exclude<BuiltInConditionField, 'city' | 'country' | 'tags'>, string> = {
  firstName: 'c.first_name',
  lastName: 'c.last_name',
  company: 'c.company',
  email: 'c.email',
  phone: 'c.phone',
  kind: 'c.kind',
  status: 'c.status',
  groupId: 'c.group_id',
  ownerId: 'c.owner_id',
  smsConsent: 'c.sms_consent',
  emailConsent: 'c.email_consent',
  doNotContact: 'c.do_not_contact',
  dateOfBirth: 'c.date_of_birth',
  createdAt: 'c.created_at',
  // Both walk the (customer_id, created_at) index of orders for one customer.
  lastPurchase: "(SELECT max(o.created_at) FROM orders o WHERE o.customer_id = c.id AND o.kind = 'sale')",
  totalSpent:
    "(SELECT coalesce(sum(CASE o.kind WHEN 'sale' THEN o.total_minor ELSE -o.total_minor END), 0) FROM orders o WHERE o.customer_id = c.id)",
  // Covered by the (customer_id, at, points) index of the ledger.
  loyaltyBalance: '(SELECT coalesce(sum(l.points), 0) FROM loyalty_entries l WHERE l.customer_id = c.id)',
  businessType: 'c.business_type',
  industry: 'c.industry',
  paymentTerms: 'c.payment_terms',
  preferredCurrency: 'c.preferred_currency',
  language: 'c.language',
  contactChannel: 'c.contact_channel',
  idDocType: 'c.id_doc_type',
  idDocNumber: 'c.id_doc_number',
  taxId: 'c.tax_id',
  registrationNumber: 'c.registration_number',
  externalId: 'c.external_id',
  membershipCode: 'c.membership_code',
  notes: 'c.notes',
};

/** Fields with several values per customer: the condition holds when one of them matches. */
const MANY: Record<'city' | 'country' | 'tags', { from: string; value: string; none: string }> = {
  city: {
    from: 'customer_addresses a WHERE a.customer_id = c.id',
    value: 'a.city',
    none: "NOT EXISTS (SELECT 1 FROM customer_addresses a WHERE a.customer_id = c.id AND a.city <> '')",
  },
  country: {
    from: 'customer_addresses a WHERE a.customer_id = c.id',
    value: 'a.country',
    none: 'NOT EXISTS (SELECT 1 FROM customer_addresses a WHERE a.customer_id = c.id)',
  },
  tags: { from: 'json_each(c.tags) t WHERE 1', value: 't.value', none: 'json_array_length(c.tags) = 0' },
};

/** Timestamps (UTC ISO instants) compare with the store's day boundaries; the rest are plain dates. */
const INSTANT_FIELDS = new Set(['createdAt', 'lastPurchase']);

const ACCENTED: Record<string, string> = {
  a: 'aáàâäãå',
  e: 'eéèêë',
  i: 'iíìîï',
  o: 'oóòôöõ',
  u: 'uúùûü',
  n: 'nñ',
  c: 'cç',
  y: 'yýÿ',
};

/**
 * Text typed -> a GLOB pattern that ignores case and accents ("quito" matches "Quitó"), matched
 * natively by SQLite: a SQL function folding every row costs 15x as much (ADR 0005).
 */
export function foldedGlob(text: string): string {
  let pattern = '';
  for (const ch of foldText(text)) {
    const variants = ACCENTED[ch] ?? ch;
    const all = [...new Set(`${variants}${variants.toUpperCase()}`)];
    if (all.length > 1) pattern += `[${all.join('')}]`;
    else if (ch === '*' || ch === '?' || ch === '[') pattern += `[${ch}]`;
    else pattern += ch;
  }
  return pattern;
}

const DAY_MS = 86_400_000;

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of a calendar day in the store's zone, as a UTC ISO string. */
export function startOfStoreDay(isoDate: string, timeZone: string): string {
  return new Date(localDayStart(isoDate, timeZone)).toISOString();
}

/** SQL from constant text: interpolated pieces go in as SQL with their parameters, values as bound `?`. */
function q(strings: TemplateStringsArray, ...values: (Piece | string | number)[]): Piece {
  let sql = strings[0] ?? '';
  const params: (string | number)[] = [];
  values.forEach((value, i) => {
    if (typeof value === 'object') {
      sql += value.sql;
      params.push(...value.params);
    } else {
      sql += '?';
      params.push(value);
    }
    sql += strings[i + 1] ?? '';
  });
  return { sql, params };
}

/** The predicate of one operator over one expression `x` (a column, a subquery or a JSON value). */
function predicate(x: Piece, field: ResolvedConditionField, condition: FilterCondition, now: number, timeZone: string): Piece {
  const { op, value } = condition;
  const text = field.type === 'text';
  switch (op) {
    case 'is_empty':
      return text ? q`(${x} IS NULL OR ${x} = '')` : q`${x} IS NULL`;
    case 'is_not_empty':
      return text ? q`(${x} IS NOT NULL AND ${x} <> '')` : q`${x} IS NOT NULL`;
    case 'contains':
      // A phone is held as E.164: only the digits typed count ("6123-4567" finds +50761234567).
      if (field.name === 'phone') return q`${x} GLOB ${`*${String(value).replace(/\D+/g, '')}*`}`;
      return q`${x} GLOB ${`*${foldedGlob(String(value))}*`}`;
    case 'equals':
      return q`${x} GLOB ${foldedGlob(String(value))}`;
    case 'starts_with':
      return q`${x} GLOB ${`${foldedGlob(String(value))}*`}`;
    case 'eq':
      return q`${x} = ${value as number}`;
    case 'ne':
      return q`${x} <> ${value as number}`;
    case 'lt':
      return q`${x} < ${value as number}`;
    case 'lte':
      return q`${x} <= ${value as number}`;
    case 'gt':
      return q`${x} > ${value as number}`;
    case 'gte':
      return q`${x} >= ${value as number}`;
    case 'is':
      if (field.type === 'boolean') return value ? q`${x} = 1` : q`coalesce(${x}, 0) = 0`;
      return q`${x} = ${value as string}`;
    case 'is_any_of':
      return q`${x} IN (SELECT value FROM json_each(${JSON.stringify(value)}))`;
    case 'between':
    case 'before':
    case 'after':
    case 'in_last_days':
      if (field.type !== 'date') {
        const [from, to] = value as [number, number];
        return q`${x} BETWEEN ${from} AND ${to}`;
      }
      return datePredicate(x, field, condition, now, timeZone);
  }
}

/**
 * Dates are calendar days in the store's zone, both ends of "between" included; "in the last N
 * days" is today and the N days before it. Timestamps compare with each day's first instant.
 */
function datePredicate(
  x: Piece,
  field: ResolvedConditionField,
  condition: FilterCondition,
  now: number,
  timeZone: string,
): Piece {
  const today = storeDate(now, timeZone);
  let from: string | null = null;
  let until: string | null = null; // the first day no longer included
  if (condition.op === 'before') until = condition.value as string;
  else if (condition.op === 'after') from = addDays(condition.value as string, 1);
  else if (condition.op === 'between') {
    const [a, b] = condition.value as [string, string];
    from = a;
    until = addDays(b, 1);
  } else {
    from = addDays(today, -(condition.value as number));
    until = addDays(today, 1);
  }
  const bound = (day: string) => (INSTANT_FIELDS.has(field.name) ? startOfStoreDay(day, timeZone) : day);
  if (from && until) return q`${x} >= ${bound(from)} AND ${x} < ${bound(until)}`;
  return from ? q`${x} >= ${bound(from)}` : q`${x} < ${bound(until as string)}`;
}

/** One checked condition as SQL. */
export function conditionSql(
  condition: FilterCondition,
  definitions: readonly CustomFieldDefinition[],
  now: number,
  timeZone: string,
): Piece {
  const field = resolveConditionField(condition.field, definitions);
  if (typeof field === 'string') throw new Error(`Unchecked condition on ${condition.field}`);
  const checked = normaliseCondition(condition, field);
  // A custom field's key is checked against the definitions and still bound, like every value.
  if (field.custom)
    return predicate(q`json_extract(c.custom_fields, ${`$."${field.custom.key}"`})`, field, checked, now, timeZone);
  const name = field.name as BuiltInConditionField;
  if (name === 'city' || name === 'country' || name === 'tags') {
    const many = MANY[name];
    if (checked.op === 'is_empty') return { sql: many.none, params: [] };
    if (checked.op === 'is_not_empty') return { sql: `NOT ${many.none}`, params: [] };
    const inner = predicate({ sql: many.value, params: [] }, field, checked, now, timeZone);
    return q`EXISTS (SELECT 1 FROM ${{ sql: many.from, params: [] }} AND ${inner})`;
  }
  return predicate({ sql: COLUMNS[name], params: [] }, field, checked, now, timeZone);
}
