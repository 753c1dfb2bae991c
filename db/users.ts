import type { User, UserRole, UserTile } from '../shared/auth';
import { newId } from '../shared/ids';
import { auditLocal, CHANGED } from './local-audit';
import type { Actor, FieldChange } from './write-path';
import type { UsersTable } from './schema';
import { qb, type Sql } from './sql';

/** What the audit shows for a PIN change: that it changed, never the hash. */
const PIN_CHANGED = CHANGED;

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    readOnly: row.read_only === 1,
    active: row.active === 1,
    lockedUntil: row.locked_until === null ? null : new Date(row.locked_until).toISOString(),
    failedAttempts: row.failed_attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toTile(row: Pick<UsersTable, 'id' | 'name' | 'role' | 'read_only'>): UserTile {
  return { id: row.id, name: row.name, role: row.role, readOnly: row.read_only === 1 };
}

export function findUser(sql: Sql, id: string): UsersTable | undefined {
  return sql.first(qb.selectFrom('users').selectAll().where('id', '=', id));
}

export function listUsers(sql: Sql): UsersTable[] {
  return sql.all(qb.selectFrom('users').selectAll().orderBy('active', 'desc').orderBy('name').orderBy('id'));
}

export function countUsers(sql: Sql): number {
  return (sql.first(qb.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0) as number;
}

/** Active admins who are not read-only: the ones who can still manage users. */
export function countManagingAdmins(sql: Sql): number {
  return (sql.first(
    qb
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .where('read_only', '=', 0),
  )?.n ?? 0) as number;
}

export interface NewUser {
  name: string;
  role: UserRole;
  readOnly: boolean;
  pinHash: string;
}

/**
 * Users are local to this device's store, so their changes go through here and not the write
 * path: an audit row naming the actor, no sync operation (ADR 0012).
 */
export function insertUser(sql: Sql, actor: Actor | ((id: string) => Actor), user: NewUser, at: string): string {
  const id = newId();
  sql.transaction(() => {
    sql.run(
      qb.insertInto('users').values({
        id,
        name: user.name,
        role: user.role,
        read_only: user.readOnly ? 1 : 0,
        pin_hash: user.pinHash,
        failed_attempts: 0,
        locked_until: null,
        active: 1,
        created_at: at,
        updated_at: at,
      }),
    );
    audit(
      sql,
      typeof actor === 'function' ? actor(id) : actor,
      id,
      'create',
      [
        { field: 'name', old: null, new: user.name },
        { field: 'role', old: null, new: user.role },
        { field: 'read_only', old: null, new: user.readOnly ? 1 : 0 },
        { field: 'pin', old: null, new: PIN_CHANGED },
      ],
      at,
    );
  });
  return id;
}

export type UserPatch = Partial<Pick<UsersTable, 'name' | 'role' | 'read_only' | 'active' | 'pin_hash'>>;

/** Apply an admin's change; `check` runs inside the transaction, after the change, and may throw to undo it. */
export function updateUser(sql: Sql, actor: Actor, id: string, patch: UserPatch, at: string, check?: () => void): void {
  sql.transaction(() => {
    const before = findUser(sql, id);
    if (!before) return;
    const changed = (Object.keys(patch) as (keyof UserPatch)[]).filter((k) => patch[k] !== undefined && patch[k] !== before[k]);
    if (changed.length === 0) return;
    const values: Record<string, unknown> = Object.fromEntries(changed.map((k) => [k, patch[k]]));
    // A new PIN also clears a lockout: the admin has just given the user a way back in.
    if (changed.includes('pin_hash')) Object.assign(values, { failed_attempts: 0, locked_until: null });
    sql.run(
      qb
        .updateTable('users')
        .set({ ...values, updated_at: at })
        .where('id', '=', id),
    );
    check?.();
    audit(
      sql,
      actor,
      id,
      'update',
      changed.map((k) =>
        k === 'pin_hash' ? { field: 'pin', old: PIN_CHANGED, new: PIN_CHANGED } : { field: k, old: before[k], new: patch[k] },
      ),
      at,
    );
  });
}

/**
 * A wrong PIN, counted in one statement so two at once both count, and audited with what was being
 * checked (signing in, or changing one's own PIN); the new count comes back.
 */
export function countFailure(sql: Sql, actor: Actor, id: string, check: PinCheck, at: string): number {
  return sql.transaction(() => {
    const row = sql
      .prepare('UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts')
      .get(id) as { failed_attempts: number } | undefined;
    const failures = row?.failed_attempts ?? 0;
    if (row)
      audit(
        sql,
        actor,
        id,
        'update',
        [
          { field: 'failed_attempts', old: failures - 1, new: failures },
          { field: 'pin_check', old: null, new: check },
        ],
        at,
      );
    return failures;
  });
}

/** Where a PIN was typed. */
export type PinCheck = 'sign_in' | 'change_pin';

export function setLockedUntil(sql: Sql, actor: Actor, id: string, until: number, at: string): void {
  sql.transaction(() => {
    sql.run(qb.updateTable('users').set({ locked_until: until }).where('id', '=', id));
    audit(sql, actor, id, 'update', [{ field: 'locked_until', old: null, new: new Date(until).toISOString() }], at);
  });
}

export function clearFailures(sql: Sql, id: string): void {
  sql.run(
    qb.updateTable('users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', id).where('failed_attempts', '>', 0),
  );
}

/** What a session did (signed in, locked, signed out): a change of the user's session on this device. */
export type SessionState = 'signedOut' | 'signedIn' | 'locked';

export function auditSession(
  sql: Sql,
  actor: Actor,
  id: string,
  from: SessionState,
  to: SessionState,
  at: string,
  reason?: 'inactivity' | 'lockout' | 'switch',
): void {
  const changes: FieldChange[] = [{ field: 'session', old: from, new: to }];
  if (reason) changes.push({ field: 'reason', old: null, new: reason });
  audit(sql, actor, id, 'update', changes, at);
}

function audit(sql: Sql, actor: Actor, id: string, action: 'create' | 'update', changes: FieldChange[], at: string): void {
  auditLocal(sql, actor, 'users', id, action, changes, at);
}
