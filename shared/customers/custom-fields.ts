import { z } from 'zod';
import { foldText } from '../text';
import { CONTROL_CHARS } from './field-types';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'choice'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const MAX_CUSTOM_FIELDS = 50;
export const MAX_CHOICE_OPTIONS = 50;
export const MAX_CUSTOM_TEXT = 500;
/** What a customer holds for one custom field. */
export type CustomFieldValue = string | number | boolean;

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
const plain = (max: number) =>
  z
    .string('invalid')
    .trim()
    .min(1, 'required')
    .max(max, 'too_long')
    .refine((v) => !CONTROL_CHARS.test(v), 'invalid_characters');

export const customFieldDefinitionSchema = z.object({
  id: z.string(),
  /** Stable name in exports, filters and the audit (`custom_fields.<key>`); set once. */
  key: z.string(),
  label: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  /** The choices of a `choice` field, in order. */
  options: z.array(z.string()),
  required: z.boolean(),
  /** Inactive fields leave the forms; values already stored stay and are still shown. */
  active: z.boolean(),
});
export type CustomFieldDefinition = z.infer<typeof customFieldDefinitionSchema>;

export const saveCustomFieldInput = z.strictObject({
  id: z.uuid('invalid').optional(),
  key: z.string('invalid').regex(KEY, 'invalid_key'),
  label: plain(80),
  type: z.enum(CUSTOM_FIELD_TYPES, 'invalid'),
  options: z.array(plain(60), 'invalid').max(MAX_CHOICE_OPTIONS, 'too_many').default([]),
  required: z.boolean('invalid').default(false),
  active: z.boolean('invalid').default(true),
});
export type SaveCustomFieldInput = z.infer<typeof saveCustomFieldInput>;

/** Rules of one definition on its own: a choice needs options, each once. */
export function customFieldDefinitionErrors(input: Pick<SaveCustomFieldInput, 'type' | 'options'>): Record<string, string> {
  if (input.type !== 'choice') return input.options.length > 0 ? { options: 'options_only_for_choice' } : {};
  if (input.options.length === 0) return { options: 'options_required' };
  const seen = new Set<string>();
  for (const option of input.options) {
    const key = foldText(option.trim());
    if (seen.has(key)) return { options: 'duplicate_option' };
    seen.add(key);
  }
  return {};
}

/** Values as a form or an import sends them: key -> value, null clears. */
export const customFieldValuesInput = z.record(
  z.string().regex(KEY, 'unknown_field'),
  z.union([z.string('invalid').max(MAX_CUSTOM_TEXT, 'too_long'), z.number('invalid'), z.boolean('invalid'), z.null()], 'invalid'),
  'invalid',
);
export type CustomFieldValuesInput = z.infer<typeof customFieldValuesInput>;

const isIsoDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

/**
 * Check values against the definitions and return them as stored (text trimmed, empty = absent).
 * `complete`: a new record, so every required active field must have a value; an edit checks only
 * the fields it sends. Errors are keyed `customFields.<key>`.
 */
export function checkCustomFieldValues(
  definitions: readonly CustomFieldDefinition[],
  input: CustomFieldValuesInput,
  options: { complete: boolean },
): { values: Record<string, CustomFieldValue | null>; errors: Record<string, string> } {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const values: Record<string, CustomFieldValue | null> = {};
  const errors: Record<string, string> = {};
  for (const [key, raw] of Object.entries(input)) {
    const def = byKey.get(key);
    const value = typeof raw === 'string' ? (raw.trim() === '' ? null : raw.trim()) : raw;
    if (!def || (!def.active && value !== null)) {
      errors[`customFields.${key}`] = 'unknown_field';
      continue;
    }
    if (value === null) {
      if (def.required && def.active) errors[`customFields.${key}`] = 'required';
      else values[key] = null;
      continue;
    }
    const error = valueError(def, value);
    if (error) errors[`customFields.${key}`] = error;
    else
      values[key] = def.type === 'choice' ? (def.options.find((o) => foldText(o) === foldText(String(value))) as string) : value;
  }
  if (options.complete)
    for (const def of definitions)
      if (def.active && def.required && values[def.key] == null) errors[`customFields.${def.key}`] ??= 'required';
  return { values, errors };
}

function valueError(def: CustomFieldDefinition, value: CustomFieldValue): string | null {
  switch (def.type) {
    case 'text':
      return typeof value === 'string' && !CONTROL_CHARS.test(value) ? null : 'invalid';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'invalid_number';
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? null : 'invalid_date';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'invalid';
    case 'choice':
      return typeof value === 'string' && def.options.some((o) => foldText(o) === foldText(value)) ? null : 'not_an_option';
  }
}
