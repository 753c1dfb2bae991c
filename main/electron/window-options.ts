import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';

// Pure values and functions only (no electron at run time): tests import this file directly.

export const APP_SCHEME = 'app';
export const APP_HOST = 'clientela';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * A standard, secure scheme so the renderer gets a real origin (storage, module scripts, fetch).
 * No corsEnabled: other origins can't read it. No service workers, no bypassing the CSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The window's security posture in one pure function, so a test can pin it. */
export function windowOptions(preloadPath: string, options: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Clientela',
    show: false,
    backgroundColor: '#f4f6f8',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools === true,
    },
  };
}

/** Our own pages, and nothing else: app://clientela/… */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Map app://clientela/<path> to a file under the renderer folder; null for anything outside it. */
export function rendererFilePath(url: string, rendererDir: string, join: (...p: string[]) => string, sep = '/'): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // Encoded dot segments and backslashes survive URL parsing: refuse them rather than resolve them.
  if (path.split('/').some((segment) => segment === '..') || path.includes('\0') || path.includes('\\')) return null;
  const file = join(rendererDir, path === '/' ? 'index.html' : path);
  return file.startsWith(rendererDir + sep) ? file : null;
}
