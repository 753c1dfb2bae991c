import type { Migration } from './migration';

/**
 * Secrets (the Twilio token, later the sync token), each encrypted by this computer's key: the
 * OS keyring through Electron's safeStorage, or the web host's key file. Beside them, the Twilio
 * account they belong to. Both local to the device's store: never in the outbox (ADR 0014).
 */
export const migration0015: Migration = {
  version: 15,
  name: 'secrets',
  up(db) {
    db.exec(`
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY NOT NULL,
        scheme TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;
      CREATE TABLE twilio_account (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        account_sid TEXT NOT NULL,
        from_number TEXT,
        messaging_service_sid TEXT,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        CHECK (from_number IS NOT NULL OR messaging_service_sid IS NOT NULL)
      );
    `);
  },
};
