// Native modules the project's .npmrc (ignore-scripts=true) leaves unbuilt: load-check and build
// them for the Node that runs us (docs/adr/0001-install.md). Used by setup.mjs and the bench.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Whether `name` opens an in-memory database, tried in a child: a module built for another ABI must not poison this one. */
export function nativeModuleLoads(name, root) {
  const probe = spawnSync(process.execPath, ['-e', `new (require(${JSON.stringify(name)}))(':memory:').close()`], {
    cwd: root,
    stdio: 'ignore',
  });
  return probe.status === 0;
}

/** Builds `name` (prebuilt binary if reachable, else compiled) and says whether it loads now. */
export function rebuildNativeModule(name, root) {
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
  const result = spawnSync(npm, ['rebuild', name, '--ignore-scripts=false', '--foreground-scripts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  return result.status === 0 && nativeModuleLoads(name, root);
}
