import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { minorPerUnit } from '../../shared/checkout/cart-totals';
import type { Order, PaymentMethod } from '../../shared/checkout/order';
import { PAYMENT_METHODS } from '../../shared/checkout/order';
import type { Product } from '../../shared/checkout/product';
import { type Customer, displayName } from '../../shared/customers/customer';
import type { CustomerGroup } from '../../shared/customers/groups';
import type { ErrorData } from '../../shared/errors';
import { api, errorData } from '../api/client';
import { CartCustomerCard } from '../checkout/CartCustomerCard';
import { type CartCustomer, cartTotals, useCartStore } from '../checkout/cart-store';
import { CustomerPickerDialog } from '../checkout/CustomerPickerDialog';
import { OrderDialog } from '../checkout/OrderDialog';
import { ProductPicker } from '../checkout/ProductPicker';
import { Receipt } from '../checkout/Receipt';
import { useScanner } from '../checkout/use-scanner';
import { QuickAddDialog } from '../customers/QuickAddDialog';
import { useGroups } from '../customers/use-groups';
import { formatMoney, moneyLocale } from '../format';
import { useAppStore } from '../stores/app-store';

type Notice = { tone: 'ok' | 'error'; text: string };
type Dialog =
  | { kind: 'find' }
  | { kind: 'quick-add' }
  | { kind: 'orders'; orderId: string | null }
  | { kind: 'receipt'; order: Order };

/** A group's discount counts once the customer belongs to it: not while their membership awaits approval. */
export function toCartCustomer(customer: Customer, groups: readonly CustomerGroup[]): CartCustomer {
  const group = customer.groupId ? groups.find((g) => g.id === customer.groupId) : undefined;
  const percent = customer.status === 'active' ? (group?.discountPercent ?? 0) : 0;
  return { customer, loyaltyBalance: customer.loyaltyBalance, groupDiscountBp: Math.round(percent * 100) };
}

