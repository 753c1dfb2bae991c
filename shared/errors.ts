/** Error codes that cross the IPC / HTTP boundary as data. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'HAS_PURCHASES',
  'DUPLICATE',
  'UNAUTHENTICATED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Field name -> message key (translated by the renderer under `errors.<key>`). */
export type FieldErrors = Record<string, string>;

export interface ErrorData {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (fields && Object.keys(fields).length > 0) this.fields = fields;
  }

  toData(): ErrorData {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }

  static fromData(data: ErrorData): AppError {
    return new AppError(data.code, data.message, data.fields);
  }
}

export function validationError(fields: FieldErrors, message = 'Some fields are not valid'): AppError {
  return new AppError('VALIDATION', message, fields);
}

/** Anything thrown becomes ErrorData; unknown errors never leak their internals. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof AppError) return error.toData();
  return { code: 'INTERNAL', message: 'Something went wrong. The change was not saved.' };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };
