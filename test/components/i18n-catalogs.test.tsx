import { en } from '../../renderer/i18n/en';
import { es } from '../../renderer/i18n/es';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('Spanish and English have exactly the same keys', () => {
    expect(keys(es).sort()).toEqual(keys(en).sort());
  });

  it('no Spanish string is left in English', () => {
    const same = keys(es).filter((k) => {
      const get = (o: unknown) => k.split('.').reduce<unknown>((acc, part) => (acc as Record<string, unknown>)[part], o);
      return (
        get(es) === get(en) &&
        !/^(app\.name|language\.|fields\.none|details\.no$|conditions\.no$|details\.smsConsent|consent\.notGranted|checkout\.(sub)?total$|products\.sku$|contactChannels\.(sms|whatsapp)$|twilio\.(title|accountSid|authToken)$)/.test(
          k,
        )
      );
    });
    expect(same).toEqual([]);
  });
});
