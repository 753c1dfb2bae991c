import { join, resolve } from 'node:path';
import { BrowserWindow, dialog, app as electronApp, ipcMain, protocol, safeStorage, session, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/bridge';
import { type App, startApp } from '../app';
import { seedDemoStore } from '../demo/demo-store';
import { parseLaunchOptions } from '../launch-options';
import { createInvokeListener, windowConnection } from './ipc-invoke';
import { serveRenderer } from './renderer-protocol';
import { safeStorageEncryptor } from './safe-storage-encryptor';
import { APP_ENTRY, APP_SCHEME, APP_SCHEME_PRIVILEGES, isAppUrl, windowOptions } from './window-options';

const PRODUCT_NAME = 'Clientela';

// Both must happen before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// `electron .` would name the folder after package.json's "clientela": use the product name,
// as packaged builds and the web host do, so every way of starting opens the same store.
electronApp.setPath('userData', join(electronApp.getPath('appData'), PRODUCT_NAME));

let app: App | null = null;
let win: BrowserWindow | null = null;

function dataDirFrom(argv: string[]): string {
  const given = argv.some((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  return given ? resolve(parseLaunchOptions(argv).dataDir) : electronApp.getPath('userData');
}

async function start(): Promise<void> {
  // Electron passes its own path first; in development the app folder follows as a positional.
  const argv = process.argv.slice(1);
  const launch = parseLaunchOptions(argv);

  // A till needs no camera, microphone, notifications, USB or serial (the scanner is a keyboard).
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  protocol.handle(APP_SCHEME, serveRenderer(join(__dirname, '..', 'renderer')));

  const opened = await startApp({
    dataDir: dataDirFrom(argv),
    transport: 'electron',
    // After 'ready': before it, Linux's keyring backend is not chosen yet.
    encryptor: safeStorageEncryptor(safeStorage),
  });
  app = opened;
  if (launch.demo) {
    const seeded = await seedDemoStore(opened);
    if (seeded) console.log(`Demo store created: ${seeded.customers} customers, ${seeded.products} products.`);
  }

  ipcMain.handle(
    IPC_INVOKE,
    createInvokeListener(opened, (sender) => win !== null && !win.isDestroyed() && sender === win.webContents),
  );
  opened.events.onAny((event, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, { event, payload });
  });

  const devTools = !electronApp.isPackaged || process.env.CLIENTELA_DEVTOOLS === '1';
  const window = new BrowserWindow(windowOptions(join(__dirname, 'preload.cjs'), { devTools }));
  win = window;
  window.once('ready-to-show', () => window.show());
  const connection = windowConnection(window.webContents);
  window.on('closed', () => {
    opened.auth.disconnect(connection);
    win = null;
  });
  await window.loadURL(APP_ENTRY);
}

/** Every web contents, ours or not: no navigation away, no new windows, no webviews. */
function lockDown(contents: WebContents): void {
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error);
  dialog.showErrorBox('Clientela could not start', message);
  electronApp.exit(1);
}

electronApp.on('web-contents-created', (_event, contents) => lockDown(contents));

// Two processes writing one store would fight over it: a second launch focuses the first window.
if (!electronApp.requestSingleInstanceLock()) {
  electronApp.quit();
} else {
  electronApp.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  electronApp.on('window-all-closed', () => electronApp.quit());
  electronApp.on('will-quit', () => {
    app?.close();
    app = null;
  });
  electronApp
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(error));
}
