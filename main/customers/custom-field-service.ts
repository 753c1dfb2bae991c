import {
  type CustomFieldDefinition,
  customFieldDefinitionErrors,
  type SaveCustomFieldInput,
} from '../../shared/customers/custom-fields';
import { AppError, validationError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { getCustomFieldDefinitionRow, listCustomFieldDefinitions } from '../../db/customers/custom-field-definitions';
import type { Sql } from '../../db/sql';
import type { Actor, WritePath } from '../../db/write-path';

/** The customer fields an admin defines (Settings), read by every form and by validation. */
export class CustomFieldService {
  /** Read on every customer write: cached, dropped after a committed change of a definition. */
  private cache: CustomFieldDefinition[] | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly writes: WritePath,
  ) {
    writes.onCommit((changes) => {
      if (changes.some((c) => c.table === 'custom_field_definitions')) this.cache = null;
    });
  }

  list(): CustomFieldDefinition[] {
    this.cache ??= listCustomFieldDefinitions(this.sql);
    return this.cache;
  }

  /**
   * Create or edit a definition. The key and the type are set once: values already stored were
   * checked against them. Options may be added, renamed or removed; stored values stay as they were.
   */
  save(actor: Actor, input: SaveCustomFieldInput): CustomFieldDefinition {
    const existing = input.id ? getCustomFieldDefinitionRow(this.sql, input.id) : undefined;
    if (input.id && !existing) throw new AppError('NOT_FOUND', 'This custom field does not exist.');
    const errors: Record<string, string> = { ...customFieldDefinitionErrors(input) };
    if (existing && existing.key !== input.key) errors.key = 'cannot_change';
    if (existing && existing.type !== input.type) errors.type = 'cannot_change';
    const all = this.list();
    if (!existing && all.some((d) => d.key === input.key)) errors.key = 'key_taken';
    if (all.some((d) => d.id !== input.id && d.label.toLowerCase() === input.label.toLowerCase())) errors.label = 'name_taken';
    if (Object.keys(errors).length > 0) throw validationError(errors);
    const id = existing?.id ?? newId();
    const values = {
      label: input.label,
      options: JSON.stringify(input.type === 'choice' ? input.options : []),
      required: input.required ? 1 : 0,
      active: input.active ? 1 : 0,
    };
    this.writes.write(actor, (tx) => {
      if (existing) tx.update('custom_field_definitions', id, values, { updated_at: tx.timestamp });
      else
        tx.insert('custom_field_definitions', {
          id,
          key: input.key,
          type: input.type,
          ...values,
          position: all.length,
          created_at: tx.timestamp,
          updated_at: tx.timestamp,
        });
    });
    return this.list().find((d) => d.id === id) as CustomFieldDefinition;
  }
}
