import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../shared/checkout/product';
import type { FieldErrors } from '../../shared/errors';
import { api, errorData } from '../api/client';
import { useProductSearch } from '../checkout/use-product-search';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { fieldsOrFailure } from '../forms/zod-form-resolver';
import { formatMoney, moneyInputValue, moneyLocale, parseMoneyInput } from '../format';
import { Icon } from '../shell/Icon';
import { useAppStore } from '../stores/app-store';
import type { Message } from '../i18n/message';

interface Draft {
  id?: string;
  sku: string;
  barcode: string;
  name: string;
  price: string;
  active: boolean;
}

const blank: Draft = { sku: '', barcode: '', name: '', price: '', active: true };

/** The catalogue, for managers: find a product, change its price, barcode or whether it is on sale, add new ones. */
export function ProductsScreen() {
  const { t } = useTranslation();
  const settings = useAppStore((s) => s.info?.settings);
  const [query, setQuery] = useState('');
  const [includeInactive, setIncludeInactive] = useState(true);
  const [refresh, setRefresh] = useState(0);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [saving, setSaving] = useState(false);
  const search = useProductSearch(query, includeInactive, 200, refresh);

  useEffect(() => api.subscribe('products.changed', () => setRefresh((n) => n + 1)), []);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(timer);
  }, [notice]);

  if (!settings) return null;
  const { currency } = settings;
  const locale = moneyLocale(settings);

  const edit = (product: Product | null) => {
    setErrors({});
    setFormError(null);
    setDraft(
      product
        ? {
            id: product.id,
            sku: product.sku,
            barcode: product.barcode ?? '',
            name: product.name,
            price: moneyInputValue(product.priceMinor, currency),
            active: product.active,
          }
        : blank,
    );
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const priceMinor = parseMoneyInput(draft.price, currency);
    if (priceMinor === null) {
      setErrors({ priceMinor: draft.price.trim() ? 'invalid_price' : 'required' });
      return;
    }
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      const saved = await api.invoke('products.save', {
        ...(draft.id ? { id: draft.id } : {}),
        sku: draft.sku,
        barcode: draft.barcode.trim() === '' ? null : draft.barcode,
        name: draft.name,
        priceMinor,
        active: draft.active,
      });
      setDraft(null);
      setRefresh((n) => n + 1);
      setNotice({ key: 'products.saved', values: { name: saved.name } });
    } catch (error) {
      const shown = fieldsOrFailure(errorData(error));
      setErrors(shown.fields);
      setFormError(shown.failure);
    } finally {
      setSaving(false);
    }
  };

  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));

  return (
    <section className="products-screen" data-testid="screen-products">
      <div className="products-pane">
        <div className="toolbar">
          <h1>{t('products.title')}</h1>
          <button type="button" className="button-primary" onClick={() => edit(null)} data-testid="new-product">
            + {t('products.new')}
          </button>
        </div>
        <div className="search-box">
          <span className="search-icon">
            <Icon name="search" size={18} />
          </span>
          <input
            type="search"
            aria-label={t('checkout.productSearch')}
            placeholder={t('checkout.productSearchPlaceholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="products-search"
            autoComplete="off"
          />
        </div>
        <div className="list-meta">
          <span>{t('products.count', { count: search.items.length })}</span>
          <label className="checkbox">
            <input type="checkbox" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} />
            {t('products.includeInactive')}
          </label>
        </div>
        {notice ? (
          <p className="notice" role="status" data-testid="products-notice">
            {t(notice.key, notice.values)}
          </p>
        ) : null}
        <div className="products-table-wrap">
          <table className="products-table">
            <thead>
              <tr>
                <th>{t('products.name')}</th>
                <th>{t('products.sku')}</th>
                <th>{t('products.barcode')}</th>
                <th className="num">{t('products.price')}</th>
                <th>{t('products.status')}</th>
              </tr>
            </thead>
            <tbody>
              {search.items.map((p) => (
                <tr key={p.id} className={draft?.id === p.id ? 'is-selected' : undefined} data-testid="product-row">
                  <td>
                    <button type="button" className="link-button" onClick={() => edit(p)}>
                      {p.name}
                    </button>
                  </td>
                  <td className="code">{p.sku}</td>
                  <td className="code">{p.barcode ?? '—'}</td>
                  <td className="num">{formatMoney(p.priceMinor, currency, locale)}</td>
                  <td>
                    <span className={`chip ${p.active ? 'chip-active' : 'chip-inactive'}`}>
                      {t(p.active ? 'products.active' : 'products.inactive')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="details-pane">
        {draft ? (
          <form onSubmit={save} noValidate data-testid="product-form">
            <h2 className="product-form-title">{draft.id ? t('products.edit') : t('products.new')}</h2>
            <div className="form-grid">
              <Field label={t('products.name')} error={errors.name} wide>
                {(a) => (
                  <input {...a} value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="product-name" />
                )}
              </Field>
              <Field label={t('products.sku')} error={errors.sku}>
                {(a) => (
                  <input {...a} value={draft.sku} onChange={(e) => set({ sku: e.target.value })} data-testid="product-sku" />
                )}
              </Field>
              <Field label={t('products.barcode')} error={errors.barcode}>
                {(a) => (
                  <input
                    {...a}
                    value={draft.barcode}
                    onChange={(e) => set({ barcode: e.target.value })}
                    data-testid="product-barcode"
                  />
                )}
              </Field>
              <Field label={t('products.priceIn', { currency })} error={errors.priceMinor}>
                {(a) => (
                  <input
                    {...a}
                    inputMode="decimal"
                    value={draft.price}
                    onChange={(e) => set({ price: e.target.value })}
                    data-testid="product-price"
                  />
                )}
              </Field>
              <label className="checkbox product-active">
                <input type="checkbox" checked={draft.active} onChange={(e) => set({ active: e.target.checked })} />
                {t('products.onSale')}
              </label>
            </div>
            <FormActions
              failure={formError}
              onCancel={() => setDraft(null)}
              submitLabel={saving ? t('details.saving') : t('details.save')}
              submitTestId="product-save"
              busy={saving}
            />
          </form>
        ) : (
          <p className="details-hint">{t('products.hint')}</p>
        )}
      </div>
    </section>
  );
}
