import type { ConsentEvent } from '../../shared/customers/consent';
import type { ConsentEventsTable } from '../schema';
import type { Sql } from '../sql';
import { MERGED_IDS_SQL } from './merged-customers';

/** Every consent given or withdrawn for a customer (and anyone merged into them), newest first. */
export function consentLog(sql: Sql, customerId: string): ConsentEvent[] {
  return sql
    .raw<ConsentEventsTable>(
      `SELECT * FROM consent_events WHERE customer_id IN ${MERGED_IDS_SQL} ORDER BY at DESC, id DESC`,
      customerId,
      customerId,
    )
    .map((row) => ({
      id: row.id,
      channel: row.channel,
      granted: row.granted === 1,
      source: row.source as ConsentEvent['source'],
      userId: row.user_id,
      at: row.at,
    }));
}
