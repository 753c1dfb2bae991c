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
import { ok, openTempApp, TEST_ADMIN, TEST_PIN, TEST_PIN_COST, TEST_START, type TempApp } from '../helpers/temp-app';

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
      "SELECT action, changes, user_id FROM audit_log WHERE entity = 'users' AND entity_id = ? AND changes NOT LIKE '%locked_until%' ORDER BY rowid",
      luis.id,
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
