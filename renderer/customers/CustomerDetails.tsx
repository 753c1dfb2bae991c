import { useCan } from '../stores/app-store';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, displayName } from '../../shared/customers/customer';
import type { ErrorData } from '../../shared/errors';
import type { StoreSettings } from '../../shared/settings';
import { api, errorData } from '../api/client';
import { countryName, formatDate, formatDateTime, formatPhoneForStore } from '../format';
import { ConsentPanel } from './ConsentPanel';
import { CustomerWizard } from './CustomerWizard';
import { useCustomFields } from './use-custom-fields';
import { useUserNames } from '../auth/use-user-names';
import { CustomerHistory } from './CustomerHistory';
import { CustomerPurchases } from './CustomerPurchases';
import { MembershipBarcode, PrintableCard } from './MembershipCard';
import { useLocales } from '../i18n/use-locales';
import type { Message } from '../i18n/message';

interface Props {
  id: string;
  settings: StoreSettings;
  /** Bumped when main says this customer changed elsewhere. */
  refreshKey: number;
  onOpenCustomer(id: string): void;
  /** The customer was deleted (the screen closes the details). */
  onDeleted?(): void;
}

export function CustomerDetails({ id, settings, refreshKey, onOpenCustomer, onDeleted }: Props) {
  const { t } = useTranslation();
  const mayEdit = useCan('customers.edit');
  const mayManage = useCan('customers.manage');
  const mayDelete = useCan('customers.delete');
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<Message | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState<'confirm' | 'has_purchases' | null>(null);
  const [reloads, setReloads] = useState(0);
  const [erasing, setErasing] = useState(false);
  const locales = useLocales();
  const customFields = useCustomFields(refreshKey);
  const userName = useUserNames(refreshKey);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey reloads after outside changes
  useEffect(() => {
    let live = true;
    api
      .invoke('customers.get', { id })
      .then((c) => {
        if (!live) return;
        setCustomer(c);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(errorData(e));
      });
    return () => {
      live = false;
    };
  }, [id, refreshKey, reloads]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: opening another customer leaves edit mode
  useEffect(() => {
    setEditing(false);
    setNotice(null);
    setConfirming(false);
    setDeleting(null);
    setErasing(false);
  }, [id]);

  if (error) return <p className="details-error">{t(`errors.${error.code}`)}</p>;
  if (!customer || customer.id !== id) return <div className="details-loading" aria-busy="true" />;

  const name = displayName(customer);
  const downloadExport = async () => {
    try {
      const data = await api.invoke('customers.exportData', { id });
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `clientela-${customer.membershipCode}-${data.exportedAt.slice(0, 10)}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setNotice({ key: `errors.${errorData(e).code}` });
    }
  };
  const setStatus = (action: 'deactivate' | 'reactivate' | 'approve') => {
    setConfirming(false);
    api
      .invoke(`customers.${action}`, { id })
      .then((updated) => {
        setCustomer(updated);
        setNotice({ key: `details.${action}d` });
      })
      .catch((e: unknown) => setError(errorData(e)));
  };
  const deleteCustomer = () => {
    api
      .invoke('customers.delete', { id })
      .then(() => {
        setDeleting(null);
        onDeleted?.();
      })
      .catch((e: unknown) => {
        const data = errorData(e);
        if (data.code === 'HAS_PURCHASES') setDeleting('has_purchases');
        else {
          setDeleting(null);
          setNotice({ key: `errors.${data.code}` });
        }
      });
  };
  const anonymise = () => {
    setErasing(false);
    api
      .invoke('customers.anonymise', { id })
      .then((updated) => {
        setCustomer(updated);
        setNotice({ key: 'details.anonymised' });
      })
      .catch((e: unknown) => setError(errorData(e)));
  };
  const row = (label: string, value: ReactNode, testId?: string) =>
    value ? (
      <div className="detail-row" key={label}>
        <dt>{label}</dt>
        <dd data-testid={testId}>{value}</dd>
      </div>
    ) : null;
  const section = (title: string, rows: ReactNode[]) =>
    rows.some(Boolean) ? (
      <section>
        <h3>{title}</h3>
        <dl>{rows}</dl>
      </section>
    ) : null;

  return (
    <article className="details" data-testid="customer-details" aria-labelledby="details-name">
      <header className="details-header">
        <div>
          <h2 id="details-name" data-testid="details-name">
            {name}
          </h2>
          <p className="details-meta">
            {customer.kind === 'business' ? <span className="chip">{t('customers.business')}</span> : null}
            <span className={`chip chip-${customer.status}`}>{t(`customers.status.${customer.status}`)}</span>
            {customer.groupName ? <span className="chip chip-group">{customer.groupName}</span> : null}
          </p>
        </div>
        {!editing && !customer.mergedInto ? (
          <div className="header-actions">
            {mayManage && customer.status === 'pending_approval' ? (
              <button
                type="button"
                className="button-primary"
                onClick={() => setStatus('approve')}
                data-testid="approve-customer"
              >
                {t('details.approve')}
              </button>
            ) : null}
            {!mayManage ? null : customer.status === 'inactive' ? (
              <button
                type="button"
                className="button-secondary"
                onClick={() => setStatus('reactivate')}
                data-testid="reactivate-customer"
              >
                {t('details.reactivate')}
              </button>
            ) : (
              <button
                type="button"
                className="button-secondary"
                onClick={() => setConfirming(true)}
                data-testid="deactivate-customer"
              >
                {t('details.deactivate')}
              </button>
            )}
            {mayEdit ? (
              <button
                type="button"
                className="button-secondary"
                onClick={() => {
                  setEditing(true);
                  setNotice(null);
                }}
                data-testid="edit-customer"
              >
                {t('details.edit')}
              </button>
            ) : null}
            {mayDelete ? (
              <button
                type="button"
                className="button-secondary"
                onClick={() => setDeleting('confirm')}
                data-testid="delete-customer"
              >
                {t('deleteCustomer.button')}
              </button>
            ) : null}
          </div>
        ) : null}
      </header>
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-label={t('details.deactivate')}>
          <p>{t('details.confirmDeactivate', { name })}</p>
          <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
            {t('details.cancel')}
          </button>
          <button
            type="button"
            className="button-danger"
            onClick={() => setStatus('deactivate')}
            data-testid="confirm-deactivate"
          >
            {t('details.confirmYes')}
          </button>
        </div>
      ) : null}
      {deleting ? (
        <div className="confirm" role="alertdialog" aria-label={t('deleteCustomer.button')} data-testid="delete-confirm">
          <p>{t(deleting === 'confirm' ? 'deleteCustomer.confirm' : 'deleteCustomer.hasPurchases', { name })}</p>
          <button type="button" className="button-secondary" onClick={() => setDeleting(null)}>
            {t('details.cancel')}
          </button>
          {deleting === 'confirm' ? (
            <button type="button" className="button-danger" onClick={deleteCustomer} data-testid="confirm-delete">
              {t('deleteCustomer.yes')}
            </button>
          ) : customer.status !== 'inactive' ? (
            <button
              type="button"
              className="button-danger"
              onClick={() => {
                setDeleting(null);
                setStatus('deactivate');
              }}
              data-testid="deactivate-instead"
            >
              {t('deleteCustomer.deactivateInstead')}
            </button>
          ) : null}
        </div>
      ) : null}
      {erasing ? (
        <div className="confirm" role="alertdialog" aria-label={t('details.anonymise')}>
          <p>{t('details.confirmAnonymise', { name })}</p>
          <button type="button" className="button-secondary" onClick={() => setErasing(false)}>
            {t('details.cancel')}
          </button>
          <button type="button" className="button-danger" onClick={anonymise} data-testid="confirm-anonymise">
            {t('details.confirmAnonymiseYes')}
          </button>
        </div>
      ) : null}
      {customer.mergedInto ? (
        <div className="confirm" role="status" data-testid="merged-banner">
          <p>{t('details.mergedInto')}</p>
          <button
            type="button"
            className="button-secondary"
            onClick={() => onOpenCustomer(customer.mergedInto as string)}
            data-testid="open-merged"
          >
            {t('details.openMerged')}
          </button>
        </div>
      ) : null}
      {notice ? (
        <p className="notice" role="status" data-testid="saved-notice">
          {t(notice.key, notice.values)}
        </p>
      ) : null}
      {editing ? (
        <CustomerWizard
          customer={customer}
          country={settings.country}
          onOpenExisting={onOpenCustomer}
          onCancel={() => setEditing(false)}
          onSaved={(updated) => {
            setCustomer(updated);
            setEditing(false);
            setNotice({ key: 'details.saved' });
          }}
        />
      ) : (
        <div className="details-body">
          {section(t('details.contact'), [
            row(t('fields.phone'), formatPhoneForStore(customer.phone, settings.country), 'details-phone'),
            row(t('fields.email'), customer.email, 'details-email'),
            row(t('fields.language'), customer.language ? t(`language.${customer.language}`) : null),
          ])}
          {section(t('details.identity'), [
            row(t('fields.dateOfBirth'), customer.dateOfBirth ? formatDate(customer.dateOfBirth, locales.date) : null),
            row(
              customer.idDocType ? t(`idDocTypes.${customer.idDocType}`) : t('fields.idDocNumber'),
              customer.idDocNumber,
              'details-doc',
            ),
            row(t('fields.company'), customer.company),
            row(t('fields.taxId'), customer.taxId),
            row(t('fields.externalId'), customer.externalId),
          ])}
          {section(t('details.more'), [
            row(
              t('details.membershipCode'),
              <div className="membership">
                <MembershipBarcode code={customer.membershipCode} />
                <button type="button" className="button-secondary" onClick={() => window.print()} data-testid="print-card-button">
                  {t('card.print')}
                </button>
              </div>,
              'details-code',
            ),
            row(
              t('details.tags'),
              customer.tags.length
                ? customer.tags.map((tag) => (
                    <span key={tag} className="chip chip-tag">
                      {tag}
                    </span>
                  ))
                : null,
            ),
            row(t('details.created'), formatDateTime(customer.createdAt, locales.date, settings.timeZone)),
            row(t('details.updated'), formatDateTime(customer.updatedAt, locales.date, settings.timeZone)),
          ])}
          {section(t('profile.business'), [
            row(t('fields.registrationNumber'), customer.registrationNumber, 'details-registration'),
            row(t('fields.businessType'), customer.businessType ? t(`businessTypes.${customer.businessType}`) : null),
            row(t('fields.industry'), customer.industry),
            row(
              t('fields.paymentTerms'),
              customer.paymentTerms ? t(`paymentTermsOptions.${customer.paymentTerms}`) : null,
              'details-payment-terms',
            ),
          ])}
          {section(t('profile.preferences'), [
            row(t('fields.preferredCurrency'), customer.preferredCurrency),
            row(t('fields.contactChannel'), customer.contactChannel ? t(`contactChannels.${customer.contactChannel}`) : null),
            row(t('fields.doNotContact'), customer.doNotContact ? t('details.yes') : null, 'details-do-not-contact'),
            row(t('fields.ownerId'), customer.ownerId ? userName(customer.ownerId) : null, 'details-owner'),
          ])}
          {customer.addresses.length > 0 ? (
            <section data-testid="details-addresses">
              <h3>{t('profile.addresses')}</h3>
              <ul className="details-list">
                {customer.addresses.map((a) => (
                  <li key={a.id} data-testid="details-address">
                    <strong>{t(`addressKinds.${a.kind}`)}</strong>
                    {a.isDefault ? <span className="chip">{t('profile.default')}</span> : null}
                    <div>
                      {[
                        a.line1,
                        a.line2,
                        [a.postalCode, a.city].filter(Boolean).join(' '),
                        a.region,
                        a.country === settings.country ? null : countryName(a.country, locales.date),
                      ]
                        .filter(Boolean)
                        .join(', ')}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {customer.contacts.length > 0 ? (
            <section data-testid="details-contacts">
              <h3>{t('profile.contacts')}</h3>
              <ul className="details-list">
                {customer.contacts.map((c) => (
                  <li key={c.id} data-testid="details-contact">
                    <strong>{c.name}</strong>
                    {c.role ? <span className="muted"> · {c.role}</span> : null}
                    <div>
                      {[c.phone ? formatPhoneForStore(c.phone, settings.country) : null, c.email].filter(Boolean).join(' · ')}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {section(
            t('profile.customFields'),
            customFields
              .filter((d) => customer.customFields[d.key] !== undefined)
              .map((d) => {
                const v = customer.customFields[d.key];
                const shown =
                  typeof v === 'boolean'
                    ? t(v ? 'details.yes' : 'details.no')
                    : d.type === 'date'
                      ? formatDate(String(v), locales.date)
                      : d.type === 'number'
                        ? new Intl.NumberFormat(locales.money).format(Number(v))
                        : String(v);
                return row(d.label, shown, `details-custom-${d.key}`);
              }),
          )}
          {customer.notes ? (
            <section className="details-notes">
              <h3>{t('fields.notes')}</h3>
              <p data-testid="details-notes">{customer.notes}</p>
            </section>
          ) : null}
          <CustomerPurchases
            customerId={customer.id}
            settings={settings}
            refreshKey={refreshKey}
            onLoyaltyChanged={() => setReloads((n) => n + 1)}
          />
          <ConsentPanel customer={customer} settings={settings} refreshKey={refreshKey} onChanged={setCustomer} />
          <CustomerHistory id={customer.id} settings={settings} refreshKey={refreshKey} />
          {mayManage ? (
            <p>
              <button type="button" className="link-button" onClick={() => void downloadExport()} data-testid="export-data">
                {t('details.exportData')}
              </button>
            </p>
          ) : null}
          {mayManage && !customer.mergedInto ? (
            <p>
              <button type="button" className="link-button link-danger" onClick={() => setErasing(true)} data-testid="anonymise">
                {t('details.anonymise')}
              </button>
            </p>
          ) : null}
        </div>
      )}
      <PrintableCard customer={customer} storeName={settings.storeName} />
    </article>
  );
}
