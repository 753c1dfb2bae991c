import type { z } from 'zod';
import type { FieldErrors } from './errors';

const MESSAGE_KEY = /^[a-z_]+$/;
/** Lists of rows whose errors belong next to one field of one row: `addresses.1.city`. */
const ROW_LISTS = new Set(['addresses', 'contacts']);

/** zod issues -> field -> message key; the first issue per field wins. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.filter((p) => typeof p === 'string' || typeof p === 'number');
    // The patch wrapper of customers.update is not a field the user sees, and an error inside a
    // list (tags.3) belongs next to the list's own control.
    const fieldPath = path[0] === 'patch' ? path.slice(1) : path;
    const field =
      ROW_LISTS.has(String(fieldPath[0])) && fieldPath.length >= 2
        ? fieldPath.slice(0, 3).join('.')
        : String(fieldPath[0] ?? '_');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[field === '_' ? key : `${field}.${key}`] ??= 'unknown_field';
      continue;
    }
    fields[field] ??= MESSAGE_KEY.test(issue.message) ? issue.message : 'invalid';
  }
  return fields;
}
