#!/usr/bin/env node
// The install step the project's .npmrc (ignore-scripts=true) leaves out, done
// explicitly, idempotently, and with a clean fallback (docs/adr/0001-install.md):
//   1. better-sqlite3's native module for this Node (prebuilt if reachable, else compiled);
//   2. the Electron runtime, if it can be fetched; if not, `npm start` uses the web host.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { nativeModuleLoads, rebuildNativeModule } from './native-module.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${root}package.json`);
const stateFile = `${root}.setup-state.json`;
const ELECTRON_RETRY_MS = 24 * 60 * 60 * 1000;

const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
const saveState = () => writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);

function ensureSqlite() {
  if (nativeModuleLoads('better-sqlite3', root)) return;
  console.log('Setting up SQLite (better-sqlite3) for this Node version; compiling takes about 2 minutes the first time...');
  if (!rebuildNativeModule('better-sqlite3', root)) {
    console.error('Could not build better-sqlite3. Install a C++ toolchain (python3, make, g++) and run `npm run setup` again.');
    process.exit(1);
  }
}

function electronInstalled() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary);
  } catch {
    return false;
  }
}

function ensureElectron() {
  if (electronInstalled()) return;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log('Electron runtime: skipped (ELECTRON_SKIP_BINARY_DOWNLOAD); `npm start` serves the app in your browser.');
    return;
  }
  const retry = process.argv.includes('--retry-electron');
  if (!retry && state.electronFailedAt && Date.now() - state.electronFailedAt < ELECTRON_RETRY_MS) return;
  console.log('Fetching the Electron runtime...');
  spawnSync(process.execPath, [require.resolve('electron/install.js')], { cwd: root, stdio: 'ignore', timeout: 300_000 });
  if (electronInstalled()) {
    delete state.electronFailedAt;
    console.log('Electron runtime installed.');
  } else {
    state.electronFailedAt = Date.now();
    console.log(
      'Electron runtime unavailable (offline?); `npm start` serves the app in your browser. Retry: npm run setup -- --retry-electron',
    );
  }
  saveState();
}

ensureSqlite();
ensureElectron();
