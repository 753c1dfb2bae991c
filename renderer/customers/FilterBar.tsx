import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import { activeFilterCount, type CustomerFilterName, type CustomerFilters } from '../../shared/customers/filters';
import type { CustomerGroup } from '../../shared/customers/groups';
import type { FieldErrors } from '../../shared/errors';
import { conditionSentence } from './condition-text';
import { FILTER_PANEL_ID } from './FilterPanel';
import { useConditionContext } from './use-condition-context';

interface Props {
  filters: CustomerFilters;
  groups: CustomerGroup[];
  customFields: CustomFieldDefinition[];
  /** What main refused in the filters (a saved condition on a field removed since), by `conditions.<i>.<part>`. */
  errors?: FieldErrors | undefined;
  onChange(filters: CustomerFilters): void;
  /** Whether the filter panel (in the details pane) is open; the toggle opens and closes it. */
  open: boolean;
  onToggle(): void;
  toggleRef?: Ref<HTMLButtonElement>;
}

/**
 * Above the list: the button that opens the filter panel, what is on as chips you can remove, and Clear.
 * The panel itself (FilterPanel) takes the details pane, so the list keeps its height while it is open.
 */
export function FilterBar({ filters, groups, customFields, errors, onChange, open, onToggle, toggleRef }: Props) {
  const { t } = useTranslation();
  const context = useConditionContext(groups, customFields);
  const conditions = filters.conditions ?? [];
  const setConditions = (next: typeof conditions) => {
    const { conditions: _, ...rest } = filters;
    onChange(next.length > 0 ? { ...rest, conditions: next } : rest);
  };
  const conditionErrorOf = (i: number) =>
    errors?.[`conditions.${i}.field`] ?? errors?.[`conditions.${i}.op`] ?? errors?.[`conditions.${i}.value`];
  const set = <K extends CustomerFilterName>(name: K, value: CustomerFilters[K] | undefined) => {
    const next = { ...filters };
    if (value === undefined || value === '') delete next[name];
    else next[name] = value;
    onChange(next);
  };
  const chipLabel = (name: CustomerFilterName): string => {
    if (name === 'status') return t(`customers.status.${filters.status}`);
    if (name === 'groupId') return groups.find((g) => g.id === filters.groupId)?.name ?? t('fields.groupId');
    if (name === 'tag') return `#${filters.tag}`;
    return t(`filters.${name}`);
  };
  const active = (Object.keys(filters) as CustomerFilterName[]).filter((k) => k !== 'conditions' && filters[k] !== undefined);

  return (
    <div className="filter-bar">
      <div className="filter-chips" data-testid="filter-chips">
        <button
          ref={toggleRef}
          type="button"
          className={`button-secondary button-small filters-toggle${open ? ' is-open' : ''}`}
          aria-expanded={open}
          aria-controls={open ? FILTER_PANEL_ID : undefined}
          onClick={onToggle}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && open) onToggle();
          }}
          data-testid="filters-toggle"
        >
          {t('filters.title')}
          {activeFilterCount(filters) > 0 ? ` (${activeFilterCount(filters)})` : ''}
        </button>
        {active.map((name) => (
          <span key={name} className="chip chip-filter" data-testid={`filter-chip-${name}`}>
            {chipLabel(name)}
            <button
              type="button"
              className="chip-remove"
              aria-label={t('filters.remove', { filter: chipLabel(name) })}
              onClick={() => set(name, undefined)}
            >
              ×
            </button>
          </span>
        ))}
        {conditions.map((condition, i) => {
          const sentence = conditionSentence(t, condition, context);
          const error = conditionErrorOf(i);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same condition may be there twice; its place is its identity
            <span key={i} className={`chip chip-filter${error ? ' chip-error' : ''}`} data-testid="condition-chip">
              {sentence}
              {error ? (
                <span className="chip-problem" role="alert">
                  {' — '}
                  {t(`errors.${error}`, { defaultValue: t('errors.invalid') })}
                </span>
              ) : null}
              <button
                type="button"
                className="chip-remove"
                aria-label={t('filters.remove', { filter: sentence })}
                onClick={() => setConditions(conditions.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </span>
          );
        })}
        {active.length > 0 || conditions.length > 0 ? (
          <button type="button" className="link-button" onClick={() => onChange({})} data-testid="filters-clear">
            {t('filters.clear')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
