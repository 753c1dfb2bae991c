import { Worker } from 'node:worker_threads';
import { sqliteModulePath } from './backups/backup-check';

/** How often the worker checkpoints while it keeps up, and while it is behind. */
const IDLE_MS = 50;
const BEHIND_MS = 5;
/** How long a job waits for the WAL to start over before it carries on (a long export reading holds it). */
const RESTART_WAIT_MS = 500;

// Checkpoints copy the WAL back into the database file and flush it: tens to hundreds of
// milliseconds each during an import. A worker thread with its own connection runs them PASSIVE,
// alongside main's writes, so main never waits for one.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
// A TRUNCATE checkpoint never waits for readers or writers: it gives up at once and is tried again.
db.pragma('busy_timeout = 0');
// [0]: main asks to stop; [1]: the connection is closed; [2]: main asks for the WAL to start over.
const flags = new Int32Array(workerData.flags);
function loop() {
  if (Atomics.load(flags, 0) === 1) {
    db.close();
    Atomics.store(flags, 1, 1);
    Atomics.notify(flags, 1);
    parentPort.close();
    return;
  }
  let behind = false;
  try {
    const restart = Atomics.load(flags, 2) === 1;
    const [r] = db.pragma(restart ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(PASSIVE)');
    behind = r.checkpointed < r.log || (restart && r.busy === 1);
    const restarted = restart && r.busy === 0;
    if (restarted) Atomics.store(flags, 2, 0);
    parentPort.postMessage({ frames: r.log, copied: r.checkpointed, restarted });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
  setTimeout(loop, behind ? ${BEHIND_MS} : ${IDLE_MS});
}
loop();
`;

/**
 * Checkpoints in a worker thread for as long as a long write job (an import) runs; its writes
 * turn main's own checkpoints off meanwhile (`WritePath.writeBulk`). The WAL starts over from its
 * beginning only at a write that finds it all copied back, which a job writing without pause never
 * does: so once `walFrames` is large the job pauses (awaiting, not blocking) on `restartWal`.
 */
export class WalCheckpointer {
  private readonly worker: Worker | null;
  private readonly flags = new Int32Array(new SharedArrayBuffer(12));
  private state: { frames: number; copied: number; restarted: boolean } | null = null;
  private failed = false;

  constructor(file: string) {
    let worker: Worker | null = null;
    try {
      worker = new Worker(WORKER, { eval: true, workerData: { file, sqlite: sqliteModulePath(), flags: this.flags.buffer } });
      live.add(this);
      worker.on('message', (m: { frames: number; copied: number; restarted: boolean } | { error: string }) => {
        if ('error' in m) this.failed = true;
        else this.state = m;
      });
      worker.on('error', () => {
        this.failed = true;
      });
      worker.on('exit', () => {
        this.failed = true;
      });
    } catch {
      this.failed = true;
    }
    this.worker = worker;
  }

  /** False when the worker could not start or stopped: main must checkpoint as usual. */
  get running(): boolean {
    return !this.failed;
  }

  /** Frames (pages) in the WAL, as of the worker's last checkpoint. */
  get walFrames(): number {
    return this.state?.frames ?? 0;
  }

  /**
   * Resolves once the worker has copied the WAL back and emptied it (TRUNCATE), or stopped, or
   * RESTART_WAIT_MS passed (a reader holds the WAL: the job carries on and tries again later). The
   * caller writes nothing meanwhile; a sale that commits meanwhile waits at most a few ms for it.
   * True when the WAL started over.
   */
  async restartWal(): Promise<boolean> {
    const until = performance.now() + RESTART_WAIT_MS;
    Atomics.store(this.flags, 2, 1);
    while (this.running && Atomics.load(this.flags, 2) === 1 && performance.now() < until)
      await new Promise((r) => setTimeout(r, BEHIND_MS));
    const restarted = Atomics.compareExchange(this.flags, 2, 1, 0) === 0;
    // What the worker last reported was the WAL before it started over.
    if (restarted) this.state = null;
    return restarted;
  }

  async stop(): Promise<void> {
    live.delete(this);
    const worker = this.worker;
    if (!worker || this.failed) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    Atomics.store(this.flags, 0, 1);
    await exited;
  }

  /** Close the worker's connection before returning (the store file is about to be swapped). */
  stopNow(): void {
    live.delete(this);
    if (!this.worker || this.failed) return;
    Atomics.store(this.flags, 0, 1);
    // At most one checkpoint and one idle wait.
    Atomics.wait(this.flags, 1, 0, 5000);
    this.failed = true;
  }
}

const live = new Set<WalCheckpointer>();

/** Before a restore swaps the store file: no worker may still hold it open. */
export function stopCheckpointers(): void {
  for (const checkpointer of [...live]) checkpointer.stopNow();
}
