import { useTranslation } from 'react-i18next';

/** "Panamá" / "Panama", for messages such as "not a valid phone number for Panama". */
export function useCountryName(country: string): string {
  const { i18n } = useTranslation();
  try {
    return new Intl.DisplayNames([i18n.language], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}
