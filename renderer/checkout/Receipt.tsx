import { useTranslation } from 'react-i18next';
import type { Order } from '../../shared/checkout/order';
import { displayName } from '../../shared/customers/customer';
import type { StoreSettings } from '../../shared/settings';
import { formatDateTime, formatMoney } from '../format';
import { useLocales } from '../i18n/use-locales';

/** The paper receipt: on screen inside the dialog, alone on the page when printed (styles.css @media print). */
export function Receipt({ order, settings }: { order: Order; settings: StoreSettings }) {
  const { t } = useTranslation();
  const locales = useLocales();
  const money = (minor: number) => formatMoney(minor, order.currency, locales.money);
  const refund = order.kind === 'refund';
  return (
    <div className="receipt" data-testid="receipt">
      <p className="receipt-store">{settings.storeName}</p>
      <p className="receipt-title">{refund ? t('receipt.refund', { number: order.refundOfNumber ?? '' }) : t('receipt.sale')}</p>
      <dl className="receipt-meta">
        <div>
          <dt>{t('receipt.number')}</dt>
          <dd data-testid="receipt-number">{order.number}</dd>
        </div>
        <div>
          <dt>{t('receipt.date')}</dt>
          <dd>{formatDateTime(order.createdAt, locales.date, settings.timeZone)}</dd>
        </div>
        {order.customer ? (
          <div>
            <dt>{t('receipt.customer')}</dt>
            <dd data-testid="receipt-customer">
              {displayName(order.customer)} · {order.customer.membershipCode}
            </dd>
          </div>
        ) : null}
      </dl>
      <table className="receipt-lines">
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id}>
              <td>
                {line.quantity} × {line.name}
                <span className="receipt-unit">{money(line.unitPriceMinor)}</span>
              </td>
              <td className="num">{money(line.subtotalMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="receipt-totals">
        <div>
          <dt>{t('checkout.subtotal')}</dt>
          <dd>{money(order.subtotalMinor)}</dd>
        </div>
        {order.discountMinor > 0 ? (
          <div>
            <dt>{t('checkout.groupDiscount', { percent: order.groupDiscountBp / 100 })}</dt>
            <dd>−{money(order.discountMinor)}</dd>
          </div>
        ) : null}
        {order.redeemMinor > 0 ? (
          <div>
            <dt>{t('checkout.pointsRedeemed', { count: order.pointsRedeemed })}</dt>
            <dd>−{money(order.redeemMinor)}</dd>
          </div>
        ) : null}
        <div className="receipt-total">
          <dt>{refund ? t('receipt.refunded') : t('checkout.total')}</dt>
          <dd data-testid="receipt-total">{money(order.totalMinor)}</dd>
        </div>
        <div>
          <dt>{t('receipt.payment')}</dt>
          <dd>{t(`checkout.pay.${order.paymentMethod}`)}</dd>
        </div>
        {order.customer && order.pointsEarned !== 0 ? (
          <div>
            <dt>{refund ? t('receipt.pointsReversed') : t('receipt.pointsEarned')}</dt>
            <dd data-testid="receipt-points">{Math.abs(order.pointsEarned)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="receipt-thanks">{t('receipt.thanks')}</p>
    </div>
  );
}
