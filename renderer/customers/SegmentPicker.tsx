import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { activeFilterCount, type CustomerFilters, sameFilters } from '../../shared/customers/filters';
import type { Segment } from '../../shared/customers/segments';
import { api, errorData } from '../api/client';

interface Props {
  filters: CustomerFilters;
  onApply(filters: CustomerFilters): void;
}

/** Saved filter sets: apply one, save the current filters under a name, or delete one. */
export function SegmentPicker({ filters, onApply }: Props) {
  const { t } = useTranslation();
  const selectId = useId();
  const [segments, setSegments] = useState<Segment[]>([]);
  // The segment the list's filters are: it follows them (a chip removed, the panel reopened).
  const selected = (activeFilterCount(filters) > 0 && segments.find((s) => sameFilters(s.filters, filters))?.id) || '';
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .invoke('segments.list', {})
      .then(setSegments)
      .catch(() => {});
  }, []);
  useEffect(load, [load]);

  const save = async () => {
    setError(null);
    try {
      const saved = await api.invoke('segments.save', { name, filters });
      setNaming(false);
      setName('');
      // The list now shows it selected: its filters are the list's.
      setSegments((list) => [...list.filter((s) => s.id !== saved.id), saved]);
      load();
    } catch (e) {
      const data = errorData(e);
      setError(Object.values(data.fields ?? {})[0] ?? data.code);
    }
  };

  const remove = async () => {
    if (!selected) return;
    await api.invoke('segments.delete', { id: selected }).catch(() => {});
    load();
  };

  return (
    <div className="segment-picker">
      <label htmlFor={selectId}>{t('segments.title')}</label>
      <select
        id={selectId}
        className="filter-control"
        value={selected}
        data-testid="segment-select"
        onChange={(e) => {
          // "No saved segment" takes the segment's filters off; a segment puts its own on.
          onApply(segments.find((s) => s.id === e.target.value)?.filters ?? {});
        }}
      >
        <option value="">{t('segments.none')}</option>
        {segments.map((s) => (
          <option key={s.id} value={s.id}>
            {t('segments.option', { name: s.name, count: s.members })}
          </option>
        ))}
      </select>
      {selected ? (
        <button type="button" className="link-button" onClick={() => void remove()} data-testid="segment-delete">
          {t('segments.delete')}
        </button>
      ) : null}
      {activeFilterCount(filters) > 0 && !naming ? (
        <button type="button" className="link-button" onClick={() => setNaming(true)} data-testid="segment-save-start">
          {t('segments.saveAs')}
        </button>
      ) : null}
      {naming ? (
        <span className="segment-name">
          <input
            aria-label={t('segments.name')}
            placeholder={t('segments.name')}
            value={name}
            aria-invalid={Boolean(error)}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void save();
            }}
            className="filter-control"
            data-testid="segment-name"
          />
          <button type="button" className="button-primary button-small" onClick={() => void save()} data-testid="segment-save">
            {t('segments.save')}
          </button>
          {error ? (
            <span className="field-error" role="alert">
              {t(`errors.${error}`)}
            </span>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
