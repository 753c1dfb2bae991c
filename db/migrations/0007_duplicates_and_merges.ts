import type { Migration } from './migration';

/**
 * Pairs a manager dismissed as "not a duplicate" (remembered and synced), and an index to find
 * the customers merged into another (their history resolves to the survivor).
 */
export const migration0007: Migration = {
  version: 7,
  name: 'duplicates_and_merges',
  up(db) {
    db.exec(`
      CREATE TABLE duplicate_dismissals (
        id TEXT PRIMARY KEY NOT NULL,
        customer_a TEXT NOT NULL REFERENCES customers(id),
        customer_b TEXT NOT NULL REFERENCES customers(id),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        CHECK (customer_a < customer_b)
      );
      CREATE UNIQUE INDEX duplicate_dismissals_pair ON duplicate_dismissals(customer_a, customer_b);
      CREATE INDEX customers_merged_into ON customers(merged_into) WHERE merged_into IS NOT NULL;
    `);
  },
};
