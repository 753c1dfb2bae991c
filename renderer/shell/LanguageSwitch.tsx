import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, rememberLanguage } from '../i18n';
import { useAppStore } from '../stores/app-store';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const language = useAppStore((s) => s.language);
  const setLanguage = useAppStore((s) => s.setLanguage);
  const choose = (next: Language) => {
    rememberLanguage(next);
    setLanguage(next);
    document.documentElement.lang = next;
    void i18n.changeLanguage(next);
  };
  return (
    <fieldset className="language-switch" aria-label={t('language.label')}>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={language === code}
          data-testid={`language-${code}`}
          onClick={() => choose(code)}
        >
          {t(`language.${code}`)}
        </button>
      ))}
    </fieldset>
  );
}
