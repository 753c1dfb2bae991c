import { z } from 'zod';
import { foldText } from '../text';
import type { CustomFieldDefinition } from './custom-fields';
import {
  BUSINESS_TYPES,
  CONTACT_CHANNELS,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  ID_DOC_TYPES,
  LANGUAGES,
  PAYMENT_TERMS,
} from './customer';
import { CONTROL_CHARS } from './field-types';

/**
 * Custom conditions of the list's filter builder: field / operator / value, combined with AND.
 * The field is a name from the catalogue below or `custom.<key>` for an admin-defined field; the
 * SQL is built from the catalogue in db/customers/customer-conditions.ts, never from what was typed.
 */

export const CONDITION_TYPES = ['text', 'number', 'money', 'date', 'boolean', 'choice'] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export const CONDITION_OPERATORS = [
  'contains',
  'equals',
  'starts_with',
  'is_empty',
  'is_not_empty',
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'before',
  'after',
  'in_last_days',
  'is',
  'is_any_of',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

const OPERATORS_BY_TYPE: Record<ConditionType, readonly ConditionOperator[]> = {
  text: ['contains', 'equals', 'starts_with', 'is_empty', 'is_not_empty'],
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_empty', 'is_not_empty'],
  money: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_empty', 'is_not_empty'],
  date: ['before', 'after', 'between', 'in_last_days', 'is_empty', 'is_not_empty'],
  boolean: ['is'],
  choice: ['is', 'is_any_of', 'is_empty', 'is_not_empty'],
};

export interface ConditionField {
  type: ConditionType;
  /** The field can be missing, so "is empty" / "is not empty" mean something. */
  nullable: boolean;
  /** A choice field's values (translated by the renderer); groups and countries are checked by shape. */
  options?: readonly string[];
  /** Operators, when fewer than the type's (a phone is matched by its digits only). */
  operators?: readonly ConditionOperator[];
}

/** Every customer field a manager filters on, in the order the builder lists them. */
export const CONDITION_FIELDS = {
  firstName: { type: 'text', nullable: true },
  lastName: { type: 'text', nullable: true },
  company: { type: 'text', nullable: true },
  email: { type: 'text', nullable: true },
  phone: { type: 'text', nullable: true, operators: ['contains', 'is_empty', 'is_not_empty'] },
  city: { type: 'text', nullable: true },
  country: { type: 'choice', nullable: true },
  kind: { type: 'choice', nullable: false, options: CUSTOMER_KINDS },
  status: { type: 'choice', nullable: false, options: CUSTOMER_STATUSES },
  groupId: { type: 'choice', nullable: true },
  /** The user who looks after the customer (a user id). */
  ownerId: { type: 'choice', nullable: true },
  tags: { type: 'text', nullable: true },
  smsConsent: { type: 'boolean', nullable: false },
  emailConsent: { type: 'boolean', nullable: false },
  doNotContact: { type: 'boolean', nullable: false },
  dateOfBirth: { type: 'date', nullable: true },
  createdAt: { type: 'date', nullable: false },
  lastPurchase: { type: 'date', nullable: true },
  totalSpent: { type: 'money', nullable: false },
  loyaltyBalance: { type: 'number', nullable: false },
  businessType: { type: 'choice', nullable: true, options: BUSINESS_TYPES },
  industry: { type: 'text', nullable: true },
  paymentTerms: { type: 'choice', nullable: true, options: PAYMENT_TERMS },
  preferredCurrency: { type: 'text', nullable: true, operators: ['equals', 'is_empty', 'is_not_empty'] },
  language: { type: 'choice', nullable: true, options: LANGUAGES },
  contactChannel: { type: 'choice', nullable: true, options: CONTACT_CHANNELS },
  idDocType: { type: 'choice', nullable: true, options: ID_DOC_TYPES },
  idDocNumber: { type: 'text', nullable: true },
  taxId: { type: 'text', nullable: true },
  registrationNumber: { type: 'text', nullable: true },
  externalId: { type: 'text', nullable: true },
  membershipCode: { type: 'text', nullable: false },
  notes: { type: 'text', nullable: true },
} as const satisfies Record<string, ConditionField>;
export type BuiltInConditionField = keyof typeof CONDITION_FIELDS;
export const BUILT_IN_CONDITION_FIELDS = Object.keys(CONDITION_FIELDS) as BuiltInConditionField[];

/** An admin-defined field is named `custom.<key>` in a condition. */
export const CUSTOM_FIELD_PREFIX = 'custom.';
export const MAX_CONDITIONS = 20;
export const MAX_CONDITION_TEXT = 100;
export const MAX_DAYS = 36_500;

const FIELD_NAME = /^(?:[a-zA-Z]{1,40}|custom\.[a-z][a-z0-9_]{0,39})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a condition looks like on the wire; `checkConditions` then checks it against its field. */
export const filterConditionSchema = z.strictObject({
  field: z.string('invalid').regex(FIELD_NAME, 'unknown_field'),
  op: z.enum(CONDITION_OPERATORS, 'invalid_operator'),
  value: z
    .union(
      [
        z.string().max(MAX_CONDITION_TEXT, 'too_long'),
        z.number().finite(),
        z.boolean(),
        z.array(z.union([z.string().max(MAX_CONDITION_TEXT, 'too_long'), z.number().finite()])).max(50, 'too_many'),
      ],
      'invalid',
    )
    .optional(),
});
export type FilterCondition = z.infer<typeof filterConditionSchema>;

export const filterConditionsSchema = z.array(filterConditionSchema, 'invalid').max(MAX_CONDITIONS, 'too_many');

/** A field as the builder and the checks see it: built in, or one of the admin's. */
export interface ResolvedConditionField extends ConditionField {
  name: string;
  custom?: CustomFieldDefinition;
}

export function resolveConditionField(
  name: string,
  definitions: readonly CustomFieldDefinition[],
): ResolvedConditionField | 'unknown_field' | 'field_deleted' {
  if (name.startsWith(CUSTOM_FIELD_PREFIX)) {
    const def = definitions.find((d) => d.key === name.slice(CUSTOM_FIELD_PREFIX.length));
    if (!def) return 'field_deleted';
    return { name, type: def.type, nullable: true, ...(def.type === 'choice' ? { options: def.options } : {}), custom: def };
  }
  if (!Object.hasOwn(CONDITION_FIELDS, name)) return 'unknown_field';
  return { name, ...(CONDITION_FIELDS[name as BuiltInConditionField] as ConditionField) };
}

export function operatorsFor(field: ConditionField): readonly ConditionOperator[] {
  const ops = field.operators ?? OPERATORS_BY_TYPE[field.type];
  return field.nullable ? ops : ops.filter((op) => op !== 'is_empty' && op !== 'is_not_empty');
}

/** Operators that take no value. */
export const NO_VALUE_OPERATORS: readonly ConditionOperator[] = ['is_empty', 'is_not_empty'];

// Four-digit years from 1000: a day before or after them is still a four-digit ISO date.
const isIsoDate = (v: unknown): v is string => {
  if (typeof v !== 'string' || !ISO_DATE.test(v) || v < '1000-01-01' || v > '9998-12-31') return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The error key for a value that does not fit one item of the field, or null. */
function itemError(field: ResolvedConditionField, value: unknown): string | null {
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return 'invalid';
      if (value.trim() === '') return 'required';
      if (CONTROL_CHARS.test(value)) return 'invalid_characters';
      if (field.name === 'phone' && !/\d/.test(value)) return 'digits_required';
      if (field.name === 'preferredCurrency' && !/^[A-Za-z]{3}$/.test(value.trim())) return 'invalid_currency';
      return null;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'invalid_number';
    case 'money':
      return typeof value === 'number' && Number.isSafeInteger(value) ? null : 'invalid_amount';
    case 'date':
      return isIsoDate(value) ? null : 'invalid_date';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'invalid';
    case 'choice': {
      if (typeof value !== 'string' || value === '') return 'required';
      if (field.name === 'groupId' || field.name === 'ownerId') return UUID.test(value) ? null : 'invalid';
      if (field.name === 'country') return /^[A-Z]{2}$/.test(value) ? null : 'invalid';
      return field.options?.some((o) => foldText(o) === foldText(value)) ? null : 'not_an_option';
    }
  }
}

/** The error of one condition, on its `field`, `op` or `value`. */
export function conditionError(
  condition: FilterCondition,
  definitions: readonly CustomFieldDefinition[],
): { part: 'field' | 'op' | 'value'; error: string } | null {
  const field = resolveConditionField(condition.field, definitions);
  if (typeof field === 'string') return { part: 'field', error: field };
  if (!operatorsFor(field).includes(condition.op)) return { part: 'op', error: 'invalid_operator' };
  const { op, value } = condition;
  const fail = (error: string) => ({ part: 'value' as const, error });
  if (NO_VALUE_OPERATORS.includes(op)) return value === undefined ? null : fail('invalid');
  if (value === undefined) return fail('required');
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2) return fail('invalid_range');
    const error = itemError(field, value[0]) ?? itemError(field, value[1]);
    if (error) return fail(error);
    return (value[0] as number | string) <= (value[1] as number | string) ? null : fail('invalid_range');
  }
  if (op === 'in_last_days')
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_DAYS ? null : fail('invalid_days');
  if (op === 'is_any_of') {
    if (!Array.isArray(value) || value.length === 0) return fail('required');
    for (const item of value) {
      const error = itemError(field, item);
      if (error) return fail(error);
    }
    return null;
  }
  if (Array.isArray(value)) return fail('invalid');
  const error = itemError(field, value);
  return error ? fail(error) : null;
}

/** Errors of a list of conditions keyed `conditions.<i>.field|op|value`; empty when all are good. */
export function conditionErrors(
  conditions: readonly FilterCondition[] | undefined,
  definitions: readonly CustomFieldDefinition[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  (conditions ?? []).forEach((condition, i) => {
    const error = conditionError(condition, definitions);
    if (error) errors[`conditions.${i}.${error.part}`] = error.error;
  });
  return errors;
}

/**
 * A choice value as stored (the option's own spelling), text trimmed; applied after the check so
 * "vip" finds customers holding "VIP".
 */
export function normaliseCondition(condition: FilterCondition, field: ResolvedConditionField): FilterCondition {
  const canonical = (v: unknown) => {
    if (typeof v !== 'string') return v;
    if (field.type === 'choice' && field.options) return field.options.find((o) => foldText(o) === foldText(v)) ?? v;
    if (field.name === 'preferredCurrency') return v.trim().toUpperCase();
    return field.type === 'text' ? v.trim() : v;
  };
  const value = Array.isArray(condition.value)
    ? (condition.value.map(canonical) as FilterCondition['value'])
    : (canonical(condition.value) as FilterCondition['value']);
  return value === undefined ? { field: condition.field, op: condition.op } : { ...condition, value };
}
