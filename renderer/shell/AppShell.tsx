import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../shared/permissions';
import { api } from '../api/client';
import { UserMenu } from '../auth/UserMenu';
import { useIdleLock } from '../auth/use-idle-lock';
import { CheckoutScreen } from '../screens/CheckoutScreen';
import { ComingScreen } from '../screens/ComingScreen';
import { CustomersScreen } from '../screens/CustomersScreen';
import { ProductsScreen } from '../screens/ProductsScreen';
import { DuplicatesScreen } from '../screens/DuplicatesScreen';
import { SettingsScreen } from '../screens/SettingsScreen';
import { effectiveRole, type Screen, useAppStore } from '../stores/app-store';
import { can } from '../../shared/permissions';
import { Icon } from './Icon';
import { LanguageSwitch } from './LanguageSwitch';
import { SyncIndicator } from './SyncIndicator';

/** Each screen and what it takes to see it (main enforces every call anyway). */
const SCREENS: [Screen, Permission[]][] = [
  ['checkout', ['checkout.sell']],
  ['customers', ['customers.read']],
  ['duplicates', ['customers.manage']],
  ['products', ['products.manage']],
  ['campaigns', ['customers.manage']],
  ['settings', ['settings.manage', 'customers.manage']],
];

export function AppShell() {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const storeName = useAppStore((s) => s.info?.settings.storeName);
  const role = useAppStore((s) => effectiveRole(s.auth));
  const setAuth = useAppStore((s) => s.setAuth);
  const lockAfterMinutes = useAppStore((s) => s.auth?.lockAfterMinutes ?? 0);
  const visible = SCREENS.filter(([, needs]) => role !== null && needs.some((p) => can(role, p))).map(([id]) => id);
  const shown = visible.includes(screen) ? screen : visible.includes('customers') ? 'customers' : visible[0];

  useEffect(() => {
    if (shown && shown !== screen) setScreen(shown);
  }, [shown, screen, setScreen]);
  useIdleLock(
    lockAfterMinutes,
    useCallback(() => {
      void api.invoke('auth.lock', {}).then(setAuth);
    }, [setAuth]),
    // Main times the session too: a touch with no call (typing a long form) tells it someone is here.
    useCallback(() => {
      api
        .invoke('auth.touch', {})
        .then((status) => {
          if (status.state !== 'signedIn') setAuth(status);
        })
        .catch(() => {});
    }, [setAuth]),
  );
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
          <UserMenu />
        </div>
      </header>
      <nav className="sidebar" aria-label={t('nav.main')}>
        {visible.map((id) => (
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
        {shown !== screen ? null : screen === 'checkout' ? (
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
