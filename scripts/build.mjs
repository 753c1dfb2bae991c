#!/usr/bin/env node
// Build everything `npm start`, the e2e tests and electron-builder load:
//   dist/renderer/            the React app (vite)
//   dist/main/web-main.mjs    the loopback web host (esbuild)
//   dist/main/electron-main.cjs, dist/main/preload.cjs   the Electron adapters (esbuild)
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const quiet = process.argv.includes('--quiet');

await viteBuild({ configFile: `${root}vite.config.ts`, logLevel: quiet ? 'warn' : 'info' });

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };
await Promise.all([
  // The web host runs from the checkout, next to node_modules.
  esbuild({
    ...common,
    entryPoints: ['main/web/web-main.ts'],
    outfile: 'dist/main/web-main.mjs',
    format: 'esm',
    packages: 'external',
  }),
  // The packaged app ships one runtime dependency, better-sqlite3 (native); the rest is bundled.
  esbuild({
    ...common,
    entryPoints: ['main/electron/electron-main.ts'],
    outfile: 'dist/main/electron-main.cjs',
    format: 'cjs',
    external: ['electron', 'better-sqlite3'],
  }),
  // A sandboxed preload may require nothing but 'electron': bundle the rest in.
  esbuild({
    ...common,
    entryPoints: ['main/electron/preload.ts'],
    outfile: 'dist/main/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
if (!quiet) console.log('Built dist/renderer and dist/main.');
