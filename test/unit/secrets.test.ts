import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TwilioCredentials } from '../../shared/twilio';
import { AppError } from '../../shared/errors';
import { DATABASE_FILE } from '../../main/app';
import { type SafeStorageApi, safeStorageEncryptor } from '../../main/electron/safe-storage-encryptor';
import { KEY_FILE, keyFileEncryptor } from '../../main/secrets/key-file-encryptor';
import { SecretStore } from '../../main/secrets/secret-store';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/valid-inputs';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

const TOKEN = TEST_AUTH_TOKEN;
const SAVED = { accountSid: TEST_ACCOUNT_SID, authToken: TOKEN, fromNumber: '6123-4567' };

let t: TempApp;
afterEach(() => t?.close());

const keyFile = () => join(t.dir, KEY_FILE);
const credentials = () => ok<TwilioCredentials>(t.app, 'twilio.credentials.get', {});
const store = () => new SecretStore(t.app.sql, keyFileEncryptor(keyFile()));
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
};

/** A stand-in for Electron's safeStorage: a real cipher, and the backend and availability a test picks. */
function fakeSafeStorage(backend: ReturnType<SafeStorageApi['getSelectedStorageBackend']>, available = true): SafeStorageApi {
  const key = randomBytes(32);
  const xor = (data: Buffer) => Buffer.from(data.map((b, i) => b ^ (key[i % 32] as number)));
  return {
    getSelectedStorageBackend: () => backend,
    isEncryptionAvailable: () => available,
    encryptString: (plain: string) => Buffer.concat([Buffer.from('v11'), xor(Buffer.from(plain, 'utf8'))]),
    decryptString: (data: Buffer) => {
      if (data.subarray(0, 3).toString() !== 'v11')
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return xor(data.subarray(3)).toString('utf8');
    },
  };
}

