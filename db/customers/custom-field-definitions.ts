import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import type { CustomFieldDefinitionsTable } from '../schema';
import { qb, type Sql } from '../sql';

function rowToDefinition(row: CustomFieldDefinitionsTable): CustomFieldDefinition {
  return {
    id: row.id,
    key: row.key,
    label: row.label,
    type: row.type,
    options: JSON.parse(row.options) as string[],
    required: row.required === 1,
    active: row.active === 1,
  };
}

/** Every definition, active or not, in the admin's order. */
export function listCustomFieldDefinitions(sql: Sql): CustomFieldDefinition[] {
  return sql
    .all(qb.selectFrom('custom_field_definitions').selectAll().orderBy('position').orderBy('created_at'))
    .map(rowToDefinition);
}

export function getCustomFieldDefinitionRow(sql: Sql, id: string): CustomFieldDefinitionsTable | undefined {
  return sql.first(qb.selectFrom('custom_field_definitions').selectAll().where('id', '=', id));
}
