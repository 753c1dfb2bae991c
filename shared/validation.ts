import type { z } from 'zod';
import type { FieldErrors } from './errors';

const MESSAGE_KEY = /^[a-z_]+$/;
/** Lists of rows whose errors belong next to one field of one row (`addresses.1.city`), and maps by key (`customFields.vip`). */
const DEPTH = new Map([
  ['addresses', 3],
  ['contacts', 3],
  ['customFields', 2],
]);

/** zod issues -> field -> message key; the first issue per field wins. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.filter((p) => typeof p === 'string' || typeof p === 'number');
    // The patch wrapper of customers.update is not a field the user sees; an error inside a list of
    // values (tags.3) belongs next to the list's own control, inside a row next to the row's field.
    const fieldPath = path[0] === 'patch' ? path.slice(1) : path;
    const depth = DEPTH.get(String(fieldPath[0]));
    const field = depth && fieldPath.length >= 2 ? fieldPath.slice(0, depth).join('.') : String(fieldPath[0] ?? '_');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[field === '_' ? key : `${field}.${key}`] ??= 'unknown_field';
      continue;
    }
    // A key no record schema allows (customFields.{"Bad Key"}) is an unknown field.
    if (issue.code === 'invalid_key') {
      fields[field] ??= 'unknown_field';
      continue;
    }
    fields[field] ??= MESSAGE_KEY.test(issue.message) ? issue.message : 'invalid';
  }
  return fields;
}