describe('Twilio credentials (admin)', () => {
  beforeEach(async () => {
    t = openTempApp();
    await t.ready;
  });

  it('a new store has none, and says where a token would be kept', async () => {
    expect(await credentials()).toEqual({
      configured: false,
      accountSid: null,
      fromNumber: null,
      messagingServiceSid: null,
      hasAuthToken: false,
      authTokenUnreadable: false,
      storage: 'ready',
      updatedAt: null,
    });
  });

  it('saves the SID, the sender as E.164 in the store country, and the token, which no answer ever holds', async () => {
    const saved = await ok<TwilioCredentials>(t.app, 'twilio.credentials.set', SAVED);
    expect(saved).toMatchObject({
      configured: true,
      accountSid: TEST_ACCOUNT_SID,
      fromNumber: '+50761234567',
      messagingServiceSid: null,
      hasAuthToken: true,
      authTokenUnreadable: false,
    });
    expect(JSON.stringify(saved)).not.toContain(TOKEN);
    expect(JSON.stringify(await credentials())).not.toContain(TOKEN);
    // Main itself (the SMS sender, later) reads it back.
    expect(t.app.twilio.authToken()).toBe(TOKEN);
  });

  it('changing the sender keeps the saved token; replacing the token keeps the account', async () => {
    await ok(t.app, 'twilio.credentials.set', SAVED);
    const service = `MG${'ab'.repeat(16)}`;
    expect(
      await ok(t.app, 'twilio.credentials.set', { accountSid: TEST_ACCOUNT_SID, fromNumber: null, messagingServiceSid: service }),
    ).toMatchObject({ fromNumber: null, messagingServiceSid: service, hasAuthToken: true });
    expect(t.app.twilio.authToken()).toBe(TOKEN);
    const other = 'Z'.repeat(32);
    await ok(t.app, 'twilio.credentials.set', { accountSid: TEST_ACCOUNT_SID, messagingServiceSid: service, authToken: other });
    expect(t.app.twilio.authToken()).toBe(other);
  });

  it('every change is audited as the admin, the token only as "[changed]"', async () => {
    await ok(t.app, 'twilio.credentials.set', SAVED);
    await ok(t.app, 'twilio.credentials.set', { ...SAVED, authToken: 'Y'.repeat(32) });
    await ok(t.app, 'twilio.credentials.clear', {});
    const rows = t.app.sql.raw<{ entity: string; entity_id: string; action: string; changes: string; user_id: string }>(
      "SELECT entity, entity_id, action, changes, user_id FROM audit_log WHERE entity IN ('secrets', 'twilio_account') ORDER BY rowid",
    );
    expect(rows.map((r) => [r.entity, r.action, JSON.parse(r.changes)])).toEqual([
      [
        'twilio_account',
        'create',
        [
          { field: 'account_sid', old: null, new: TEST_ACCOUNT_SID },
          { field: 'from_number', old: null, new: '+50761234567' },
        ],
      ],
      ['secrets', 'create', [{ field: 'value', old: null, new: '[changed]' }]],
      ['secrets', 'update', [{ field: 'value', old: '[changed]', new: '[changed]' }]],
      [
        'twilio_account',
        'delete',
        [
          { field: 'account_sid', old: TEST_ACCOUNT_SID, new: null },
          { field: 'from_number', old: '+50761234567', new: null },
          { field: 'messaging_service_sid', old: null, new: null },
        ],
      ],
      ['secrets', 'delete', [{ field: 'value', old: '[changed]', new: null }]],
    ]);
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set([t.adminId()]));
    // Local to this device: nothing of it waits to be synced.
    expect(t.app.sql.raw("SELECT * FROM outbox WHERE table_name IN ('secrets', 'twilio_account')")).toEqual([]);
  });

  it('clear forgets the account and the token', async () => {
    await ok(t.app, 'twilio.credentials.set', SAVED);
    expect(await ok(t.app, 'twilio.credentials.clear', {})).toMatchObject({
      configured: false,
      accountSid: null,
      hasAuthToken: false,
    });
    expect(t.app.twilio.authToken()).toBeNull();
    expect(t.counts()).toMatchObject({ secrets: 0, twilio_account: 0 });
  });

  it.each([
    [{ ...SAVED, accountSid: 'AC123' }, 'accountSid', 'invalid_account_sid'],
    [{ ...SAVED, accountSid: `SK${'0'.repeat(32)}` }, 'accountSid', 'invalid_account_sid'],
    [{ ...SAVED, authToken: TOKEN.slice(1) }, 'authToken', 'invalid_auth_token'],
    [{ ...SAVED, authToken: `${TOKEN.slice(1)}!` }, 'authToken', 'invalid_auth_token'],
    [{ ...SAVED, fromNumber: '123' }, 'fromNumber', 'invalid_phone'],
    [{ ...SAVED, fromNumber: '' }, 'fromNumber', 'from_or_service'],
    [{ ...SAVED, fromNumber: null, messagingServiceSid: 'MG1' }, 'messagingServiceSid', 'invalid_service_sid'],
    [{ accountSid: TEST_ACCOUNT_SID, fromNumber: '+14155550100' }, 'authToken', 'required'],
    [{ ...SAVED, token: TOKEN }, 'token', 'unknown_field'],
  ])('bad input %# is refused next to its field (%s: %s), changing nothing and echoing no value', async (input, field, key) => {
    const data = t.fingerprint();
    const result = await t.app.call('twilio.credentials.set', input);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { [field]: key } } });
    expect(JSON.stringify(result)).not.toContain(TOKEN.slice(1));
    expect(t.fingerprint()).toBe(data);
  });
});

