import type { CustomerHistory } from '../../shared/contract';
import type { AuditLogTable } from '../schema';
import type { Sql } from '../sql';
import { MERGED_IDS_SQL } from './merged-customers';

const HISTORY_LIMIT = 500;
const SUBJECTS: Record<string, CustomerHistory[number]['subject']> = {
  customers: 'customer',
  customer_addresses: 'address',
  customer_contacts: 'contact',
};
/** `first_name` -> `firstName`; a key after the dot (`custom_fields.shoe_size`) stays as the admin wrote it. */
const camel = (column: string) => {
  const dot = column.indexOf('.');
  const base = dot < 0 ? column : column.slice(0, dot);
  return base.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) + (dot < 0 ? '' : column.slice(dot));
};

/** Who changed what on a customer (and on anyone merged into them), newest first, field by field, in the domain's field names. */
export function customerHistory(sql: Sql, id: string): CustomerHistory {
  // The customer's own rows, and those of its addresses and contacts (audited with the customer as parent).
  const rows = sql.raw<
    Pick<AuditLogTable, 'id' | 'at' | 'user_id' | 'device_id' | 'action' | 'changes' | 'entity' | 'entity_id'>
  >(
    `SELECT * FROM (
       SELECT id, at, user_id, device_id, action, changes, entity, entity_id FROM audit_log
       WHERE entity = 'customers' AND entity_id IN ${MERGED_IDS_SQL}
       UNION ALL
       SELECT id, at, user_id, device_id, action, changes, entity, entity_id FROM audit_log
       WHERE parent_id IN ${MERGED_IDS_SQL}
     ) ORDER BY at DESC, id DESC LIMIT ${HISTORY_LIMIT}`,
    id,
    id,
    id,
    id,
  );
  return rows.map((row) => ({
    id: row.id,
    subject: SUBJECTS[row.entity] ?? 'customer',
    subjectId: row.entity_id,
    at: row.at,
    userId: row.user_id,
    deviceId: row.device_id,
    action: row.action,
    changes: (JSON.parse(row.changes) as { field: string; old: unknown; new: unknown }[]).map((c) => ({
      ...c,
      field: camel(c.field),
    })),
  }));
}