/** The cashier's screen: products in, a customer on, paid, printed. Scans work wherever the focus is. */
export function CheckoutScreen() {
  const { t } = useTranslation();
  const settings = useAppStore((s) => s.info?.settings);
  const cart = useCartStore();
  const groups = useGroups();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [payError, setPayError] = useState<ErrorData | null>(null);
  const [paying, setPaying] = useState<PaymentMethod | null>(null);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice]);

  const attach = useCallback(
    async (id: string) => {
      try {
        const customer = await api.invoke('customers.get', { id });
        if (customer.status === 'inactive') {
          // Main refuses a sale to an inactive customer: say so now rather than at the till.
          setNotice({ tone: 'error', text: t('checkout.customerInactive', { name: displayName(customer) }) });
          return;
        }
        useCartStore.getState().attachCustomer(toCartCustomer(customer, groups));
        setNotice({ tone: 'ok', text: t('checkout.attached', { name: displayName(customer) }) });
      } catch (error) {
        setNotice({ tone: 'error', text: t(`errors.${errorData(error).code}`) });
      }
    },
    [groups, t],
  );

  // Groups may arrive after the customer (or change): keep the cart's discount in step.
  useEffect(() => {
    const attached = useCartStore.getState().attached;
    if (attached) useCartStore.getState().attachCustomer(toCartCustomer(attached.customer, groups));
  }, [groups]);

  const addProduct = useCallback(
    (product: Product) => {
      if (useCartStore.getState().addProduct(product)) setPayError(null);
      else
        setNotice({
          tone: 'error',
          text: t(product.active ? 'checkout.cartFull' : 'checkout.inactiveProduct', { name: product.name }),
        });
    },
    [t],
  );

  useScanner(async (code) => {
    try {
      const result = await api.invoke('checkout.scan', { code });
      if (result.kind === 'customer') await attach(result.customer.id);
      else if (result.kind === 'product') addProduct(result.product);
      else setNotice({ tone: 'error', text: t('checkout.notFound', { code }) });
    } catch (error) {
      setNotice({ tone: 'error', text: t(`errors.${errorData(error).code}`) });
    }
  });

  const currency = settings?.currency ?? 'USD';
  const rule = { pointsPerUnit: settings?.loyaltyPointsPerUnit ?? 0, pointValueMinor: settings?.loyaltyPointValueMinor ?? 0 };
  const totals = cartTotals(cart, rule, minorPerUnit(currency));

  if (!settings) return null;
  const money = (minor: number) => formatMoney(minor, currency, moneyLocale(settings));

  const pay = async (paymentMethod: PaymentMethod) => {
    setPaying(paymentMethod);
    setPayError(null);
    try {
      const order = await api.invoke('checkout.complete', {
        lines: cart.lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })),
        customerId: cart.attached?.customer.id ?? null,
        paymentMethod,
        redeemPoints: totals.pointsRedeemed,
      });
      performance.mark('checkout:paid');
      cart.completed(order);
      setNotice(null);
      setDialog({ kind: 'receipt', order });
    } catch (error) {
      setPayError(errorData(error));
    } finally {
      setPaying(null);
    }
  };

  const closeDialog = () => setDialog(null);

  return (
    <section className="checkout-screen" data-testid="screen-checkout">
      <div className="catalog-pane">
        <div className="toolbar">
          <h1>{t('checkout.title')}</h1>
          <button
            type="button"
            className="button-secondary"
            onClick={() => setDialog({ kind: 'orders', orderId: null })}
            data-testid="open-orders"
          >
            {t('orders.title')}
          </button>
        </div>
        <ProductPicker currency={currency} onPick={addProduct} />
      </div>
      <aside className="cart-pane" aria-label={t('checkout.cart')}>
        <CartCustomerCard
          attached={cart.attached}
          country={settings.country}
          onFind={() => setDialog({ kind: 'find' })}
          onQuickAdd={() => setDialog({ kind: 'quick-add' })}
          onRemove={() => cart.detachCustomer()}
        />
        <p
          className={`scan-notice${notice ? ` is-${notice.tone}` : ''}`}
          role="status"
          aria-live="polite"
          data-testid="checkout-notice"
        >
          {notice?.text ?? t('checkout.scanHint')}
        </p>
        {cart.lines.length === 0 ? (
          <p className="cart-empty" data-testid="cart-empty">
            {t('checkout.empty')}
          </p>
        ) : (
          <ul className="cart-lines" data-testid="cart-lines">
            {cart.lines.map((line, i) => (
              <li
                key={line.product.id}
                className={`cart-line${line.product.id === cart.lastProductId ? ' is-last' : ''}`}
                data-testid="cart-line"
              >
                <div className="cart-line-main">
                  <span className="cart-line-name">{line.product.name}</span>
                  <span className="cart-line-unit">{money(line.product.priceMinor)}</span>
                </div>
                <fieldset className="qty" aria-label={t('checkout.quantityOf', { name: line.product.name })}>
                  <button
                    type="button"
                    aria-label={t('checkout.less')}
                    onClick={() => cart.setQuantity(line.product.id, line.quantity - 1)}
                    data-testid="qty-minus"
                  >
                    −
                  </button>
                  <input
                    type="number"
                    min={1}
                    className="qty-input"
                    aria-label={t('checkout.quantity')}
                    value={line.quantity}
                    onChange={(e) => {
                      const n = Number(e.target.value);
                      if (e.target.value !== '' && n >= 1) cart.setQuantity(line.product.id, n);
                    }}
                    data-testid="qty-input"
                  />
                  <button
                    type="button"
                    aria-label={t('checkout.more')}
                    onClick={() => cart.setQuantity(line.product.id, line.quantity + 1)}
                    data-testid="qty-plus"
                  >
                    +
                  </button>
                </fieldset>
                <span className="cart-line-total" data-testid="line-total">
                  {money(totals.lines[i]?.subtotalMinor ?? 0)}
                </span>
                <button
                  type="button"
                  className="line-remove"
                  aria-label={t('checkout.removeLine', { name: line.product.name })}
                  onClick={() => cart.removeLine(line.product.id)}
                  data-testid="line-remove"
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <dl className="cart-totals" data-testid="cart-totals">
          <div>
            <dt>{t('checkout.subtotal')}</dt>
            <dd data-testid="subtotal">{money(totals.subtotalMinor)}</dd>
          </div>
          {cart.attached && cart.attached.groupDiscountBp > 0 ? (
            <div className="discount">
              <dt>
                {t('checkout.groupDiscount', { percent: cart.attached.groupDiscountBp / 100 })}
                {cart.attached.customer.groupName ? ` · ${cart.attached.customer.groupName}` : ''}
              </dt>
              <dd className="amount-saving" data-testid="discount">
                −{money(totals.discountMinor)}
              </dd>
            </div>
          ) : null}
          {cart.attached && rule.pointValueMinor > 0 && cart.attached.loyaltyBalance > 0 ? (
            <div className="redeem">
              <dt>
                <label htmlFor="redeem-points">{t('checkout.redeem', { count: totals.maxRedeemablePoints })}</label>
              </dt>
              <dd>
                <input
                  id="redeem-points"
                  type="number"
                  min={0}
                  max={totals.maxRedeemablePoints}
                  className="qty-input"
                  value={cart.redeemPoints || ''}
                  placeholder="0"
                  onChange={(e) => cart.setRedeemPoints(Number(e.target.value))}
                  data-testid="redeem-points"
                />
                <span className="amount-saving" data-testid="redeem-amount">
                  −{money(totals.redeemMinor)}
                </span>
              </dd>
            </div>
          ) : null}
          {totals.redeemError ? (
            <p className="field-error" role="alert" data-testid="redeem-error">
              {t(`checkout.redeemError.${totals.redeemError}`, { count: totals.maxRedeemablePoints })}
            </p>
          ) : null}
          <div className="cart-total">
            <dt>{t('checkout.total')}</dt>
            <dd data-testid="total">{money(totals.totalMinor)}</dd>
          </div>
          {cart.attached && totals.pointsEarned > 0 ? (
            <p className="muted points-earned" data-testid="points-to-earn">
              {t('checkout.willEarn', { count: totals.pointsEarned })}
            </p>
          ) : null}
        </dl>
        {payError ? (
          <p className="form-error" role="alert" data-testid="pay-error">
            {t(`errors.${Object.values(payError.fields ?? {})[0] ?? payError.code}`, {
              defaultValue: t(`errors.${payError.code}`),
            })}
          </p>
        ) : null}
        <div className="pay-buttons">
          {PAYMENT_METHODS.map((method) => (
            <button
              key={method}
              type="button"
              className="button-primary button-pay"
              disabled={cart.lines.length === 0 || paying !== null}
              onClick={() => void pay(method)}
              data-testid={`pay-${method}`}
            >
              {paying === method ? t('checkout.paying') : t(`checkout.pay.${method}`)}
            </button>
          ))}
        </div>
      </aside>
      {dialog?.kind === 'find' ? (
        <CustomerPickerDialog
          country={settings.country}
          onClose={closeDialog}
          onQuickAdd={() => setDialog({ kind: 'quick-add' })}
          onChoose={(id) => {
            closeDialog();
            void attach(id);
          }}
        />
      ) : null}
      {dialog?.kind === 'quick-add' ? (
        <QuickAddDialog
          country={settings.country}
          onClose={closeDialog}
          onOpenExisting={(id) => {
            closeDialog();
            void attach(id);
          }}
          onAdded={(customer) => {
            closeDialog();
            void attach(customer.id);
          }}
        />
      ) : null}
      {dialog?.kind === 'orders' ? (
        <OrderDialog
          orderId={dialog.orderId}
          settings={settings}
          onClose={closeDialog}
          onShowReceipt={(order) => setDialog({ kind: 'receipt', order })}
        />
      ) : null}
      {dialog?.kind === 'receipt' ? (
        <ReceiptDialog
          order={dialog.order}
          onClose={closeDialog}
          onRefund={() => setDialog({ kind: 'orders', orderId: dialog.order.refundOfId ?? dialog.order.id })}
        >
          <Receipt order={dialog.order} settings={settings} />
        </ReceiptDialog>
      ) : null}
    </section>
  );
}

function ReceiptDialog({
  order,
  onClose,
  onRefund,
  children,
}: {
  order: Order;
  onClose(): void;
  onRefund(): void;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <ModalDialog
      className="dialog receipt-dialog"
      label={t('receipt.title', { number: order.number })}
      testId="receipt-dialog"
      onClose={onClose}
    >
      {children}
      <div className="form-actions no-print">
        {order.kind === 'sale' ? (
          <button type="button" className="button-secondary" onClick={onRefund} data-testid="receipt-refund">
            {t('orders.refund')}
          </button>
        ) : null}
        <button type="button" className="button-secondary" onClick={() => window.print()} data-testid="receipt-print">
          {t('receipt.print')}
        </button>
        {/* biome-ignore lint/a11y/noAutofocus: Enter starts the next sale */}
        <button type="button" className="button-primary" onClick={onClose} autoFocus data-testid="new-sale">
          {t('receipt.newSale')}
        </button>
      </div>
    </ModalDialog>
  );
}

function ModalDialog({
  className,
  label,
  testId,
  onClose,
  children,
}: {
  className: string;
  label: string;
  testId: string;
  onClose(): void;
  children: React.ReactNode;
}) {
  const ref = useCallback((element: HTMLDialogElement | null) => {
    if (element && !element.open) element.showModal?.();
  }, []);
  return (
    <dialog ref={ref} className={className} aria-label={label} data-testid={testId} onCancel={onClose}>
      {children}
    </dialog>
  );
}
