import { Worker } from 'node:worker_threads';
import type { RecordedStatement } from '../../db/write-path';
import { sqliteModulePath } from '../backups/backup-check';

// An import's transactions, recorded on main (`WritePath.record`), run here on the worker's own
// connection: main checks the next rows while SQLite writes these (ADR 0009). Commits wait for
// the WAL, not the disk (synchronous=NORMAL, as `WritePath.writeBulk`); the job flushes at its end.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.pragma('temp_store = MEMORY');
if (workerData.noCheckpoints) db.pragma('wal_autocheckpoint = 0');
const statements = new Map();
const prepared = (sql) => {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
};
const run = db.transaction((list) => {
  for (const s of list) prepared(s.sql).run(s.params);
});
parentPort.on('message', (m) => {
  if (m.close) {
    db.close();
    const closed = new Int32Array(workerData.closed);
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
    return;
  }
  try {
    run.immediate(m.statements);
    parentPort.postMessage({ id: m.id });
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String((error && error.message) || error), code: error && error.code });
  }
});
`;

/** Recorded write transactions run one after another on a worker thread's own connection. */
export class WriteWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly exited: Promise<void>;
  /** Set to 1 by the thread once its connection is closed. */
  private readonly closed = new Int32Array(new SharedArrayBuffer(4));
  /** Set once the thread has stopped (or failed to start): nothing more runs there. */
  private stopped: Error | null = null;

  constructor(file: string, options: { checkpoints: boolean }) {
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { file, sqlite: sqliteModulePath(), noCheckpoints: !options.checkpoints, closed: this.closed.buffer },
    });
    this.worker.on('message', (m: { id: number; error?: string; code?: string }) => {
      const waiting = this.pending.get(m.id);
      this.pending.delete(m.id);
      // Held open while a transaction is waiting; let go when idle, so it never keeps a closing process alive.
      if (this.pending.size === 0) this.worker.unref();
      // SQLite's code goes with it (SQLITE_FULL: the screen says the disk is full).
      if (m.error !== undefined) waiting?.reject(Object.assign(new Error(m.error), { code: m.code }));
      else waiting?.resolve();
    });
    const stop = (error: unknown) => {
      this.stopped ??= error instanceof Error ? error : new Error('The import writer stopped.');
      for (const waiting of this.pending.values()) waiting.reject(new WriterStopped(this.stopped.message));
      this.pending.clear();
    };
    this.worker.on('error', stop);
    this.exited = new Promise((resolve) =>
      this.worker.on('exit', () => {
        live.delete(this);
        stop(null);
        resolve();
      }),
    );
    this.worker.unref();
    live.add(this);
  }

  /**
   * Run the statements in one transaction; resolves once it has committed. Rejects with the
   * SQLite error (nothing of it was written), or with WriterStopped when the thread is gone.
   */
  commit(statements: RecordedStatement[]): Promise<void> {
    if (this.stopped) return Promise.reject(new WriterStopped(this.stopped.message));
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, statements });
    });
  }

  /** Close the worker's connection; resolves once the thread has exited (a transaction in progress commits first). */
  close(): Promise<void> {
    if (!this.stopped) this.worker.postMessage({ close: true });
    return this.exited;
  }

  /** Close the connection before returning (a store about to be replaced); nothing more is written. */
  closeNow(): void {
    if (this.stopped) return;
    this.stopped = new Error('The store was closed.');
    this.worker.postMessage({ close: true });
    // A transaction in progress finishes first: tens of milliseconds.
    Atomics.wait(this.closed, 0, 0, 5000);
  }
}

const live = new Set<WriteWorker>();

/** Close every writer thread's connection now: the store file is about to be replaced or closed. */
export function stopWriters(): void {
  for (const writer of [...live]) writer.closeNow();
}

/** The writer thread is gone (it failed to start, or stopped): what it was given was not written. */
export class WriterStopped extends Error {}
