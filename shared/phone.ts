import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type { CountryCode };

export interface ParsedPhone {
  /** E.164, e.g. +50761234567 */
  e164: string;
  /** The number as typed, kept for the record. */
  raw: string;
}

export function isCountryCode(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

/**
 * Parse a phone as a cashier types it, using the store's country for numbers
 * without a country code. Returns null when it is not a valid number.
 */
export function parsePhone(raw: string, defaultCountry: CountryCode): Readonly<ParsedPhone> | null {
  // One save reads the same phone several times (rules, columns, duplicate probe): parse it once.
  if (raw === last.raw && defaultCountry === last.country) return last.parsed;
  const found = parseUncached(raw, defaultCountry);
  const parsed = found && Object.freeze(found);
  last = { raw, country: defaultCountry, parsed };
  return parsed;
}

let last: { raw: string; country: CountryCode | null; parsed: Readonly<ParsedPhone> | null } = {
  raw: '',
  country: null,
  parsed: null,
};

function parseUncached(raw: string, defaultCountry: CountryCode): ParsedPhone | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  // "00" is the international prefix in most of Latin America and Europe.
  const normalised = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const phone = parsePhoneNumberFromString(normalised, defaultCountry);
  if (!phone?.isValid()) return null;
  return { e164: phone.number, raw: trimmed };
}

/** Display form: national for the store's own country, international otherwise. */
export function formatPhone(e164: string, storeCountry: CountryCode): string {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  return phone.country === storeCountry ? phone.formatNational() : phone.formatInternational();
}
