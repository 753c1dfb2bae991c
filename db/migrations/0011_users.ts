import type { Migration } from './migration';

/**
 * The people who sign in on this device, each with a role, a read-only flag and a salted PIN
 * hash. Local to the device's store: never in the outbox (docs/adr/0012-users-and-sessions.md).
 */
export const migration0011: Migration = {
  version: 11,
  name: 'users',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'cashier')),
        read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
        pin_hash TEXT NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
