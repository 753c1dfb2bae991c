import { type AddressInput, addressRuleErrors } from '../../shared/customers/addresses';
import { type ContactInput, contactRuleErrors } from '../../shared/customers/contacts';
import type { CustomerChildren } from '../../shared/customers/customer';
import { cleanText } from '../../shared/customers/customer';
import { newId } from '../../shared/ids';
import { type CountryCode, parsePhone } from '../../shared/phone';
import { addressRows } from '../../db/customers/customer-addresses';
import { contactRows } from '../../db/customers/customer-contacts';
import type { CustomerAddressesTable, CustomerContactsTable } from '../../db/schema';
import { eraseChildAuditValues } from '../../db/audit-erasure';
import type { Sql } from '../../db/sql';
import type { WriteTx } from '../../db/write-path';

type AddressValues = Omit<CustomerAddressesTable, 'id' | 'customer_id' | 'created_at' | 'updated_at'>;
type ContactValues = Omit<CustomerContactsTable, 'id' | 'customer_id' | 'created_at' | 'updated_at'>;

/** A customer's child rows as they will be stored; `undefined`: leave that list as it is. */
export interface ChildRows {
  addresses?: { id?: string; values: AddressValues }[];
  contacts?: { id?: string; values: ContactValues }[];
}

/**
 * Check and normalise the lists a create or update brings: every row's errors, keyed
 * `addresses.<i>.<field>`, plus ids that are not this customer's rows. Pure but for the
 * lookup of the customer's stored rows.
 */
export function childRowErrors(
  sql: Sql,
  customerId: string | null,
  input: Partial<CustomerChildren>,
  country: CountryCode,
): Record<string, string> {
  const errors: Record<string, string> = {
    ...(input.addresses ? addressRuleErrors(input.addresses) : {}),
    ...(input.contacts ? contactRuleErrors(input.contacts, country) : {}),
  };
  const known = (rows: { id: string }[]) => new Set(rows.map((r) => r.id));
  const addressIds = customerId && input.addresses ? known(addressRows(sql, customerId)) : new Set<string>();
  input.addresses?.forEach((a, i) => {
    if (a.id && !addressIds.has(a.id)) errors[`addresses.${i}.id`] ??= 'not_found';
  });
  const contactIds = customerId && input.contacts ? known(contactRows(sql, customerId)) : new Set<string>();
  input.contacts?.forEach((c, i) => {
    if (c.id && !contactIds.has(c.id)) errors[`contacts.${i}.id`] ??= 'not_found';
  });
  return errors;
}

/** Call after `childRowErrors` found nothing. The first address of a kind is its default unless one is chosen. */
export function normaliseChildren(input: Partial<CustomerChildren>, country: CountryCode): ChildRows {
  const rows: ChildRows = {};
  if (input.addresses) {
    const chosen = new Set(input.addresses.filter((a) => a.isDefault).map((a) => a.kind));
    rows.addresses = input.addresses.map((a: AddressInput, position) => {
      let isDefault = a.isDefault === true;
      if (!isDefault && !chosen.has(a.kind)) {
        chosen.add(a.kind);
        isDefault = true;
      }
      return {
        ...(a.id ? { id: a.id } : {}),
        values: {
          kind: a.kind,
          line1: cleanText(a.line1) as string,
          line2: cleanText(a.line2),
          city: cleanText(a.city) as string,
          region: cleanText(a.region),
          postal_code: cleanText(a.postalCode)?.toUpperCase() ?? null,
          country: cleanText(a.country)?.toUpperCase() ?? country,
          is_default: isDefault ? 1 : 0,
          position,
        },
      };
    });
  }
  if (input.contacts) {
    rows.contacts = input.contacts.map((c: ContactInput, position) => {
      const phone = cleanText(c.phone) ? parsePhone(c.phone as string, country) : null;
      return {
        ...(c.id ? { id: c.id } : {}),
        values: {
          name: cleanText(c.name) as string,
          role: cleanText(c.role),
          phone: phone?.e164 ?? null,
          phone_raw: phone?.raw ?? null,
          email: cleanText(c.email)?.toLowerCase() ?? null,
          position,
        },
      };
    });
  }
  return rows;
}

/**
 * Replace the stored lists with the given ones, row by row through the write path (each change
 * audited under the customer, each field an operation). Defaults are cleared before they are
 * set, so the one-default-per-kind index holds at every statement.
 */
export function writeChildren(sql: Sql, tx: WriteTx, customerId: string, rows: ChildRows): void {
  const stamp = { updated_at: tx.timestamp };
  if (rows.addresses) {
    const stored = addressRows(sql, customerId);
    const kept = new Map(rows.addresses.filter((r) => r.id).map((r) => [r.id as string, r.values]));
    for (const row of stored) if (!kept.has(row.id)) tx.delete('customer_addresses', row.id);
    for (const row of stored) {
      const next = kept.get(row.id);
      if (next) tx.update('customer_addresses', row.id, { ...next, is_default: row.is_default & next.is_default }, stamp);
    }
    for (const row of rows.addresses.filter((r) => !r.id))
      tx.insert('customer_addresses', {
        id: newId(),
        customer_id: customerId,
        ...row.values,
        created_at: tx.timestamp,
        updated_at: tx.timestamp,
      });
    for (const [id, next] of kept) if (next.is_default === 1) tx.update('customer_addresses', id, { is_default: 1 }, stamp);
  }
  if (rows.contacts) {
    const stored = contactRows(sql, customerId);
    const kept = new Map(rows.contacts.filter((r) => r.id).map((r) => [r.id as string, r.values]));
    for (const row of stored) if (!kept.has(row.id)) tx.delete('customer_contacts', row.id);
    for (const row of stored) {
      const next = kept.get(row.id);
      // The same number sent back keeps the way it was first typed.
      if (next)
        tx.update('customer_contacts', row.id, next.phone === row.phone ? { ...next, phone_raw: row.phone_raw } : next, stamp);
    }
    for (const row of rows.contacts.filter((r) => !r.id))
      tx.insert('customer_contacts', {
        id: newId(),
        customer_id: customerId,
        ...row.values,
        created_at: tx.timestamp,
        updated_at: tx.timestamp,
      });
  }
}

/** Unsent operations of these addresses and contacts (two JSON arrays of ids), by the outbox's row index. */
export const DROP_CHILD_OPERATIONS = `DELETE FROM outbox
  WHERE (table_name = 'customer_addresses' AND row_id IN (SELECT value FROM json_each(?)))
  OR (table_name = 'customer_contacts' AND row_id IN (SELECT value FROM json_each(?)))`;

/** Erasure and deletion: every address and contact of these customers goes, the audit keeping no values. */
export function eraseChildren(sql: Sql, tx: WriteTx, customerIds: readonly string[]): void {
  const addresses = customerIds.flatMap((id) => addressRows(sql, id).map((row) => row.id));
  const contacts = customerIds.flatMap((id) => contactRows(sql, id).map((row) => row.id));
  // Their unsent operations (the creation, later edits) would carry the erased values to the server:
  // dropped (by the outbox's row index) before their deletions are queued.
  if (addresses.length + contacts.length > 0)
    tx.operations -= sql.db.prepare(DROP_CHILD_OPERATIONS).run(JSON.stringify(addresses), JSON.stringify(contacts)).changes;
  for (const id of addresses) tx.delete('customer_addresses', id, { erase: true });
  for (const id of contacts) tx.delete('customer_contacts', id, { erase: true });
  eraseChildAuditValues(sql, customerIds);
}
