import { dateLocale, formatDateTime, formatMoney, moneyLocale } from '../../renderer/format';
import { DEFAULT_STORE_SETTINGS, type StoreSettings } from '../../shared/settings';

// Money follows the store's locale exactly; dates speak the screen's language with the store's region.
const store = (locale: string, country: StoreSettings['country']): StoreSettings => ({
  ...DEFAULT_STORE_SETTINGS,
  locale,
  country,
});
/** ICU writes a narrow no-break space before "PM" in some versions. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
const at = '2026-12-06T20:14:00Z';

describe('the locales screens format with', () => {
  it("writes money as the store's locale does, on a Spanish or an English screen", () => {
    const ecuador = store('es-EC', 'EC');
    expect(plain(formatMoney(123450, 'USD', moneyLocale(ecuador)))).toBe('$1.234,50');
    const panama = store('es-PA', 'PA');
    expect(plain(formatMoney(123450, 'USD', moneyLocale(panama)))).toBe('$1,234.50');
  });

  it("writes dates in the screen's language, in the store's region", () => {
    const panama = store('es-PA', 'PA');
    expect(plain(formatDateTime(at, dateLocale('es', panama), 'UTC'))).toBe('12/06/2026, 8:14 p. m.');
    expect(plain(formatDateTime(at, dateLocale('en', panama), 'UTC'))).toBe('Dec 6, 2026, 8:14 PM');
    expect(dateLocale('en', panama)).toBe('en-PA');
  });

  it("takes the store's country when its locale names no region", () => {
    expect(dateLocale('en', store('es', 'CO'))).toBe('en-CO');
    expect(dateLocale('es', store('es', 'CO'))).toBe('es-CO');
  });
});
