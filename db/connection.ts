import Database from 'better-sqlite3';
import { migrate } from './migrate';

export type Connection = Database.Database;

/**
 * Open (and migrate) the store. WAL + synchronous=FULL: a counter PC that loses
 * power keeps every transaction it acknowledged.
 */
export function openConnection(
  file: string,
  options: {
    migrate?: boolean;
    /** Opens the raw handle instead of better-sqlite3 (the bench's encrypted store: a keyed SQLCipher driver). */
    open?: (file: string) => Connection;
  } = {},
): Connection {
  const db = options.open ? options.open(file) : new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  if (options.migrate !== false) migrate(db);
  return db;
}
