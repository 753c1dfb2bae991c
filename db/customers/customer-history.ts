import type { CustomerHistory } from '../../shared/contract';
import type { AuditLogTable } from '../schema';
import type { Sql } from '../sql';
import { MERGED_IDS_SQL } from './merged-customers';

const HISTORY_LIMIT = 500;
const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Who changed what on a customer (and on anyone merged into them), newest first, field by field, in the domain's field names. */
export function customerHistory(sql: Sql, id: string): CustomerHistory {
  const rows = sql.raw<Pick<AuditLogTable, 'id' | 'at' | 'user_id' | 'device_id' | 'action' | 'changes'>>(
    `SELECT id, at, user_id, device_id, action, changes FROM audit_log
     WHERE entity = 'customers' AND entity_id IN ${MERGED_IDS_SQL} ORDER BY at DESC, id DESC LIMIT ${HISTORY_LIMIT}`,
    id,
    id,
  );
  return rows.map((row) => ({
    id: row.id,
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
