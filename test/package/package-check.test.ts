import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('packaging (electron-builder, offline, stand-in Electron runtime)', () => {
  it('packs main, preload and renderer into app.asar, ships a loadable SQLite module outside it and sets the fuses', () => {
    // scripts/test.mjs has just built dist/; building again here would empty dist/renderer under the e2e tests.
    const built = existsSync(join(root, 'dist/main/electron-main.cjs')) && existsSync(join(root, 'dist/renderer/index.html'));
    const run = spawnSync(process.execPath, ['scripts/package-check.mjs', ...(built ? ['--skip-build'] : [])], {
      cwd: root,
      encoding: 'utf8',
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).not.toContain('package:check FAILED');
    expect(output).toMatch(/package:check ok: .*better_sqlite3\.node is unpacked and loads .*fuses set/);
    expect(run.status).toBe(0);
  });
});
