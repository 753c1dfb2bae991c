import type { Contact } from '../../shared/customers/contacts';
import type { CustomerContactsTable } from '../schema';
import { qb, type Sql } from '../sql';

export function contactRows(sql: Sql, customerId: string): CustomerContactsTable[] {
  return sql.all(
    qb.selectFrom('customer_contacts').selectAll().where('customer_id', '=', customerId).orderBy('position').orderBy('id'),
  );
}

export function rowToContact(row: CustomerContactsTable): Contact {
  return { id: row.id, name: row.name, role: row.role, phone: row.phone, phoneRaw: row.phone_raw, email: row.email };
}

export function listContacts(sql: Sql, customerId: string): Contact[] {
  return contactRows(sql, customerId).map(rowToContact);
}
