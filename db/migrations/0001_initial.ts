import type { Migration } from './migration';

/** Frozen in time: never edit once released; add a new migration instead. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE device (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        device_id TEXT NOT NULL,
        hlc TEXT NOT NULL
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE customer_groups (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        requires_approval INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0, 1)),
        discount_bp INTEGER CHECK (discount_bp BETWEEN 0 AND 10000),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX customer_groups_name ON customer_groups(name COLLATE NOCASE);

      CREATE TABLE customers (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL DEFAULT 'individual' CHECK (kind IN ('individual', 'business')),
        first_name TEXT,
        last_name TEXT,
        company TEXT,
        email TEXT,
        phone TEXT,
        phone_raw TEXT,
        date_of_birth TEXT,
        id_doc_type TEXT,
        id_doc_number TEXT,
        tax_id TEXT,
        external_id TEXT,
        membership_code TEXT NOT NULL,
        language TEXT,
        group_id TEXT REFERENCES customer_groups(id),
        tags TEXT NOT NULL DEFAULT '[]',
        notes TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'pending_approval')),
        sms_consent INTEGER NOT NULL DEFAULT 0 CHECK (sms_consent IN (0, 1)),
        email_consent INTEGER NOT NULL DEFAULT 0 CHECK (email_consent IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        merged_into TEXT REFERENCES customers(id),
        search_text TEXT NOT NULL DEFAULT '',
        sort_name TEXT NOT NULL DEFAULT ''
      );
      CREATE UNIQUE INDEX customers_membership_code ON customers(membership_code);
      CREATE INDEX customers_phone ON customers(phone) WHERE phone IS NOT NULL;
      CREATE INDEX customers_email ON customers(email COLLATE NOCASE) WHERE email IS NOT NULL;
      CREATE INDEX customers_id_doc ON customers(id_doc_number) WHERE id_doc_number IS NOT NULL;
      CREATE INDEX customers_tax_id ON customers(tax_id) WHERE tax_id IS NOT NULL;
      CREATE INDEX customers_external_id ON customers(external_id) WHERE external_id IS NOT NULL;
      CREATE INDEX customers_sort_name ON customers(sort_name, id);
      CREATE INDEX customers_group ON customers(group_id) WHERE group_id IS NOT NULL;

      -- External-content FTS5 index over the derived search_text, kept in step by triggers.
      CREATE VIRTUAL TABLE customers_fts USING fts5(
        search_text,
        content = 'customers',
        content_rowid = 'rowid',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4'
      );
      CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customers_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
      CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
        INSERT INTO customers_fts(customers_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      END;
      CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers BEGIN
        INSERT INTO customers_fts(customers_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO customers_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;

      CREATE TABLE products (
        id TEXT PRIMARY KEY NOT NULL,
        sku TEXT NOT NULL,
        barcode TEXT,
        name TEXT NOT NULL,
        price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
        currency TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX products_sku ON products(sku);
      CREATE UNIQUE INDEX products_barcode ON products(barcode) WHERE barcode IS NOT NULL;

      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
        changes TEXT NOT NULL,
        user_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, at);

      CREATE TABLE outbox (
        op_id TEXT PRIMARY KEY NOT NULL,
        hlc TEXT NOT NULL,
        device_id TEXT NOT NULL,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX outbox_hlc ON outbox(hlc);
    `);
  },
};
