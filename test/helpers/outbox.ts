import type { Sql } from '../../db/sql';
import { CREATED_FIELD } from '../../db/write-path';

export interface FieldOp {
  table_name: string;
  row_id: string;
  field: string;
  /** JSON, as the outbox holds it. */
  value: string;
  hlc: string;
}

/**
 * The outbox read field by field, in stamp order: a new row's one operation (ADR 0015) counts as
 * one per field it carries, with its stamp. `where` filters outbox rows (table_name, row_id…).
 */
export function fieldOps(sql: Sql, where = '1', ...params: unknown[]): FieldOp[] {
  return sql
    .raw<FieldOp>(`SELECT table_name, row_id, field, value, hlc FROM outbox WHERE ${where} ORDER BY hlc`, ...params)
    .flatMap((op) =>
      op.field === CREATED_FIELD
        ? Object.entries(JSON.parse(op.value) as Record<string, unknown>).map(([field, value]) => ({
            ...op,
            field,
            value: JSON.stringify(value),
          }))
        : [op],
    );
}
