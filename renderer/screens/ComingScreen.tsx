import { useTranslation } from 'react-i18next';
import type { Screen } from '../stores/app-store';

/** Sections a later release owns say so plainly instead of pretending. */
export function ComingScreen({
  screen,
}: {
  screen: Exclude<Screen, 'checkout' | 'customers' | 'products' | 'duplicates' | 'settings'>;
}) {
  const { t } = useTranslation();
  return (
    <section className="coming" data-testid={`screen-${screen}`}>
      <h1>{t(`nav.${screen}`)}</h1>
      <p className="coming-badge">{t('coming.title')}</p>
      <p>{t(`coming.${screen}`)}</p>
    </section>
  );
}
