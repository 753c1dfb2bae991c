import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_STATUSES } from '../../shared/customers/customer';
import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import { activeFilterCount, type CustomerFilterName, type CustomerFilters } from '../../shared/customers/filters';
import type { CustomerGroup } from '../../shared/customers/groups';
import type { FieldErrors } from '../../shared/errors';
import { useAppStore } from '../stores/app-store';
import { ConditionBuilder } from './ConditionBuilder';
import { useUsers } from '../auth/use-user-names';
import { type ConditionContext, conditionSentence } from './condition-text';
import { SegmentPicker } from './SegmentPicker';

interface Props {
  filters: CustomerFilters;
  groups: CustomerGroup[];
  customFields: CustomFieldDefinition[];
  /** What main refused in the filters (a saved condition on a field removed since), by `conditions.<i>.<part>`. */
  errors?: FieldErrors | undefined;
  onChange(filters: CustomerFilters): void;
}

const TOGGLES = [
  'hasPhone',
  'hasEmail',
  'smsConsent',
  'emailConsent',
  'birthdayThisMonth',
  'newThisMonth',
  'noPurchase90Days',
  'topSpenders',
] as const;

/** Predefined filters behind one button; what is on shows as chips you can remove, or clear at once. */
export function FilterBar({ filters, groups, customFields, errors, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const settings = useAppStore((s) => s.info?.settings);
  const users = useUsers();
  const context: ConditionContext = {
    groups,
    users,
    customFields,
    locale: `${i18n.language}-${settings?.country ?? 'PA'}`,
    currency: settings?.currency ?? 'USD',
  };
  const conditions = filters.conditions ?? [];
  const setConditions = (next: typeof conditions) => {
    const { conditions: _, ...rest } = filters;
    onChange(next.length > 0 ? { ...rest, conditions: next } : rest);
  };
  const conditionErrorOf = (i: number) =>
    errors?.[`conditions.${i}.field`] ?? errors?.[`conditions.${i}.op`] ?? errors?.[`conditions.${i}.value`];
  const [open, setOpen] = useState(false);
  const ids = { status: useId(), group: useId(), tag: useId() };
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
          type="button"
          className="button-secondary button-small"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
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
      {open ? (
        <div className="filter-panel" data-testid="filter-panel">
          <SegmentPicker filters={filters} onApply={onChange} />
          {TOGGLES.map((name) => (
            <label key={name} className="checkbox">
              <input
                type="checkbox"
                checked={filters[name] === true}
                onChange={(e) => set(name, e.target.checked ? true : undefined)}
                data-testid={`filter-${name}`}
              />
              {t(`filters.${name}`)}
            </label>
          ))}
          <label htmlFor={ids.status}>{t('fields.status')}</label>
          <select
            id={ids.status}
            className="filter-control"
            value={filters.status ?? ''}
            onChange={(e) => set('status', (e.target.value || undefined) as CustomerFilters['status'])}
            data-testid="filter-status"
          >
            <option value="">{t('filters.anyStatus')}</option>
            {CUSTOMER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`customers.status.${s}`)}
              </option>
            ))}
          </select>
          <label htmlFor={ids.group}>{t('fields.groupId')}</label>
          <select
            id={ids.group}
            className="filter-control"
            value={filters.groupId ?? ''}
            onChange={(e) => set('groupId', e.target.value || undefined)}
            data-testid="filter-group"
          >
            <option value="">{t('filters.anyGroup')}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
          <label htmlFor={ids.tag}>{t('fields.tags')}</label>
          <input
            key={filters.tag ?? ''}
            id={ids.tag}
            className="filter-control"
            defaultValue={filters.tag ?? ''}
            onKeyDown={(e) => {
              if (e.key === 'Enter') set('tag', e.currentTarget.value.trim() || undefined);
            }}
            onBlur={(e) => set('tag', e.currentTarget.value.trim() || undefined)}
            data-testid="filter-tag"
          />
          <ConditionBuilder context={context} onAdd={(condition) => setConditions([...conditions, condition])} />
        </div>
      ) : null}
    </div>
  );
}
