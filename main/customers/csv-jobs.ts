import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CsvJob, ImportSummary } from '../../shared/customers/csv';
import { AppError, toErrorData } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { EventBus } from '../events';

/** Work done between two yields to the event loop: well under the 50 ms any main task may take. */
export const SLICE_MS = 12;
/**
 * How many units (rows) the next piece of work should take so it lasts about `targetMs`, from
 * how long this piece of `units` took: growing at most twofold, never below one.
 */
export function pacedUnits(units: number, elapsedMs: number, targetMs: number): number {
  const perUnit = elapsedMs / Math.max(units, 1);
  return Math.max(1, Math.min(units * 2, Math.floor(targetMs / Math.max(perUnit, 0.001))));
}

/** Progress is pushed at most this often (and always when a job ends). */
const PROGRESS_EVERY_MS = 200;
/** Files of finished jobs (customer data) are removed after a day. */
const KEEP_FILES_MS = 24 * 60 * 60 * 1000;

/** What a running job sees: where to write, whether it was cancelled, how to report and yield. */
export interface JobControl {
  readonly id: string;
  /** The job's file (the export, or an import's report). */
  readonly file: string;
  readonly cancelled: boolean;
  progress(processed: number, total?: number | null): void;
  /** The file can be downloaded from now on. */
  fileReady(): void;
  /** An import's counts and first issues. */
  report(summary: ImportSummary): void;
  /**
   * Yield to the event loop when this slice has used its time (`now`: at once, a piece of work
   * sized to a slice of its own just ended); true when the job should stop.
   */
  slice(now?: boolean): Promise<boolean>;
}

interface Entry {
  job: CsvJob;
  control: JobControl & { cancelled: boolean };
  lastEmit: number;
}

/**
 * Long CSV work (exports, imports) runs here as jobs, in slices of SLICE_MS on the main thread
 * (ADR 0009): a job reports progress by push event and can be cancelled between slices.
 */
export class CsvJobs {
  private readonly jobs = new Map<string, Entry>();

  constructor(
    readonly dir: string,
    private readonly events: EventBus,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dir, { recursive: true });
    this.removeOldFiles();
  }

  /** Start a job; `run` returns when the work is done (or stops early when cancelled). */
  start(kind: CsvJob['kind'], fileName: string, total: number | null, run: (control: JobControl) => Promise<void>): CsvJob {
    const id = newId();
    const job: CsvJob = {
      id,
      kind,
      state: 'running',
      processed: 0,
      total,
      fileName,
      hasFile: false,
      error: null,
      summary: null,
      startedAt: new Date(this.now()).toISOString(),
      finishedAt: null,
    };
    let sliceStart = performance.now();
    const entry: Entry = {
      job,
      lastEmit: 0,
      control: {
        id,
        file: join(this.dir, `${id}.csv`),
        cancelled: false,
        progress: (processed, nextTotal) => {
          job.processed = processed;
          if (nextTotal !== undefined) job.total = nextTotal;
          this.emit(entry, false);
        },
        fileReady: () => {
          job.hasFile = true;
        },
        report: (summary) => {
          job.summary = summary;
        },
        slice: async (now = false) => {
          if (now || performance.now() - sliceStart >= SLICE_MS) {
            await nextTurn();
            sliceStart = performance.now();
          }
          return entry.control.cancelled;
        },
      },
    };
    this.jobs.set(id, entry);
    // Start on the next turn, so the caller gets its answer first.
    void nextTurn()
      .then(() => {
        sliceStart = performance.now();
        // Cancelled before it began (the app is closing): touch nothing.
        return entry.control.cancelled ? undefined : run(entry.control);
      })
      .then(
        () => this.finish(entry, entry.control.cancelled ? 'cancelled' : 'done', null),
        (error: unknown) => {
          // A job cut short by the app closing fails as its files vanish: nothing to report.
          if (!(error instanceof AppError) && !entry.control.cancelled) console.error('[csv] job failed:', error);
          this.finish(entry, 'failed', toErrorData(error));
        },
      );
    return { ...job };
  }

  get(id: string): CsvJob {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'This import or export does not exist (it may have expired).');
    return { ...entry.job };
  }

  /** Stop a running job at its next slice; a finished job stays as it ended. */
  cancel(id: string): CsvJob {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'This import or export does not exist (it may have expired).');
    entry.control.cancelled = true;
    return { ...entry.job };
  }

  /** The file to download, when the job has one. */
  file(id: string): { path: string; fileName: string } | null {
    const entry = this.jobs.get(id);
    if (!entry?.job.hasFile) return null;
    return { path: entry.control.file, fileName: entry.job.fileName };
  }

  /** Closing the app: every running job stops at its next slice. */
  cancelAll(): void {
    for (const entry of this.jobs.values()) entry.control.cancelled = true;
  }

  /** Resolves once the job has ended (tests, the bench). */
  async settled(id: string): Promise<CsvJob> {
    for (;;) {
      const job = this.get(id);
      if (job.state !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private finish(entry: Entry, state: CsvJob['state'], error: CsvJob['error']): void {
    entry.job.state = state;
    entry.job.error = error;
    entry.job.finishedAt = new Date(this.now()).toISOString();
    this.emit(entry, true);
  }

  private emit(entry: Entry, always: boolean): void {
    const at = performance.now();
    if (!always && at - entry.lastEmit < PROGRESS_EVERY_MS) return;
    entry.lastEmit = at;
    this.events.emit('csv.progress', { ...entry.job, summary: entry.job.summary && { ...entry.job.summary } });
  }

  private removeOldFiles(): void {
    const cutoff = Date.now() - KEEP_FILES_MS;
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      try {
        if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
      } catch {
        // Gone already: nothing to clean.
      }
    }
  }
}
