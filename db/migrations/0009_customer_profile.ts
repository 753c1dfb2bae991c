import type { Migration } from './migration';

/**
 * The rest of a customer's profile: business fields, preferences and owner on the row; addresses
 * and business contacts as child rows; and audit rows that name the customer a child row belongs
 * to, so a customer's history shows its addresses and contacts (even deleted ones).
 */
export const migration0009: Migration = {
  version: 9,
  name: 'customer_profile',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN registration_number TEXT;
      ALTER TABLE customers ADD COLUMN business_type TEXT;
      ALTER TABLE customers ADD COLUMN industry TEXT;
      ALTER TABLE customers ADD COLUMN payment_terms TEXT;
      ALTER TABLE customers ADD COLUMN preferred_currency TEXT;
      ALTER TABLE customers ADD COLUMN contact_channel TEXT;
      ALTER TABLE customers ADD COLUMN do_not_contact INTEGER NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1));
      ALTER TABLE customers ADD COLUMN owner_id TEXT;

      CREATE TABLE customer_addresses (
        id TEXT PRIMARY KEY NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        kind TEXT NOT NULL CHECK (kind IN ('billing', 'shipping', 'other')),
        line1 TEXT NOT NULL,
        line2 TEXT,
        city TEXT NOT NULL,
        region TEXT,
        postal_code TEXT,
        country TEXT NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX customer_addresses_customer ON customer_addresses(customer_id, position);
      CREATE UNIQUE INDEX customer_addresses_default ON customer_addresses(customer_id, kind) WHERE is_default = 1;

      CREATE TABLE customer_contacts (
        id TEXT PRIMARY KEY NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        name TEXT NOT NULL,
        role TEXT,
        phone TEXT,
        phone_raw TEXT,
        email TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX customer_contacts_customer ON customer_contacts(customer_id, position);

      ALTER TABLE audit_log ADD COLUMN parent_id TEXT;
      CREATE INDEX audit_log_parent ON audit_log(parent_id, at) WHERE parent_id IS NOT NULL;
    `);
  },
};
