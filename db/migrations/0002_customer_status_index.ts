import type { Migration } from './migration';

/** Counting the visible list (active and pending, not merged) reads a small index, not the table. */
export const migration0002: Migration = {
  version: 2,
  name: 'customer_status_index',
  up(db) {
    db.exec('CREATE INDEX customers_status ON customers(status) WHERE merged_into IS NULL');
  },
};
