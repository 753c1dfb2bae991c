import { toSVG } from 'bwip-js/browser';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, displayName } from '../../shared/customers/customer';
import { isMembershipCode } from '../../shared/membership-code';

/** The membership code as a scannable barcode (EAN-13 when it is one, Code 128 otherwise). */
export function MembershipBarcode({ code, height = 12 }: { code: string; height?: number }) {
  const { t } = useTranslation();
  const src = useMemo(() => {
    const ean = isMembershipCode(code);
    const svg = toSVG({
      bcid: ean ? 'ean13' : 'code128',
      text: code,
      includetext: true,
      ...(ean ? { guardwhitespace: true } : { textxalign: 'center' as const }),
      height,
    });
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }, [code, height]);
  return <img className="barcode" src={src} alt={t('card.barcodeAlt', { code })} data-testid="membership-barcode" />;
}

/** What the printer gets: a wallet-size card; on screen it stays hidden (see styles.css @media print). */
export function PrintableCard({ customer, storeName }: { customer: Customer; storeName: string }) {
  const { t } = useTranslation();
  return (
    <div className="print-card" data-testid="print-card" aria-hidden="true">
      <p className="print-card-store">{storeName}</p>
      <p className="print-card-name">{displayName(customer)}</p>
      <p className="print-card-label">{t('card.member')}</p>
      <MembershipBarcode code={customer.membershipCode} height={14} />
    </div>
  );
}
