import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isTrustedSender, rendererFilePath, windowOptions } from '../../main/electron/window-options';
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
    });
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('allows no inline script, no eval and no remote content', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('answers IPC only from its own app:// pages', () => {
    expect(isTrustedSender('app://clientela/index.html')).toBe(true);
    expect(isTrustedSender('https://evil.example/index.html')).toBe(false);
    expect(isTrustedSender('file:///etc/passwd')).toBe(false);
    expect(isTrustedSender('app://other/index.html')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('serves only files inside the renderer folder', () => {
    expect(rendererFilePath('app://clientela/assets/a.js', '/r', join)).toBe('/r/assets/a.js');
    expect(rendererFilePath('app://clientela/', '/r', join)).toBe('/r/index.html');
    // The URL parser resolves dot segments: what is left still lies inside the folder.
    expect(rendererFilePath('app://clientela/%2e%2e/%2e%2e/etc/passwd', '/r', join)).toBe('/r/etc/passwd');
    expect(rendererFilePath('app://clientela/a/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret', '/r', join)).toBeNull();
    expect(rendererFilePath('app://clientela/..%5c..%5cwin.ini', '/r', join)).toBeNull();
    expect(rendererFilePath('app://elsewhere/index.html', '/r', join)).toBeNull();
  });

  it('flips the Electron fuses in real packages', () => {
    const config = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    for (const fuse of [
      'runAsNode: false',
      'enableNodeOptionsEnvironmentVariable: false',
      'enableNodeCliInspectArguments: false',
      'enableEmbeddedAsarIntegrityValidation: true',
      'onlyLoadAppFromAsar: true',
    ]) {
      expect(config).toContain(fuse);
    }
  });

  it('imports electron nowhere but main/electron', () => {
    const grep = (dir: string): string[] => {
      const { readdirSync, statSync } = require('node:fs') as typeof import('node:fs');
      return readdirSync(join(root, dir)).flatMap((name: string) => {
        const path = join(dir, name);
        if (statSync(join(root, path)).isDirectory()) return path.startsWith(join('main', 'electron')) ? [] : grep(path);
        return /\.(ts|tsx)$/.test(name) && /from ['"]electron['"]/.test(readFileSync(join(root, path), 'utf8')) ? [path] : [];
      });
    };
    expect(['shared', 'db', 'main', 'renderer'].flatMap(grep)).toEqual([]);
  });
});
