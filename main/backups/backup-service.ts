import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  BACKUP_CHUNK_BYTES,
  type BackupInfo,
  type BackupList,
  type BackupReason,
  backupInfoSchema,
  backupName,
  DEFAULT_BACKUP_KEEP,
} from '../../shared/backups';
import { AppError, validationError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { type Connection, openConnection } from '../../db/connection';
import { migrationPending } from '../../db/migrate';
import { checkBackupFile } from './backup-check';

export const BACKUPS_FOLDER = 'backups';
const UPLOADS_FOLDER = '.uploads';
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** An imported backup bigger than this is refused before it fills the disk. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024 * 1024;

export interface BackupServiceDeps {
  dataDir: string;
  now: () => number;
  /** The open store (a restore replaces it). */
  database: () => Connection;
  /** How many backups to keep (the setting). */
  keep: () => number;
  /**
   * Close the store, put `stagedFile` in its place and reopen it, with nothing running in between
   * (the caller does it synchronously).
   */
  replaceDatabase?: (stagedFile: string) => void;
  /** A backup was added (the daily one too): open Settings screens list it. */
  onCreated?: (backup: BackupInfo) => void;
  log?: (message: string) => void;
}

/**
 * Local backups with SQLite's online backup API (paged, the app keeps working while it runs),
 * each one verified in a worker thread and kept next to the store in `backups/`, with a small
 * JSON record beside it. Operations run one at a time.
 */
export class BackupService {
  readonly dir: string;
  private readonly uploads: string;
  private queue: Promise<unknown> = Promise.resolve();
  /** The copy of the live store in progress, if any. */
  private copying: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: BackupServiceDeps) {
    this.dir = join(deps.dataDir, BACKUPS_FOLDER);
    this.uploads = join(this.dir, UPLOADS_FOLDER);
  }

  list(): BackupList {
    const items = this.items();
    return { items, keep: this.deps.keep(), lastAt: items[0]?.createdAt ?? null };
  }

  create(reason: BackupReason): Promise<BackupInfo> {
    return this.serial(async () => {
      const backup = await this.take(reason);
      this.deps.onCreated?.(backup);
      return backup;
    });
  }

  /**
   * Daily backups: one now if the newest backup is a day old (or there is none), then a check
   * every hour. Failures are logged, never thrown at the app.
   */
  startDaily(): Promise<BackupInfo | null> {
    this.stopDaily();
    this.timer = setInterval(() => void this.dailyIfDue(), HOUR_MS);
    this.timer.unref();
    return this.dailyIfDue();
  }

  stopDaily(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async dailyIfDue(): Promise<BackupInfo | null> {
    const newest = this.items()[0];
    if (newest && this.deps.now() - Date.parse(newest.createdAt) < DAY_MS) return null;
    try {
      return await this.create('daily');
    } catch (error) {
      this.log(`[backups] the daily backup failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /** Waits for whatever backup work is running (close the store only after this). */
  idle(): Promise<void> {
    return this.queue.then(
      () => undefined,
      () => undefined,
    );
  }

  /**
   * Put a backup back: it is checked first, the current state is backed up, then the store is
   * swapped for a copy of the backup (made with the backup API, so the kept file stays intact).
   */
  restore(name: string): Promise<{ restored: BackupInfo; safety: BackupInfo }> {
    return this.serial(async () => {
      const replace = this.deps.replaceDatabase;
      if (!replace) throw new Error('This backup service cannot replace the store');
      const restored = this.find(name);
      await checkBackupFile(join(this.dir, name));
      const safety = await this.take('before-restore', [name]);
      const staged = join(this.deps.dataDir, `.restore-${newId()}.db`);
      try {
        await copyWithBackupApi(join(this.dir, name), staged);
        replace(staged);
      } finally {
        removeDatabaseFiles(staged);
      }
      return { restored, safety };
    });
  }

  /** One slice of a backup file, base64, for the renderer to save as a download. */
  exportChunk(name: string, offset: number): { data: string; offset: number; size: number; done: boolean } {
    this.find(name);
    const file = join(this.dir, name);
    const size = statSync(file).size;
    if (offset > size) throw validationError({ offset: 'invalid' });
    const length = Math.min(BACKUP_CHUNK_BYTES, size - offset);
    const buffer = Buffer.alloc(length);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, length, offset);
    } finally {
      closeSync(fd);
    }
    return { data: buffer.toString('base64'), offset, size, done: offset + length >= size };
  }

  /** Receive one slice of a backup file being imported; slices arrive in order. */
  importChunk(input: { uploadId?: string; offset: number; data: string }): { uploadId: string; received: number } {
    const uploadId = input.uploadId ?? newId();
    const file = join(this.uploads, `${uploadId}.part`);
    const exists = existsSync(file);
    if (input.uploadId && !exists) throw new AppError('NOT_FOUND', 'That upload is gone; start the import again.');
    const size = exists ? statSync(file).size : 0;
    if (input.offset !== size) throw validationError({ offset: 'invalid' });
    const bytes = Buffer.from(input.data, 'base64');
    if (size + bytes.length > MAX_IMPORT_BYTES) {
      rmSync(file, { force: true });
      throw validationError({ file: 'too_large' }, 'This file is too large to be a Clientela backup.');
    }
    mkdirSync(this.uploads, { recursive: true });
    appendFileSync(file, bytes);
    return { uploadId, received: size + bytes.length };
  }

  /**
   * An uploaded file becomes a backup in the list once it is checked (a Clientela store, schema
   * no newer than ours, integrity ok). A bad file is refused and leaves nothing behind.
   */
  import(uploadId: string): Promise<BackupInfo> {
    return this.serial(async () => {
      const upload = join(this.uploads, `${uploadId}.part`);
      if (!existsSync(upload)) throw new AppError('NOT_FOUND', 'That upload is gone; start the import again.');
      try {
        await checkBackupFile(upload);
        return await this.store('import', [], (partial) => copyWithBackupApi(upload, partial));
      } finally {
        removeDatabaseFiles(upload);
      }
    });
  }

  /** Remove the oldest backups beyond the setting; `protect` names are never removed. */
  prune(protect: readonly string[] = []): string[] {
    const removed: string[] = [];
    const keep = Math.max(1, this.deps.keep());
    for (const item of this.items().slice(keep)) {
      if (protect.includes(item.name)) continue;
      rmSync(join(this.dir, item.name), { force: true });
      rmSync(join(this.dir, `${item.name}.json`), { force: true });
      removed.push(item.name);
    }
    return removed;
  }

  private take(reason: BackupReason, protect: readonly string[] = []): Promise<BackupInfo> {
    return this.store(reason, protect, async (partial) => {
      const copy = this.deps.database().backup(partial);
      this.copying = copy.then(
        () => undefined,
        () => undefined,
      );
      try {
        await copy;
      } finally {
        this.copying = null;
      }
    });
  }

  /**
   * Resolves once no copy of the live store is in progress. The copy starts over whenever another
   * connection writes (SQLite's backup API), so a writer of its own (an import's) waits for this
   * between its transactions; main's own writes go into the copy as they happen.
   */
  copied(): Promise<void> {
    return this.copying ?? Promise.resolve();
  }

  /** Write a backup through `fill`, make it one self-contained file, verify it, record it, prune. */
  private async store(
    reason: BackupReason,
    protect: readonly string[],
    fill: (partial: string) => Promise<void>,
  ): Promise<BackupInfo> {
    mkdirSync(this.dir, { recursive: true });
    let at = this.deps.now();
    while (existsSync(join(this.dir, fileName(at, reason)))) at += 1;
    const name = fileName(at, reason);
    const partial = join(this.dir, `.${name}.partial`);
    try {
      await fill(partial);
      // The copy keeps the store's WAL mode; a backup is one file on its own.
      const db = new Database(partial);
      db.pragma('journal_mode = DELETE');
      db.close();
      const { schemaVersion } = await checkBackupFile(partial);
      renameSync(partial, join(this.dir, name));
      const info: BackupInfo = {
        name,
        createdAt: new Date(at).toISOString(),
        size: statSync(join(this.dir, name)).size,
        reason,
        schemaVersion,
      };
      writeFileSync(join(this.dir, `${name}.json`), `${JSON.stringify(info)}\n`);
      this.prune([name, ...protect]);
      return info;
    } finally {
      removeDatabaseFiles(partial);
    }
  }

  private find(name: string): BackupInfo {
    const item = this.items().find((i) => i.name === name);
    if (!item) throw new AppError('NOT_FOUND', 'That backup is not there any more.');
    return item;
  }

  /** Every recorded backup, newest first. */
  private items(): BackupInfo[] {
    if (!existsSync(this.dir)) return [];
    const items: BackupInfo[] = [];
    for (const entry of readdirSync(this.dir)) {
      if (!entry.endsWith('.db') || !backupName.safeParse(entry).success) continue;
      const record = join(this.dir, `${entry}.json`);
      if (!existsSync(record)) continue;
      try {
        const parsed = backupInfoSchema.safeParse(JSON.parse(readFileSync(record, 'utf8')));
        if (parsed.success && parsed.data.name === entry) items.push(parsed.data);
      } catch {
        // A damaged record hides its backup from the list; the file itself stays for a person to see.
      }
    }
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private log(message: string): void {
    (this.deps.log ?? ((m: string) => console.warn(m)))(message);
  }
}

export function fileName(at: number, reason: BackupReason): string {
  return `clientela-${new Date(at).toISOString().replace(/[:.]/g, '-')}-${reason}.db`;
}

/** Copy a database file page by page through SQLite (never a raw file copy of a live store). */
async function copyWithBackupApi(from: string, to: string): Promise<void> {
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
  } finally {
    source.close();
  }
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

/** The backups setting as stored (settings key "backups"), readable before the app is up. */
export function readBackupKeep(db: Connection): number {
  try {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'backups'").get() as { value: string } | undefined;
    const keep = row ? (JSON.parse(row.value) as { keep?: unknown }).keep : undefined;
    return typeof keep === 'number' && Number.isInteger(keep) && keep >= 1 ? keep : DEFAULT_BACKUP_KEEP;
  } catch {
    return DEFAULT_BACKUP_KEEP;
  }
}

/**
 * Before this start migrates an existing store, keep a verified backup of it as it was. Resolves
 * to that backup, or null when there is nothing to migrate (a new store, or one up to date).
 */
export async function backupBeforeMigration(dataDir: string, file: string, now: () => number): Promise<BackupInfo | null> {
  if (!existsSync(file)) return null;
  const db = openConnection(file, { migrate: false });
  try {
    if (!migrationPending(db)) return null;
    const service = new BackupService({ dataDir, now, database: () => db, keep: () => readBackupKeep(db) });
    return await service.create('before-migration');
  } finally {
    db.close();
  }
}
