import { type CustomerFilters, customerFiltersSchema } from '../../shared/customers/filters';
import type { SegmentsTable } from '../schema';
import type { Sql } from '../sql';

export interface SegmentRow {
  id: string;
  name: string;
  filters: CustomerFilters;
}

export function listSegmentRows(sql: Sql): SegmentRow[] {
  return sql.raw<SegmentsTable>('SELECT * FROM segments ORDER BY name COLLATE NOCASE').map(toSegment);
}

export function getSegmentRow(sql: Sql, id: string): SegmentRow | undefined {
  const row = sql.raw<SegmentsTable>('SELECT * FROM segments WHERE id = ?', id)[0];
  return row ? toSegment(row) : undefined;
}

function toSegment(row: SegmentsTable): SegmentRow {
  // A segment saved by a newer version may hold filters we do not know: keep the ones we do.
  const parsed = customerFiltersSchema.safeParse(JSON.parse(row.filters));
  return { id: row.id, name: row.name, filters: parsed.success ? parsed.data : {} };
}
