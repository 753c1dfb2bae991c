import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorData, setUnauthenticatedHandler } from './api/client';
import { FirstRunScreen } from './auth/FirstRunScreen';
import { SignInScreen } from './auth/SignInScreen';
import { AppShell } from './shell/AppShell';
import { useAppStore } from './stores/app-store';

/** Load the store's settings and who is signed in here, then: first run, sign-in (or lock) screen, or the shell. */
export function App() {
  const { t } = useTranslation();
  const info = useAppStore((s) => s.info);
  const auth = useAppStore((s) => s.auth);
  const setInfo = useAppStore((s) => s.setInfo);
  const setAuth = useAppStore((s) => s.setAuth);
  const setSync = useAppStore((s) => s.setSync);
  const [failure, setFailure] = useState<string | null>(null);
  const signedIn = auth?.state === 'signedIn';

  const load = useCallback(() => {
    setFailure(null);
    Promise.all([api.invoke('app.info', {}), api.invoke('auth.status', {})])
      .then(([appInfo, status]) => {
        setInfo(appInfo);
        setAuth(status);
      })
      .catch((error: unknown) => {
        const data = errorData(error);
        setFailure(data.message === 'NETWORK' ? 'NETWORK' : data.code);
      });
  }, [setInfo, setAuth]);

  useEffect(() => {
    load();
    // Locked in another tab, or this user deactivated: main refuses, and the screen follows.
    setUnauthenticatedHandler(() => {
      api
        .invoke('auth.status', {})
        .then(setAuth)
        .catch(() => {});
    });
    return () => setUnauthenticatedHandler(null);
  }, [load, setAuth]);

  useEffect(() => {
    if (!signedIn) return;
    api
      .invoke('sync.status', {})
      .then(setSync)
      .catch(() => {});
    return api.subscribe('sync.status', setSync);
  }, [signedIn, setSync]);

  if (failure) {
    return (
      <div className="splash" role="alert">
        <h1>{t('app.failed')}</h1>
        <p>{t(`errors.${failure}`)}</p>
        <button type="button" className="button-primary" onClick={load}>
          {t('app.retry')}
        </button>
      </div>
    );
  }
  if (!info || !auth)
    return (
      <div className="splash" aria-busy="true">
        {t('app.loading')}
      </div>
    );
  if (auth.state === 'setup') return <FirstRunScreen />;
  // Keyed by user: the lock screen of one user is not the sign-in screen of the next.
  if (!signedIn) return <SignInScreen key={`${auth.state}:${auth.user?.id ?? ''}`} />;
  return <AppShell key={auth.user?.id} />;
}
