import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('packaging (electron-builder, offline, stub Electron runtime)', () => {
  it('packs main, preload and renderer into app.asar and unpacks the SQLite native module', () => {
    const run = spawnSync(process.execPath, ['scripts/package-check.mjs'], { cwd: root, encoding: 'utf8' });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).toContain('package:check ok');
    expect(run.status).toBe(0);
  });
});
