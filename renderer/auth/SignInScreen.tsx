import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMO_USERS, type UserTile } from '../../shared/auth';
import { api, errorData } from '../api/client';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { useAppStore } from '../stores/app-store';
import { PinPad } from './PinPad';

type Problem = { kind: 'wrong'; left: number } | { kind: 'locked'; until: number } | { kind: 'code'; code: string };

/**
 * Sign in by choosing a user and typing the PIN. Locked: the same screen, that user chosen; they
 * type their PIN, or "Another user" signs in instead (switching the till to them).
 */
export function SignInScreen() {
  const { t } = useTranslation();
  const auth = useAppStore((s) => s.auth);
  const setAuth = useAppStore((s) => s.setAuth);
  const [users, setUsers] = useState<UserTile[] | null>(null);
  const [chosen, setChosen] = useState<UserTile | null>(auth?.state === 'locked' ? auth.user : null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    api
      .invoke('auth.users', {})
      .then(setUsers)
      .catch((error: unknown) => setFailure(errorData(error).code));
  }, []);

  const locked = auth?.state === 'locked' && chosen?.id === auth.user?.id;
  return (
    <div className="auth-screen" data-testid={locked ? 'lock-screen' : 'sign-in'}>
      <div className="auth-top">
        <LanguageSwitch />
      </div>
      <div className="auth-card">
        <span className="brand-mark auth-mark" aria-hidden="true">
          C
        </span>
        {chosen ? (
          <PinForm user={chosen} locked={locked} onBack={() => setChosen(null)} onSignedIn={setAuth} />
        ) : (
          <>
            <h1>{t('auth.whoIsIt')}</h1>
            {failure ? (
              <p className="form-error" role="alert">
                {t(`errors.${failure}`)}
              </p>
            ) : null}
            <ul className="user-tiles" aria-busy={users === null}>
              {(users ?? []).map((user) => (
                <li key={user.id}>
                  <button type="button" className="user-tile" onClick={() => setChosen(user)} data-testid="user-tile">
                    <span className="user-avatar" aria-hidden="true">
                      {user.name.slice(0, 1).toUpperCase()}
                    </span>
                    <span className="user-tile-name">{user.name}</span>
                    <span className="user-tile-role">{roleLabel(t, user)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        {auth?.demo ? (
          <aside className="demo-hint" data-testid="demo-hint">
            <strong>{t('auth.demoTitle')}</strong>
            <ul>
              {DEMO_USERS.map((u) => (
                <li key={u.name}>{t('auth.demoUser', { name: u.name, role: roleLabel(t, u), pin: u.pin })}</li>
              ))}
            </ul>
          </aside>
        ) : null}
      </div>
    </div>
  );
}

export function roleLabel(t: (key: string) => string, user: { role: string; readOnly: boolean }): string {
  return user.readOnly ? `${t(`roles.${user.role}`)} · ${t('roles.readOnly')}` : t(`roles.${user.role}`);
}

function PinForm({
  user,
  locked,
  onBack,
  onSignedIn,
}: {
  user: UserTile;
  locked: boolean;
  onBack(): void;
  onSignedIn(status: Awaited<ReturnType<typeof api.invoke<'auth.signIn'>>>): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [now, setNow] = useState(Date.now());
  const waitSeconds = problem?.kind === 'locked' ? Math.max(0, Math.ceil((problem.until - now) / 1000)) : 0;

  useEffect(() => {
    if (problem?.kind !== 'locked') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [problem]);
  useEffect(() => {
    if (problem?.kind === 'locked' && waitSeconds === 0) setProblem(null);
  }, [problem, waitSeconds]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pin === '' || busy || waitSeconds > 0) return;
    setBusy(true);
    try {
      onSignedIn(await api.invoke('auth.signIn', { userId: user.id, pin }));
    } catch (error) {
      const data = errorData(error);
      setPin('');
      if (data.code === 'WRONG_PIN') setProblem({ kind: 'wrong', left: data.attemptsLeft ?? 0 });
      else if (data.code === 'LOCKED' && data.retryAt) {
        setNow(Date.now());
        setProblem({ kind: 'locked', until: Date.parse(data.retryAt) });
      } else setProblem({ kind: 'code', code: data.fields?.pin ?? data.code });
    } finally {
      setBusy(false);
    }
  };

  const message =
    problem?.kind === 'wrong'
      ? t('auth.wrongPin', { count: problem.left })
      : problem?.kind === 'locked'
        ? t('auth.lockedOut', { count: waitSeconds })
        : problem?.kind === 'code'
          ? t(`errors.${problem.code}`)
          : null;
  return (
    <form onSubmit={submit} noValidate className="pin-form">
      <h1>{locked ? t('auth.lockedTitle', { name: user.name }) : t('auth.hello', { name: user.name })}</h1>
      <p className="auth-hint">{roleLabel(t, user)}</p>
      <div className={`field${message ? ' has-error' : ''}`}>
        <label htmlFor={id}>{t('auth.pin')}</label>
        <PinPad
          id={id}
          value={pin}
          onChange={(value) => {
            setPin(value);
            if (problem?.kind !== 'locked') setProblem(null);
          }}
          disabled={busy || waitSeconds > 0}
          invalid={Boolean(message)}
          describedBy={message ? `${id}-error` : undefined}
          autoFocus
        />
        {message ? (
          <p className="field-error" id={`${id}-error`} role="alert" data-testid="sign-in-error">
            {message}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        className="button-primary auth-submit"
        disabled={busy || pin === '' || waitSeconds > 0}
        data-testid="sign-in-submit"
      >
        {locked ? t('auth.unlock') : t('auth.signIn')}
      </button>
      <button type="button" className="link-button" onClick={onBack} data-testid="another-user">
        {t('auth.anotherUser')}
      </button>
    </form>
  );
}
