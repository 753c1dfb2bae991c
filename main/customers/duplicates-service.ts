import { type Customer, cleanTags } from '../../shared/customers/customer';
import { type DuplicatePairsPage, MERGE_FIELDS, type MergeField, type MergeInput } from '../../shared/customers/duplicates';
import { CONSENT_CHANNELS } from '../../shared/customers/consent';
import { AppError, validationError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { scanDuplicatePairs } from '../../db/customers/duplicate-pairs';
import { getCustomerRow } from '../../db/customers/customer-queries';
import { MERGE_CHILDREN, MERGED_IDS_SQL } from '../../db/customers/merged-customers';
import type { CustomersTable } from '../../db/schema';
import type { Sql } from '../../db/sql';
import type { Actor, WritePath } from '../../db/write-path';
import { type CustomerService, customFieldsJson, derived, recordConsent, rowToFields } from './customer-service';

const GONE = 'This customer does not exist (it may have been merged or deleted).';

/** The Duplicates view: likely pairs, "not a duplicate", and merging two records into one. */
export class DuplicatesService {
  constructor(
    private readonly sql: Sql,
    private readonly writes: WritePath,
    private readonly customers: CustomerService,
  ) {}

  pairs(cursor: string | null, limit: number): DuplicatePairsPage {
    return scanDuplicatePairs(this.sql, cursor, limit);
  }

  /** Remembered (and synced) so the pair is not offered again. */
  dismiss(actor: Actor, a: string, b: string): { dismissed: boolean } {
    if (a === b) throw validationError({ b: 'same_customer' });
    for (const id of [a, b]) if (!getCustomerRow(this.sql, id)) throw new AppError('NOT_FOUND', GONE);
    const [first, second] = a < b ? [a, b] : [b, a];
    const known = this.sql.raw('SELECT 1 FROM duplicate_dismissals WHERE customer_a = ? AND customer_b = ?', first, second);
    if (known.length === 0)
      this.writes.write(actor, (tx) =>
        tx.insert('duplicate_dismissals', {
          id: newId(),
          customer_a: first,
          customer_b: second,
          created_at: tx.timestamp,
          created_by: actor.userId,
        }),
      );
    return { dismissed: true };
  }

  /**
   * One transaction: the winner takes the picked values (and every tag of both), the loser is
   * marked merged_into the winner and inactive, earlier losers of the loser follow it, child
   * rows that move are re-pointed, consent follows the most recent explicit choice, and the
   * winner's audit keeps a full snapshot of the loser. Nothing of the loser is erased.
   */
  merge(actor: Actor, input: MergeInput): Customer {
    const { winnerId, loserId } = input;
    if (winnerId === loserId) throw validationError({ loserId: 'same_customer' });
    const winner = getCustomerRow(this.sql, winnerId);
    const loser = getCustomerRow(this.sql, loserId);
    if (!winner || winner.merged_into || !loser || loser.merged_into) throw new AppError('NOT_FOUND', GONE);
    const w = rowToFields(winner);
    const l = rowToFields(loser);
    const source = (field: MergeField) => input.pick[field] ?? (isEmpty(w[field]) ? 'loser' : 'winner');
    const chosen = { ...w };
    for (const field of MERGE_FIELDS) if (source(field) === 'loser') Object.assign(chosen, { [field]: l[field] });
    chosen.tags = cleanTags([...w.tags, ...l.tags]);
    // Either record asking not to be contacted is enough.
    chosen.doNotContact = w.doNotContact || l.doNotContact;
    // Custom fields: the winner's value per key, the loser's where the winner has none.
    const columns = {
      ...this.customers.toColumns(chosen),
      custom_fields: customFieldsJson({ ...JSON.parse(loser.custom_fields), ...JSON.parse(winner.custom_fields) }),
    };
    // The phone as it was typed comes with the phone.
    columns.phone_raw = source('phone') === 'loser' ? loser.phone_raw : winner.phone_raw;
    const consent = this.consentAfterMerge(winner, loser, columns);

    this.writes.write(actor, (tx) => {
      const stamp = { updated_at: tx.timestamp, updated_by: actor.userId };
      tx.update('customers', winnerId, { ...columns, ...derived(columns, winner.membership_code) }, stamp);
      for (const [channel, granted] of consent) recordConsent(tx, actor, winnerId, { channel, granted, source: 'merge' });
      for (const { id } of this.sql.raw<{ id: string }>('SELECT id FROM customers WHERE merged_into = ?', loserId))
        tx.update('customers', id, { merged_into: winnerId }, stamp);
      for (const child of MERGE_CHILDREN.filter((c) => c.follows === 'move')) {
        const rows = this.sql.raw<Record<string, string | number> & { id: string }>(
          `SELECT * FROM ${child.table} WHERE ${child.column} = ?`,
          loserId,
        );
        const { flag, scope } = child.exclusive ?? {};
        // The winner keeps its own default per scope; the loser's row comes along as an ordinary one.
        const taken = new Set(
          flag && scope
            ? this.sql
                .raw<{ s: string }>(
                  `SELECT ${scope} AS s FROM ${child.table} WHERE ${child.column} = ? AND ${flag} = 1`,
                  winnerId,
                )
                .map((r) => r.s)
            : [],
        );
        const after = child.position
          ? ((this.sql.raw<{ n: number | null }>(
              `SELECT max(${child.position}) AS n FROM ${child.table} WHERE ${child.column} = ?`,
              winnerId,
            )[0]?.n ?? -1) as number) + 1
          : 0;
        for (const row of rows) {
          const clash = flag && scope && row[flag] === 1 && taken.has(String(row[scope]));
          tx.update(child.table as never, row.id, {
            [child.column]: winnerId,
            ...(clash ? { [flag]: 0 } : {}),
            ...(child.position ? { [child.position]: after + Number(row[child.position]) } : {}),
          });
        }
      }
      tx.update('customers', loserId, { merged_into: winnerId, status: 'inactive' }, stamp);
      tx.event('customers', winnerId, 'merged_from', { id: loserId, record: snapshot(loser) }, { id: loserId });
    });
    return this.customers.get(winnerId);
  }

  /**
   * Per channel, the most recent explicit event (a person's, not the app's) of either record
   * decides; consent to a channel the merged record cannot reach is off. Returns the changes.
   */
  private consentAfterMerge(
    winner: CustomersTable,
    loser: CustomersTable,
    columns: { phone: string | null; email: string | null },
  ): [channel: (typeof CONSENT_CHANNELS)[number], granted: boolean][] {
    const changes: [(typeof CONSENT_CHANNELS)[number], boolean][] = [];
    for (const channel of CONSENT_CHANNELS) {
      const latest = this.sql.raw<{ granted: number }>(
        `SELECT granted FROM consent_events
         WHERE (customer_id IN ${MERGED_IDS_SQL} OR customer_id IN ${MERGED_IDS_SQL})
           AND channel = ? AND source NOT IN ('system', 'merge', 'erasure')
         ORDER BY at DESC, id DESC LIMIT 1`,
        winner.id,
        winner.id,
        loser.id,
        loser.id,
        channel,
      )[0];
      const current = channel === 'sms' ? winner.sms_consent === 1 : winner.email_consent === 1;
      const reachable = channel === 'sms' ? columns.phone !== null : columns.email !== null;
      const wanted = latest ? latest.granted === 1 && reachable : current && reachable;
      if (wanted !== current) changes.push([channel, wanted]);
    }
    return changes;
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Every column of the loser but the derived ones, as the merge's audit keeps it. */
function snapshot(row: CustomersTable): Record<string, unknown> {
  const { search_text: _search, sort_name: _sort, ...rest } = row;
  return rest;
}
