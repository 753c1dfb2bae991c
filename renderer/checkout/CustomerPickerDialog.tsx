import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../shared/customers/customer';
import type { CustomerFilters } from '../../shared/customers/filters';
import type { CountryCode } from '../../shared/phone';
import { useCustomerSearch } from '../customers/use-customer-search';
import { formatPhoneForStore } from '../format';
import { Icon } from '../shell/Icon';

const NO_FILTERS: CustomerFilters = {};
const SHOWN = 12;

interface Props {
  country: CountryCode;
  onChoose(id: string): void;
  /** Offer "New customer" (the cart does; assigning a past sale to someone does not). */
  onQuickAdd?: () => void;
  onClose(): void;
}

/** The Customers screen's search, in a dialog over the cart: type, arrows, Enter (or tap) attaches. */
export function CustomerPickerDialog({ country, onChoose, onQuickAdd, onClose }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [active, setActive] = useState(0);
  const search = useCustomerSearch(query, includeInactive, NO_FILTERS, 0);
  const shown = Math.min(SHOWN, search.total);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => element?.close?.();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at the top
  useEffect(() => setActive(0), [query, includeInactive]);

  const choose = (index: number) => {
    const customer = search.itemAt(index);
    if (customer) onChoose(customer.id);
  };
  const onKey = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(shown - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(active);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog picker-dialog"
      aria-labelledby="picker-title"
      data-testid="customer-picker"
      onCancel={onClose}
    >
      <div className="picker-head">
        <h2 id="picker-title">{t('checkout.findCustomer')}</h2>
        {onQuickAdd ? (
          <button type="button" className="button-secondary" onClick={onQuickAdd} data-testid="picker-quick-add">
            + {t('checkout.newCustomer')}
          </button>
        ) : null}
      </div>
      <div className="search-box">
        <span className="search-icon">
          <Icon name="search" size={18} />
        </span>
        <input
          type="search"
          autoFocus
          aria-label={t('customers.searchLabel')}
          placeholder={t('customers.searchPlaceholder')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKey}
          data-testid="picker-search"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="list-meta">
        <span data-testid="picker-count" aria-live="polite">
          {search.loading && search.total === 0
            ? ''
            : t(search.capped ? 'customers.countCapped' : 'customers.count', { count: search.total })}
        </span>
        <label className="checkbox">
          <input type="checkbox" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} />
          {t('customers.includeInactive')}
        </label>
      </div>
      <ul className="picker-list" aria-label={t('customers.listLabel')}>
        {Array.from({ length: shown }, (_, i) => {
          const customer = search.itemAt(i);
          if (!customer) return null;
          return (
            <li key={customer.id}>
              <button
                type="button"
                className={`picker-row${i === active ? ' is-active' : ''}`}
                onClick={() => choose(i)}
                data-testid="picker-row"
              >
                <span className="row-name">
                  {displayName(customer)}
                  {customer.status !== 'active' ? (
                    <span className={`chip chip-${customer.status}`}>{t(`customers.status.${customer.status}`)}</span>
                  ) : null}
                </span>
                <span className="row-sub">
                  {[formatPhoneForStore(customer.phone, country), customer.email].filter(Boolean).join(' · ')}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {!search.loading && search.total === 0 && query ? <p className="empty">{t('customers.noResults', { query })}</p> : null}
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('quickAdd.cancel')}
        </button>
      </div>
    </dialog>
  );
}
