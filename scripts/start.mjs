#!/usr/bin/env node
// `npm start`: the desktop window when the Electron runtime is installed,
// otherwise (or with --web) the same app served on 127.0.0.1.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${root}package.json`);
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const electron = args.includes('--web') ? null : electronBinary();
let child;
if (electron) {
  child = spawn(electron, [root, ...args], { stdio: 'inherit' });
} else {
  if (!args.includes('--web'))
    console.log('Electron runtime not installed on this machine: serving Clientela in your browser instead.');
  child = spawn(process.execPath, [`${root}dist/main/web-main.mjs`, ...args], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
