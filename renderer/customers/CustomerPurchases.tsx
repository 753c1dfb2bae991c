import { useCan } from '../stores/app-store';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerInsights, Order, Purchases } from '../../shared/checkout/order';
import type { FieldErrors } from '../../shared/errors';
import type { StoreSettings } from '../../shared/settings';
import { api, errorData } from '../api/client';
import { OrderDialog } from '../checkout/OrderDialog';
import { Receipt } from '../checkout/Receipt';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { fieldsOrFailure } from '../forms/zod-form-resolver';
import { formatDateTime, formatMoney } from '../format';
import type { Message } from '../i18n/message';
import { useLocales } from '../i18n/use-locales';
import { SpendingChart } from './SpendingChart';

type Period = 'all' | '30d' | '12m' | 'year' | 'custom';

interface Props {
  customerId: string;
  settings: StoreSettings;
  refreshKey: number;
  /** After a loyalty adjustment, so the record shows the new balance. */
  onLoyaltyChanged(): void;
}

/** The local calendar day of an instant in the store's zone, "YYYY-MM-DD". */
function storeDay(t: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
}

function periodRange(period: Period, custom: { from: string; to: string }, timeZone: string): { from?: string; to?: string } {
  const now = Date.now();
  const today = storeDay(now, timeZone);
  if (period === '30d') return { from: storeDay(now - 29 * 86_400_000, timeZone), to: today };
  if (period === '12m') return { from: storeDay(now - 364 * 86_400_000, timeZone), to: today };
  if (period === 'year') return { from: `${today.slice(0, 4)}-01-01`, to: today };
  if (period === 'custom') return { ...(custom.from ? { from: custom.from } : {}), ...(custom.to ? { to: custom.to } : {}) };
  return {};
}

