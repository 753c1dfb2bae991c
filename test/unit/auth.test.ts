import type { AuthStatus, User, UserTile } from '../../shared/auth';
import { isTrivialPin } from '../../shared/auth';
import { CHANNEL_NAMES, channels } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import { canSignedOut } from '../../shared/permissions';
import { openApp } from '../../main/app';
import { hashPin, PIN_SCRYPT_COST, verifyPin } from '../../main/auth/pin-hash';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ok,
  openTempApp,
  signInAsAdmin,
  TEST_ADMIN,
  TEST_PIN,
  TEST_PIN_COST,
  TEST_START,
  type TempApp,
} from '../helpers/temp-app';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await t.ready;
});
afterEach(() => t.close());

const TILL = 'test:till';
const userRow = (id: string) =>
  t.app.sql.raw<{ failed_attempts: number; locked_until: number | null; pin_hash: string }>(
    'SELECT failed_attempts, locked_until, pin_hash FROM users WHERE id = ?',
    id,
  )[0];
const addUser = (input: Record<string, unknown>) => ok<User>(t.app, 'users.add', { pin: TEST_PIN, ...input });
const signIn = (userId: string, pin: string, connection = TILL) => t.app.call('auth.signIn', { userId, pin }, connection);

describe('first run', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clientela-first-run-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('with no user, only the first-run and locale channels answer; the rest are UNAUTHENTICATED', async () => {
    const app = openApp({ dataDir: dir, transport: 'web', pinCost: TEST_PIN_COST, dispatch: { log: () => {} } });
    try {
      expect(await app.call('auth.status', {})).toMatchObject({ ok: true, value: { state: 'setup', user: null } });
      expect(await app.call('app.info', {})).toMatchObject({ ok: true, value: { settings: { locale: 'es-PA' } } });
      for (const channel of CHANNEL_NAMES.filter((c) => !canSignedOut(channels[c].permission))) {
        expect(await app.call(channel, {}), channel).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
    } finally {
      app.close();
    }
  });

  it('creates the admin from a name and a PIN, signs them in, and happens once', async () => {
    const app = openApp({ dataDir: dir, transport: 'web', pinCost: TEST_PIN_COST, dispatch: { log: () => {} } });
    try {
      expect(await app.call('auth.setup', { name: ' ', pin: '12' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { name: 'required', pin: 'pin_length' } },
      });
      expect(await app.call('auth.setup', { name: 'Ana', pin: '1234' })).toMatchObject({
        error: { fields: { pin: 'pin_trivial' } },
      });
      expect(await app.call('auth.setup', { name: 'Ana', pin: '12a45' })).toMatchObject({
        error: { fields: { pin: 'pin_digits' } },
      });
      expect(app.sql.raw('SELECT * FROM users')).toEqual([]);

      const setup = await app.call('auth.setup', { name: ' Ana ', pin: '2468' });
      expect(setup).toMatchObject({
        ok: true,
        value: { state: 'signedIn', user: { name: 'Ana', role: 'admin', readOnly: false } },
      });
      expect((await app.call('customers.search', { query: '' })).ok).toBe(true);
      // Another first-run screen (another window) cannot make a second first admin.
      expect(await app.call('auth.setup', { name: 'Intruso', pin: '9753' }, 'other')).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
      expect(app.sql.raw('SELECT name, role FROM users')).toEqual([{ name: 'Ana', role: 'admin' }]);
      const [audit] = app.sql.raw<{ user_id: string; changes: string }>(
        "SELECT user_id, changes FROM audit_log WHERE entity = 'users'",
      );
      expect(audit?.user_id).toBe(app.auth.session('local')?.userId);
      expect(audit?.changes).not.toContain('scrypt');
    } finally {
      app.close();
    }
  });
});

