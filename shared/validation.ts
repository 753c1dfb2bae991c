import type { z } from 'zod';
import type { FieldErrors } from './errors';

const MESSAGE_KEY = /^[a-z_]+$/;

/** zod issues -> field -> message key; the first issue per field wins. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.filter((p) => typeof p === 'string' || typeof p === 'number');
    // The patch wrapper of customers.update is not a field the user sees.
    const field = (path[0] === 'patch' ? path.slice(1) : path).join('.') || '_';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[field === '_' ? key : `${field}.${key}`] ??= 'unknown_field';
      continue;
    }
    fields[field] ??= MESSAGE_KEY.test(issue.message) ? issue.message : 'invalid';
  }
  return fields;
}
