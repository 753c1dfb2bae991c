/** Error codes that cross the IPC / HTTP boundary as data. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'HAS_PURCHASES',
  'DUPLICATE',
  'UNAUTHENTICATED',
  /** Sign-in: the PIN is not this user's (`attemptsLeft` before a lockout). */
  'WRONG_PIN',
  /** Sign-in: too many wrong PINs; `retryAt` says when to try again. */
  'LOCKED',
  /** The change would leave no active admin to manage users. */
  'LAST_ADMIN',
  /** No safe place to keep a secret on this computer (no unlocked keyring, or a key file others can read). */
  'SECRETS_UNAVAILABLE',
  /** A saved secret cannot be read back (another computer's key, a lost key file, or altered bytes). */
  'SECRETS_UNREADABLE',
  /** The disk had no room for a write (SQLite's SQLITE_FULL): nothing of it was saved. */
  'DISK_FULL',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Field name -> message key (translated by the renderer under `errors.<key>`). */
export type FieldErrors = Record<string, string>;

export interface ErrorData {
  code: ErrorCode;
  message: string;
  fields?: FieldErrors;
  /** With DUPLICATE: the customers this one probably is, so the UI can offer to open one. */
  duplicates?: unknown[];
  /** With WRONG_PIN: tries left before the user is locked out. */
  attemptsLeft?: number;
  /** With LOCKED: when (ISO) the user may try again. */
  retryAt?: string;
}

type ErrorDetail = Pick<ErrorData, 'attemptsLeft' | 'retryAt'>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  readonly duplicates?: unknown[];
  readonly detail: ErrorDetail;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors, duplicates?: unknown[], detail: ErrorDetail = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (fields && Object.keys(fields).length > 0) this.fields = fields;
    if (duplicates) this.duplicates = duplicates;
    this.detail = detail;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.message };
    if (this.fields) data.fields = this.fields;
    if (this.duplicates) data.duplicates = this.duplicates;
    if (this.detail.attemptsLeft !== undefined) data.attemptsLeft = this.detail.attemptsLeft;
    if (this.detail.retryAt !== undefined) data.retryAt = this.detail.retryAt;
    return data;
  }

  static fromData(data: ErrorData): AppError {
    return new AppError(data.code, data.message, data.fields, data.duplicates, {
      attemptsLeft: data.attemptsLeft,
      retryAt: data.retryAt,
    });
  }
}

export function validationError(fields: FieldErrors, message = 'Some fields are not valid'): AppError {
  return new AppError('VALIDATION', message, fields);
}

/** Anything thrown becomes ErrorData; unknown errors never leak their internals. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof AppError) return error.toData();
  // better-sqlite3's SqliteError, or a writer thread's error carrying its code: a full disk is said
  // as such, so the person at the till can act on it.
  if ((error as { code?: unknown } | null)?.code === 'SQLITE_FULL')
    return { code: 'DISK_FULL', message: 'The disk is full: nothing was saved. Free some space and try again.' };
  return { code: 'INTERNAL', message: 'Something went wrong. The change was not saved.' };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };
