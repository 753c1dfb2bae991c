import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorData } from './api/client';
import { AppShell } from './shell/AppShell';
import { useAppStore } from './stores/app-store';

/** Load what every screen needs (store settings, sync status), then show the shell. */
export function App() {
  const { t } = useTranslation();
  const info = useAppStore((s) => s.info);
  const setInfo = useAppStore((s) => s.setInfo);
  const setSync = useAppStore((s) => s.setSync);
  const [failure, setFailure] = useState<string | null>(null);

  const load = useCallback(() => {
    setFailure(null);
    Promise.all([api.invoke('app.info', {}), api.invoke('sync.status', {})])
      .then(([appInfo, sync]) => {
        setInfo(appInfo);
        setSync(sync);
      })
      .catch((error: unknown) => {
        const data = errorData(error);
        setFailure(data.message === 'NETWORK' ? 'NETWORK' : data.code);
      });
  }, [setInfo, setSync]);

  useEffect(() => {
    load();
    return api.subscribe('sync.status', setSync);
  }, [load, setSync]);

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
  if (!info)
    return (
      <div className="splash" aria-busy="true">
        {t('app.loading')}
      </div>
    );
  return <AppShell />;
}
