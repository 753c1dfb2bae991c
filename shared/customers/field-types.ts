import { z } from 'zod';

/** Building blocks of the customer schemas (the record, its addresses and contacts), message keys as errors. */

// C0/C1 control characters are never part of a name, code or number.
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
// Notes may hold line breaks and tabs, nothing else invisible.
export const NOTE_CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const line = (max: number) =>
  z
    .string('invalid')
    .max(max, 'too_long')
    .refine((v) => !CONTROL_CHARS.test(v), 'invalid_characters')
    .nullable();

export const emailField = line(254).refine(
  (v) => v === null || v.trim() === '' || z.email().safeParse(v.trim()).success,
  'invalid_email',
);
