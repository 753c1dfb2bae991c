import {
  type AuthStatus,
  MAX_PIN_ATTEMPTS,
  type User,
  type UserRole,
  type UserTile,
  type addUserInput,
  type changePinInput,
  type setupInput,
  type signInInput,
  type updateUserInput,
} from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { Role } from '../../shared/permissions';
import type { z } from 'zod';
import type { Sql } from '../../db/sql';
import {
  auditSession,
  clearFailures,
  countFailure,
  countManagingAdmins,
  countUsers,
  findUser,
  insertUser,
  listUsers,
  type PinCheck,
  type SessionState,
  setLockedUntil,
  toTile,
  toUser,
  type UserPatch,
  updateUser,
} from '../../db/users';
import type { Actor } from '../../db/write-path';
import { hashPin, PIN_SCRYPT_COST, type ScryptCost, verifyPin } from './pin-hash';

/** Who a call runs as: the signed-in user and the role their permissions come from (read-only wins). */
export interface Session {
  userId: string;
  role: Role;
}

/** The first lockout; each further one doubles, up to an hour. */
export const LOCKOUT_BASE_MS = 30_000;
export const LOCKOUT_MAX_MS = 3_600_000;

export function lockoutMs(failures: number): number {
  const lockouts = Math.floor(failures / MAX_PIN_ATTEMPTS);
  return Math.min(LOCKOUT_MAX_MS, LOCKOUT_BASE_MS * 2 ** Math.max(0, lockouts - 1));
}

interface ConnectionState {
  userId: string;
  /** Locked: the session is kept but no call runs until the PIN is typed again. */
  locked: boolean;
  /** The monotonic clock's reading at the session's last call: inactivity counts from here. */
  lastCallAt: number;
}

export interface AuthServiceOptions {
  sql: () => Sql;
  deviceId: () => string;
  now: () => number;
  /**
   * Times inactivity: a clock that only moves forward (performance.now), so a wall-clock jump (NTP,
   * someone fixing the date) neither locks the till nor keeps it open. Tests freeze it.
   */
  monotonicNow: () => number;
  lockAfterMinutes: () => number;
  /** Tests lower scrypt's cost; the launchers never pass it. */
  pinCost?: ScryptCost;
}

/**
 * Users, PINs and the sessions of this app's transport connections (an Electron window, the web
 * host's launch token). A session lives only here in main: the renderer holds no secret, only
 * the connection it already has.
 */
export class AuthService {
  private readonly sessions = new Map<string, ConnectionState>();
  /** One PIN check at a time per user, so a burst of guesses cannot outrun the lockout. */
  private readonly checking = new Map<string, Promise<unknown>>();

  constructor(private readonly options: AuthServiceOptions) {}

  private get sql(): Sql {
    return this.options.sql();
  }

  private at(): string {
    return new Date(this.options.now()).toISOString();
  }

  private actor(userId: string): Actor {
    return { userId, deviceId: this.options.deviceId() };
  }

  /**
   * The session a call on this connection runs as: none when signed out, locked, idle past the
   * store's lock time (it locks now), or the user is no longer active. `touch`: the call counts as
   * activity (every call that runs as the session does; app.open ones like auth.status do not).
   */
  session(connection: string, { touch = false }: { touch?: boolean } = {}): Session | null {
    const state = this.sessions.get(connection);
    if (!state || this.stateOf(state) !== 'signedIn') return null;
    const user = findUser(this.sql, state.userId);
    if (user?.active !== 1) return null;
    if (touch) state.lastCallAt = this.options.monotonicNow();
    return { userId: user.id, role: user.read_only === 1 ? 'readonly' : user.role };
  }

  /** Where a session stands, locking it first if it has been idle past the store's lock time. */
  private stateOf(state: ConnectionState): SessionState {
    if (state.locked) return 'locked';
    const minutes = this.options.lockAfterMinutes();
    if (minutes > 0 && this.options.monotonicNow() - state.lastCallAt >= minutes * 60_000) {
      state.locked = true;
      auditSession(this.sql, this.actor(state.userId), state.userId, 'signedIn', 'locked', this.at(), 'inactivity');
      return 'locked';
    }
    return 'signedIn';
  }

  /** The person at the till is still there (the renderer saw a touch or a key): the session stays open. */
  touch(connection: string): AuthStatus {
    this.session(connection, { touch: true });
    return this.status(connection);
  }

  status(connection: string): AuthStatus {
    const base = { lockAfterMinutes: this.options.lockAfterMinutes(), demo: this.isDemo() };
    if (countUsers(this.sql) === 0) return { ...base, state: 'setup', user: null };
    const state = this.sessions.get(connection);
    const user = state ? findUser(this.sql, state.userId) : undefined;
    if (!state || !user || user.active !== 1) {
      this.sessions.delete(connection);
      return { ...base, state: 'signedOut', user: null };
    }
    return { ...base, state: this.stateOf(state), user: toTile(user) };
  }

