import { useTranslation } from 'react-i18next';
import { DEFAULT_STORE_SETTINGS } from '../../shared/settings';
import { dateLocale, type Locales, moneyLocale } from '../format';
import { useAppStore } from '../stores/app-store';

/** The locales this screen formats dates and money with, from the store's settings and the screen's language. */
export function useLocales(): Locales {
  const { i18n } = useTranslation();
  const settings = useAppStore((s) => s.info?.settings) ?? DEFAULT_STORE_SETTINGS;
  return { date: dateLocale(i18n.language, settings), money: moneyLocale(settings) };
}
