import type { ConsentEvent } from '../../shared/customers/consent';
import type { ConsentEventsTable } from '../schema';
import type { Sql } from '../sql';

/** Every consent given or withdrawn for a customer, newest first. */
export function consentLog(sql: Sql, customerId: string): ConsentEvent[] {
  return sql
    .raw<ConsentEventsTable>('SELECT * FROM consent_events WHERE customer_id = ? ORDER BY at DESC, id DESC', customerId)
    .map((row) => ({
      id: row.id,
      channel: row.channel,
      granted: row.granted === 1,
      source: row.source as ConsentEvent['source'],
      userId: row.user_id,
      at: row.at,
    }));
}
