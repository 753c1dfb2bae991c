import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_STATUSES } from '../../shared/customers/customer';
import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import type { CustomerFilterName, CustomerFilters } from '../../shared/customers/filters';
import type { CustomerGroup } from '../../shared/customers/groups';
import { ConditionBuilder } from './ConditionBuilder';
import { SegmentPicker } from './SegmentPicker';
import { useConditionContext } from './use-condition-context';

/** The panel's element id, for the toggle's aria-controls. */
export const FILTER_PANEL_ID = 'customer-filter-panel';

interface Props {
  filters: CustomerFilters;
  groups: CustomerGroup[];
  customFields: CustomFieldDefinition[];
  onChange(filters: CustomerFilters): void;
  /** Done, or Escape anywhere in the panel. */
  onClose(): void;
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

/**
 * Every filter in one place: saved segments, the predefined filters and the custom condition builder.
 * It takes the details pane while open (see ADR 0016), so the list beside it shows the rows change as you choose.
 */
export function FilterPanel({ filters, groups, customFields, onChange, onClose }: Props) {
  const { t } = useTranslation();
  const context = useConditionContext(groups, customFields);
  const conditions = filters.conditions ?? [];
  const ids = { heading: useId(), status: useId(), group: useId(), tag: useId() };
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening moves the focus to the panel's heading, so a screen reader says where it is and Tab walks its controls.
  useEffect(() => heading.current?.focus(), []);
  const set = <K extends CustomerFilterName>(name: K, value: CustomerFilters[K] | undefined) => {
    const next = { ...filters };
    if (value === undefined || value === '') delete next[name];
    else next[name] = value;
    onChange(next);
  };

  return (
    <section
      id={FILTER_PANEL_ID}
      className="filter-panel-pane"
      aria-labelledby={ids.heading}
      data-testid="filter-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header className="filter-panel-head">
        <div>
          <h2 id={ids.heading} ref={heading} tabIndex={-1}>
            {t('filters.title')}
          </h2>
          <p className="filter-panel-hint">{t('filters.liveHint')}</p>
        </div>
        <button type="button" className="button-primary button-small" onClick={onClose} data-testid="filters-done">
          {t('filters.done')}
        </button>
      </header>
      <div className="filter-panel">
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
        <ConditionBuilder
          context={context}
          onAdd={(condition) => onChange({ ...filters, conditions: [...conditions, condition] })}
        />
      </div>
    </section>
  );
}
