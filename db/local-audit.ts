import { newId } from '../shared/ids';
import type { Actor, FieldChange } from './write-path';
import { qb, type Sql } from './sql';

/** What the audit shows for a PIN or a secret: that it changed, never what it is. */
export const CHANGED = '[changed]';

/**
 * The audit row of a change to a table local to this device (users, secrets): it names the actor
 * like every other, but no sync operation goes with it. Call it inside the change's transaction.
 */
export function auditLocal(
  sql: Sql,
  actor: Actor,
  entity: string,
  id: string,
  action: 'create' | 'update' | 'delete',
  changes: FieldChange[],
  at: string,
): void {
  sql.run(
    qb.insertInto('audit_log').values({
      id: newId(),
      entity,
      entity_id: id,
      action,
      changes: JSON.stringify(changes),
      user_id: actor.userId,
      device_id: actor.deviceId,
      at,
      parent_id: null,
    }),
  );
}
