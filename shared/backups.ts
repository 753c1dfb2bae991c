import { z } from 'zod';

/** Why a backup was taken. */
export const BACKUP_REASONS = ['daily', 'manual', 'before-migration', 'before-restore', 'import'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export const DEFAULT_BACKUP_KEEP = 14;
export const MAX_BACKUP_KEEP = 365;
/** A chunk of a backup file travelling through the contract (base64), small enough for any transport. */
export const BACKUP_CHUNK_BYTES = 512 * 1024;

/** A backup file's name: what the renderer sends back to restore or export it; never a path. */
export const backupName = z
  .string('invalid')
  .regex(/^clientela-[0-9TZ-]+-[a-z-]+\.db$/, 'invalid')
  .max(120, 'too_long');

export const backupInfoSchema = z.object({
  name: backupName,
  createdAt: z.string(),
  size: z.number().int().min(0),
  reason: z.enum(BACKUP_REASONS),
  schemaVersion: z.number().int().min(0),
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

export const backupListOutput = z.object({
  items: z.array(backupInfoSchema),
  /** How many backups are kept (older ones are removed). */
  keep: z.number().int(),
  /** When the newest daily (or any) backup was taken, null if none. */
  lastAt: z.string().nullable(),
});
export type BackupList = z.infer<typeof backupListOutput>;

export const backupNameInput = z.strictObject({ name: backupName });

export const backupSettingsInput = z.strictObject({
  keep: z.number('invalid').int('invalid').min(1, 'too_small').max(MAX_BACKUP_KEEP, 'too_large'),
});

export const backupExportChunkInput = z.strictObject({
  name: backupName,
  offset: z.number('invalid').int('invalid').min(0, 'invalid'),
});
export const backupExportChunkOutput = z.object({
  /** base64 of up to BACKUP_CHUNK_BYTES bytes from `offset`. */
  data: z.string(),
  offset: z.number().int(),
  size: z.number().int(),
  done: z.boolean(),
});

const base64 = z
  .string('invalid')
  .max(Math.ceil(BACKUP_CHUNK_BYTES / 3) * 4, 'too_large')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'invalid');

export const backupImportChunkInput = z.strictObject({
  /** Absent on the first chunk; the answer names the upload for the next ones. */
  uploadId: z.uuid('invalid').optional(),
  offset: z.number('invalid').int('invalid').min(0, 'invalid'),
  data: base64,
});
export const backupImportChunkOutput = z.object({ uploadId: z.string(), received: z.number().int() });

export const backupImportInput = z.strictObject({
  uploadId: z.uuid('invalid'),
  /** Name of the file on the user's disk, kept for nothing but the message. */
  fileName: z.string('invalid').max(255, 'too_long').optional(),
});

export const backupRestoreOutput = z.object({
  restored: backupInfoSchema,
  /** The state just before the restore, backed up first. */
  safety: backupInfoSchema,
});
