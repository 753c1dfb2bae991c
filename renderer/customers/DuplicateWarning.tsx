import { useTranslation } from 'react-i18next';
import { displayName } from '../../shared/customers/customer';
import type { LikelyDuplicate } from '../../shared/customers/duplicates';
import type { CountryCode } from '../../shared/phone';
import { formatPhoneForStore } from '../format';

interface Props {
  duplicates: LikelyDuplicate[];
  country: CountryCode;
  onOpen(id: string): void;
  onSaveAnyway(): void;
}

/** Before a likely duplicate is saved: who it looks like, why, and the two ways forward. */
export function DuplicateWarning({ duplicates, country, onOpen, onSaveAnyway }: Props) {
  const { t } = useTranslation();
  return (
    <div className="duplicate-warning" role="alert" data-testid="duplicate-warning">
      <p className="duplicate-title">{t('duplicates.title')}</p>
      <ul>
        {duplicates.map((d) => (
          <li key={d.id} className="duplicate-item">
            <div>
              <strong>{displayName(d)}</strong>
              {d.status !== 'active' ? (
                <span className={`chip chip-${d.status}`}>{t(`customers.status.${d.status}`)}</span>
              ) : null}
              <div className="muted">{[formatPhoneForStore(d.phone, country), d.email].filter(Boolean).join(' · ')}</div>
              <div>
                {d.reasons.map((reason) => (
                  <span key={reason} className="chip chip-reason">
                    {t(`duplicates.reason.${reason}`)}
                  </span>
                ))}
              </div>
            </div>
            <button type="button" className="button-secondary" onClick={() => onOpen(d.id)} data-testid="open-duplicate">
              {t('duplicates.open')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button-secondary" onClick={onSaveAnyway} data-testid="save-anyway">
        {t('duplicates.saveAnyway')}
      </button>
    </div>
  );
}
