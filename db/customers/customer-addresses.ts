import type { Address } from '../../shared/customers/addresses';
import type { CustomerAddressesTable } from '../schema';
import { qb, type Sql } from '../sql';

export function addressRows(sql: Sql, customerId: string): CustomerAddressesTable[] {
  return sql.all(
    qb.selectFrom('customer_addresses').selectAll().where('customer_id', '=', customerId).orderBy('position').orderBy('id'),
  );
}

export function rowToAddress(row: CustomerAddressesTable): Address {
  return {
    id: row.id,
    kind: row.kind,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    region: row.region,
    postalCode: row.postal_code,
    country: row.country,
    isDefault: row.is_default === 1,
  };
}

export function listAddresses(sql: Sql, customerId: string): Address[] {
  return addressRows(sql, customerId).map(rowToAddress);
}
