import type { Migration } from './migration';

/** Duplicate checks look for a similar name among customers born the same day. */
export const migration0003: Migration = {
  version: 3,
  name: 'customer_birth_date_index',
  up(db) {
    db.exec('CREATE INDEX customers_date_of_birth ON customers(date_of_birth) WHERE date_of_birth IS NOT NULL');
  },
};