describe('the web host key file', () => {
  beforeEach(async () => {
    t = openTempApp();
    await t.ready;
  });

  it('is made on the first save, 32 random bytes readable by its owner alone (0600)', async () => {
    expect(existsSync(keyFile())).toBe(false);
    await ok(t.app, 'twilio.credentials.set', SAVED);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile())).toHaveLength(32);
  });

  it('seals each value with its own IV: the same token saved twice is stored as different bytes', async () => {
    await ok(t.app, 'twilio.credentials.set', SAVED);
    const first = t.app.sql.raw<{ ciphertext: Buffer }>('SELECT ciphertext FROM secrets')[0]?.ciphertext;
    await ok(t.app, 'twilio.credentials.set', SAVED);
    const second = t.app.sql.raw<{ ciphertext: Buffer }>('SELECT ciphertext FROM secrets')[0]?.ciphertext;
    expect(first).toBeInstanceOf(Buffer);
    expect(second?.equals(first as Buffer)).toBe(false);
    expect(t.app.twilio.authToken()).toBe(TOKEN);
  });

  it('a key file others can read is refused with what to do, and nothing is saved', async () => {
    await ok(t.app, 'twilio.credentials.set', SAVED);
    chmodSync(keyFile(), 0o644);
    const data = t.fingerprint();
    const result = await t.app.call('twilio.credentials.set', { ...SAVED, authToken: 'Q'.repeat(32) });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SECRETS_UNAVAILABLE', message: expect.stringContaining('chmod 600') },
    });
    expect(t.fingerprint()).toBe(data);
    expect(await credentials()).toMatchObject({ storage: 'key_insecure', hasAuthToken: true });
    expect(codeOf(() => t.app.twilio.authToken())).toBe('SECRETS_UNAVAILABLE');
    chmodSync(keyFile(), 0o600);
    expect(t.app.twilio.authToken()).toBe(TOKEN);
  });

  it('another key (a store copied from another computer) reads as "enter it again", not a crash', async () => {
    await ok(t.app, 'twilio.credentials.set', SAVED);
    writeFileSync(keyFile(), randomBytes(32), { mode: 0o600 });
    expect(await credentials()).toMatchObject({ hasAuthToken: true, authTokenUnreadable: true, storage: 'ready' });
    expect(codeOf(() => t.app.twilio.authToken())).toBe('SECRETS_UNREADABLE');
    // Saving it again mends it.
    await ok(t.app, 'twilio.credentials.set', SAVED);
    expect(await credentials()).toMatchObject({ authTokenUnreadable: false });
  });

  it('a missing or damaged key file reads as unreadable too', async () => {
    await ok(t.app, 'twilio.credentials.set', SAVED);
    const key = readFileSync(keyFile());
    rmSync(keyFile());
    expect(codeOf(() => t.app.twilio.authToken())).toBe('SECRETS_UNREADABLE');
    writeFileSync(keyFile(), key.subarray(0, 31), { mode: 0o600 });
    expect(codeOf(() => t.app.twilio.authToken())).toBe('SECRETS_UNREADABLE');
    rmSync(keyFile());
    writeFileSync(keyFile(), key, { mode: 0o600 });
    expect(t.app.twilio.authToken()).toBe(TOKEN);
  });

  it('an altered byte anywhere in the ciphertext is caught by the tag', async () => {
    await ok(t.app, 'twilio.credentials.set', SAVED);
    const original = t.app.sql.raw<{ ciphertext: Buffer }>('SELECT ciphertext FROM secrets')[0]?.ciphertext as Buffer;
    for (const at of [0, 5, 20, original.length - 1]) {
      const altered = Buffer.from(original);
      altered[at] = (altered[at] as number) ^ 0x01;
      t.app.sql.db.prepare('UPDATE secrets SET ciphertext = ?').run(altered);
      expect(
        codeOf(() => t.app.twilio.authToken()),
        `byte ${at}`,
      ).toBe('SECRETS_UNREADABLE');
    }
    t.app.sql.db.prepare('UPDATE secrets SET ciphertext = ?').run(original);
    expect(t.app.twilio.authToken()).toBe(TOKEN);
  });

  it("one secret's ciphertext copied onto another's name is refused", async () => {
    await ok(t.app, 'twilio.credentials.set', SAVED);
    t.app.sql.db.exec(
      "INSERT INTO secrets (name, scheme, ciphertext, updated_at, updated_by) SELECT 'sync.deviceToken', scheme, ciphertext, updated_at, updated_by FROM secrets",
    );
    expect(codeOf(() => store().get('sync.deviceToken'))).toBe('SECRETS_UNREADABLE');
  });

  it('keeps only the names on its list', () => {
    expect(() => store().set({ userId: 'u', deviceId: 'd' }, 'twilio.password' as never, 'x')).toThrow(/Unknown secret/);
    expect(store().get('sync.deviceToken')).toBeNull();
    expect(store().has('sync.deviceToken')).toBe(false);
  });
});

