import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../shared/customers/customer';
import { CUSTOMER_SORTS, type CustomerFilters, type CustomerSort } from '../../shared/customers/filters';
import { api } from '../api/client';
import { CustomerDetails } from '../customers/CustomerDetails';
import { CsvExportButton } from '../customers/CsvExportButton';
import { CustomerList } from '../customers/CustomerList';
import { CustomerWizard } from '../customers/CustomerWizard';
import { FilterBar } from '../customers/FilterBar';
import { FilterPanel } from '../customers/FilterPanel';
import { ImportDialog } from '../customers/ImportDialog';
import { useCustomFields } from '../customers/use-custom-fields';
import { useGroups } from '../customers/use-groups';
import { QuickAddDialog } from '../customers/QuickAddDialog';
import { useCustomerSearch } from '../customers/use-customer-search';
import { Icon } from '../shell/Icon';
import { useAppStore, useCan } from '../stores/app-store';
import type { Message } from '../i18n/message';

/** Rows a PageDown / PageUp moves through the list. */
const PAGE_STEP = 10;
/** The list re-reads itself after changes at most this often. */
const LIST_REFRESH_MS = 1000;

/** Find anyone as you type, open them, fix what's wrong, add who's new. */
export function CustomersScreen() {
  const { t } = useTranslation();
  const settings = useAppStore((s) => s.info?.settings);
  // Quick-add (customers.create) is the cashier's too; the full wizard needs customers.manage.
  const mayCreate = useCan('customers.create');
  const mayManage = useCan('customers.manage');
  const [query, setQuery] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  /** The full wizard for a new customer, in the details pane. */
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<Message | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [filters, setFilters] = useState<CustomerFilters>({});
  const [sort, setSort] = useState<CustomerSort>('name');
  /** The filter panel takes the details pane while open; what the pane held waits, mounted, behind it. */
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersToggle = useRef<HTMLButtonElement>(null);
  const groups = useGroups();
  const customFields = useCustomFields();
  const search = useCustomerSearch(query, includeInactive, filters, refresh, sort);

  useEffect(() => {
    // An import commits many times a second: the list follows at most once a second, and after the last change.
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refreshNow = () => {
      last = Date.now();
      timer = undefined;
      setRefresh((n) => n + 1);
    };
    const off = api.subscribe('customers.changed', () => {
      const wait = last + LIST_REFRESH_MS - Date.now();
      if (wait <= 0) refreshNow();
      else timer ??= setTimeout(refreshNow, wait);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(timer);
  }, [notice]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at the top
  useEffect(() => setActiveIndex(query ? 0 : -1), [query, includeInactive, filters, sort]);

  if (!settings) return null;

  /** Done, Escape or the toggle: the focus goes back to the toggle, where the manager opened the panel. */
  const closeFilters = () => {
    setFiltersOpen(false);
    filtersToggle.current?.focus();
  };
  /** Opening a customer or the wizard shows it at once: the panel gives the pane back, its filters stay on as chips. */
  const showInDetails = () => setFiltersOpen(false);

  const pick = (index: number) => {
    const customer = search.itemAt(index);
    if (!customer) return;
    showInDetails();
    setCreating(false);
    setActiveIndex(index);
    setSelectedId(customer.id);
  };

  const onSearchKey = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActiveIndex((i) => Math.min(search.total - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActiveIndex((i) => Math.max(0, i - 1));
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      event.preventDefault();
      const step = event.key === 'PageDown' ? PAGE_STEP : -PAGE_STEP;
      setActiveIndex((i) => Math.max(0, Math.min(search.total - 1, i + step)));
    } else if (event.key === 'Enter') {
      pick(Math.max(0, activeIndex));
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  };

  return (
    <section className="customers-screen" data-testid="screen-customers">
      <div className="customers-pane">
        <div className="toolbar">
          <h1>{t('customers.title')}</h1>
          {mayCreate ? (
            <button type="button" className="button-primary" onClick={() => setAdding(true)} data-testid="new-customer">
              + {t('customers.new')}
            </button>
          ) : null}
          {mayManage ? (
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                showInDetails();
                setCreating(true);
                setSelectedId(null);
              }}
              data-testid="new-customer-full"
            >
              + {t('wizard.full')}
            </button>
          ) : null}
        </div>
        <div className="search-box">
          <span className="search-icon">
            <Icon name="search" size={18} />
          </span>
          <input
            type="search"
            aria-label={t('customers.searchLabel')}
            placeholder={t('customers.searchPlaceholder')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onSearchKey}
            data-testid="customer-search"
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <FilterBar
          filters={filters}
          groups={groups}
          customFields={customFields}
          errors={search.error?.fields}
          onChange={setFilters}
          open={filtersOpen}
          onToggle={() => (filtersOpen ? closeFilters() : setFiltersOpen(true))}
          toggleRef={filtersToggle}
        />
        <div className="list-meta">
          <span data-testid="customer-count" aria-live="polite">
            {search.loading && search.total === 0
              ? ''
              : t(search.capped ? 'customers.countCapped' : 'customers.count', { count: search.total })}
          </span>
          <label className="list-sort">
            <span>{t('customers.sortLabel')}</span>
            <select
              value={query.trim() ? 'relevance' : sort}
              disabled={query.trim() !== ''}
              title={query.trim() ? t('customers.sortWhileSearching') : undefined}
              onChange={(e) => setSort(e.target.value as CustomerSort)}
              data-testid="customer-sort"
            >
              {query.trim() ? <option value="relevance">{t('customers.sort.relevance')}</option> : null}
              {CUSTOMER_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`customers.sort.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} />
            {t('customers.includeInactive')}
          </label>
        </div>
        {mayManage ? (
          <div className="csv-bar">
            <CsvExportButton query={query} filters={filters} includeInactive={includeInactive} />
            <button
              type="button"
              className="button-secondary button-small"
              onClick={() => setImporting(true)}
              data-testid="csv-import-open"
            >
              {t('csvImport.button')}
            </button>
          </div>
        ) : null}
        {notice ? (
          <p className="notice" role="status" data-testid="notice">
            {t(notice.key, notice.values)}
          </p>
        ) : null}
        {!search.loading && search.total === 0 ? (
          <p className="empty" data-testid="no-results">
            {query ? t('customers.noResults', { query }) : t('customers.empty')}
          </p>
        ) : (
          <CustomerList
            total={search.total}
            itemAt={search.itemAt}
            ensureRange={search.ensureRange}
            activeIndex={activeIndex}
            selectedId={selectedId}
            country={settings.country}
            onPick={pick}
          />
        )}
      </div>
      <div className="details-pane">
        {filtersOpen ? (
          <FilterPanel
            filters={filters}
            groups={groups}
            customFields={customFields}
            onChange={setFilters}
            onClose={closeFilters}
          />
        ) : null}
        <div className="details-view" hidden={filtersOpen}>
          {creating ? (
            <article className="details" data-testid="new-customer-wizard">
              <h2>{t('wizard.newTitle')}</h2>
              <CustomerWizard
                customer={null}
                country={settings.country}
                onCancel={() => setCreating(false)}
                onOpenExisting={(id) => {
                  setCreating(false);
                  setSelectedId(id);
                }}
                onSaved={(customer) => {
                  setCreating(false);
                  setSelectedId(customer.id);
                  setNotice({ key: 'quickAdd.added', values: { name: displayName(customer) } });
                }}
              />
            </article>
          ) : selectedId ? (
            <CustomerDetails
              id={selectedId}
              settings={settings}
              refreshKey={refresh}
              onOpenCustomer={setSelectedId}
              onDeleted={() => setSelectedId(null)}
            />
          ) : (
            <p className="details-hint">{t('customers.selectHint')}</p>
          )}
        </div>
      </div>
      {importing ? <ImportDialog onClose={() => setImporting(false)} /> : null}
      {adding ? (
        <QuickAddDialog
          country={settings.country}
          onClose={() => setAdding(false)}
          onOpenExisting={(id) => {
            setAdding(false);
            showInDetails();
            setSelectedId(id);
          }}
          onAdded={(customer) => {
            setAdding(false);
            showInDetails();
            setSelectedId(customer.id);
            setNotice({ key: 'quickAdd.added', values: { name: displayName(customer) } });
          }}
        />
      ) : null}
    </section>
  );
}
