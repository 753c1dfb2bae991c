#!/usr/bin/env node
// The whole suite, as the README promises: lint, typecheck, build, then every
// vitest project (unit, components, package, e2e). Ends with the line CI counts:
// "N passed, N failed" (vitest does not print one, so it is read from its JSON report).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const report = `${root}.test-report.json`;
const bin = (name) => `${root}node_modules/.bin/${name}${process.platform === 'win32' ? '.cmd' : ''}`;
const extra = process.argv.slice(2);

function step(label, command, args) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  const ok = result.status === 0;
  console.log(`=== ${label}: ${ok ? 'ok' : 'FAILED'} ===`);
  return ok;
}

const checks = [
  ['lint (biome)', bin('biome'), ['check', '.']],
  ['typecheck (tsc)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['build', process.execPath, ['scripts/build.mjs', '--quiet']],
];
const failedChecks = checks.filter(([label, command, args]) => !step(label, command, args)).map(([label]) => label);

rmSync(report, { force: true });
step('tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A file that fails to load has no tests in it but is a failure all the same.
  for (const file of json.testResults ?? [])
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
} else {
  failed += 1;
  console.log('vitest wrote no report: counting the run as failed.');
}
failed += failedChecks.length;
if (failedChecks.length > 0) console.log(`Failed checks: ${failedChecks.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
