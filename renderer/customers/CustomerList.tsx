import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type CustomerSummary, displayName } from '../../shared/customers/customer';
import type { CountryCode } from '../../shared/phone';
import { formatPhoneForStore } from '../format';

interface Props {
  total: number;
  itemAt(index: number): CustomerSummary | undefined;
  ensureRange(from: number, to: number): void;
  activeIndex: number;
  selectedId: string | null;
  country: CountryCode;
  onPick(index: number): void;
}

/** Two lines of text and a 36 px avatar; 52 px keeps 8 rows in sight at 1280x800 beside the open filters (ADR 0016). */
const ROW_HEIGHT = 52;

/** Only the rows on screen exist in the DOM, so a million customers scroll like ten. */
export function CustomerList({ total, itemAt, ensureRange, activeIndex, selectedId, country, onPick }: Props) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total > 0) ensureRange(first, last);
  }, [first, last, total, ensureRange]);

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  return (
    <div
      className="customer-list"
      ref={scroller}
      role="listbox"
      aria-label={t('customers.listLabel')}
      data-testid="customer-list"
    >
      <div className="customer-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const customer = itemAt(row.index);
          const active = row.index === activeIndex;
          return (
            <div
              key={row.key}
              role="option"
              tabIndex={-1}
              aria-selected={customer ? customer.id === selectedId : false}
              className={`customer-row${active ? ' is-active' : ''}${customer && customer.id === selectedId ? ' is-selected' : ''}`}
              style={{ height: row.size, transform: `translateY(${row.start}px)` }}
              data-testid="customer-row"
              onClick={() => onPick(row.index)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') onPick(row.index);
              }}
            >
              {customer ? <CustomerRow customer={customer} country={country} /> : <span className="row-placeholder" />}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function CustomerRow({ customer, country }: { customer: CustomerSummary; country: CountryCode }) {
  const { t } = useTranslation();
  const name = displayName(customer);
  const initials = name
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();
  return (
    <>
      <span className={`avatar${customer.kind === 'business' ? ' avatar-business' : ''}`} aria-hidden="true">
        {initials || '?'}
      </span>
      <span className="row-main">
        <span className="row-name">
          <span className="row-name-text">{name}</span>
          {customer.kind === 'business' ? <span className="chip">{t('customers.business')}</span> : null}
          {customer.status !== 'active' ? (
            <span className={`chip chip-${customer.status}`}>{t(`customers.status.${customer.status}`)}</span>
          ) : null}
        </span>
        <span className="row-sub">
          {[formatPhoneForStore(customer.phone, country), customer.email].filter(Boolean).join(' · ')}
        </span>
      </span>
      <span className="row-code">{customer.idDocNumber ?? ''}</span>
    </>
  );
}
