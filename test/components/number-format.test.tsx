import i18next from 'i18next';
import type { AppInfo } from '../../shared/contract';
import { DEFAULT_STORE_SETTINGS } from '../../shared/settings';
import { initI18n } from '../../renderer/i18n';
import { useAppStore } from '../../renderer/stores/app-store';

const withStoreLocale = (locale: string) =>
  useAppStore.setState({ info: { settings: { ...DEFAULT_STORE_SETTINGS, locale } } as unknown as AppInfo });

afterEach(() => useAppStore.setState({ info: null }));

describe("numbers inside the screen's texts", () => {
  it("are written as the store's locale writes them, in either language", async () => {
    await initI18n('es');
    withStoreLocale('es-PA');
    expect(i18next.t('customers.count', { count: 13914 })).toBe('13,914 clientes');
    withStoreLocale('es-EC');
    await i18next.changeLanguage('en');
    expect(i18next.t('customers.count', { count: 13914 })).toBe('13.914 customers');
  });

  it("follow the screen's language until the store's settings are known", async () => {
    await initI18n('en');
    expect(i18next.t('customers.count', { count: 13914 })).toBe('13,914 customers');
    await i18next.changeLanguage('es');
    expect(i18next.t('customers.count', { count: 13914 })).toBe('13.914 clientes');
  });
});
