import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * A recording stand-in for the parts of the `electron` module the main process uses, for a
 * machine without the Electron runtime. It keeps Electron's ordering rules (schemes are
 * registered before ready; protocols and windows only after) so a wrongly ordered call fails here
 * as it would there.
 */

// biome-ignore lint/suspicious/noExplicitAny: listeners of every shape, as EventEmitter takes them.
type Listener = (...args: any[]) => void;
type Handler = (...args: never[]) => unknown;

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

let contentsIds = 0;

export class FakeWebContents extends EventEmitter {
  /** Electron numbers each web contents; main names the window's session after it. */
  readonly id = ++contentsIds;
  readonly sent: { channel: string; message: unknown }[] = [];
  readonly mainFrame: FakeFrame = { url: '', parent: null };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message: structuredClone(message) });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export interface FakeElectron {
  /** The module object handed to `require('electron')`. */
  module: Record<string, unknown>;
  schemes: unknown[];
  protocols: Map<string, (request: Request) => Promise<Response>>;
  ipc: Map<string, Handler>;
  windows: FakeWindow[];
  permissions: { request?: Handler; check?: Handler; device?: Handler };
  errors: { title: string; content: string }[];
  exitCode: number | undefined;
  quitCalled: boolean;
  /** Emit an app event, as Electron would. */
  emitApp(event: string, ...args: unknown[]): void;
  /** Settles when the first window has loaded its page, or the app gave up starting. */
  started: Promise<void>;
}

export interface FakeWindow {
  options: Record<string, unknown>;
  webContents: FakeWebContents;
  url: string | null;
}

/** What Electron's safeStorage names as Linux's password store. */
export type KeyringBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6';

export function createFakeElectron(options: {
  appData: string;
  singleInstance?: boolean;
  /** The Linux password store safeStorage picks once the app is ready (gnome_libsecret unless told). */
  keyring?: KeyringBackend;
}): FakeElectron {
  let ready = false;
  const keyring = options.keyring ?? 'gnome_libsecret';
  // Chromium's Linux OSCrypt: AES-128-CBC, a "v11" prefix; here with a key of the fake keyring's own.
  const keyringKey = randomBytes(16);
  const iv = Buffer.alloc(16, 0x20);
  const appEvents = new EventEmitter();
  const paths = new Map<string, string>([['appData', options.appData]]);
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const started = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const mustBeReady = (what: string) => {
    if (!ready) throw new Error(`${what} cannot be used before the app is ready`);
  };

  const fake: FakeElectron = {
    module: {},
    schemes: [],
    protocols: new Map(),
    ipc: new Map(),
    windows: [],
    permissions: {},
    errors: [],
    exitCode: undefined,
    quitCalled: false,
    emitApp: (event, ...args) => appEvents.emit(event, ...args),
    started,
  };

  class BrowserWindow extends EventEmitter implements FakeWindow {
    readonly webContents = new FakeWebContents();
    url: string | null = null;
    constructor(readonly options: Record<string, unknown>) {
      super();
      mustBeReady('BrowserWindow');
      fake.windows.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string): Promise<void> {
      this.url = url;
      this.webContents.mainFrame.url = url;
      this.emit('ready-to-show');
      settle?.resolve();
    }
    show(): void {}
    focus(): void {}
    restore(): void {}
    isMinimized(): boolean {
      return false;
    }
    isDestroyed(): boolean {
      return false;
    }
  }

  fake.module = {
    app: {
      isPackaged: true,
      getPath: (name: string) => paths.get(name) ?? join(options.appData, 'Electron'),
      setPath: (name: string, value: string) => {
        if (ready && name === 'userData') throw new Error('userData must be set before ready');
        paths.set(name, value);
      },
      requestSingleInstanceLock: () => options.singleInstance !== false,
      on: (event: string, listener: Listener) => appEvents.on(event, listener),
      whenReady: () =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            ready = true;
            resolve();
          }),
        ),
      quit: () => {
        fake.quitCalled = true;
        settle?.resolve();
      },
      exit: (code: number) => {
        fake.exitCode = code;
        settle?.reject(new Error(`the app exited with ${code}: ${JSON.stringify(fake.errors)}`));
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        if (ready) throw new Error('registerSchemesAsPrivileged must be called before ready');
        fake.schemes.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        mustBeReady('protocol.handle');
        fake.protocols.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => {
          fake.permissions.request = h;
        },
        setPermissionCheckHandler: (h: Handler) => {
          fake.permissions.check = h;
        },
        setDevicePermissionHandler: (h: Handler) => {
          fake.permissions.device = h;
        },
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => {
        if (fake.ipc.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        fake.ipc.set(channel, handler);
      },
    },
    safeStorage: {
      // As Electron: 'unknown' and unavailable until the app is ready; basic_text still "available".
      getSelectedStorageBackend: () => (ready ? keyring : 'unknown'),
      isEncryptionAvailable: () => ready,
      encryptString: (plain: string) => {
        mustBeReady('safeStorage.encryptString');
        const cipher = createCipheriv('aes-128-cbc', keyringKey, iv);
        return Buffer.concat([Buffer.from('v11'), cipher.update(plain, 'utf8'), cipher.final()]);
      },
      decryptString: (data: Buffer) => {
        mustBeReady('safeStorage.decryptString');
        const decipher = createDecipheriv('aes-128-cbc', keyringKey, iv);
        return Buffer.concat([decipher.update(data.subarray(3)), decipher.final()]).toString('utf8');
      },
    },
    dialog: {
      showErrorBox: (title: string, content: string) => fake.errors.push({ title, content }),
    },
    BrowserWindow,
  };
  return fake;
}

const FAKE_ID = '\0fake-electron';

/**
 * Run a CommonJS bundle (dist/main/electron-main.cjs) with `require('electron')` answered by the
 * fake and the given command line, the way Electron runs a packaged app: argv[0] is the binary.
 */
export function runWithFakeElectron(bundle: string, fake: FakeElectron, args: string[]): void {
  const loader = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'electron' ? FAKE_ID : resolve.call(this, request, ...rest);
  };
  loader._cache[FAKE_ID] = { id: FAKE_ID, filename: FAKE_ID, loaded: true, exports: fake.module };
  const argv = process.argv;
  process.argv = ['/opt/Clientela/clientela', ...args];
  // Main reads its command line once it is ready: give it back only when start-up is over.
  const restoreArgv = () => {
    process.argv = argv;
  };
  fake.started.then(restoreArgv, restoreArgv);
  try {
    delete loader._cache[bundle];
    createRequire(bundle)(bundle);
  } finally {
    loader._resolveFilename = resolve;
  }
}
