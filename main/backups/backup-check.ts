import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { MIGRATIONS } from '../../db/migrations';

/** The tables every Clientela store has had since its first migration. */
const CLIENTELA_TABLES = ['customers', 'audit_log', 'outbox', 'settings', 'device'];
const SQLITE_HEADER = 'SQLite format 3\u0000';

// integrity_check reads every page: on a big store that is seconds, so it runs in a worker
// thread with its own read-only connection and the main process keeps answering.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
let answer;
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check').map((r) => r.integrity_check).join('; ');
    const version = db.pragma('user_version', { simple: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    const device = tables.includes('device') ? db.prepare('SELECT count(*) FROM device').pluck().get() : 0;
    answer = { integrity, version, tables, device };
  } finally {
    db.close();
  }
} catch (error) {
  answer = { error: String((error && error.message) || error) };
}
parentPort.postMessage(answer);
`;

type WorkerAnswer = { integrity: string; version: number; tables: string[]; device: number } | { error: string };

export function sqliteModulePath(): string {
  // The Electron bundle is CommonJS (__filename); the web host and tests start from a script.
  const base = typeof __filename === 'string' ? __filename : (process.argv[1] ?? join(process.cwd(), 'index.js'));
  return createRequire(base).resolve('better-sqlite3');
}

function runWorker(file: string): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { file, sqlite: sqliteModulePath() } });
    worker.once('message', (answer: WorkerAnswer) => resolve(answer));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`backup check worker exited with ${code}`));
    });
  });
}

const notABackup = (message: string) => new AppError('VALIDATION', message, { file: 'backup_invalid' });

/**
 * Is this file a sound Clientela store this version can open? Resolves to its schema version;
 * rejects with a typed VALIDATION error (field `file`) saying what is wrong.
 */
export async function checkBackupFile(file: string): Promise<{ schemaVersion: number }> {
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw notABackup('This file is not a Clientela backup.');
  const answer = await runWorker(file);
  if ('error' in answer) throw notABackup('This file is damaged or is not a Clientela backup.');
  if (!CLIENTELA_TABLES.every((t) => answer.tables.includes(t)) || answer.device !== 1 || answer.version < 1)
    throw notABackup('This file is a database, but not a Clientela backup.');
  if (answer.version > MIGRATIONS.length)
    throw new AppError(
      'VALIDATION',
      `This backup was made by a newer Clientela (schema ${answer.version}). Update Clientela to restore it.`,
      { file: 'backup_too_new' },
    );
  if (answer.integrity !== 'ok') throw notABackup('This backup is damaged (the integrity check failed).');
  return { schemaVersion: answer.version };
}
