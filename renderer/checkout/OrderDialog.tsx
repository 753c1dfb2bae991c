import { useCan } from '../stores/app-store';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Order, PaymentMethod } from '../../shared/checkout/order';
import { displayName } from '../../shared/customers/customer';
import type { ErrorData } from '../../shared/errors';
import type { StoreSettings } from '../../shared/settings';
import { api, errorData } from '../api/client';
import { formatDateTime, formatMoney } from '../format';
import { useLocales } from '../i18n/use-locales';
import { useCartStore } from './cart-store';
import { CustomerPickerDialog } from './CustomerPickerDialog';

interface Props {
  /** Open on this sale; without one the dialog starts at the list of recent sales and a number box. */
  orderId: string | null;
  settings: StoreSettings;
  onClose(): void;
  onShowReceipt(order: Order): void;
}

/** Find a sale (recent, or any by its number) and give back all of it or some lines: the refund is a new order. */
export function OrderDialog({ orderId, settings, onClose, onShowReceipt }: Props) {
  const locales = useLocales();
  const mayRefund = useCan('orders.refund');
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const recentOrders = useCartStore((s) => s.recentOrders);
  const rememberOrder = useCartStore((s) => s.rememberOrder);
  const [order, setOrder] = useState<Order | null>(null);
  const [number, setNumber] = useState('');
  const [error, setError] = useState<ErrorData | null>(null);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [busy, setBusy] = useState(false);
  const [refunded, setRefunded] = useState<string | null>(null);
  const [assigning, setAssigning] = useState(false);
  const money = (minor: number) => formatMoney(minor, order?.currency ?? settings.currency, locales.money);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => element?.close?.();
  }, []);

  const open = async (ref: { id: string } | { number: string }) => {
    setError(null);
    setRefunded(null);
    try {
      // Any sale on this store's books, by id or by the number printed on its receipt.
      const found = 'id' in ref ? await api.invoke('orders.get', ref) : await api.invoke('orders.find', ref);
      setOrder(found);
      setQuantities({});
    } catch (e) {
      const data = errorData(e);
      setError(data.code === 'NOT_FOUND' ? { ...data, message: 'orders.notFound', fields: { number: 'orders.notFound' } } : data);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: opens the given sale once
  useEffect(() => {
    if (orderId) void open({ id: orderId });
  }, [orderId]);

  const refundable = (order?.lines ?? []).map((line) => ({ line, left: line.quantity - line.refundedQuantity }));
  const anyLeft = refundable.some((r) => r.left > 0);
  const chosen = refundable.filter((r) => (quantities[r.line.id] ?? 0) > 0);

  const refund = async (all: boolean) => {
    if (!order) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.invoke('orders.refund', {
        id: order.id,
        ...(all ? {} : { lines: chosen.map((r) => ({ lineId: r.line.id, quantity: quantities[r.line.id] ?? 0 })) }),
        paymentMethod: order.paymentMethod as PaymentMethod,
      });
      const sale = await api.invoke('orders.get', { id: order.id });
      setOrder(sale);
      rememberOrder(sale);
      setQuantities({});
      setRefunded(result.number);
    } catch (e) {
      setError(errorData(e));
    } finally {
      setBusy(false);
    }
  };

  /** A sale rung up without a customer can be given one afterwards (audited; the points follow). */
  const assign = async (customerId: string) => {
    if (!order) return;
    setAssigning(false);
    setError(null);
    try {
      const updated = await api.invoke('orders.assignCustomer', { id: order.id, customerId });
      setOrder(updated);
      rememberOrder(updated);
    } catch (e) {
      setError(errorData(e));
    }
  };

  return (
    <dialog
      ref={dialog}
      className="dialog order-dialog"
      aria-labelledby="order-title"
      data-testid="order-dialog"
      onCancel={onClose}
    >
      <h2 id="order-title">{order ? t('orders.sale', { number: order.number }) : t('orders.title')}</h2>
      {!order ? (
        <>
          <form
            className="order-lookup"
            onSubmit={(event) => {
              event.preventDefault();
              if (number.trim()) void open({ number: number.trim() });
            }}
          >
            <input
              className="order-lookup-input"
              aria-label={t('orders.number')}
              placeholder={t('orders.number')}
              value={number}
              onChange={(e) => {
                setNumber(e.target.value);
                setError(null);
              }}
              data-testid="order-number"
              autoComplete="off"
            />
            <button type="submit" className="button-primary">
              {t('orders.open')}
            </button>
          </form>
          {recentOrders.length > 0 ? (
            <>
              <h3 className="section-label">{t('orders.recent')}</h3>
              <ul className="recent-orders">
                {recentOrders.map((o) => (
                  <li key={o.id}>
                    <button
                      type="button"
                      className="picker-row"
                      onClick={() => void open({ id: o.id })}
                      data-testid="recent-order"
                    >
                      <span className="row-name">
                        {o.number} · {money(o.totalMinor)}
                      </span>
                      <span className="row-sub">
                        {formatDateTime(o.createdAt, locales.date, settings.timeZone)}
                        {o.customer ? ` · ${displayName(o.customer)}` : ''}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">{t('orders.noneRecent')}</p>
          )}
        </>
      ) : (
        <>
          <p className="muted order-meta">
            <span data-testid="order-meta">
              {formatDateTime(order.createdAt, locales.date, settings.timeZone)} · {t(`checkout.pay.${order.paymentMethod}`)}
              {order.customer ? ` · ${displayName(order.customer)}` : ''}
            </span>
            {!order.customer && order.kind === 'sale' ? (
              <button
                type="button"
                className="button-secondary button-small"
                onClick={() => setAssigning(true)}
                data-testid="assign-customer"
              >
                {t('orders.assignCustomer')}
              </button>
            ) : null}
          </p>
          <table className="order-lines">
            <thead>
              <tr>
                <th>{t('orders.item')}</th>
                <th className="num">{t('orders.sold')}</th>
                <th className="num">{t('orders.total')}</th>
                <th className="num">{t('orders.toRefund')}</th>
              </tr>
            </thead>
            <tbody>
              {refundable.map(({ line, left }) => (
                <tr key={line.id} data-testid="order-line">
                  <td>
                    {line.name}
                    {line.refundedQuantity > 0 ? (
                      <span className="chip chip-refunded">{t('orders.refundedUnits', { count: line.refundedQuantity })}</span>
                    ) : null}
                  </td>
                  <td className="num">{line.quantity}</td>
                  <td className="num">{money(line.totalMinor)}</td>
                  <td className="num">
                    {left > 0 ? (
                      <input
                        type="number"
                        min={0}
                        max={left}
                        className="qty-input"
                        aria-label={t('orders.refundQuantity', { name: line.name })}
                        value={quantities[line.id] ?? 0}
                        onChange={(e) =>
                          setQuantities((q) => ({
                            ...q,
                            [line.id]: Math.min(left, Math.max(0, Math.trunc(Number(e.target.value) || 0))),
                          }))
                        }
                        data-testid="refund-quantity"
                      />
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="order-total">
            {t('checkout.total')}: <strong>{money(order.totalMinor)}</strong>
          </p>
          {order.refunds.length > 0 ? (
            <>
              <h3 className="section-label">{t('orders.refunds')}</h3>
              <ul className="refund-rows" data-testid="refund-rows">
                {order.refunds.map((r) => (
                  <li key={r.id} className="refund-row" data-testid="refund-row">
                    <span>{r.number}</span>
                    <span>{formatDateTime(r.createdAt, locales.date, settings.timeZone)}</span>
                    <span className="num">−{money(r.totalMinor)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {refunded ? (
            <p className="notice" role="status" data-testid="refund-done">
              {t('orders.refunded', { number: refunded })}
            </p>
          ) : null}
        </>
      )}
      {error ? (
        <p className="form-error" role="alert" data-testid="order-error">
          {error.message === 'orders.notFound'
            ? t('orders.notFound', { number })
            : t(`errors.${Object.values(error.fields ?? {})[0] ?? error.code}`, { defaultValue: t(`errors.${error.code}`) })}
        </p>
      ) : null}
      {assigning ? (
        <CustomerPickerDialog country={settings.country} onClose={() => setAssigning(false)} onChoose={(id) => void assign(id)} />
      ) : null}
      <div className="form-actions">
        {order ? (
          <>
            <button type="button" className="button-secondary" onClick={() => onShowReceipt(order)}>
              {t('orders.receipt')}
            </button>
            {mayRefund ? (
              <button
                type="button"
                className="button-secondary"
                disabled={busy || chosen.length === 0}
                onClick={() => void refund(false)}
                data-testid="refund-selected"
              >
                {t('orders.refundSelected')}
              </button>
            ) : null}
            {mayRefund ? (
              <button
                type="button"
                className="button-danger"
                disabled={busy || !anyLeft}
                onClick={() => void refund(true)}
                data-testid="refund-all"
              >
                {t('orders.refundAll')}
              </button>
            ) : null}
          </>
        ) : null}
        <button type="button" className="button-secondary" onClick={onClose} data-testid="order-close">
          {t('orders.close')}
        </button>
      </div>
    </dialog>
  );
}
