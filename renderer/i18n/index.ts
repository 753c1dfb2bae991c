import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { moneyLocale } from '../format';
import { useAppStore } from '../stores/app-store';
import { en } from './en';
import { es } from './es';

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'clientela.language';

export function savedLanguage(fallbackLocale: string): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'es' || stored === 'en') return stored;
  return fallbackLocale.toLowerCase().startsWith('en') ? 'en' : 'es';
}

export function rememberLanguage(language: Language): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
}

/** One i18next instance for the app; Spanish first, English beside it. */
export async function initI18n(language: Language) {
  await i18next.use(initReactI18next).init({
    resources: { es: { translation: es }, en: { translation: en } },
    lng: language,
    fallbackLng: 'es',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // "{{count, number}}" in a text is written as the store's locale writes numbers, as money and
  // figures are (renderer/format.ts), once the store's settings are known: "13,914 cambios" in an
  // es-PA store, where Spanish alone would write "13.914".
  i18next.services.formatter?.add('number', (value, lng, options) => {
    const settings = useAppStore.getState().info?.settings;
    return new Intl.NumberFormat(settings ? moneyLocale(settings) : lng, options).format(value);
  });
  return i18next;
}
