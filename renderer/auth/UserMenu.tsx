import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAppStore } from '../stores/app-store';
import { ChangePinDialog } from './ChangePinDialog';
import { roleLabel } from './SignInScreen';

/** Who is at the till, their own PIN, and the two ways to leave it: switch user, or lock until the PIN. */
export function UserMenu() {
  const { t } = useTranslation();
  const user = useAppStore((s) => s.auth?.user);
  const setAuth = useAppStore((s) => s.setAuth);
  const [changingPin, setChangingPin] = useState(false);
  if (!user) return null;
  return (
    <div className="user-menu" data-testid="user-menu">
      <span className="user-who">
        <strong data-testid="user-name">{user.name}</strong>
        <span className="user-role" data-testid="user-role">
          {roleLabel(t, user)}
        </span>
      </span>
      <button
        type="button"
        className="button-secondary button-small"
        onClick={() => setChangingPin(true)}
        data-testid="change-pin-open"
      >
        {t('auth.changePin')}
      </button>
      <button
        type="button"
        className="button-secondary button-small"
        onClick={() => void api.invoke('auth.signOut', {}).then(setAuth)}
        data-testid="switch-user"
      >
        {t('auth.switchUser')}
      </button>
      <button
        type="button"
        className="button-secondary button-small"
        onClick={() => void api.invoke('auth.lock', {}).then(setAuth)}
        data-testid="lock-now"
      >
        {t('auth.lock')}
      </button>
      {changingPin ? <ChangePinDialog onClose={() => setChangingPin(false)} /> : null}
    </div>
  );
}
