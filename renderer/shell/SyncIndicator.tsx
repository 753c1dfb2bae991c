import { useTranslation } from 'react-i18next';
import { useAppStore } from '../stores/app-store';

/** Always visible: are we connected, and how many changes wait to be sent. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const sync = useAppStore((s) => s.sync);
  if (!sync) return null;
  const state = !sync.configured ? 'notConfigured' : !sync.online ? 'offline' : sync.pending > 0 ? 'onlinePending' : 'online';
  const label = state === 'online' ? t('sync.online') : t(`sync.${state}`, { count: sync.pending });
  return (
    <output className={`sync sync-${state}`} data-testid="sync-status" aria-live="polite" title={label}>
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-label" data-testid="sync-label">
        {label}
      </span>
      <span className="sync-label-short">{t(`sync.short.${state}`, { count: sync.pending })}</span>
    </output>
  );
}
