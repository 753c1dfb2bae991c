import { DEFAULT_BACKUP_KEEP } from '../../shared/backups';
import { qb, type Sql } from '../../db/sql';
import type { Actor, WritePath } from '../../db/write-path';
import type { HandlerGroup } from '../handlers';
import { type BackupService, readBackupKeep } from './backup-service';

type BackupChannel =
  | 'backups.list'
  | 'backups.create'
  | 'backups.restore'
  | 'backups.configure'
  | 'backups.exportChunk'
  | 'backups.importChunk'
  | 'backups.import';

const SETTINGS_KEY = 'backups';

/** The retention setting lives with the other settings (audited, synced as a store policy). */
export function saveBackupKeep(sql: Sql, writes: WritePath, actor: Actor, keep: number): void {
  const value = JSON.stringify({ keep });
  writes.write(actor, (tx) => {
    const exists = sql.first(qb.selectFrom('settings').select('key').where('key', '=', SETTINGS_KEY));
    if (exists) tx.update('settings', SETTINGS_KEY, { value });
    else tx.insert('settings', { key: SETTINGS_KEY, value });
  });
}

export function backupHandlers(
  backups: BackupService,
  store: () => { sql: Sql; writes: WritePath },
): HandlerGroup<BackupChannel> {
  return {
    'backups.list': () => backups.list(),
    'backups.create': () => backups.create('manual'),
    'backups.restore': ({ name }) => backups.restore(name),
    'backups.configure': ({ keep }, { actor }) => {
      const { sql, writes } = store();
      if (keep !== (readBackupKeep(sql.db) ?? DEFAULT_BACKUP_KEEP)) saveBackupKeep(sql, writes, actor, keep);
      backups.prune();
      return backups.list();
    },
    'backups.exportChunk': ({ name, offset }) => backups.exportChunk(name, offset),
    'backups.importChunk': (input) => backups.importChunk(input),
    'backups.import': ({ uploadId }) => backups.import(uploadId),
  };
}
