import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../../main/security';
import {
  createFakeElectron,
  type FakeElectron,
  type FakeWebContents,
  type FakeWindow,
  type KeyringBackend,
  runWithFakeElectron,
} from './fake-electron';

// The built main process, exactly as it is packed into app.asar (scripts/test.mjs builds it first).
const root = fileURLToPath(new URL('../..', import.meta.url));
const bundle = join(root, 'dist/main/electron-main.cjs');

type Invoke = (event: unknown, message: unknown) => Promise<Result<unknown>>;

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'clientela-electron-'));
  temps.push(dir);
  return dir;
};

async function boot(args: string[], options: { singleInstance?: boolean; keyring?: KeyringBackend } = {}): Promise<FakeElectron> {
  if (!existsSync(bundle)) throw new Error('dist/main/electron-main.cjs is missing: run `npm run build` first');
  const fake = createFakeElectron({ appData: tempDir(), ...options });
  runWithFakeElectron(bundle, fake, args);
  await fake.started;
  return fake;
}

function quit(fake: FakeElectron): void {
  fake.emitApp('will-quit');
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('the Electron main process (built bundle, Electron API stood in)', () => {
  let fake: FakeElectron;
  let dataDir: string;
  let contents: FakeWebContents;
  let invoke: Invoke;
  const fromPage = (url = 'app://clientela/index.html') => ({ sender: contents, senderFrame: { url, parent: null } });

  beforeAll(async () => {
    dataDir = tempDir();
    fake = await boot(['--data-dir', dataDir]);
    const window = fake.windows[0];
    if (!window) throw new Error('no window was created');
    contents = window.webContents;
    invoke = fake.ipc.get('clientela:invoke') as Invoke;
    // The window's first run, through the channel its first-run screen uses: this window is signed in.
    const setup = await invoke(fromPage(), { channel: 'auth.setup', input: { name: 'Ana', pin: '2468' } });
    if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  });
  afterAll(() => quit(fake));

  it('registers app:// as a standard, secure scheme before the app is ready', () => {
    expect(fake.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('opens the store in --data-dir and loads app://clientela/index.html in one sandboxed window', () => {
    expect(existsSync(join(dataDir, 'clientela.db'))).toBe(true);
    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0];
    expect(window?.url).toBe('app://clientela/index.html');
    const prefs = window?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
    });
    expect(prefs.preload).toBe(join(root, 'dist/main/preload.cjs'));
    expect(existsSync(prefs.preload as string)).toBe(true);
  });

  it('serves the built renderer over app:// with the CSP, and nothing outside it', async () => {
    const serve = fake.protocols.get('app');
    if (!serve) throw new Error('app:// has no handler');
    const page = await serve(new Request('app://clientela/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<div id="root">');
    const outside = await serve(new Request('app://clientela/..%2f..%2fpackage.json'));
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers its own page through the contract, typed errors included', async () => {
    const info = await invoke(fromPage('app://clientela/index.html#/customers'), { channel: 'app.info', input: {} });
    expect(info).toMatchObject({ ok: true, value: { transport: 'electron' } });
    const invalid = await invoke(fromPage(), { channel: 'customers.quickAdd', input: { firstName: '' } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await invoke(fromPage(), { channel: 'customers.dropAll', input: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses calls from any other window, frame or page', async () => {
    const message = { channel: 'app.info', input: {} };
    const other = createFakeElectron({ appData: tempDir() });
    const strangers = [
      { sender: {}, senderFrame: { url: 'app://clientela/index.html', parent: null } },
      { sender: contents, senderFrame: { url: 'app://clientela/index.html', parent: contents.mainFrame } },
      { sender: contents, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: contents, senderFrame: { url: 'file:///etc/passwd', parent: null } },
      { sender: contents, senderFrame: null },
      { sender: other, senderFrame: { url: 'app://clientela/index.html', parent: null } },
    ];
    for (const event of strangers) {
      expect(await invoke(event, message)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Request refused: unknown sender.' },
      });
    }
  });

  it('turns a malformed request into a validation error', async () => {
    for (const message of [null, 'app.info', [], { channel: 42 }, {}]) {
      expect(await invoke(fromPage(), message)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
  });

  it('pushes store events to the window', async () => {
    const created = await invoke(fromPage(), {
      channel: 'customers.quickAdd',
      input: { firstName: 'Ana', lastName: 'Pérez', phone: '+507 6123-4567' },
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const id = (created.value as { id: string }).id;
    expect(contents.sent).toContainEqual({
      channel: 'clientela:event',
      message: { event: 'customers.changed', payload: { ids: [id] } },
    });
    expect(contents.sent.some((s) => (s.message as { event: string }).event === 'sync.status')).toBe(true);
  });

  it('denies new windows, navigation away from the app and webviews', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://clientela/index.html' })).toEqual({ action: 'deny' });
    for (const [event, url, blocked] of [
      ['will-navigate', 'https://evil.example/', true],
      ['will-navigate', 'file:///etc/passwd', true],
      ['will-redirect', 'http://127.0.0.1:9/', true],
      ['will-navigate', 'app://clientela/index.html', false],
    ] as const) {
      const preventDefault = vi.fn();
      contents.emit(event, { url, preventDefault });
      expect(preventDefault, `${event} ${url}`).toHaveBeenCalledTimes(blocked ? 1 : 0);
    }
    const attach = vi.fn();
    contents.emit('will-attach-webview', { preventDefault: attach });
    expect(attach).toHaveBeenCalled();
  });

  it('grants no permission to any page', () => {
    const callback = vi.fn();
    (fake.permissions.request as (...a: unknown[]) => void)(contents, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect((fake.permissions.check as (...a: unknown[]) => boolean)(contents, 'notifications')).toBe(false);
    expect((fake.permissions.device as (...a: unknown[]) => boolean)({ deviceType: 'usb' })).toBe(false);
  });

  it('keeps the Twilio token encrypted by the OS keyring (safeStorage), never in the clear and never in an answer', async () => {
    const token = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    const saved = await invoke(fromPage(), {
      channel: 'twilio.credentials.set',
      input: { accountSid: `AC${'1'.repeat(32)}`, authToken: token, fromNumber: '+14155550100' },
    });
    expect(saved).toMatchObject({ ok: true, value: { hasAuthToken: true, authTokenUnreadable: false, storage: 'ready' } });
    const read = await invoke(fromPage(), { channel: 'twilio.credentials.get', input: {} });
    expect(read).toMatchObject({ ok: true, value: { configured: true } });
    expect(JSON.stringify([saved, read, contents.sent])).not.toContain(token);
    const db = new Database(join(dataDir, 'clientela.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT scheme FROM secrets').pluck().all()).toEqual(['electron-safestorage']);
    } finally {
      db.close();
    }
    for (const file of ['clientela.db', 'clientela.db-wal'])
      expect(readFileSync(join(dataDir, file)).includes(token), file).toBe(false);
    // The keyring holds the key: no key file of the web host's kind.
    expect(existsSync(join(dataDir, 'secrets.key'))).toBe(false);
  });

  it('closes the store when the app quits, leaving no write-ahead log behind', () => {
    expect(existsSync(join(dataDir, 'clientela.db-wal'))).toBe(true);
    quit(fake);
    expect(existsSync(join(dataDir, 'clientela.db-wal'))).toBe(false);
  });
});

describe('starting the Electron main process', () => {
  it('keeps the store in the Clientela folder of the OS app-data folder by default', async () => {
    const fake = await boot([]);
    const appData = (fake.module.app as { getPath(name: string): string }).getPath('appData');
    expect(existsSync(join(appData, 'Clientela', 'clientela.db'))).toBe(true);
    quit(fake);
  });

  it('fills an empty store with the demo data when started with --demo', async () => {
    const fake = await boot(['--data-dir', tempDir(), '--demo']);
    const invoke = fake.ipc.get('clientela:invoke') as Invoke;
    const contents = fake.windows[0]?.webContents;
    const from = { sender: contents, senderFrame: { url: 'app://clientela/index.html', parent: null } };
    // Signed out, only the sign-in screen's channels answer; Ana signs in with the demo PIN.
    expect(await invoke(from, { channel: 'customers.search', input: { query: '' } })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    const tiles = await invoke(from, { channel: 'auth.users', input: {} });
    const ana = (tiles as { value: { id: string; name: string }[] }).value.find((u) => u.name === 'Ana');
    expect(await invoke(from, { channel: 'auth.signIn', input: { userId: ana?.id, pin: '2468' } })).toMatchObject({
      ok: true,
      value: { state: 'signedIn' },
    });
    const found = await invoke(
      { sender: contents, senderFrame: { url: 'app://clientela/index.html', parent: null } },
      { channel: 'customers.search', input: { query: '' } },
    );
    expect(found).toMatchObject({ ok: true });
    expect((found as { value: { total: number } }).value.total).toBeGreaterThan(1000);
    quit(fake);
  });

  it('tells the user, in a dialog, why it could not open the store, and exits', async () => {
    const notAFolder = join(tempDir(), 'file');
    writeFileSync(notAFolder, '');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const fake = createFakeElectron({ appData: tempDir() });
    runWithFakeElectron(bundle, fake, ['--data-dir', notAFolder]);
    await expect(fake.started).rejects.toThrow(/exited with 1/);
    expect(fake.errors).toEqual([{ title: 'Clientela could not start', content: expect.stringContaining(notAFolder) }]);
    expect(fake.windows).toHaveLength(0);
  });

  it("on a Linux with no keyring (safeStorage's basic_text) refuses to save a token, saying what to install", async () => {
    const fake = await boot(['--data-dir', tempDir()], { keyring: 'basic_text' });
    const window = fake.windows[0] as FakeWindow;
    const invoke = fake.ipc.get('clientela:invoke') as Invoke;
    const event = { sender: window.webContents, senderFrame: { url: 'app://clientela/index.html', parent: null } };
    const setup = await invoke(event, { channel: 'auth.setup', input: { name: 'Ana', pin: '2468' } });
    expect(setup).toMatchObject({ ok: true });
    expect(await invoke(event, { channel: 'twilio.credentials.get', input: {} })).toMatchObject({
      ok: true,
      value: { storage: 'unavailable', hasAuthToken: false },
    });
    const refused = await invoke(event, {
      channel: 'twilio.credentials.set',
      input: { accountSid: `AC${'1'.repeat(32)}`, authToken: 'c0ffee00c0ffee00c0ffee00c0ffee00', fromNumber: '+14155550100' },
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'SECRETS_UNAVAILABLE', message: expect.stringMatching(/gnome-keyring.*kwallet/) },
    });
    quit(fake);
  });

  it('leaves the store to the instance already running', async () => {
    const fake = await boot([], { singleInstance: false });
    expect(fake.quitCalled).toBe(true);
    expect(fake.windows).toHaveLength(0);
    expect(fake.ipc.size).toBe(0);
  });
});
