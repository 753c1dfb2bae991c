import type { Migration } from './migration';

/** Fields the admin defines for customers, and each customer's values as one JSON object by key. */
export const migration0010: Migration = {
  version: 10,
  name: 'custom_fields',
  up(db) {
    db.exec(`
      CREATE TABLE custom_field_definitions (
        id TEXT PRIMARY KEY NOT NULL,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'choice')),
        options TEXT NOT NULL DEFAULT '[]',
        required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX custom_field_definitions_key ON custom_field_definitions(key);
      ALTER TABLE customers ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}';
    `);
  },
};
