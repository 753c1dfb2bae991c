import { readFile } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { app as electronApp, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/bridge';
import { type App, openApp } from '../app';
import { seedDemoStore } from '../demo/demo-store';
import { parseLaunchOptions } from '../launch-options';
import { CONTENT_SECURITY_POLICY } from '../security';
import { APP_ENTRY, APP_SCHEME, isTrustedSender, rendererFilePath, windowOptions } from './window-options';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = join(__dirname, '..', 'renderer');
let app: App | null = null;
let win: BrowserWindow | null = null;

async function start(): Promise<void> {
  const options = parseLaunchOptions(process.argv.slice(1));
  const dataDir = process.argv.some((a) => a.startsWith('--data-dir')) ? options.dataDir : electronApp.getPath('userData');
  app = openApp({ dataDir, transport: 'electron' });
  if (options.demo) await seedDemoStore(app);

  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFilePath(request.url, rendererDir, join, sep);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  // No camera, microphone, notifications, geolocation…: a till needs none.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const current = app;
  ipcMain.handle(IPC_INVOKE, async (event, message: unknown) => {
    if (!win || event.sender !== win.webContents || !isTrustedSender(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Request refused: unknown sender.' } };
    }
    const { channel, input } = (message ?? {}) as { channel?: unknown; input?: unknown };
    if (typeof channel !== 'string') return { ok: false, error: { code: 'VALIDATION', message: 'Malformed request.' } };
    return current.call(channel, input);
  });
  current.events.onAny((event, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, { event, payload });
  });

  win = new BrowserWindow(windowOptions(join(__dirname, 'preload.cjs')));
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(APP_ENTRY);
}

electronApp.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedSender(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

if (!electronApp.requestSingleInstanceLock()) {
  electronApp.quit();
} else {
  electronApp.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  electronApp.whenReady().then(start, (error: unknown) => {
    console.error(error);
    electronApp.exit(1);
  });
  electronApp.on('window-all-closed', () => electronApp.quit());
  electronApp.on('will-quit', () => app?.close());
}
