import { z } from 'zod';
import { type CountryCode, isCountryCode } from './phone';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export const storeSettingsSchema = z.strictObject({
  storeName: z.string('invalid').trim().min(1, 'required').max(100, 'too_long'),
  country: z.string('invalid').refine(isCountryCode, 'invalid_country'),
  currency: z.string('invalid').regex(/^[A-Z]{3}$/, 'invalid_currency'),
  locale: z.string('invalid').max(35, 'too_long').refine(isLocale, 'invalid_locale'),
  timeZone: z.string('invalid').max(64, 'too_long').refine(isTimeZone, 'invalid_time_zone'),
  /** Loyalty rule: points earned per whole currency unit paid (0 turns earning off). */
  loyaltyPointsPerUnit: z.number('invalid').int('invalid').min(0, 'invalid').max(1000, 'too_large'),
  /** Loyalty rule: what one point is worth when redeemed, in minor units (0 turns redeeming off). */
  loyaltyPointValueMinor: z.number('invalid').int('invalid').min(0, 'invalid').max(100_000, 'too_large'),
  /** Minutes without a touch before the screen locks and asks for the PIN again (0: never). */
  lockAfterMinutes: z.number('invalid').int('invalid').min(0, 'invalid').max(240, 'too_large'),
});
export type StoreSettings = Omit<z.infer<typeof storeSettingsSchema>, 'country'> & { country: CountryCode };

export const DEFAULT_STORE_SETTINGS: StoreSettings = {
  storeName: 'Clientela',
  country: 'PA',
  currency: 'USD',
  locale: 'es-PA',
  timeZone: 'America/Panama',
  loyaltyPointsPerUnit: 1,
  loyaltyPointValueMinor: 1,
  lockAfterMinutes: 5,
};
