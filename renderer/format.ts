import { type CountryCode, formatPhone } from '../shared/phone';
import type { StoreSettings } from '../shared/settings';

/**
 * Money, dates and phones follow the store's locale and zone, not the browser's: every screen takes
 * its locales from these two. Money and numbers carry no words, so they are written exactly as the
 * store's locale writes them (Settings > "Number and date format": "$1.234,50" in an es-EC store,
 * whatever the screen's language). Dates and times do carry words (month names, "p. m."): they
 * are written in the screen's language with the store locale's region ("Dec 6, 2026, 8:14 PM" on
 * an English screen of an es-PA store, "12/06/2026, 8:14 p. m." on a Spanish one), never half in
 * another language.
 */
export function moneyLocale(settings: Pick<StoreSettings, 'locale'>): string {
  return settings.locale;
}

/** The two locales a screen formats with (see `moneyLocale`). */
export interface Locales {
  /** Dates, times and names (months, countries, "or"): the screen's language in the store's region. */
  date: string;
  /** Money and numbers: the store's own locale. */
  money: string;
}

/** See `moneyLocale`: the screen's language, the store locale's region (its country without one). */
export function dateLocale(language: string, settings: Pick<StoreSettings, 'locale' | 'country'>): string {
  // Settings only ever hold a locale Intl reads (`isLocale`).
  return `${language}-${new Intl.Locale(settings.locale).region ?? settings.country}`;
}

export function formatPhoneForStore(e164: string | null, country: CountryCode): string {
  return e164 ? formatPhone(e164, country) : '';
}

export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A country's name in the reader's language ("EC" -> "Ecuador"); the code if the browser has none. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function formatDate(isoDate: string, locale: string): string {
  // A birth date is a calendar date, not an instant: never shift it by a zone.
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Integer minor units as money in the store's locale (8.99 dollars is 899). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = fractionDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(
    minor / 10 ** digits,
  );
}

/** Minor units as a plain number for an input (899 -> "8.99"). */
export function moneyInputValue(minor: number, currency: string): string {
  return (minor / 10 ** fractionDigits(currency)).toFixed(fractionDigits(currency));
}

/**
 * What a person typed as a price, in minor units, or null if it is not one: "8.99", "8,99",
 * "1,234.50", "1.234,50" and "9" all read as a person means them. Never through float rounding.
 */
export function parseMoneyInput(text: string, currency: string): number | null {
  const digits = fractionDigits(currency);
  const cleaned = text.trim().replace(/[\s$€£]/g, '');
  if (!/^\d[\d.,]*$/.test(cleaned)) return null;
  const lastSep = Math.max(cleaned.lastIndexOf('.'), cleaned.lastIndexOf(','));
  let whole = cleaned;
  let fraction = '';
  if (lastSep >= 0 && cleaned.length - lastSep - 1 <= digits && cleaned.length - lastSep - 1 > 0) {
    whole = cleaned.slice(0, lastSep);
    fraction = cleaned.slice(lastSep + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole) || whole.length > 12) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
