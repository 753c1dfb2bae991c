import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addUserInput, USER_ROLES, type User, type UserRole } from '../../shared/auth';
import type { FieldErrors } from '../../shared/errors';
import { zodFieldErrors } from '../../shared/validation';
import { api, errorData } from '../api/client';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { fieldsOrFailure } from '../forms/zod-form-resolver';
import { formatDateTime } from '../format';
import { useLocales } from '../i18n/use-locales';
import { useAppStore } from '../stores/app-store';
import { PinPad } from './PinPad';
import { roleLabel } from './SignInScreen';

type Editing = { kind: 'new' } | { kind: 'edit'; user: User } | { kind: 'pin'; user: User } | null;

/** Settings > Users (admin): who may sign in on this device, with which role, and their PINs. */
export function UsersCard() {
  const { t } = useTranslation();
  const settings = useAppStore((s) => s.info?.settings);
  const locales = useLocales();
  const me = useAppStore((s) => s.auth?.user?.id);
  const [users, setUsers] = useState<User[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api
      .invoke('users.list', {})
      .then(setUsers)
      .catch(() => {});
  }, []);
  useEffect(load, [load]);

  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    load();
  };

  const setActive = async (user: User, active: boolean) => {
    setNotice(null);
    setRowErrors({});
    try {
      await api.invoke(active ? 'users.reactivate' : 'users.deactivate', { id: user.id });
      done(t(active ? 'users.reactivated' : 'users.deactivated', { name: user.name }));
    } catch (error) {
      const data = errorData(error);
      setRowErrors({ [user.id]: data.fields?.active ?? data.code });
    }
  };

  return (
    <section className="card" data-testid="users-card">
      <div className="toolbar">
        <h2>{t('users.title')}</h2>
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setEditing({ kind: 'new' });
            setNotice(null);
          }}
          data-testid="user-new"
        >
          + {t('users.add')}
        </button>
      </div>
      {notice ? (
        <p className="notice" role="status" data-testid="users-notice">
          {notice}
        </p>
      ) : null}
      {editing?.kind === 'new' || editing?.kind === 'edit' ? (
        <UserForm
          user={editing.kind === 'edit' ? editing.user : null}
          onCancel={() => setEditing(null)}
          onSaved={(user) => done(t('users.saved', { name: user.name }))}
        />
      ) : null}
      {editing?.kind === 'pin' ? (
        <ResetPinForm
          user={editing.user}
          onCancel={() => setEditing(null)}
          onSaved={() => done(t('users.pinReset', { name: editing.user.name }))}
        />
      ) : null}
      <table className="groups-table users-table">
        <thead>
          <tr>
            <th>{t('users.name')}</th>
            <th>{t('users.role')}</th>
            <th>{t('users.state')}</th>
            <th>
              <span className="visually-hidden">{t('users.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const lockedUntil = user.lockedUntil && Date.parse(user.lockedUntil) > Date.now() ? user.lockedUntil : null;
            return (
              <tr key={user.id} data-testid="user-row" className={user.active ? undefined : 'row-inactive'}>
                <td>
                  {user.name}
                  {user.id === me ? <span className="chip">{t('users.you')}</span> : null}
                </td>
                <td>{roleLabel(t, user)}</td>
                <td>
                  {!user.active
                    ? t('users.inactive')
                    : lockedUntil && settings
                      ? t('users.lockedUntil', { time: formatDateTime(lockedUntil, locales.date, settings.timeZone) })
                      : t('users.active')}
                  {rowErrors[user.id] ? (
                    <p className="field-error" role="alert">
                      {t(`errors.${rowErrors[user.id]}`)}
                    </p>
                  ) : null}
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setEditing({ kind: 'edit', user })}
                    data-testid="user-edit"
                  >
                    {t('users.edit')}
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setEditing({ kind: 'pin', user })}
                    data-testid="user-reset-pin"
                  >
                    {t('users.resetPin')}
                  </button>
                  <button
                    type="button"
                    className={user.active ? 'link-button link-danger' : 'link-button'}
                    onClick={() => void setActive(user, !user.active)}
                    data-testid={user.active ? 'user-deactivate' : 'user-reactivate'}
                  >
                    {user.active ? t('users.deactivate') : t('users.reactivate')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function UserForm({ user, onCancel, onSaved }: { user: User | null; onCancel(): void; onSaved(user: User): void }) {
  const { t } = useTranslation();
  const pinId = useId();
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<UserRole>(user?.role ?? 'cashier');
  const [readOnly, setReadOnly] = useState(user?.readOnly ?? false);
  const [pin, setPin] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!user) {
      const parsed = addUserInput.safeParse({ name, role, readOnly, pin });
      const found = parsed.success ? {} : zodFieldErrors(parsed.error);
      setErrors(found);
      if (Object.keys(found).length > 0) return;
    }
    setBusy(true);
    try {
      const saved = user
        ? await api.invoke('users.update', { id: user.id, name, role, readOnly })
        : await api.invoke('users.add', { name, role, readOnly, pin });
      onSaved(saved);
    } catch (error) {
      const shown = fieldsOrFailure(errorData(error));
      setErrors(shown.fields);
      setFailure(shown.failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="user-form">
      <h3>{user ? t('users.editTitle', { name: user.name }) : t('users.add')}</h3>
      <div className="form-grid">
        <Field label={t('users.name')} error={errors.name}>
          {(a) => <input {...a} value={name} onChange={(e) => setName(e.target.value)} data-testid="user-name-input" />}
        </Field>
        <Field label={t('users.role')} error={errors.role}>
          {(a) => (
            <select {...a} value={role} onChange={(e) => setRole(e.target.value as UserRole)} data-testid="user-role-input">
              {USER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className={`field${errors.readOnly ? ' has-error' : ''}`}>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={readOnly}
              onChange={(e) => setReadOnly(e.target.checked)}
              data-testid="user-readonly-input"
            />
            {t('users.readOnlyExplain')}
          </label>
          {errors.readOnly ? (
            <p className="field-error" role="alert">
              {t(`errors.${errors.readOnly}`)}
            </p>
          ) : null}
        </div>
        {user ? null : (
          <div className={`field${errors.pin ? ' has-error' : ''}`}>
            <label htmlFor={pinId}>{t('auth.pinNew')}</label>
            <PinPad id={pinId} value={pin} onChange={setPin} invalid={Boolean(errors.pin)} testId="user-pin-input" />
            {errors.pin ? (
              <p className="field-error" role="alert">
                {t(`errors.${errors.pin}`)}
              </p>
            ) : null}
          </div>
        )}
      </div>
      <FormActions failure={failure} onCancel={onCancel} submitLabel={t('details.save')} submitTestId="user-save" busy={busy} />
    </form>
  );
}

function ResetPinForm({ user, onCancel, onSaved }: { user: User; onCancel(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await api.invoke('users.resetPin', { id: user.id, pin });
      onSaved();
    } catch (e) {
      const data = errorData(e);
      setError(data.fields?.pin ?? data.code);
    }
  };
  return (
    <form className="subform" onSubmit={submit} noValidate data-testid="reset-pin-form">
      <h3>{t('users.resetPinTitle', { name: user.name })}</h3>
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor={id}>{t('auth.pinNew')}</label>
        <PinPad id={id} value={pin} onChange={setPin} invalid={Boolean(error)} testId="reset-pin-input" />
        {error ? (
          <p className="field-error" role="alert">
            {t(`errors.${error}`)}
          </p>
        ) : null}
      </div>
      <FormActions onCancel={onCancel} submitLabel={t('users.resetPin')} submitTestId="reset-pin-save" />
    </form>
  );
}
