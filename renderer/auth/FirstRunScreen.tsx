import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setupInput } from '../../shared/auth';
import type { FieldErrors } from '../../shared/errors';
import { zodFieldErrors } from '../../shared/validation';
import { api, errorData } from '../api/client';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { fieldsOrFailure } from '../forms/zod-form-resolver';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { useAppStore } from '../stores/app-store';
import { PinPad } from './PinPad';

/** First run: whoever sets up the device becomes its admin (name and PIN, typed twice). */
export function FirstRunScreen() {
  const { t } = useTranslation();
  const setAuth = useAppStore((s) => s.setAuth);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinId = useId();
  const confirmId = useId();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const parsed = setupInput.safeParse({ name, pin });
    const found: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error);
    if (confirm !== pin && !found.pin) found.confirm = 'pin_mismatch';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      setAuth(await api.invoke('auth.setup', { name, pin }));
    } catch (error) {
      const shown = fieldsOrFailure(errorData(error));
      setErrors(shown.fields);
      setFailure(shown.failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-screen" data-testid="first-run">
      <div className="auth-top">
        <LanguageSwitch />
      </div>
      <form className="auth-card" onSubmit={submit} noValidate>
        <span className="brand-mark auth-mark" aria-hidden="true">
          C
        </span>
        <h1>{t('auth.firstRunTitle')}</h1>
        <p className="auth-hint">{t('auth.firstRunExplain')}</p>
        <Field label={t('auth.name')} error={errors.name}>
          {(a) => (
            <input
              {...a}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              data-testid="first-run-name"
              // biome-ignore lint/a11y/noAutofocus: the first thing to type on the first screen.
              autoFocus
            />
          )}
        </Field>
        <div className={`field${errors.pin ? ' has-error' : ''}`}>
          <label htmlFor={pinId}>{t('auth.pinNew')}</label>
          <PinPad
            id={pinId}
            value={pin}
            onChange={setPin}
            invalid={Boolean(errors.pin)}
            describedBy={errors.pin ? `${pinId}-error` : undefined}
            testId="first-run-pin"
          />
          {errors.pin ? (
            <p className="field-error" id={`${pinId}-error`} role="alert">
              {t(`errors.${errors.pin}`)}
            </p>
          ) : null}
        </div>
        <div className={`field${errors.confirm ? ' has-error' : ''}`}>
          <label htmlFor={confirmId}>{t('auth.pinConfirm')}</label>
          <input
            id={confirmId}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value.replace(/\D/g, ''))}
            aria-invalid={Boolean(errors.confirm)}
            className="pin-input"
            data-testid="first-run-confirm"
          />
          {errors.confirm ? (
            <p className="field-error" role="alert">
              {t(`errors.${errors.confirm}`)}
            </p>
          ) : null}
        </div>
        <FormActions failure={failure} submitLabel={t('auth.createAdmin')} submitTestId="first-run-submit" busy={busy} wide />
      </form>
    </div>
  );
}
