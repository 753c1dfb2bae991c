import type { FieldErrors as FormErrors, FieldValues, Path, Resolver, UseFormSetError } from 'react-hook-form';
import type { z } from 'zod';
import type { ErrorData, FieldErrors } from '../../shared/errors';
import { zodFieldErrors } from '../../shared/validation';

/**
 * react-hook-form resolver over our own zod schemas and cross-field rules, so
 * the form shows the very message keys the main process would answer with.
 */
export function contractResolver<T extends FieldValues>(
  schema: z.ZodType,
  toInput: (values: T) => unknown,
  rules: (values: T) => FieldErrors = () => ({}),
): Resolver<T> {
  return async (values) => {
    const parsed = schema.safeParse(toInput(values));
    const fields = { ...(parsed.success ? {} : zodFieldErrors(parsed.error)), ...rules(values) };
    if (Object.keys(fields).length === 0) return { values, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const [field, key] of Object.entries(fields)) errors[field] = { type: 'validate', message: key };
    return { values: {}, errors: errors as FormErrors<T> };
  };
}

/** Form inputs hold strings; the contract wants null for empty. */
export function emptyToNull<T extends object>(values: T): { [K in keyof T]: T[K] | null } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) out[key] = value === '' ? null : value;
  return out as { [K in keyof T]: T[K] | null };
}

/**
 * Show what main refused, where it belongs: each field's message next to the field, the code at
 * the form's root. Returns the look-alikes of a DUPLICATE, which the form shows instead.
 */
export function showServerError<T extends FieldValues>(data: ErrorData, setError: UseFormSetError<T>): unknown[] | null {
  if (data.code === 'DUPLICATE') return data.duplicates ?? [];
  for (const [field, key] of Object.entries(data.fields ?? {})) setError(field as Path<T>, { message: key });
  setError('root', { message: data.code });
  return null;
}

/** For a form without react-hook-form: each field's message for its field, or else the code for the whole form. */
export function fieldsOrFailure(data: ErrorData): { fields: FieldErrors; failure: string | null } {
  return { fields: data.fields ?? {}, failure: data.fields ? null : data.code };
}

/** The code showServerError left at the root, unless it only says "some fields need attention" beside them. */
export function rootFailure(errors: { root?: { message?: string } }): string | null {
  const code = errors.root?.message;
  return code && code !== 'VALIDATION' ? code : null;
}
