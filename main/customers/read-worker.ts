import { Worker } from 'node:worker_threads';
import { sqliteModulePath } from '../backups/backup-check';

// Reads no index serves (a "contains" condition, a custom field's value) take a second at a
// million customers. A worker thread with its own read-only connection runs them, so main keeps
// answering every other call meanwhile (DESIGN: no task blocks main for more than 50 ms).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
const closed = new Int32Array(workerData.closed);
const statements = new Map();
parentPort.on('message', (m) => {
  if (m.close) {
    db.close();
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
    return;
  }
  try {
    let statement = statements.get(m.sql);
    if (!statement) {
      if (statements.size >= 200) statements.clear();
      statement = db.prepare(m.sql);
      statements.set(m.sql, statement);
    }
    parentPort.postMessage({ id: m.id, rows: statement.all(...m.params) });
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String((error && error.message) || error) });
  }
});
`;

type Pending = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void };

/** Read-only statements run in a worker thread, started on first use. */
export class ReadWorker {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly closed = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly file: string,
    options: { enabled?: boolean } = {},
  ) {
    if (options.enabled === false) this.failed = true;
  }

  /** False once the worker could not start or stopped: the caller reads on main as before. */
  get available(): boolean {
    return !this.failed;
  }

  all<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    const worker = this.start();
    if (!worker) return Promise.reject(new Error('The read worker is not running.'));
    const id = this.nextId++;
    // Held open while a read is waiting; let go when idle, so it never keeps a closing process alive.
    if (this.pending.size === 0) worker.ref();
    return new Promise<T[]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      worker.postMessage({ id, sql, params });
    });
  }

  /** Closes the worker's connection before returning (a store about to be replaced must have no reader left). */
  close(): void {
    const worker = this.worker;
    this.worker = null;
    this.failed = true;
    if (worker) {
      worker.postMessage({ close: true });
      // A read in progress finishes first: a second at most.
      Atomics.wait(this.closed, 0, 0, 5000);
    }
    this.failAll(new Error('The store was closed.'));
  }

  private start(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(WORKER, {
        eval: true,
        workerData: { file: this.file, sqlite: sqliteModulePath(), closed: this.closed.buffer },
      });
      worker.on('message', (m: { id: number; rows?: unknown[]; error?: string }) => {
        const waiting = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (this.pending.size === 0) worker.unref();
        if (m.error !== undefined) waiting?.reject(new Error(m.error));
        else waiting?.resolve(m.rows ?? []);
      });
      const stop = () => {
        this.failed = true;
        this.worker = null;
        this.failAll(new Error('The read worker stopped.'));
      };
      worker.on('error', stop);
      worker.on('exit', stop);
      worker.unref();
      this.worker = worker;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
