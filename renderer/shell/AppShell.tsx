import { useTranslation } from 'react-i18next';
import { CheckoutScreen } from '../screens/CheckoutScreen';
import { ComingScreen } from '../screens/ComingScreen';
import { CustomersScreen } from '../screens/CustomersScreen';
import { ProductsScreen } from '../screens/ProductsScreen';
import { DuplicatesScreen } from '../screens/DuplicatesScreen';
import { SettingsScreen } from '../screens/SettingsScreen';
import { type Screen, useAppStore } from '../stores/app-store';
import { Icon } from './Icon';
import { LanguageSwitch } from './LanguageSwitch';
import { SyncIndicator } from './SyncIndicator';

const SCREENS: Screen[] = ['checkout', 'customers', 'duplicates', 'products', 'campaigns', 'settings'];

export function AppShell() {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const storeName = useAppStore((s) => s.info?.settings.storeName);
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            C
          </span>
          <span className="brand-name">{t('app.name')}</span>
          {storeName && storeName !== t('app.name') ? <span className="store-name">{storeName}</span> : null}
        </div>
        <div className="topbar-right">
          <SyncIndicator />
          <LanguageSwitch />
        </div>
      </header>
      <nav className="sidebar" aria-label={t('nav.main')}>
        {SCREENS.map((id) => (
          <button
            key={id}
            type="button"
            className="nav-item"
            aria-current={screen === id ? 'page' : undefined}
            data-testid={`nav-${id}`}
            onClick={() => setScreen(id)}
          >
            <Icon name={id} />
            {t(`nav.${id}`)}
          </button>
        ))}
      </nav>
      <main className="content">
        {screen === 'checkout' ? (
          <CheckoutScreen />
        ) : screen === 'customers' ? (
          <CustomersScreen />
        ) : screen === 'products' ? (
          <ProductsScreen />
        ) : screen === 'duplicates' ? (
          <DuplicatesScreen />
        ) : screen === 'settings' ? (
          <SettingsScreen />
        ) : (
          <ComingScreen screen={screen} />
        )}
      </main>
    </div>
  );
}