describe("Electron's safeStorage", () => {
  it("on Linux refuses the unencrypted 'basic_text' store (and 'unknown'), naming a keyring to install", () => {
    for (const backend of ['basic_text', 'unknown'] as const) {
      const encryptor = safeStorageEncryptor(fakeSafeStorage(backend, true), 'linux');
      expect(encryptor.status()).toBe('unavailable');
      let error: unknown;
      try {
        encryptor.encrypt('secret');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'SECRETS_UNAVAILABLE', message: expect.stringMatching(/gnome-keyring.*kwallet/) });
    }
  });

  it('uses a real keyring on Linux, and the OS store elsewhere, whatever Linux backend is named', () => {
    for (const [backend, platform] of [
      ['gnome_libsecret', 'linux'],
      ['kwallet6', 'linux'],
      ['basic_text', 'darwin'],
      ['unknown', 'win32'],
    ] as const) {
      const encryptor = safeStorageEncryptor(fakeSafeStorage(backend), platform);
      expect(encryptor.status()).toBe('ready');
      const sealed = encryptor.encrypt('señal');
      expect(sealed.toString('latin1')).not.toContain('se');
      expect(encryptor.decrypt(sealed)).toBe('señal');
    }
  });

  it('a locked keychain (encryption not available) is refused too', () => {
    const encryptor = safeStorageEncryptor(fakeSafeStorage('gnome_libsecret', false), 'darwin');
    expect(encryptor.status()).toBe('unavailable');
    expect(() => encryptor.decrypt(Buffer.from('v11x'))).toThrow(/Unlock the login keychain/);
  });

  it('an app on a Linux without a keyring answers SECRETS_UNAVAILABLE and saves nothing; Settings can say so up front', async () => {
    t = openTempApp({ encryptor: safeStorageEncryptor(fakeSafeStorage('basic_text'), 'linux') });
    await t.ready;
    expect(await credentials()).toMatchObject({ storage: 'unavailable', hasAuthToken: false });
    const data = t.fingerprint();
    expect(await t.app.call('twilio.credentials.set', SAVED)).toMatchObject({
      ok: false,
      error: { code: 'SECRETS_UNAVAILABLE', message: expect.stringContaining('gnome-keyring') },
    });
    expect(t.fingerprint()).toBe(data);
  });

  it("a token saved by the key file is not handed to the keyring (and the reverse): 'enter it again'", async () => {
    t = openTempApp();
    await ok(t.app, 'twilio.credentials.set', SAVED);
    const dir = t.dir;
    t.app.close();
    t = openTempApp({ dir, encryptor: safeStorageEncryptor(fakeSafeStorage('kwallet5'), 'linux') });
    expect(await credentials()).toMatchObject({ hasAuthToken: true, authTokenUnreadable: true, storage: 'ready' });
    expect(codeOf(() => t.app.twilio.authToken())).toBe('SECRETS_UNREADABLE');
    await ok(t.app, 'twilio.credentials.set', SAVED);
    expect(t.app.twilio.authToken()).toBe(TOKEN);
    expect(t.app.sql.raw('SELECT scheme FROM secrets')).toEqual([{ scheme: 'electron-safestorage' }]);
    expect(readFileSync(join(dir, DATABASE_FILE)).includes(TOKEN)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
