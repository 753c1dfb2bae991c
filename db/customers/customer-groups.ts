import type { CustomerGroup } from '../../shared/customers/groups';
import { foldText } from '../../shared/text';
import type { CustomerGroupsTable } from '../schema';
import type { Sql } from '../sql';

export function listGroups(sql: Sql): CustomerGroup[] {
  return sql
    .raw<CustomerGroupsTable & { members: number }>(
      `SELECT g.*, (SELECT count(*) FROM customers c WHERE c.group_id = g.id AND c.merged_into IS NULL) AS members
       FROM customer_groups g ORDER BY g.name COLLATE NOCASE`,
    )
    .map((g) => ({
      id: g.id,
      name: g.name,
      description: g.description,
      requiresApproval: g.requires_approval === 1,
      discountPercent: g.discount_bp === null ? null : g.discount_bp / 100,
      members: g.members,
    }));
}

export function getGroupRow(sql: Sql, id: string): CustomerGroupsTable | undefined {
  return sql.raw<CustomerGroupsTable>('SELECT * FROM customer_groups WHERE id = ?', id)[0];
}

/** Every tag in use with how many customers carry it, most used first. */
export function tagCounts(sql: Sql): Map<string, number> {
  const rows = sql.raw<{ tag: string; n: number }>(
    `SELECT j.value AS tag, count(*) AS n FROM customers c, json_each(c.tags) j
     WHERE c.merged_into IS NULL GROUP BY j.value ORDER BY n DESC, j.value`,
  );
  return new Map(rows.map((r) => [r.tag, r.n]));
}

/** Tags starting with what was typed (accents and case ignored), most used first. */
export function suggestTags(counts: Map<string, number>, prefix: string, limit = 20): string[] {
  const folded = foldText(prefix.trim());
  const out: string[] = [];
  for (const tag of counts.keys()) {
    if (foldText(tag).startsWith(folded)) out.push(tag);
    if (out.length >= limit) break;
  }
  return out;
}
