import type { Migration } from './migration';

/** The list sorted by newest or oldest walks this index instead of sorting a million rows. */
export const migration0008: Migration = {
  version: 8,
  name: 'customer_created_index',
  up(db) {
    db.exec('CREATE INDEX customers_created ON customers(created_at, id)');
  },
};
