import { useTranslation } from 'react-i18next';
import { displayName } from '../../shared/customers/customer';
import type { CountryCode } from '../../shared/phone';
import { formatPhoneForStore } from '../format';
import type { CartCustomer } from './cart-store';

interface Props {
  attached: CartCustomer | null;
  country: CountryCode;
  onFind(): void;
  onQuickAdd(): void;
  onRemove(): void;
}

/** Who the sale is for, at the top of the cart: add one, or see, change and remove the one attached. */
export function CartCustomerCard({ attached, country, onFind, onQuickAdd, onRemove }: Props) {
  const { t } = useTranslation();
  if (!attached) {
    return (
      <div className="cart-customer is-empty" data-testid="cart-customer-empty">
        <button type="button" className="button-primary button-large" onClick={onFind} data-testid="add-customer">
          + {t('checkout.addCustomer')}
        </button>
        <button type="button" className="button-secondary button-large" onClick={onQuickAdd} data-testid="quick-add-customer">
          {t('checkout.newCustomer')}
        </button>
      </div>
    );
  }
  const { customer, loyaltyBalance } = attached;
  const missingConsent = !customer.smsConsent && !customer.emailConsent ? 'none' : !customer.smsConsent ? 'sms' : null;
  return (
    <div className="cart-customer" data-testid="cart-customer">
      <div className="cart-customer-main">
        <p className="cart-customer-name" data-testid="cart-customer-name">
          {displayName(customer)}
        </p>
        <p className="cart-customer-sub">
          {customer.phone ? <span data-testid="cart-customer-phone">{formatPhoneForStore(customer.phone, country)}</span> : null}
          <span className="code">{customer.membershipCode}</span>
        </p>
        <p className="cart-customer-badges">
          {customer.groupName ? <span className="chip chip-group">{customer.groupName}</span> : null}
          <span className="chip chip-points" data-testid="cart-customer-points">
            {t('checkout.points', { count: loyaltyBalance })}
          </span>
          {customer.status !== 'active' ? (
            <span className={`chip chip-${customer.status}`} data-testid="cart-customer-status">
              {t(`customers.status.${customer.status}`)}
            </span>
          ) : null}
          {missingConsent ? (
            <span className="chip chip-warning" data-testid="cart-customer-consent">
              {t(`checkout.noConsent.${missingConsent}`)}
            </span>
          ) : null}
        </p>
      </div>
      <div className="cart-customer-actions">
        <button type="button" className="button-secondary" onClick={onFind} data-testid="change-customer">
          {t('checkout.change')}
        </button>
        <button type="button" className="button-secondary" onClick={onRemove} data-testid="remove-customer">
          {t('checkout.remove')}
        </button>
      </div>
    </div>
  );
}
