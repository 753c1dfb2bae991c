import { z } from 'zod';
import { CONTROL_CHARS } from './customers/field-types';

/** What a user is given by the admin; read-only is a separate flag on any of them. */
export const USER_ROLES = ['admin', 'manager', 'cashier'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const PIN_MIN = 4;
export const PIN_MAX = 8;
/** Wrong PINs in a row before the user is locked out. */
export const MAX_PIN_ATTEMPTS = 5;

/**
 * A PIN a stranger would try first: one digit repeated (0000) or a run up or down the keypad
 * (1234, 9876). Refused when a PIN is set; docs/adr/0012-users-and-sessions.md.
 */
export function isTrivialPin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const step = (digits[1] ?? 0) - (digits[0] ?? 0);
  if (Math.abs(step) > 1) return false;
  return digits.every((d, i) => i === 0 || d - (digits[i - 1] ?? 0) === step);
}

export const pinSchema = z
  .string('invalid')
  .regex(/^\d*$/, 'pin_digits')
  .min(PIN_MIN, 'pin_length')
  .max(PIN_MAX, 'pin_length')
  .refine((pin) => !isTrivialPin(pin), 'pin_trivial');

/** What is typed at sign-in: only its shape is checked (a stored PIN is never trivial, but say "wrong", not why). */
const typedPin = z.string('invalid').regex(/^\d{1,8}$/, 'pin_digits');

const userName = z
  .string('invalid')
  .trim()
  .min(1, 'required')
  .max(60, 'too_long')
  .refine((v) => !CONTROL_CHARS.test(v), 'invalid_characters');

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  readOnly: z.boolean(),
  active: z.boolean(),
  /** Locked out after wrong PINs until this time (ISO), or null. */
  lockedUntil: z.string().nullable(),
  failedAttempts: z.number().int().min(0),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

/** What the sign-in screen shows on a tile: nothing that helps guess a PIN. */
export const userTileSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  readOnly: z.boolean(),
});
export type UserTile = z.infer<typeof userTileSchema>;

export const AUTH_STATES = ['setup', 'signedOut', 'locked', 'signedIn'] as const;
export type AuthState = (typeof AUTH_STATES)[number];

export const authStatusSchema = z.object({
  /** setup: no user yet (first run); locked: the session's user must type the PIN again. */
  state: z.enum(AUTH_STATES),
  user: userTileSchema.nullable(),
  /** Minutes without a touch before the screen locks (0: never). */
  lockAfterMinutes: z.number().int().min(0),
  /** The demo store: the sign-in screen shows the demo users' PINs. */
  demo: z.boolean(),
});
export type AuthStatus = z.infer<typeof authStatusSchema>;

export const setupInput = z.strictObject({ name: userName, pin: pinSchema });
export const signInInput = z.strictObject({ userId: z.uuid('invalid'), pin: typedPin });

export const addUserInput = z.strictObject({
  name: userName,
  role: z.enum(USER_ROLES, 'invalid'),
  readOnly: z.boolean('invalid').default(false),
  pin: pinSchema,
});
export const updateUserInput = z.strictObject({
  id: z.uuid('invalid'),
  name: userName.optional(),
  role: z.enum(USER_ROLES, 'invalid').optional(),
  readOnly: z.boolean('invalid').optional(),
});
export const resetPinInput = z.strictObject({ id: z.uuid('invalid'), pin: pinSchema });

/**
 * A user changing their own PIN: the current one (a wrong one counts toward the lockout), the new
 * one under the same rules as any PIN, typed twice.
 */
export const changePinInput = z
  .strictObject({ currentPin: typedPin, newPin: pinSchema, confirmPin: z.string('invalid') })
  .superRefine((input, ctx) => {
    if (input.confirmPin !== input.newPin) ctx.addIssue({ code: 'custom', path: ['confirmPin'], message: 'pin_mismatch' });
    if (input.newPin === input.currentPin) ctx.addIssue({ code: 'custom', path: ['newPin'], message: 'pin_same' });
  });

/** The demo store's users (main/demo), listed in the README and on its sign-in screen. */
export const DEMO_USERS: readonly { name: string; role: UserRole; readOnly: boolean; pin: string }[] = [
  { name: 'Ana', role: 'admin', readOnly: false, pin: '2468' },
  { name: 'Marco', role: 'manager', readOnly: false, pin: '1357' },
  { name: 'Carla', role: 'cashier', readOnly: false, pin: '8080' },
  { name: 'Diego', role: 'cashier', readOnly: true, pin: '9090' },
];
