import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changePinInput, PIN_MAX } from '../../shared/auth';
import type { FieldErrors } from '../../shared/errors';
import { zodFieldErrors } from '../../shared/validation';
import { api, errorData } from '../api/client';
import { FormActions } from '../forms/FormActions';
import { useAppStore } from '../stores/app-store';
import { PinKeys } from './PinPad';

const FIELDS = ['currentPin', 'newPin', 'confirmPin'] as const;
type PinField = (typeof FIELDS)[number];
const EMPTY: Record<PinField, string> = { currentPin: '', newPin: '', confirmPin: '' };

/**
 * Anyone signed in changes their own PIN: the current one, then the new one twice. One keypad
 * types into the field in focus; errors sit under their field.
 */
export function ChangePinDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const inputs = useRef<Partial<Record<PinField, HTMLInputElement | null>>>({});
  const setAuth = useAppStore((s) => s.setAuth);
  const [values, setValues] = useState(EMPTY);
  const [active, setActive] = useState<PinField>('currentPin');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attemptsLeft, setAttemptsLeft] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => element?.close?.();
  }, []);

  const change = (field: PinField, value: string) => {
    setValues((v) => ({ ...v, [field]: value.replace(/\D/g, '').slice(0, PIN_MAX) }));
    setErrors((e) => {
      const { [field]: _, ...rest } = e;
      return rest;
    });
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setAttemptsLeft(null);
    const parsed = changePinInput.safeParse(values);
    const found = parsed.success ? {} : zodFieldErrors(parsed.error);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.invoke('auth.changePin', values);
      setDone(true);
    } catch (error) {
      const data = errorData(error);
      setErrors(data.fields ?? {});
      if (data.code === 'WRONG_PIN') {
        setAttemptsLeft(data.attemptsLeft ?? null);
        setValues((v) => ({ ...v, currentPin: '' }));
        setActive('currentPin');
        inputs.current.currentPin?.focus();
      } else if (data.code === 'LOCKED') {
        // Locked out: the till locks too, and the lock screen takes over.
        api
          .invoke('auth.status', {})
          .then(setAuth)
          .catch(() => {});
      } else if (!data.fields) setFailure(data.code);
    } finally {
      setBusy(false);
    }
  };

  const messageFor = (field: PinField) => {
    const key = errors[field];
    if (!key) return null;
    if (field === 'currentPin' && key === 'wrong_pin' && attemptsLeft !== null)
      return t('auth.wrongPin', { count: attemptsLeft });
    return t(`errors.${key}`, { defaultValue: t('errors.invalid') });
  };

  return (
    <dialog
      ref={dialog}
      className="dialog change-pin"
      aria-labelledby={`${id}-title`}
      data-testid="change-pin"
      onCancel={onClose}
    >
      <h2 id={`${id}-title`}>{t('auth.changePinTitle')}</h2>
      {done ? (
        <>
          <p className="notice" role="status" data-testid="change-pin-done">
            {t('auth.pinChanged')}
          </p>
          <div className="form-actions">
            <button type="button" className="button-primary" onClick={onClose} data-testid="change-pin-close">
              {t('auth.close')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="dialog-hint">{t('auth.changePinHint')}</p>
          <div className="change-pin-body">
            <div className="change-pin-fields">
              {FIELDS.map((field) => {
                const message = messageFor(field);
                const inputId = `${id}-${field}`;
                return (
                  <div key={field} className={`field${message ? ' has-error' : ''}`}>
                    <label htmlFor={inputId}>{t(`auth.${field}`)}</label>
                    <input
                      ref={(element) => {
                        inputs.current[field] = element;
                      }}
                      id={inputId}
                      type="password"
                      inputMode="numeric"
                      autoComplete="off"
                      maxLength={PIN_MAX}
                      value={values[field]}
                      onChange={(e) => change(field, e.target.value)}
                      onFocus={() => setActive(field)}
                      autoFocus={field === 'currentPin'}
                      aria-invalid={Boolean(message)}
                      aria-describedby={message ? `${inputId}-error` : undefined}
                      className={`pin-input${active === field ? ' pin-input-active' : ''}`}
                      data-testid={`change-pin-${field}`}
                    />
                    {message ? (
                      <p className="field-error" id={`${inputId}-error`} role="alert">
                        {message}
                      </p>
                    ) : null}
                  </div>
                );
              })}
            </div>
            <PinKeys value={values[active]} onChange={(value) => change(active, value)} disabled={busy} />
          </div>
          <FormActions
            failure={failure}
            onCancel={onClose}
            submitLabel={t('auth.changePin')}
            submitTestId="change-pin-save"
            busy={busy}
          />
        </form>
      )}
    </dialog>
  );
}