/** Purchase history with a period filter, figures computed by main, the spending chart and loyalty. */
export function CustomerPurchases({ customerId, settings, refreshKey, onLoyaltyChanged }: Props) {
  const { t } = useTranslation();
  const locales = useLocales();
  const [insights, setInsights] = useState<CustomerInsights | null>(null);
  const [purchases, setPurchases] = useState<Purchases | null>(null);
  const [period, setPeriod] = useState<Period>('all');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [periodErrors, setPeriodErrors] = useState<FieldErrors>({});
  const [version, setVersion] = useState(0);
  // A sale opened from the history (to refund some of it) or the receipt shown from there.
  const [opened, setOpened] = useState<{ kind: 'order'; id: string } | { kind: 'receipt'; order: Order } | null>(null);

  // A sale, refund or assignment for this customer anywhere (the till, another window) reloads the section.
  useEffect(
    () =>
      api.subscribe('orders.changed', ({ customerIds }) => {
        if (customerIds.includes(customerId)) setVersion((v) => v + 1);
      }),
    [customerId],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and version reload after changes
  useEffect(() => {
    let live = true;
    api
      .invoke('customers.insights', { id: customerId })
      .then((i) => live && setInsights(i))
      .catch(() => live && setInsights(null));
    return () => {
      live = false;
    };
  }, [customerId, refreshKey, version]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and version reload after changes
  useEffect(() => {
    let live = true;
    const range = periodRange(period, custom, settings.timeZone);
    api
      .invoke('customers.purchases', { customerId, ...range, limit: 100 })
      .then((p) => {
        if (!live) return;
        setPurchases(p);
        setPeriodErrors({});
      })
      .catch((e: unknown) => {
        if (live) setPeriodErrors(errorData(e).fields ?? { to: 'invalid' });
      });
    return () => {
      live = false;
    };
  }, [customerId, refreshKey, version, period, custom.from, custom.to, settings.timeZone]);

  const money = (minor: number, currency = insights?.currency ?? settings.currency) =>
    formatMoney(minor, currency, locales.money);
  const date = (iso: string | null) => (iso ? formatDateTime(iso, locales.date, settings.timeZone) : '—');
  const number = new Intl.NumberFormat(locales.money, { maximumFractionDigits: 1 });

  return (
    <section className="purchases" data-testid="customer-purchases" aria-labelledby="purchases-title">
      <h3 id="purchases-title">{t('purchases.title')}</h3>
      {insights ? (
        <>
          <dl className="insight-grid" data-testid="insights">
            <Figure label={t('purchases.totalSpent')} value={money(insights.totalSpentMinor)} testId="insight-total" />
            <Figure label={t('purchases.orderCount')} value={String(insights.orderCount)} testId="insight-orders" />
            <Figure label={t('purchases.averageOrder')} value={money(insights.averageOrderMinor)} testId="insight-average" />
            <Figure
              label={t('purchases.frequency')}
              value={
                insights.medianDaysBetweenOrders === null
                  ? '—'
                  : t('purchases.everyDays', { days: number.format(insights.medianDaysBetweenOrders) })
              }
              testId="insight-frequency"
            />
            <Figure label={t('purchases.firstPurchase')} value={date(insights.firstPurchaseAt)} />
            <Figure label={t('purchases.lastPurchase')} value={date(insights.lastPurchaseAt)} testId="insight-last" />
            <Figure
              label={t('purchases.lifetimeValue')}
              hint={t('purchases.lifetimeValueHint')}
              value={money(insights.lifetimeValueMinor)}
              testId="insight-ltv"
            />
            <Figure label={t('purchases.refunded')} value={money(insights.refundedMinor)} />
          </dl>
          <div className="purchases-columns">
            <SpendingChart monthly={insights.monthly} currency={insights.currency} />
            {insights.favouriteProducts.length > 0 ? (
              <div className="favourites" data-testid="favourite-products">
                <h4>{t('purchases.favourites')}</h4>
                <ol>
                  {insights.favouriteProducts.map((p) => (
                    <li key={p.productId} className="favourite-item">
                      <span>{p.name}</span>
                      <span className="muted">
                        {t('purchases.units', { count: p.quantity })} · {money(p.spentMinor)}
                      </span>
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
          </div>
          <LoyaltyPanel
            customerId={customerId}
            balance={insights.loyaltyBalance}
            onAdjusted={() => {
              setVersion((v) => v + 1);
              onLoyaltyChanged();
            }}
          />
        </>
      ) : null}

      <fieldset className="period-filter">
        <label>
          {t('purchases.period')}{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)} data-testid="purchases-period">
            {(['all', '30d', '12m', 'year', 'custom'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`purchases.periods.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {period === 'custom' ? (
          <>
            <Field label={t('purchases.from')} error={periodErrors.from}>
              {(a) => (
                <input
                  {...a}
                  type="date"
                  value={custom.from}
                  onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))}
                  data-testid="purchases-from"
                />
              )}
            </Field>
            <Field label={t('purchases.to')} error={periodErrors.to}>
              {(a) => (
                <input
                  {...a}
                  type="date"
                  value={custom.to}
                  onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))}
                  data-testid="purchases-to"
                />
              )}
            </Field>
          </>
        ) : null}
      </fieldset>

      {purchases ? (
        purchases.orders.length === 0 ? (
          <p className="muted" data-testid="purchases-empty">
            {t(period === 'all' ? 'purchases.none' : 'purchases.noneInPeriod')}
          </p>
        ) : (
          <div className="orders-scroll">
            <table className="orders-table" data-testid="purchases-table">
              <thead>
                <tr>
                  <th scope="col">{t('purchases.date')}</th>
                  <th scope="col">{t('purchases.number')}</th>
                  <th scope="col">{t('purchases.items')}</th>
                  <th scope="col">{t('purchases.payment')}</th>
                  <th scope="col" className="num">
                    {t('purchases.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {purchases.orders.map((o) => (
                  <OrderRow
                    key={o.id}
                    order={o}
                    date={date(o.createdAt)}
                    money={(m) => money(m, o.currency)}
                    onOpen={() => setOpened({ kind: 'order', id: o.refundOfId ?? o.id })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {opened?.kind === 'order' ? (
        <OrderDialog
          orderId={opened.id}
          settings={settings}
          onClose={() => {
            setOpened(null);
            setVersion((v) => v + 1);
          }}
          onShowReceipt={(order) => setOpened({ kind: 'receipt', order })}
        />
      ) : null}
      {opened?.kind === 'receipt' ? (
        <ReceiptViewer
          onClose={() => {
            setOpened(null);
            setVersion((v) => v + 1);
          }}
        >
          <Receipt order={opened.order} settings={settings} />
        </ReceiptViewer>
      ) : null}
      {purchases && purchases.total > purchases.orders.length ? (
        <p className="muted">{t('purchases.showingLatest', { shown: purchases.orders.length, total: purchases.total })}</p>
      ) : null}
    </section>
  );
}

function Figure({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="insight" title={hint}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/** A sale's receipt, opened from the history: print it again or close. */
function ReceiptViewer({ onClose, children }: { onClose(): void; children: React.ReactNode }) {
  const { t } = useTranslation();
  const ref = useCallback((element: HTMLDialogElement | null) => {
    if (element && !element.open) element.showModal?.();
  }, []);
  return (
    <dialog ref={ref} className="dialog receipt-dialog" onCancel={onClose} data-testid="history-receipt">
      {children}
      <div className="form-actions no-print">
        <button type="button" className="button-secondary" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
        <button type="button" className="button-primary" onClick={onClose}>
          {t('details.cancel')}
        </button>
      </div>
    </dialog>
  );
}

function OrderRow({
  order,
  date,
  money,
  onOpen,
}: {
  order: Order;
  date: string;
  money: (minor: number) => string;
  onOpen(): void;
}) {
  const { t } = useTranslation();
  const refund = order.kind === 'refund';
  return (
    <tr className={refund ? 'order-refund' : undefined} data-testid="purchase-row">
      <td className="order-date">{date}</td>
      <td>
        <button
          type="button"
          className="link-button order-number"
          onClick={onOpen}
          title={t('purchases.openOrder')}
          data-testid="purchase-open"
        >
          {order.number}
        </button>
        {refund ? <div className="chip chip-refund">{t('purchases.refundOf', { number: order.refundOfNumber })}</div> : null}
        {order.refunds.map((r) => (
          <div key={r.id} className="chip chip-refund">
            {t('purchases.refundedBy', { number: r.number, amount: money(r.totalMinor) })}
          </div>
        ))}
      </td>
      <td>
        {order.lines.map((l) => (
          <div key={l.id}>
            {l.quantity} × {l.name}
          </div>
        ))}
      </td>
      <td>{t(`purchases.methods.${order.paymentMethod}`)}</td>
      <td className="num">{refund ? `−${money(order.totalMinor)}` : money(order.totalMinor)}</td>
    </tr>
  );
}

/** The balance (the sum of the ledger) and a manager's adjustment, reason required. */
function LoyaltyPanel({ customerId, balance, onAdjusted }: { customerId: string; balance: number; onAdjusted(): void }) {
  const mayAdjust = useCan('loyalty.manage');
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  /** Cancel starts the next adjustment afresh: no refusal of this one shows again. */
  const cancel = () => {
    setOpen(false);
    setErrors({});
    setFailure(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    const n = Number(points);
    if (points.trim() === '' || !Number.isInteger(n)) local.points = 'invalid';
    else if (n === 0) local.points = 'not_zero';
    if (reason.trim() === '') local.reason = 'required';
    setErrors(local);
    setFailure(null);
    setMessage(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await api.invoke('loyalty.adjust', { customerId, points: n, reason });
      setPoints('');
      setReason('');
      setOpen(false);
      setMessage({ key: 'loyalty.adjusted' });
      onAdjusted();
    } catch (error) {
      const shown = fieldsOrFailure(errorData(error));
      setErrors(shown.fields);
      setFailure(shown.failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="loyalty-panel" data-testid="loyalty-panel">
      <div className="loyalty-balance">
        <span>{t('loyalty.balance')}</span>
        <strong data-testid="loyalty-balance">{t('loyalty.points', { count: balance })}</strong>
        {!open && mayAdjust ? (
          <button type="button" className="button-secondary" onClick={() => setOpen(true)} data-testid="loyalty-adjust-open">
            {t('loyalty.adjust')}
          </button>
        ) : null}
      </div>
      {message ? (
        <p className="notice" role="status">
          {t(message.key, message.values)}
        </p>
      ) : null}
      {open ? (
        <form className="loyalty-form" onSubmit={(e) => void submit(e)} noValidate data-testid="loyalty-form">
          <Field label={t('loyalty.pointsLabel')} error={errors.points}>
            {(a) => (
              <input
                {...a}
                type="number"
                step={1}
                inputMode="numeric"
                value={points}
                onChange={(e) => setPoints(e.target.value)}
                data-testid="loyalty-points"
              />
            )}
          </Field>
          <Field label={t('loyalty.reason')} error={errors.reason} wide>
            {(a) => (
              <input
                {...a}
                value={reason}
                maxLength={300}
                onChange={(e) => setReason(e.target.value)}
                data-testid="loyalty-reason"
              />
            )}
          </Field>
          <FormActions
            failure={failure}
            onCancel={cancel}
            submitLabel={t('loyalty.save')}
            submitTestId="loyalty-save"
            busy={busy}
          />
        </form>
      ) : null}
    </div>
  );
}
