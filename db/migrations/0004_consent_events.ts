import type { Migration } from './migration';

/**
 * Marketing consent as an append-only log (who, when, how it was given or withdrawn); the
 * customer row keeps the current state for fast audience queries.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'consent_events',
  up(db) {
    db.exec(`
      CREATE TABLE consent_events (
        id TEXT PRIMARY KEY NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
        granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
        source TEXT NOT NULL,
        user_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX consent_events_customer ON consent_events(customer_id, at);
      CREATE TRIGGER consent_events_append_only_update BEFORE UPDATE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END;
      CREATE TRIGGER consent_events_append_only_delete BEFORE DELETE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END;
    `);
  },
};
