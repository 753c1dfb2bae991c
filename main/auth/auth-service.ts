import {
  type AuthStatus,
  MAX_PIN_ATTEMPTS,
  type User,
  type UserRole,
  type UserTile,
  type addUserInput,
  type setupInput,
  type signInInput,
  type updateUserInput,
} from '../../shared/auth';
import { AppError } from '../../shared/errors';
import type { Role } from '../../shared/permissions';
import type { z } from 'zod';
import type { Sql } from '../../db/sql';
import {
  clearFailures,
  countFailure,
  countManagingAdmins,
  countUsers,
  findUser,
  insertUser,
  listUsers,
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
}

export interface AuthServiceOptions {
  sql: () => Sql;
  deviceId: () => string;
  now: () => number;
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

  /** The session a call on this connection runs as: none when signed out, locked, or the user is no longer active. */
  session(connection: string): Session | null {
    const state = this.sessions.get(connection);
    if (!state || state.locked) return null;
    const user = findUser(this.sql, state.userId);
    if (user?.active !== 1) return null;
    return { userId: user.id, role: user.read_only === 1 ? 'readonly' : user.role };
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
    return { ...base, state: state.locked ? 'locked' : 'signedIn', user: toTile(user) };
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
    const id = insertUser(
      this.sql,
      (newId) => ({ userId: newId, deviceId: this.options.deviceId() }),
      { name: input.name, role: 'admin', readOnly: false, pinHash },
      this.at(),
    );
    this.sessions.set(connection, { userId: id, locked: false });
    return this.status(connection);
  }

  /** Sign in, unlock (the same user) or switch user (another one): the PIN decides. */
  signIn(connection: string, input: z.output<typeof signInInput>): Promise<AuthStatus> {
    const previous = this.checking.get(input.userId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.checkPin(connection, input));
    this.checking.set(input.userId, next);
    const forget = () => {
      if (this.checking.get(input.userId) === next) this.checking.delete(input.userId);
    };
    // Both ways, so a refused PIN leaves no rejected promise behind (an unhandled one ends the process).
    next.then(forget, forget);
    return next;
  }

  private async checkPin(connection: string, { userId, pin }: z.output<typeof signInInput>): Promise<AuthStatus> {
    const user = findUser(this.sql, userId);
    if (user?.active !== 1) throw new AppError('NOT_FOUND', 'No such user.', { userId: 'not_found' });
    const now = this.options.now();
    if (user.locked_until !== null && user.locked_until > now) throw locked(user.locked_until);
    if (await verifyPin(pin, user.pin_hash)) {
      clearFailures(this.sql, userId);
      this.sessions.set(connection, { userId, locked: false });
      return this.status(connection);
    }
    const failures = countFailure(this.sql, userId);
    if (failures % MAX_PIN_ATTEMPTS === 0) {
      const until = this.options.now() + lockoutMs(failures);
      setLockedUntil(this.sql, { userId, deviceId: this.options.deviceId() }, userId, until, this.at());
      throw locked(until);
    }
    throw new AppError('WRONG_PIN', 'That PIN is not right.', { pin: 'wrong_pin' }, undefined, {
      attemptsLeft: MAX_PIN_ATTEMPTS - (failures % MAX_PIN_ATTEMPTS),
    });
  }

  signOut(connection: string): AuthStatus {
    this.sessions.delete(connection);
    return this.status(connection);
  }

  /** The session stays (the same user comes back with the PIN) but nothing runs until then. */
  lock(connection: string): AuthStatus {
    const state = this.sessions.get(connection);
    if (state) state.locked = true;
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

function locked(until: number): AppError {
  return new AppError('LOCKED', 'Too many wrong PINs: try again later.', { pin: 'locked' }, undefined, {
    retryAt: new Date(until).toISOString(),
  });
}