  /** The sign-in screen's tiles: every active user, admins first. */
  tiles(): UserTile[] {
    const order: Record<UserRole, number> = { admin: 0, manager: 1, cashier: 2 };
    return listUsers(this.sql)
      .filter((u) => u.active === 1)
      .map(toTile)
      .sort((a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name));
  }

  /** First run: the admin, created by whoever has the device; refused once any user exists. */
  async setup(connection: string, input: z.output<typeof setupInput>): Promise<AuthStatus> {
    if (countUsers(this.sql) > 0) throw new AppError('CONFLICT', 'This store already has users: sign in.');
    const pinHash = await hashPin(input.pin, this.options.pinCost ?? PIN_SCRYPT_COST);
    // Checked again after the hash: two first-run screens must not make two first admins.
    if (countUsers(this.sql) > 0) throw new AppError('CONFLICT', 'This store already has users: sign in.');
    const id = this.sql.transaction(() => {
      const created = insertUser(
        this.sql,
        (newId) => this.actor(newId),
        { name: input.name, role: 'admin', readOnly: false, pinHash },
        this.at(),
      );
      auditSession(this.sql, this.actor(created), created, 'signedOut', 'signedIn', this.at());
      return created;
    });
    this.startSession(connection, id);
    return this.status(connection);
  }

  /** Sign in, unlock (the same user) or switch user (another one): the PIN decides. */
  signIn(connection: string, input: z.output<typeof signInInput>): Promise<AuthStatus> {
    return this.oneAtATime(input.userId, async () => {
      await this.checkPin(input.userId, input.pin, 'pin', 'sign_in');
      const state = this.sessions.get(connection);
      const from = state ? this.stateOf(state) : 'signedOut';
      this.sql.transaction(() => {
        clearFailures(this.sql, input.userId);
        // Signing in as someone else on a till ends the previous user's session there.
        if (state && state.userId !== input.userId) {
          auditSession(this.sql, this.actor(state.userId), state.userId, from, 'signedOut', this.at(), 'switch');
        }
        const was = state?.userId === input.userId ? from : 'signedOut';
        auditSession(this.sql, this.actor(input.userId), input.userId, was, 'signedIn', this.at());
      });
      this.startSession(connection, input.userId);
      return this.status(connection);
    });
  }

  /** A user changes their own PIN: the current one first (a wrong one counts toward the lockout). */
  changePin(connection: string, userId: string, input: z.output<typeof changePinInput>): Promise<AuthStatus> {
    return this.oneAtATime(userId, async () => {
      const lockedBefore = (findUser(this.sql, userId)?.locked_until ?? 0) > this.options.now();
      try {
        await this.checkPin(userId, input.currentPin, 'currentPin', 'change_pin');
      } catch (error) {
        // Locked out by wrong PINs typed here: whoever is at the till cannot prove to be this user, so it locks too.
        const state = this.sessions.get(connection);
        const lockedNow = error instanceof AppError && error.code === 'LOCKED' && !lockedBefore;
        if (lockedNow && state?.userId === userId && !state.locked) {
          state.locked = true;
          auditSession(this.sql, this.actor(userId), userId, 'signedIn', 'locked', this.at(), 'lockout');
        }
        throw error;
      }
      const pinHash = await hashPin(input.newPin, this.options.pinCost ?? PIN_SCRYPT_COST);
      updateUser(this.sql, this.actor(userId), userId, { pin_hash: pinHash }, this.at());
      return this.status(connection);
    });
  }

