import { useUserNames } from '../auth/use-user-names';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerHistory as History } from '../../shared/contract';
import type { StoreSettings } from '../../shared/settings';
import { api } from '../api/client';
import { countryName, formatDate, formatDateTime, formatPhoneForStore } from '../format';
import { useCustomFields } from './use-custom-fields';
import { useGroups } from './use-groups';
import { useLocales } from '../i18n/use-locales';

/** Audit fields a person does not need to read about. */
const HIDDEN = new Set([
  'phoneRaw',
  'searchText',
  'sortName',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'customerId',
  'position',
]);
const camel = (field: string) =>
  field.startsWith('customFields.') ? field : field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

interface Props {
  id: string;
  settings: StoreSettings;
  refreshKey: number;
}

/** Who changed what, when: old -> new, field by field, from the audit table. */
export function CustomerHistory({ id, settings, refreshKey }: Props) {
  const { t } = useTranslation();
  const userName = useUserNames(refreshKey);
  const [history, setHistory] = useState<History | null>(null);
  const locales = useLocales();
  const groups = useGroups();
  const customFields = useCustomFields(refreshKey);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey reloads after changes
  useEffect(() => {
    let live = true;
    api
      .invoke('customers.history', { id })
      .then((h) => {
        if (live) setHistory(h);
      })
      .catch(() => {
        if (live) setHistory([]);
      });
    return () => {
      live = false;
    };
  }, [id, refreshKey]);

  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('history.empty');
    if (field === 'status') return t(`customers.status.${String(v)}`);
    if (field === 'smsConsent' || field === 'emailConsent') return t(v === 1 || v === true ? 'details.yes' : 'details.no');
    if (field === 'phone') return formatPhoneForStore(String(v), settings.country);
    if (field === 'dateOfBirth') return formatDate(String(v), locales.date);
    if (field === 'country') return countryName(String(v), locales.date);
    if (typeof v === 'boolean') return t(v ? 'details.yes' : 'details.no');
    if (customFields.some((d) => `customFields.${d.key}` === field && d.type === 'date'))
      return formatDate(String(v), locales.date);
    if (field === 'idDocType') return t(`idDocTypes.${String(v)}`);
    if (field === 'language') return t(`language.${String(v)}`);
    if (field === 'kind') return t(v === 'business' ? 'fields.kindBusiness' : 'fields.kindIndividual');
    if (field === 'addressKind') return t(`addressKinds.${String(v)}`);
    if (field === 'businessType') return t(`businessTypes.${String(v)}`);
    if (field === 'paymentTerms') return t(`paymentTermsOptions.${String(v)}`);
    if (field === 'contactChannel') return t(`contactChannels.${String(v)}`);
    if (field === 'doNotContact' || field === 'isDefault') return t(v === 1 || v === true ? 'details.yes' : 'details.no');
    if (field === 'groupId') return groups.find((g) => g.id === v)?.name ?? String(v);
    if (field === 'mergedFrom') {
      const record = (v as { record?: Record<string, string | null> | string }).record;
      if (!record || typeof record === 'string') return t('history.anotherCustomer');
      return [record.first_name, record.last_name].filter(Boolean).join(' ') || record.company || t('history.anotherCustomer');
    }
    if (field === 'mergedInto') return t('history.anotherCustomer');
    if (field === 'tags') return (JSON.parse(String(v)) as string[]).join(', ') || t('history.empty');
    return typeof v === 'string' ? v : JSON.stringify(v);
  };

  const label = (subject: History[number]['subject'], field: string) => {
    if (field.startsWith('customFields.')) {
      const key = field.slice('customFields.'.length);
      return customFields.find((d) => d.key === key)?.label ?? key;
    }
    return subject === 'customer'
      ? t(`fields.${field}`, { defaultValue: field })
      : t(`${subject}Fields.${field}`, { defaultValue: field });
  };

  if (!history) return null;
  return (
    <section className="history" data-testid="customer-history">
      <h3>{t('history.title')}</h3>
      {history.length === 0 ? <p className="muted">{t('history.none')}</p> : null}
      <ol>
        {history.map((entry) => (
          <li key={entry.id} data-testid="history-entry">
            <p className="history-head">
              <strong>
                {entry.subject !== 'customer'
                  ? t(`history.${entry.subject}${entry.action[0]?.toUpperCase()}${entry.action.slice(1)}`)
                  : entry.action === 'create'
                    ? t('history.created')
                    : t('history.updated')}
              </strong>
              <span className="muted">
                {' · '}
                {formatDateTime(entry.at, locales.date, settings.timeZone)} · {t('history.by', { user: userName(entry.userId) })}
              </span>
            </p>
            {entry.action === 'update' || (entry.subject !== 'customer' && entry.action === 'create') ? (
              <ul>
                {entry.changes
                  .map((c) => ({
                    ...c,
                    field: camel(c.field),
                    shown: entry.subject === 'address' && c.field === 'kind' ? 'addressKind' : camel(c.field),
                  }))
                  .filter((c) => !HIDDEN.has(c.field))
                  .map((c) => (
                    <li key={c.field}>
                      <span className="history-field">{label(entry.subject, c.field)}</span>{' '}
                      {entry.action === 'create' ? null : (
                        <>
                          <del>{value(c.shown, c.old)}</del> →{' '}
                        </>
                      )}
                      <ins>{value(c.shown, c.new)}</ins>
                    </li>
                  ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
