import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveRenderer } from '../../main/electron/renderer-protocol';
import { APP_SCHEME_PRIVILEGES, isAppUrl, rendererFilePath, windowOptions } from '../../main/electron/window-options';
import { CONTENT_SECURITY_POLICY } from '../../main/security';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the Electron window cannot be turned against the machine', () => {
  const prefs = windowOptions('/app/preload.cjs').webPreferences ?? {};

  it('isolates the page from Node and sandboxes it', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
    });
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('keeps developer tools closed unless asked for', () => {
    expect(prefs.devTools).toBe(false);
    expect(windowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('allows no inline script, no eval and no remote content', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('gives app:// an origin of its own that no other origin may read and the CSP still binds', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });

  it('recognises only its own app:// pages', () => {
    expect(isAppUrl('app://clientela/index.html')).toBe(true);
    expect(isAppUrl('app://clientela/index.html#/customers')).toBe(true);
    expect(isAppUrl('https://evil.example/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('app://clientela.evil.example/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });

  it('maps app:// addresses to files inside the renderer folder only', () => {
    expect(rendererFilePath('app://clientela/assets/a.js', '/r', join)).toBe('/r/assets/a.js');
    expect(rendererFilePath('app://clientela/', '/r', join)).toBe('/r/index.html');
    // The URL parser resolves dot segments: what is left still lies inside the folder.
    expect(rendererFilePath('app://clientela/%2e%2e/%2e%2e/etc/passwd', '/r', join)).toBe('/r/etc/passwd');
    expect(rendererFilePath('app://clientela/a/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret', '/r', join)).toBeNull();
    expect(rendererFilePath('app://clientela/..%5c..%5cwin.ini', '/r', join)).toBeNull();
    expect(rendererFilePath('app://clientela/%00.html', '/r', join)).toBeNull();
    expect(rendererFilePath('app://clientela/%E0%A4%A', '/r', join)).toBeNull();
    expect(rendererFilePath('app://elsewhere/index.html', '/r', join)).toBeNull();
  });
});

describe('the app:// protocol serves the built renderer', () => {
  let dir: string;
  let rendererDir: string;
  let serve: (request: Request) => Promise<Response>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'clientela-protocol-'));
    rendererDir = join(dir, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(rendererDir, 'assets', 'index.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not for the page');
    serve = serveRenderer(rendererDir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers with the file, its type and the CSP', async () => {
    const response = await serve(new Request('app://clientela/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<div id="root">');
    const script = await serve(new Request('app://clientela/assets/index.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses files outside the folder, missing files and writes, with the CSP on every refusal', async () => {
    for (const request of [
      new Request('app://clientela/..%2fsecret.txt'),
      new Request('app://clientela/missing.js'),
      new Request('app://other/index.html'),
      new Request('app://clientela/index.html', { method: 'POST', body: 'x' }),
    ]) {
      const response = await serve(request);
      expect(response.status, request.url).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).not.toContain('not for the page');
    }
  });
});

describe('the Electron boundary', () => {
  it('imports electron nowhere but main/electron', () => {
    const importers = (dir: string): string[] =>
      readdirSync(join(root, dir)).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(join(root, path)).isDirectory()) return path === join('main', 'electron') ? [] : importers(path);
        return /\.tsx?$/.test(name) && /from ['"]electron['"]/.test(readFileSync(join(root, path), 'utf8')) ? [path] : [];
      });
    expect(['shared', 'db', 'main', 'renderer', 'server'].flatMap(importers)).toEqual([]);
  });

  it('imports electron in window-options only for types, so tests can load it without Electron', () => {
    const source = readFileSync(join(root, 'main/electron/window-options.ts'), 'utf8');
    expect(source).toMatch(/import type \{[^}]*\} from 'electron'/);
    expect(source).not.toMatch(/^import \{[^}]*\} from 'electron'/m);
  });
});
