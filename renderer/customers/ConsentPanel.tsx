import { useUserNames } from '../auth/use-user-names';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_SOURCES, type ConsentChannel, type ConsentEvent, type ConsentSource } from '../../shared/customers/consent';
import type { Customer } from '../../shared/customers/customer';
import type { StoreSettings } from '../../shared/settings';
import { api, errorData } from '../api/client';
import { formatDateTime } from '../format';
import { useLocales } from '../i18n/use-locales';

interface Props {
  customer: Customer;
  settings: StoreSettings;
  refreshKey: number;
  onChanged(customer: Customer): void;
}

type PersonSource = Exclude<ConsentSource, (typeof APP_SOURCES)[number]>;
const APP_SOURCES = ['system', 'merge', 'erasure'] as const;
const PERSON_SOURCES = CONSENT_SOURCES.filter((s): s is PersonSource => !(APP_SOURCES as readonly string[]).includes(s));

/** SMS and email marketing consent: off until the customer says yes, and every change is logged. */
export function ConsentPanel({ customer, settings, refreshKey, onChanged }: Props) {
  const { t } = useTranslation();
  const userName = useUserNames(refreshKey);
  const sourceId = useId();
  const [source, setSource] = useState<PersonSource>('in_store');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [log, setLog] = useState<ConsentEvent[]>([]);
  const locales = useLocales();

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey reloads after changes
  useEffect(() => {
    let live = true;
    api
      .invoke('customers.consentLog', { id: customer.id })
      .then((events) => {
        if (live) setLog(events);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [customer.id, refreshKey]);

  const toggle = async (channel: ConsentChannel, granted: boolean) => {
    setErrors({});
    try {
      onChanged(await api.invoke('customers.setConsent', { id: customer.id, channel, granted, source }));
    } catch (error) {
      const data = errorData(error);
      setErrors(data.fields ?? { [`${channel}Consent`]: data.code });
    }
  };

  const row = (channel: ConsentChannel) => {
    const field = `${channel}Consent` as const;
    const granted = channel === 'sms' ? customer.smsConsent : customer.emailConsent;
    return (
      <div className="consent-row">
        <span className="consent-label">{t(`fields.${field}`)}</span>
        <span className={`chip ${granted ? 'chip-active' : 'chip-inactive'}`} data-testid={`consent-${channel}`}>
          {t(granted ? 'consent.granted' : 'consent.notGranted')}
        </span>
        <button
          type="button"
          className="button-secondary"
          onClick={() => void toggle(channel, !granted)}
          data-testid={`toggle-consent-${channel}`}
        >
          {t(granted ? 'consent.withdraw' : 'consent.grant')}
        </button>
        {errors[field] ? (
          <p className="field-error" role="alert">
            {t(`errors.${errors[field]}`)}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <section className="consent" data-testid="consent-panel">
      <h3>{t('details.consent')}</h3>
      <div className="consent-source">
        <label htmlFor={sourceId}>{t('consent.source')}</label>
        <select
          id={sourceId}
          className="consent-source-select"
          value={source}
          onChange={(e) => setSource(e.target.value as typeof source)}
        >
          {PERSON_SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`consent.sources.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {row('sms')}
      {row('email')}
      {log.length > 0 ? (
        <ul className="consent-log" data-testid="consent-log">
          {log.map((e) => (
            <li key={e.id}>
              {formatDateTime(e.at, locales.date, settings.timeZone)} · {t(`fields.${e.channel}Consent`)}:{' '}
              <strong>{t(e.granted ? 'consent.granted' : 'consent.notGranted')}</strong> · {t(`consent.sources.${e.source}`)} ·{' '}
              {t('history.by', { user: userName(e.userId) })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
