import type { Migration } from './migration';

/** Saved filter sets, by name: the list's shortcuts today, campaign audiences later. */
export const migration0005: Migration = {
  version: 5,
  name: 'segments',
  up(db) {
    db.exec(`
      CREATE TABLE segments (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        filters TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX segments_name ON segments(name COLLATE NOCASE);
    `);
  },
};
