#!/usr/bin/env node
// npm run package:check — run electron-builder on this project's real configuration, offline,
// and check what it produced. This machine cannot download Electron, so a stand-in runtime takes
// its place: a script named `electron` that carries Electron's fuse wire (the bytes
// @electron/fuses looks for), so the configured fuses are really flipped and can be read back.
//
// Proves: app.asar holds the entry named by package.json "main", the preload and the renderer;
// the bundles require nothing that is not shipped; better-sqlite3's native module sits outside the
// asar and, with what ships next to it, loads and opens a database; no dev-only package, source
// or build leftover is shipped; the security fuses are set.
// Cannot prove: that the app starts in real Electron, that better-sqlite3 was rebuilt for
// Electron's ABI (npmRebuild is off here), nor the AppImage / deb / nsis / dmg targets (their
// tools are downloaded). See docs/packaging.md.
//
// Flags: --skip-build  use the existing dist/ (the test suite builds once before running tests)
//        --keep        keep the temporary output and print where it is
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const args = new Set(process.argv.slice(2));

class CheckFailed extends Error {}
const check = (condition, message) => {
  if (!condition) throw new CheckFailed(message);
};

// @electron/fuses' format: sentinel, wire version (1), wire length, then one byte per fuse.
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];
/** Electron's own defaults, as a downloaded runtime ships them. */
const STOCK_FUSES = '10110001';
/** What a shipped Clientela must have: no Node mode, no NODE_OPTIONS / --inspect, asar only and checked. */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};
/** The bundles' only outside requires: Electron itself and the one native dependency. */
const SHIPPED_REQUIRES = { 'dist/main/electron-main.cjs': ['electron', 'better-sqlite3'], 'dist/main/preload.cjs': ['electron'] };

function stubElectron(dir) {
  mkdirSync(dir);
  const script = Buffer.from(
    '#!/bin/sh\necho "Electron stand-in from scripts/package-check.mjs: this build cannot run." >&2\nexit 1\n# ',
  );
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, FUSES.length]),
    Buffer.from(STOCK_FUSES),
    Buffer.from('\n'),
  ]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([script, wire]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), require('electron/package.json').version);
}

function readFuses(binary) {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL);
  check(at >= 0, `no fuse wire in ${binary}`);
  const start = at + FUSE_SENTINEL.length;
  const wire = bytes.subarray(start + 2, start + 2 + bytes[start + 1]).toString('latin1');
  return Object.fromEntries(FUSES.map((name, i) => [name, wire[i] === '1']));
}

function requiresIn(source) {
  return [...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
}

async function packageApp(work) {
  const electronDist = join(work, 'electron-dist');
  stubElectron(electronDist);
  const output = join(work, 'release');
  const { build, Platform } = require('electron-builder');
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    // Merged over electron-builder.yml: only what an offline run with a stand-in runtime needs.
    config: {
      electronDist,
      electronVersion: require('electron/package.json').version,
      // A rebuild for Electron's ABI needs Electron's headers (a download); this build's module is Node's.
      npmRebuild: false,
      directories: { output },
    },
  });
  const unpacked = readdirSync(output).find((d) => d.endsWith('-unpacked'));
  check(unpacked, `electron-builder produced no *-unpacked folder in ${output}`);
  return join(output, unpacked);
}

