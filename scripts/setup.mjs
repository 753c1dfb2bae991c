#!/usr/bin/env node
// The install step the project's .npmrc (ignore-scripts=true) leaves out, done
// explicitly, idempotently, and with a clean fallback (docs/adr/0001-install.md):
//   1. better-sqlite3's native module for this Node (prebuilt if reachable, else compiled);
//   2. the Electron runtime, if it can be fetched; if not, `npm start` uses the web host.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${root}package.json`);
const stateFile = `${root}.setup-state.json`;
const ELECTRON_RETRY_MS = 24 * 60 * 60 * 1000;

const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
const saveState = () => writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);

function sqliteLoads() {
  // A child process: a module built for another ABI must not poison this one.
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    stdio: 'ignore',
  });
  return probe.status === 0;
}

function ensureSqlite() {
  if (sqliteLoads()) return;
  console.log('Setting up SQLite (better-sqlite3) for this Node version; compiling takes about 2 minutes the first time...');
  const env = { ...process.env };
  // Build against the headers of the Node that runs us when the system has them (offline machines).
  const headers = '/usr/include/node/node_version.h';
  if (
    !env.npm_config_nodedir &&
    existsSync(headers) &&
    readFileSync(headers, 'utf8').includes(`NODE_MAJOR_VERSION ${process.versions.node.split('.')[0]}`)
  ) {
    env.npm_config_nodedir = '/usr';
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['rebuild', 'better-sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (result.status !== 0 || !sqliteLoads()) {
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
