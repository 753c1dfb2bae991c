import { ERASED } from './write-path';
import type { Sql } from './sql';

/**
 * Erasure (a customer deleted at their request): earlier audit rows of these records keep who
 * changed which field and when, but the values they held become "[erased]". Call inside the
 * write transaction that deletes the records.
 */
export function eraseAuditValues(sql: Sql, targets: { entity: string; ids: string[] }[]): void {
  const select = sql.db.prepare('SELECT id, changes FROM audit_log WHERE entity = ? AND entity_id = ?');
  const update = sql.db.prepare('UPDATE audit_log SET changes = ? WHERE id = ?');
  for (const { entity, ids } of targets) {
    for (const entityId of ids) {
      for (const row of select.all(entity, entityId) as { id: string; changes: string }[]) {
        const changes = JSON.parse(row.changes) as { field: string; old: unknown; new: unknown }[];
        const erased = changes.map((c) => ({
          field: c.field,
          old: c.old === null ? null : ERASED,
          new: c.new === null ? null : ERASED,
        }));
        update.run(JSON.stringify(erased), row.id);
      }
    }
  }
}

/** The same for every audit row of rows that belong to these records (their addresses, contacts). */
export function eraseChildAuditValues(sql: Sql, parentIds: readonly string[]): void {
  const select = sql.db.prepare('SELECT id, changes FROM audit_log WHERE parent_id = ?');
  const update = sql.db.prepare('UPDATE audit_log SET changes = ? WHERE id = ?');
  for (const parentId of parentIds) {
    for (const row of select.all(parentId) as { id: string; changes: string }[]) {
      const changes = JSON.parse(row.changes) as { field: string; old: unknown; new: unknown }[];
      const erased = changes.map((c) => ({
        field: c.field,
        old: c.old === null || c.field === 'customer_id' ? c.old : ERASED,
        new: c.new === null || c.field === 'customer_id' ? c.new : ERASED,
      }));
      const text = JSON.stringify(erased);
      if (text !== row.changes) update.run(text, row.id);
    }
  }
}
