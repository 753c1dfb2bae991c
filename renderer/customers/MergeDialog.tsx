import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, displayName } from '../../shared/customers/customer';
import { type DuplicatePair, MERGE_FIELDS, type MergeField } from '../../shared/customers/duplicates';
import type { StoreSettings } from '../../shared/settings';
import { api, errorData } from '../api/client';
import { formatDate, formatPhoneForStore } from '../format';
import { useGroups } from './use-groups';
import { useLocales } from '../i18n/use-locales';

interface Props {
  pair: DuplicatePair;
  settings: StoreSettings;
  onClose(): void;
  onMerged(winner: Customer): void;
}

type Side = 'winner' | 'loser';
const empty = (v: unknown) => v === null || v === undefined || v === '';

/** Side by side: which record survives, and whose value of each field it keeps. */
export function MergeDialog({ pair, settings, onClose, onMerged }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const groups = useGroups();
  const [records, setRecords] = useState<[Customer, Customer] | null>(null);
  const [winnerIndex, setWinnerIndex] = useState<0 | 1>(0);
  const [pick, setPick] = useState<Partial<Record<MergeField, Side>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const locales = useLocales();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => element?.close?.();
  }, []);
  useEffect(() => {
    Promise.all([api.invoke('customers.get', { id: pair.a.id }), api.invoke('customers.get', { id: pair.b.id })])
      .then(setRecords)
      .catch((e: unknown) => setError(errorData(e).code));
  }, [pair]);

  const winner = records?.[winnerIndex];
  const loser = records?.[winnerIndex === 0 ? 1 : 0];
  const sideOf = (field: MergeField): Side => pick[field] ?? (winner && empty(winner[field]) ? 'loser' : 'winner');
  const shown = (field: MergeField, c: Customer): string => {
    const v = c[field];
    if (empty(v)) return t('fields.none');
    if (field === 'phone') return formatPhoneForStore(String(v), settings.country);
    if (field === 'dateOfBirth') return formatDate(String(v), locales.date);
    if (field === 'idDocType') return t(`idDocTypes.${String(v)}`);
    if (field === 'language') return t(`language.${String(v)}`);
    if (field === 'kind') return t(v === 'business' ? 'fields.kindBusiness' : 'fields.kindIndividual');
    if (field === 'businessType') return t(`businessTypes.${String(v)}`);
    if (field === 'paymentTerms') return t(`paymentTermsOptions.${String(v)}`);
    if (field === 'contactChannel') return t(`contactChannels.${String(v)}`);
    if (field === 'groupId') return groups.find((g) => g.id === v)?.name ?? String(v);
    return String(v);
  };

  const merge = async () => {
    if (!winner || !loser) return;
    setBusy(true);
    setError(null);
    try {
      const chosen = Object.fromEntries(MERGE_FIELDS.map((f) => [f, sideOf(f)]));
      onMerged(await api.invoke('customers.merge', { winnerId: winner.id, loserId: loser.id, pick: chosen }));
    } catch (e) {
      const data = errorData(e);
      setError(data.fields ? (Object.values(data.fields)[0] ?? data.code) : data.code);
      setBusy(false);
    }
  };

  const differing = winner && loser ? MERGE_FIELDS.filter((f) => !(empty(winner[f]) && empty(loser[f]))) : [];
  const tags = winner && loser ? [...new Set([...winner.tags, ...loser.tags])] : [];

  return (
    <dialog
      ref={dialog}
      className="dialog dialog-wide"
      aria-labelledby="merge-title"
      data-testid="merge-dialog"
      onCancel={onClose}
    >
      <h2 id="merge-title">{t('merge.title')}</h2>
      <p className="dialog-hint">{t('merge.hint')}</p>
      {winner && loser && records ? (
        <table className="merge-table">
          <thead>
            <tr>
              <th scope="col">{t('merge.field')}</th>
              {records.map((c, i) => (
                <th scope="col" key={c.id}>
                  <label className="merge-keep">
                    <input
                      type="radio"
                      name="merge-winner"
                      checked={winnerIndex === i}
                      onChange={() => {
                        setWinnerIndex(i as 0 | 1);
                        setPick({});
                      }}
                      data-testid={`merge-keep-${i}`}
                    />
                    {t('merge.keep', { name: displayName(c) })}
                  </label>
                  <div className="muted">{c.membershipCode}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {differing.map((field) => (
              <tr key={field} data-testid={`merge-row-${field}`}>
                <th scope="row">{t(`fields.${field}`)}</th>
                {records.map((c) => {
                  const side: Side = c.id === winner.id ? 'winner' : 'loser';
                  return (
                    <td key={c.id} className={sideOf(field) === side ? 'merge-chosen' : undefined}>
                      <label>
                        <input
                          type="radio"
                          name={`merge-${field}`}
                          checked={sideOf(field) === side}
                          onChange={() => setPick((p) => ({ ...p, [field]: side }))}
                          data-testid={`merge-${field}-${side}`}
                        />
                        {shown(field, c)}
                      </label>
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th scope="row">{t('fields.tags')}</th>
              <td colSpan={2}>{tags.length ? tags.join(', ') : t('fields.none')}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <div className="details-loading" aria-busy="true" />
      )}
      <p className="muted">{t('merge.after')}</p>
      {error ? (
        <p className="form-error" role="alert">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('details.cancel')}
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={!winner || busy}
          onClick={() => void merge()}
          data-testid="merge-confirm"
        >
          {busy ? t('merge.merging') : t('merge.confirm')}
        </button>
      </div>
    </dialog>
  );
}