  /** PIN checks for one user run one after another, so a burst of guesses cannot outrun the lockout. */
  private oneAtATime<T>(userId: string, check: () => Promise<T>): Promise<T> {
    const previous = this.checking.get(userId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(check);
    this.checking.set(userId, next);
    const forget = () => {
      if (this.checking.get(userId) === next) this.checking.delete(userId);
    };
    // Both ways, so a refused PIN leaves no rejected promise behind (an unhandled one ends the process).
    next.then(forget, forget);
    return next;
  }

  /** Resolves when `pin` is the user's; otherwise counts the failure (locking out every 5th) and throws. */
  private async checkPin(userId: string, pin: string, field: string, check: PinCheck): Promise<void> {
    const user = findUser(this.sql, userId);
    if (user?.active !== 1) throw new AppError('NOT_FOUND', 'No such user.', { userId: 'not_found' });
    const now = this.options.now();
    if (user.locked_until !== null && user.locked_until > now) throw locked(user.locked_until, field);
    if (await verifyPin(pin, user.pin_hash)) return;
    const failures = countFailure(this.sql, this.actor(userId), userId, check, this.at());
    if (failures % MAX_PIN_ATTEMPTS === 0) {
      const until = this.options.now() + lockoutMs(failures);
      setLockedUntil(this.sql, this.actor(userId), userId, until, this.at());
      throw locked(until, field);
    }
    throw new AppError('WRONG_PIN', 'That PIN is not right.', { [field]: 'wrong_pin' }, undefined, {
      attemptsLeft: MAX_PIN_ATTEMPTS - (failures % MAX_PIN_ATTEMPTS),
    });
  }

  private startSession(connection: string, userId: string): void {
    this.sessions.set(connection, { userId, locked: false, lastCallAt: this.options.monotonicNow() });
  }

  signOut(connection: string): AuthStatus {
    const state = this.sessions.get(connection);
    if (state) {
      const from = this.stateOf(state);
      auditSession(this.sql, this.actor(state.userId), state.userId, from, 'signedOut', this.at());
      this.sessions.delete(connection);
    }
    return this.status(connection);
  }

  /** The session stays (the same user comes back with the PIN) but nothing runs until then. */
  lock(connection: string): AuthStatus {
    const state = this.sessions.get(connection);
    if (state && this.stateOf(state) === 'signedIn') {
      state.locked = true;
      auditSession(this.sql, this.actor(state.userId), state.userId, 'signedIn', 'locked', this.at());
    }
    return this.status(connection);
  }

  /** The connection is gone (a window closed): its session with it. */
  disconnect(connection: string): void {
    this.sessions.delete(connection);
  }

  /** The demo store's users (the first one an admin who creates the rest), only into a store with none. */
  async seed(users: readonly { name: string; role: UserRole; readOnly: boolean; pin: string }[]): Promise<string[]> {
    if (countUsers(this.sql) > 0) return [];
    const ids: string[] = [];
    for (const user of users) {
      const pinHash = await hashPin(user.pin, this.options.pinCost ?? PIN_SCRYPT_COST);
      const creator = (id: string): Actor => ({ userId: ids[0] ?? id, deviceId: this.options.deviceId() });
      ids.push(insertUser(this.sql, creator, { name: user.name, role: user.role, readOnly: user.readOnly, pinHash }, this.at()));
    }
    return ids;
  }

  list(): User[] {
    return listUsers(this.sql).map(toUser);
  }

  async add(actor: Actor, input: z.output<typeof addUserInput>): Promise<User> {
    const pinHash = await hashPin(input.pin, this.options.pinCost ?? PIN_SCRYPT_COST);
    const id = insertUser(this.sql, actor, { name: input.name, role: input.role, readOnly: input.readOnly, pinHash }, this.at());
    return this.get(id);
  }

  update(actor: Actor, { id, name, role, readOnly }: z.output<typeof updateUserInput>): User {
    return this.change(actor, id, {
      name,
      role,
      read_only: readOnly === undefined ? undefined : readOnly ? 1 : 0,
    });
  }

  async resetPin(actor: Actor, id: string, pin: string): Promise<User> {
    this.get(id);
    const pinHash = await hashPin(pin, this.options.pinCost ?? PIN_SCRYPT_COST);
    return this.change(actor, id, { pin_hash: pinHash });
  }

  setActive(actor: Actor, id: string, active: boolean): User {
    const user = this.change(actor, id, { active: active ? 1 : 0 });
    // A deactivated user's open sessions end with it.
    if (!active) for (const [connection, state] of this.sessions) if (state.userId === id) this.sessions.delete(connection);
    return user;
  }

  private change(actor: Actor, id: string, patch: UserPatch): User {
    this.get(id);
    updateUser(this.sql, actor, id, patch, this.at(), () => {
      if (countManagingAdmins(this.sql) === 0) {
        throw new AppError('LAST_ADMIN', 'Someone must remain an active admin to manage users.', {
          [patch.active !== undefined ? 'active' : patch.role !== undefined ? 'role' : 'readOnly']: 'last_admin',
        });
      }
    });
    return this.get(id);
  }

  private get(id: string): User {
    const user = findUser(this.sql, id);
    if (!user) throw new AppError('NOT_FOUND', 'No such user.');
    return toUser(user);
  }

  private isDemo(): boolean {
    return this.sql.raw("SELECT 1 FROM settings WHERE key = 'demo'").length > 0;
  }
}

function locked(until: number, field = 'pin'): AppError {
  return new AppError('LOCKED', 'Too many wrong PINs: try again later.', { [field]: 'locked' }, undefined, {
    retryAt: new Date(until).toISOString(),
  });
}