function checkPackage(appDir, work) {
  const resources = join(appDir, 'resources');
  const asarPath = join(resources, 'app.asar');
  check(existsSync(asarPath), 'resources/app.asar is missing');
  const asar = require('@electron/asar');
  const entries = asar.listPackage(asarPath, { isPack: true }).map((line) => {
    const [flag, path] = line.split(/\s*:\s(.*)/s);
    return { unpacked: flag.trim() === 'unpack', path: path.replaceAll('\\', '/') };
  });
  const paths = new Set(entries.map((e) => e.path));
  const read = (path) => asar.extractFile(asarPath, path).toString('utf8');

  const manifest = JSON.parse(read('package.json'));
  check(manifest.main === 'dist/main/electron-main.cjs', `package.json "main" is ${manifest.main}, not the Electron entry`);
  for (const needed of [manifest.main, 'dist/main/preload.cjs', 'dist/renderer/index.html']) {
    check(paths.has(`/${needed}`), `app.asar lacks ${needed}`);
  }
  const indexHtml = read('dist/renderer/index.html');
  for (const [, asset] of indexHtml.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) {
    check(paths.has(`/dist/renderer/${asset}`), `index.html loads ${asset}, which app.asar lacks`);
  }

  for (const [bundle, allowed] of Object.entries(SHIPPED_REQUIRES)) {
    const outside = requiresIn(read(bundle)).filter(
      (m) => !builtinModules.includes(m.replace(/^node:/, '')) && !allowed.includes(m),
    );
    check(outside.length === 0, `${bundle} requires ${outside.join(', ')}, which is not shipped`);
  }

  const shouldNotShip = [...paths].filter(
    (p) =>
      /\.map$|\.(c|cc|cpp|h|hpp|gyp|gypi|a|o)$/.test(p) ||
      /^\/node_modules\/(react|fastify|vite|electron|prebuild-install|typescript)\//.test(p) ||
      /^\/node_modules\/better-sqlite3\/(deps|src|build\/Release\/(obj|obj\.target|\.deps))\//.test(p),
  );
  check(shouldNotShip.length === 0, `app.asar ships what the app never loads: ${shouldNotShip.slice(0, 5).join(', ')}`);

  const nativePath = '/node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  check(entries.find((e) => e.path === nativePath)?.unpacked, 'better_sqlite3.node is not marked unpacked in app.asar');
  check(existsSync(join(resources, `app.asar.unpacked${nativePath}`)), 'better_sqlite3.node is not in app.asar.unpacked');

  // What ships must be enough: load better-sqlite3 from the extracted package alone (this build is Node's ABI).
  const extracted = join(work, 'extracted');
  asar.extractAll(asarPath, extracted);
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const Database = require('module').createRequire(process.argv[1])('better-sqlite3');
       const db = new Database(':memory:');
       db.exec("CREATE VIRTUAL TABLE t USING fts5(x)");
       process.stdout.write(db.prepare('SELECT sqlite_version() AS v').get().v);`,
      join(extracted, manifest.main),
    ],
    { cwd: extracted, encoding: 'utf8' },
  );
  check(probe.status === 0, `the shipped better-sqlite3 does not load on its own:\n${probe.stderr}`);

  const fuses = readFuses(join(appDir, 'clientela'));
  const wrong = Object.entries(REQUIRED_FUSES).filter(([name, value]) => fuses[name] !== value);
  check(wrong.length === 0, `fuses not set as required: ${wrong.map(([n, v]) => `${n} should be ${v}`).join(', ')}`);

  return { entries: entries.length, sqlite: probe.stdout };
}

const work = mkdtempSync(join(tmpdir(), 'clientela-package-'));
try {
  if (!args.has('--skip-build')) {
    const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
    check(built.status === 0, 'the build failed');
  }
  check(existsSync(join(root, 'dist/main/electron-main.cjs')), 'dist/ is not built: run `npm run build` first');
  check(
    existsSync(join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')),
    'better-sqlite3 is not built: run `npm run setup` first',
  );
  const appDir = await packageApp(work);
  const result = checkPackage(appDir, work);
  console.log(
    `package:check ok: app.asar holds main, preload and renderer (${result.entries} entries); ` +
      `better_sqlite3.node is unpacked and loads (SQLite ${result.sqlite}); fuses set.`,
  );
} catch (error) {
  console.error(`package:check FAILED: ${error instanceof CheckFailed ? error.message : (error?.stack ?? error)}`);
  process.exitCode = 1;
} finally {
  if (args.has('--keep')) console.log(`package:check output kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
