#!/usr/bin/env node
// npm run package:check — prove electron-builder's configuration packages what the app needs,
// offline: a stub Electron dist stands in for the runtime this machine cannot download.
// Asserts: app.asar holds the bundled main, preload and renderer; better-sqlite3's native module
// is unpacked outside the asar. It cannot prove the app runs in real Electron, nor the fuses
// (they are flipped inside the real binary): see docs/packaging.md.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(`${root}package.json`);
const fail = (message) => {
  console.error(`package:check FAILED: ${message}`);
  process.exit(1);
};

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) fail('the build failed');
if (!existsSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))) {
  fail('better-sqlite3 is not built: run `npm run setup` first');
}

const work = mkdtempSync(join(tmpdir(), 'clientela-package-'));
try {
  // The stub runtime: just an executable named as electron-builder expects for Linux.
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stub electron"\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'version'), require('electron/package.json').version);
  const output = join(work, 'release');

  const { build, Platform } = require('electron-builder');
  await build({
    targets: Platform.LINUX.createTarget('dir'),
    config: {
      extends: join(root, 'electron-builder.yml'),
      electronDist,
      electronVersion: require('electron/package.json').version,
      npmRebuild: false,
      directories: { output, buildResources: 'build' },
      // Fuses are flipped inside the real Electron binary; a stub has none to flip.
      electronFuses: null,
    },
    projectDir: root,
    publish: 'never',
  });

  const unpackedDir = readdirSync(output).find((d) => d.endsWith('-unpacked'));
  if (!unpackedDir) fail(`no *-unpacked folder in ${output}`);
  const resources = join(output, unpackedDir, 'resources');
  const asarPath = join(resources, 'app.asar');
  if (!existsSync(asarPath)) fail('resources/app.asar is missing');

  const asar = require('@electron/asar');
  const files = new Set(asar.listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/')));
  for (const needed of ['/dist/main/electron-main.cjs', '/dist/main/preload.cjs', '/dist/renderer/index.html', '/package.json']) {
    if (!files.has(needed)) fail(`app.asar lacks ${needed}`);
  }
  if (![...files].some((f) => /^\/dist\/renderer\/assets\/.+\.js$/.test(f))) fail('app.asar lacks the renderer bundle');
  if ([...files].some((f) => f.startsWith('/node_modules/react/') || f.startsWith('/node_modules/fastify/'))) {
    fail('app.asar carries dev-only packages (react, fastify): they belong in the bundles');
  }
  const native = join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (!existsSync(native)) fail('better_sqlite3.node is not unpacked outside the asar');
  console.log(
    `package:check ok: app.asar holds main, preload and renderer (${files.size} entries); better_sqlite3.node is unpacked.`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
