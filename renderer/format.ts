import { type CountryCode, formatPhone } from '../shared/phone';

/** Money, dates and phones follow the store's locale and zone, not the browser's. */
export function formatPhoneForStore(e164: string | null, country: CountryCode): string {
  return e164 ? formatPhone(e164, country) : '';
}

export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatDate(isoDate: string, locale: string): string {
  // A birth date is a calendar date, not an instant: never shift it by a zone.
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** Integer minor units as the store's currency (USD 1234 -> "$12.34"). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** digits);
}