describe('PINs', () => {
  it('trivial PINs are one digit repeated or a run up or down', () => {
    for (const pin of ['0000', '1111', '1234', '4321', '0123456', '98765432']) expect(isTrivialPin(pin), pin).toBe(true);
    for (const pin of ['2468', '1357', '8080', '1243', '2580', '0001']) expect(isTrivialPin(pin), pin).toBe(false);
  });

  it('are stored as salted scrypt hashes that carry their parameters', async () => {
    const hash = await hashPin('2468');
    expect(hash).toMatch(/^scrypt\$N=32768,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(PIN_SCRYPT_COST).toEqual({ N: 32768, r: 8, p: 1 });
    expect(await verifyPin('2468', hash)).toBe(true);
    expect(await verifyPin('2469', hash)).toBe(false);
    expect(await verifyPin('2468', 'plain:2468')).toBe(false);
    const a = await addUser({ name: 'Uno', role: 'cashier' });
    const b = await addUser({ name: 'Dos', role: 'cashier' });
    expect(userRow(a.id)?.pin_hash).not.toBe(userRow(b.id)?.pin_hash);
    expect(userRow(a.id)?.pin_hash).not.toContain(TEST_PIN);
  });
});

describe('signing in', () => {
  let carla: User;
  beforeEach(async () => {
    carla = await addUser({ name: 'Carla', role: 'cashier' });
  });

  it('the sign-in tiles show every active user with the role, and nothing about PINs', async () => {
    const tiles = await ok<UserTile[]>(t.app, 'auth.users', {}, 'nobody');
    expect(tiles).toEqual([
      { id: t.adminId(), name: TEST_ADMIN.name, role: 'admin', readOnly: false },
      { id: carla.id, name: 'Carla', role: 'cashier', readOnly: false },
    ]);
  });

  it('a wrong PIN says how many tries are left; the fifth locks for 30 s, then 60 s; a right PIN resets the count', async () => {
    for (const left of [4, 3, 2, 1]) {
      expect(await signIn(carla.id, '9999')).toMatchObject({
        ok: false,
        error: { code: 'WRONG_PIN', attemptsLeft: left, fields: { pin: 'wrong_pin' } },
      });
    }
    expect(await signIn(carla.id, '9999')).toMatchObject({
      ok: false,
      error: { code: 'LOCKED', retryAt: new Date(TEST_START + 30_000).toISOString() },
    });
    // Locked: even the right PIN waits, and the wait does not count as tries.
    t.tick(29_000);
    expect(await signIn(carla.id, TEST_PIN)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(userRow(carla.id)?.failed_attempts).toBe(5);
    expect(await t.app.call('customers.search', { query: '' }, TILL)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    t.tick(1_000);
    // Five more wrong ones: the next lockout is twice as long.
    for (let i = 0; i < 4; i++) expect(await signIn(carla.id, '9999')).toMatchObject({ error: { code: 'WRONG_PIN' } });
    expect(await signIn(carla.id, '9999')).toMatchObject({
      error: { code: 'LOCKED', retryAt: new Date(TEST_START + 30_000 + 60_000).toISOString() },
    });
    t.tick(60_000);
    expect(await signIn(carla.id, TEST_PIN)).toMatchObject({ ok: true, value: { state: 'signedIn', user: { id: carla.id } } });
    expect(userRow(carla.id)).toMatchObject({ failed_attempts: 0, locked_until: null });
    expect(await signIn(carla.id, '9999', 'test:other')).toMatchObject({ error: { code: 'WRONG_PIN', attemptsLeft: 4 } });
    const lockouts = t.app.sql.raw<{ user_id: string; changes: string }>(
      "SELECT user_id, changes FROM audit_log WHERE entity = 'users' AND entity_id = ? AND changes LIKE '%locked_until%'",
      carla.id,
    );
    expect(lockouts).toHaveLength(2);
  });

  it('a burst of guesses at once cannot outrun the lockout', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(carla.id, String(5000 + i))));
    expect(answers.filter((a) => !a.ok && a.error.code === 'WRONG_PIN')).toHaveLength(4);
    expect(answers.filter((a) => !a.ok && a.error.code === 'LOCKED')).toHaveLength(8);
    expect(userRow(carla.id)?.failed_attempts).toBe(5);
  });

  it('an unknown or deactivated user cannot sign in; a bad PIN shape is VALIDATION', async () => {
    expect(await signIn('018f0000-0000-7000-8000-000000000000', TEST_PIN)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await signIn(carla.id, '12 34')).toMatchObject({ error: { code: 'VALIDATION', fields: { pin: 'pin_digits' } } });
    await ok(t.app, 'users.deactivate', { id: carla.id });
    expect(await signIn(carla.id, TEST_PIN)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('lock keeps the session for its user; the PIN unlocks it, or another user switches in', async () => {
    await signIn(carla.id, TEST_PIN);
    expect(await ok<AuthStatus>(t.app, 'auth.lock', {}, TILL)).toMatchObject({ state: 'locked', user: { id: carla.id } });
    expect(await t.app.call('customers.search', { query: '' }, TILL)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(await signIn(carla.id, TEST_PIN)).toMatchObject({ ok: true, value: { state: 'signedIn', user: { id: carla.id } } });
    await ok(t.app, 'auth.lock', {}, TILL);
    // Switch user: the admin signs in on the same till, and the admin's rights apply.
    expect(await signIn(t.adminId(), TEST_ADMIN.pin)).toMatchObject({ ok: true, value: { user: { role: 'admin' } } });
    expect((await t.app.call('users.list', {}, TILL)).ok).toBe(true);
    expect(await ok<AuthStatus>(t.app, 'auth.signOut', {}, TILL)).toMatchObject({ state: 'signedOut', user: null });
    expect(await t.app.call('users.list', {}, TILL)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    // Other connections keep their own sessions.
    expect((await t.app.call('users.list', {})).ok).toBe(true);
  });

  it("the inactivity lock time is the admin's setting, 5 minutes unless changed, 0 for never", async () => {
    expect(await ok<AuthStatus>(t.app, 'auth.status', {})).toMatchObject({ lockAfterMinutes: 5, demo: false });
    await ok(t.app, 'settings.update', { lockAfterMinutes: 0 });
    expect(await ok<AuthStatus>(t.app, 'auth.status', {}, 'nobody')).toMatchObject({ state: 'signedOut', lockAfterMinutes: 0 });
    expect(await t.app.call('settings.update', { lockAfterMinutes: 241 })).toMatchObject({
      error: { code: 'VALIDATION', fields: { lockAfterMinutes: 'too_large' } },
    });
  });
});

describe('roles and the read-only flag', () => {
  it('a cashier changes contact fields only; anything else is refused whole, naming the fields', async () => {
    const ana = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const cashier = await t.as('cashier');
    const edited = await ok<Customer>(
      t.app,
      'customers.update',
      { id: ana.id, patch: { phone: '6555-1212', email: 'ana@example.com', contactChannel: 'sms' } },
      cashier,
    );
    expect(edited).toMatchObject({ phone: '+50765551212', email: 'ana@example.com', contactChannel: 'sms' });
    const data = t.fingerprint();
    expect(
      await t.app.call(
        'customers.update',
        { id: ana.id, patch: { email: 'x@example.com', lastName: 'Ríos', tags: ['vip'] } },
        cashier,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', fields: { lastName: 'forbidden_field', tags: 'forbidden_field' } },
    });
    expect(t.fingerprint()).toBe(data);
    // A manager may change any field.
    expect((await t.app.call('customers.update', { id: ana.id, patch: { lastName: 'Ríos' } }, await t.as('manager'))).ok).toBe(
      true,
    );
  });

  it('read-only users only read, whatever their role, and the flag applies to an open session at once', async () => {
    const maria = await addUser({ name: 'María', role: 'manager' });
    await signIn(maria.id, TEST_PIN);
    expect((await t.app.call('customers.quickAdd', { firstName: 'Beto', phone: '6999-0000' }, TILL)).ok).toBe(true);
    await ok(t.app, 'users.update', { id: maria.id, readOnly: true });
    expect(await t.app.call('customers.quickAdd', { firstName: 'Caro', phone: '6999-0001' }, TILL)).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect((await t.app.call('customers.search', { query: '' }, TILL)).ok).toBe(true);
    expect(await ok<AuthStatus>(t.app, 'auth.status', {}, TILL)).toMatchObject({ user: { readOnly: true, role: 'manager' } });
  });
});

describe('managing users (admin)', () => {
  it('adds, changes, resets and deactivates users, each audited under the admin, never with a PIN or hash', async () => {
    const luis = await addUser({ name: 'Luis', role: 'cashier', readOnly: false });
    expect(luis).toMatchObject({
      name: 'Luis',
      role: 'cashier',
      readOnly: false,
      active: true,
      failedAttempts: 0,
      lockedUntil: null,
    });
    expect(await ok<User>(t.app, 'users.update', { id: luis.id, role: 'manager', name: 'Luis P.' })).toMatchObject({
      role: 'manager',
      name: 'Luis P.',
    });
    for (let i = 0; i < 5; i++) await signIn(luis.id, '0007');
    expect((await ok<User[]>(t.app, 'users.list', {})).find((u) => u.id === luis.id)?.lockedUntil).not.toBeNull();
    // A new PIN from the admin also lifts the lockout.
    expect(await ok<User>(t.app, 'users.resetPin', { id: luis.id, pin: '5173' })).toMatchObject({
      lockedUntil: null,
      failedAttempts: 0,
    });
    expect(await signIn(luis.id, TEST_PIN)).toMatchObject({ error: { code: 'WRONG_PIN' } });
    expect((await signIn(luis.id, '5173')).ok).toBe(true);
    await ok(t.app, 'users.deactivate', { id: luis.id });
    // His open session ends with him.
    expect(await t.app.call('customers.search', { query: '' }, TILL)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await ok<UserTile[]>(t.app, 'auth.users', {})).map((u) => u.name)).toEqual([TEST_ADMIN.name]);
    expect(await ok<User>(t.app, 'users.reactivate', { id: luis.id })).toMatchObject({ active: true });

    const audit = t.app.sql.raw<{ action: string; changes: string; user_id: string }>(
      // Luis's own sign-ins and wrong PINs are audited under him (below); the admin's changes here.
      "SELECT action, changes, user_id FROM audit_log WHERE entity = 'users' AND entity_id = ? AND user_id = ? ORDER BY rowid",
      luis.id,
      t.adminId(),
    );
    expect(audit.map((a) => [a.action, JSON.parse(a.changes).map((c: { field: string }) => c.field), a.user_id])).toEqual([
      ['create', ['name', 'role', 'read_only', 'pin'], t.adminId()],
      ['update', ['name', 'role'], t.adminId()],
      ['update', ['pin'], t.adminId()],
      ['update', ['active'], t.adminId()],
      ['update', ['active'], t.adminId()],
    ]);
    expect(audit.map((a) => a.changes).join('')).not.toMatch(/scrypt|5173|7391/);
  });

  it('never leaves the store without an active admin: LAST_ADMIN, nothing changed', async () => {
    const admin = t.adminId();
    const data = t.fingerprint();
    expect(await t.app.call('users.deactivate', { id: admin })).toMatchObject({
      ok: false,
      error: { code: 'LAST_ADMIN', fields: { active: 'last_admin' } },
    });
    expect(await t.app.call('users.update', { id: admin, role: 'manager' })).toMatchObject({
      error: { code: 'LAST_ADMIN', fields: { role: 'last_admin' } },
    });
    expect(await t.app.call('users.update', { id: admin, readOnly: true })).toMatchObject({
      error: { code: 'LAST_ADMIN', fields: { readOnly: 'last_admin' } },
    });
    expect(t.fingerprint()).toBe(data);
    // With a second admin, the first may step down.
    await addUser({ name: 'Otra admin', role: 'admin' });
    expect((await t.app.call('users.update', { id: admin, role: 'manager' })).ok).toBe(true);
  });

  it('refuses bad input next to the field, and unknown users', async () => {
    expect(await t.app.call('users.add', { name: '', role: 'owner', pin: '1111' })).toMatchObject({
      error: { code: 'VALIDATION', fields: { name: 'required', role: 'invalid', pin: 'pin_trivial' } },
    });
    expect(await t.app.call('users.resetPin', { id: '018f0000-0000-7000-8000-000000000000', pin: '5173' })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('the inactivity lock, enforced by main', () => {
  let carla: User;
  beforeEach(async () => {
    carla = await addUser({ name: 'Carla', role: 'cashier' });
    await signIn(carla.id, TEST_PIN);
  });
  const search = (connection = TILL) => t.app.call('customers.search', { query: '' }, connection);
  const MINUTE = 60_000;

  it('a session idle for the lock time is locked: the next call is UNAUTHENTICATED, the status says locked, the PIN unlocks', async () => {
    t.wait(5 * MINUTE - 1);
    expect((await search()).ok).toBe(true);
    // Counted from the last call, not from the sign-in.
    t.wait(5 * MINUTE - 1);
    expect((await search()).ok).toBe(true);
    t.wait(5 * MINUTE);
    const data = t.fingerprint();
    expect(await t.app.call('customers.quickAdd', { firstName: 'Beto', phone: '6999-0000' }, TILL)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await ok<AuthStatus>(t.app, 'auth.status', {}, TILL)).toMatchObject({ state: 'locked', user: { id: carla.id } });
    // Nothing written but the audit row that says the till locked itself.
    expect(t.app.sql.raw<{ n: number }>("SELECT count(*) AS n FROM customers WHERE first_name = 'Beto'")).toEqual([{ n: 0 }]);
    expect(t.fingerprint()).not.toBe(data);
    expect(await signIn(carla.id, TEST_PIN)).toMatchObject({ ok: true, value: { state: 'signedIn' } });
    expect((await search()).ok).toBe(true);
  });

  it('auth.status and other signed-out channels are not activity; auth.touch (a touch the renderer saw) is', async () => {
    t.wait(3 * MINUTE);
    await ok(t.app, 'auth.status', {}, TILL);
    await ok(t.app, 'app.info', {}, TILL);
    t.wait(2 * MINUTE);
    expect(await search()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await signIn(carla.id, TEST_PIN);
    t.wait(3 * MINUTE);
    expect(await ok<AuthStatus>(t.app, 'auth.touch', {}, TILL)).toMatchObject({ state: 'signedIn' });
    t.wait(3 * MINUTE);
    expect((await search()).ok).toBe(true);
    // A touch after the lock time does not reopen the session: it reports the lock.
    t.wait(5 * MINUTE);
    expect(await ok<AuthStatus>(t.app, 'auth.touch', {}, TILL)).toMatchObject({ state: 'locked', user: { id: carla.id } });
    expect(await search()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it("follows the admin's setting at once; 0 never locks", async () => {
    await ok(t.app, 'settings.update', { lockAfterMinutes: 1 });
    t.wait(MINUTE);
    expect(await search()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(await ok<AuthStatus>(t.app, 'auth.status', {}, TILL)).toMatchObject({ state: 'locked', lockAfterMinutes: 1 });
    await signInAsAdmin(t.app);
    await ok(t.app, 'settings.update', { lockAfterMinutes: 0 });
    await signIn(carla.id, TEST_PIN);
    t.wait(24 * 60 * MINUTE);
    expect((await search()).ok).toBe(true);
  });

  it('times idleness on a clock that only moves forward: a wall-clock jump neither locks nor unlocks the till', async () => {
    t.tick(24 * 60 * MINUTE);
    expect((await search()).ok).toBe(true);
    t.wait(5 * MINUTE);
    t.setNow(TEST_START);
    expect(await search()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('each session keeps its own idle time, and the lock is audited as the inactivity lock', async () => {
    const other = await t.as('manager');
    t.wait(4 * MINUTE);
    expect((await search(other)).ok).toBe(true);
    t.wait(MINUTE);
    expect(await search()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await search(other)).ok).toBe(true);
    const [row] = t.app.sql.raw<{ user_id: string; device_id: string; changes: string }>(
      "SELECT user_id, device_id, changes FROM audit_log WHERE entity = 'users' AND entity_id = ? ORDER BY rowid DESC LIMIT 1",
      carla.id,
    );
    expect(row?.user_id).toBe(carla.id);
    expect(row?.device_id).toBe(t.app.deviceId);
    expect(JSON.parse(row?.changes ?? '[]')).toEqual([
      { field: 'session', old: 'signedIn', new: 'locked' },
      { field: 'reason', old: null, new: 'inactivity' },
    ]);
  });
});

describe('changing one’s own PIN', () => {
  const change = (connection: string, input: Record<string, unknown>) => t.app.call('auth.changePin', input, connection);
  const tileOf = async (connection: string) => (await ok<AuthStatus>(t.app, 'auth.status', {}, connection)).user as UserTile;

  it('a read-only user changes their PIN with the current one and the new one twice; the old PIN stops working', async () => {
    const diego = await t.as('readonly', 'Diego');
    const me = await tileOf(diego);
    expect(await change(diego, { currentPin: TEST_PIN, newPin: '5173', confirmPin: '5173' })).toMatchObject({
      ok: true,
      value: { state: 'signedIn', user: { id: me.id, readOnly: true } },
    });
    // Still signed in: changing the PIN does not end the session.
    expect((await t.app.call('customers.search', { query: '' }, diego)).ok).toBe(true);
    expect(await signIn(me.id, TEST_PIN, 'test:later')).toMatchObject({ error: { code: 'WRONG_PIN' } });
    expect((await signIn(me.id, '5173', 'test:later')).ok).toBe(true);
    const [audit] = t.app.sql.raw<{ user_id: string; device_id: string; changes: string }>(
      "SELECT user_id, device_id, changes FROM audit_log WHERE entity = 'users' AND entity_id = ? AND changes LIKE '%\"pin\"%' ORDER BY rowid DESC LIMIT 1",
      me.id,
    );
    expect(audit).toMatchObject({ user_id: me.id, device_id: t.app.deviceId });
    expect(JSON.parse(audit?.changes ?? '[]')).toEqual([{ field: 'pin', old: '[changed]', new: '[changed]' }]);
    const all = t.app.sql
      .raw<{ changes: string }>('SELECT changes FROM audit_log')
      .map((r) => r.changes)
      .join('');
    expect(all).not.toMatch(/scrypt|5173|7391|2580/);
  });

  it('refuses a new PIN that breaks the rules, differs from its confirmation or equals the current one, next to the field', async () => {
    const cashier = await t.as('cashier');
    const data = t.fingerprint();
    expect(await change(cashier, { currentPin: TEST_PIN, newPin: '1234', confirmPin: '1243' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { newPin: 'pin_trivial', confirmPin: 'pin_mismatch' } },
    });
    expect(await change(cashier, { currentPin: TEST_PIN, newPin: '12', confirmPin: '12' })).toMatchObject({
      error: { fields: { newPin: 'pin_length' } },
    });
    expect(await change(cashier, { currentPin: TEST_PIN, newPin: TEST_PIN, confirmPin: TEST_PIN })).toMatchObject({
      error: { fields: { newPin: 'pin_same' } },
    });
    expect(await change(cashier, { currentPin: 'x', newPin: '51a73', confirmPin: '51a73' })).toMatchObject({
      error: { fields: { currentPin: 'pin_digits', newPin: 'pin_digits' } },
    });
    expect(t.fingerprint()).toBe(data);
    expect(await change('test:nobody', { currentPin: TEST_PIN, newPin: '5173', confirmPin: '5173' })).toMatchObject({
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('a wrong current PIN counts toward the same lockout as sign-in; the fifth locks the user out and the till', async () => {
    const cashier = await t.as('cashier', 'Luz');
    const me = await tileOf(cashier);
    const attempt = { currentPin: '9999', newPin: '5173', confirmPin: '5173' };
    expect(await change(cashier, attempt)).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PIN', attemptsLeft: 4, fields: { currentPin: 'wrong_pin' } },
    });
    // A wrong PIN at the sign-in screen counts toward the same five.
    expect(await signIn(me.id, '9999', 'test:elsewhere')).toMatchObject({ error: { code: 'WRONG_PIN', attemptsLeft: 3 } });
    for (const left of [2, 1]) expect(await change(cashier, attempt)).toMatchObject({ error: { attemptsLeft: left } });
    expect(await change(cashier, attempt)).toMatchObject({
      error: { code: 'LOCKED', retryAt: new Date(TEST_START + 30_000).toISOString(), fields: { currentPin: 'locked' } },
    });
    expect(await ok<AuthStatus>(t.app, 'auth.status', {}, cashier)).toMatchObject({ state: 'locked', user: { id: me.id } });
    expect(await t.app.call('customers.search', { query: '' }, cashier)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    // The PIN is unchanged: once the lockout ends, the old one signs in.
    t.tick(30_000);
    expect((await signIn(me.id, TEST_PIN, cashier)).ok).toBe(true);
    const failures = t.app.sql.raw<{ changes: string }>(
      "SELECT changes FROM audit_log WHERE entity = 'users' AND entity_id = ? AND changes LIKE '%failed_attempts%' ORDER BY rowid",
      me.id,
    );
    expect(failures.map((f) => JSON.parse(f.changes))).toEqual(
      [1, 2, 3, 4, 5].map((n) => [
        { field: 'failed_attempts', old: n - 1, new: n },
        { field: 'pin_check', old: null, new: n === 2 ? 'sign_in' : 'change_pin' },
      ]),
    );
  });

  it('a lockout earned elsewhere refuses the change but leaves this till open', async () => {
    const cashier = await t.as('cashier', 'Sol');
    const me = await tileOf(cashier);
    for (let i = 0; i < 5; i++) await signIn(me.id, '9999', 'test:elsewhere');
    expect(await change(cashier, { currentPin: TEST_PIN, newPin: '5173', confirmPin: '5173' })).toMatchObject({
      error: { code: 'LOCKED', fields: { currentPin: 'locked' } },
    });
    expect(await ok<AuthStatus>(t.app, 'auth.status', {}, cashier)).toMatchObject({ state: 'signedIn' });
    expect((await t.app.call('customers.search', { query: '' }, cashier)).ok).toBe(true);
  });

  it('the admin still resets anyone else’s PIN without knowing it', async () => {
    const luis = await addUser({ name: 'Luis', role: 'manager' });
    expect((await t.app.call('users.resetPin', { id: luis.id, pin: '5173' })).ok).toBe(true);
    expect((await signIn(luis.id, '5173')).ok).toBe(true);
  });
});

describe('sessions are audited', () => {
  it('sign-in, lock, unlock, switch, sign-out and a wrong PIN: a row each naming the user and the device, never the PIN', async () => {
    const carla = await addUser({ name: 'Carla', role: 'cashier' });
    const start = t.app.sql.raw<{ n: number }>('SELECT max(rowid) AS n FROM audit_log')[0]?.n ?? 0;
    await signIn(carla.id, '9999');
    await signIn(carla.id, TEST_PIN);
    await ok(t.app, 'auth.lock', {}, TILL);
    await ok(t.app, 'auth.lock', {}, TILL);
    await signIn(carla.id, TEST_PIN);
    await ok(t.app, 'auth.lock', {}, TILL);
    await signIn(t.adminId(), TEST_ADMIN.pin);
    await ok(t.app, 'auth.signOut', {}, TILL);
    await ok(t.app, 'auth.signOut', {}, TILL);
    const rows = t.app.sql.raw<{ entity: string; entity_id: string; user_id: string; device_id: string; changes: string }>(
      'SELECT entity, entity_id, user_id, device_id, changes FROM audit_log WHERE rowid > ? ORDER BY rowid',
      start,
    );
    const admin = t.adminId();
    const session = (from: string, to: string) => [{ field: 'session', old: from, new: to }];
    expect(rows.map((r) => [r.entity, r.entity_id, r.user_id, JSON.parse(r.changes)])).toEqual([
      [
        'users',
        carla.id,
        carla.id,
        [
          { field: 'failed_attempts', old: 0, new: 1 },
          { field: 'pin_check', old: null, new: 'sign_in' },
        ],
      ],
      ['users', carla.id, carla.id, session('signedOut', 'signedIn')],
      ['users', carla.id, carla.id, session('signedIn', 'locked')],
      // Locking a locked till is no new event.
      ['users', carla.id, carla.id, session('locked', 'signedIn')],
      ['users', carla.id, carla.id, session('signedIn', 'locked')],
      // Another user signs in on the locked till: Carla's session ends, the admin's starts.
      ['users', carla.id, carla.id, [...session('locked', 'signedOut'), { field: 'reason', old: null, new: 'switch' }]],
      ['users', admin, admin, session('signedOut', 'signedIn')],
      ['users', admin, admin, session('signedIn', 'signedOut')],
    ]);
    expect(new Set(rows.map((r) => r.device_id))).toEqual(new Set([t.app.deviceId]));
    expect(rows.map((r) => r.changes).join('')).not.toMatch(/9999|7391|2580|scrypt/);
  });
});

describe('quick-add for cashiers, the full wizard for managers', () => {
  it('a cashier quick-adds a customer but may not use the full wizard (customers.create)', async () => {
    const cashier = await t.as('cashier');
    const data = t.fingerprint();
    expect(await t.app.call('customers.create', { firstName: 'Beto', phone: '6999-0000', tags: ['vip'] }, cashier)).toMatchObject(
      { ok: false, error: { code: 'FORBIDDEN' } },
    );
    expect(t.fingerprint()).toBe(data);
    expect(await t.app.call('customers.quickAdd', { firstName: 'Beto', phone: '6999-0000' }, cashier)).toMatchObject({
      ok: true,
      value: { firstName: 'Beto', phone: '+50769990000' },
    });
    expect(
      (await t.app.call('customers.create', { firstName: 'Caro', email: 'caro@example.com' }, await t.as('manager'))).ok,
    ).toBe(true);
  });
});
