import type { Migration } from './migration';

/**
 * Sales, refunds and the loyalty ledger: append-only facts. The only update ever allowed is
 * giving a customer-less order its customer (orders.assignCustomer), once. Consent events may be
 * deleted only once their customer is gone (customers.delete, ADR 0006).
 */
export const migration0006: Migration = {
  version: 6,
  name: 'orders_loyalty',
  up(db) {
    db.exec(`
      ALTER TABLE device ADD COLUMN order_seq INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE orders (
        id TEXT PRIMARY KEY NOT NULL,
        number TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund')),
        refund_of TEXT REFERENCES orders(id),
        customer_id TEXT REFERENCES customers(id),
        payment_method TEXT NOT NULL CHECK (payment_method IN ('cash', 'card', 'other')),
        currency TEXT NOT NULL,
        group_discount_bp INTEGER NOT NULL DEFAULT 0,
        subtotal_minor INTEGER NOT NULL CHECK (subtotal_minor >= 0),
        discount_minor INTEGER NOT NULL CHECK (discount_minor >= 0),
        redeem_minor INTEGER NOT NULL CHECK (redeem_minor >= 0),
        total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
        reason TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        device_id TEXT NOT NULL,
        CHECK ((kind = 'refund') = (refund_of IS NOT NULL))
      );
      CREATE UNIQUE INDEX orders_number ON orders(number);
      CREATE INDEX orders_customer ON orders(customer_id, created_at) WHERE customer_id IS NOT NULL;
      CREATE INDEX orders_refund_of ON orders(refund_of) WHERE refund_of IS NOT NULL;

      CREATE TABLE order_lines (
        id TEXT PRIMARY KEY NOT NULL,
        order_id TEXT NOT NULL REFERENCES orders(id),
        line_no INTEGER NOT NULL,
        product_id TEXT NOT NULL REFERENCES products(id),
        sku TEXT NOT NULL,
        name TEXT NOT NULL,
        unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        subtotal_minor INTEGER NOT NULL CHECK (subtotal_minor >= 0),
        discount_minor INTEGER NOT NULL CHECK (discount_minor >= 0),
        redeem_minor INTEGER NOT NULL CHECK (redeem_minor >= 0),
        total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
        refund_of_line TEXT REFERENCES order_lines(id)
      );
      CREATE UNIQUE INDEX order_lines_order ON order_lines(order_id, line_no);
      CREATE INDEX order_lines_refund_of ON order_lines(refund_of_line) WHERE refund_of_line IS NOT NULL;

      CREATE TABLE loyalty_entries (
        id TEXT PRIMARY KEY NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        kind TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'earn_reversal', 'redeem_restore', 'adjust', 'assign_earn')),
        points INTEGER NOT NULL CHECK (points <> 0),
        order_id TEXT REFERENCES orders(id),
        reason TEXT,
        user_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX loyalty_entries_customer ON loyalty_entries(customer_id, at, points);
      CREATE INDEX loyalty_entries_order ON loyalty_entries(order_id) WHERE order_id IS NOT NULL;

      -- The balance is the sum of the ledger and never goes below zero, whoever writes.
      CREATE TRIGGER loyalty_entries_never_negative BEFORE INSERT ON loyalty_entries
        WHEN new.points < 0
          AND (SELECT coalesce(sum(points), 0) FROM loyalty_entries WHERE customer_id = new.customer_id) + new.points < 0
        BEGIN SELECT RAISE(ABORT, 'loyalty balance cannot go negative'); END;
      CREATE TRIGGER loyalty_entries_append_only_update BEFORE UPDATE ON loyalty_entries
        BEGIN SELECT RAISE(ABORT, 'loyalty entries are append-only'); END;
      CREATE TRIGGER loyalty_entries_append_only_delete BEFORE DELETE ON loyalty_entries
        BEGIN SELECT RAISE(ABORT, 'loyalty entries are append-only'); END;

      CREATE TRIGGER order_lines_append_only_update BEFORE UPDATE ON order_lines
        BEGIN SELECT RAISE(ABORT, 'order lines are append-only'); END;
      CREATE TRIGGER order_lines_append_only_delete BEFORE DELETE ON order_lines
        BEGIN SELECT RAISE(ABORT, 'order lines are append-only'); END;
      CREATE TRIGGER orders_append_only_delete BEFORE DELETE ON orders
        BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END;
      CREATE TRIGGER orders_append_only_update BEFORE UPDATE ON orders
        WHEN NOT (
          old.customer_id IS NULL AND new.customer_id IS NOT NULL
          AND new.id IS old.id AND new.number IS old.number AND new.kind IS old.kind
          AND new.refund_of IS old.refund_of AND new.payment_method IS old.payment_method
          AND new.currency IS old.currency AND new.group_discount_bp IS old.group_discount_bp
          AND new.subtotal_minor IS old.subtotal_minor AND new.discount_minor IS old.discount_minor
          AND new.redeem_minor IS old.redeem_minor AND new.total_minor IS old.total_minor
          AND new.reason IS old.reason AND new.created_at IS old.created_at
          AND new.created_by IS old.created_by AND new.device_id IS old.device_id
        )
        BEGIN SELECT RAISE(ABORT, 'orders are append-only (only a missing customer may be assigned)'); END;

      -- A customer is deleted with their consent log (ADR 0006): the log may go once they are gone.
      DROP TRIGGER consent_events_append_only_delete;
      CREATE TRIGGER consent_events_append_only_delete BEFORE DELETE ON consent_events
        WHEN EXISTS (SELECT 1 FROM customers WHERE id = old.customer_id)
        BEGIN SELECT RAISE(ABORT, 'consent events are append-only'); END;
    `);
  },
};
