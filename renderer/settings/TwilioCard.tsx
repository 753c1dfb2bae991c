import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../shared/errors';
import { formatPhone } from '../../shared/phone';
import { type TwilioCredentials, twilioCredentialsInput } from '../../shared/twilio';
import { zodFieldErrors } from '../../shared/validation';
import { api, errorData } from '../api/client';
import { useCountryName } from '../customers/use-country-name';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { fieldsOrFailure } from '../forms/zod-form-resolver';
import { useAppStore } from '../stores/app-store';

/** Shown for a saved token: its length and characters are nobody's business. */
const MASK = '••••••••••••';

/**
 * Settings > Twilio (admin): the account campaigns send from. The Auth Token goes to main and is
 * never shown again; once saved it reads as dots, with Replace and Clear (ADR 0014).
 */
export function TwilioCard() {
  const { t } = useTranslation();
  const country = useAppStore((s) => s.info?.settings.country);
  const countryName = useCountryName(country ?? '');
  const [saved, setSaved] = useState<TwilioCredentials | null>(null);
  const [accountSid, setAccountSid] = useState('');
  const [fromNumber, setFromNumber] = useState('');
  const [serviceSid, setServiceSid] = useState('');
  const [token, setToken] = useState('');
  const [replacing, setReplacing] = useState(false);
  const [confirmClear, setConfirmClear] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  /** A message key, so it follows a change of language. */
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = useCallback(
    (credentials: TwilioCredentials) => {
      setSaved(credentials);
      setAccountSid(credentials.accountSid ?? '');
      setFromNumber(
        credentials.fromNumber && country ? formatPhone(credentials.fromNumber, country) : (credentials.fromNumber ?? ''),
      );
      setServiceSid(credentials.messagingServiceSid ?? '');
      // The typed token leaves the page's state as soon as main has it.
      setToken('');
      setReplacing(false);
    },
    [country],
  );

  useEffect(() => {
    api
      .invoke('twilio.credentials.get', {})
      .then(show)
      .catch((e: unknown) => setFailure(errorData(e).code));
  }, [show]);

  if (!saved) return failure ? <p className="form-error">{t(`errors.${failure}`)}</p> : null;
  const tokenSaved = saved.hasAuthToken && !saved.authTokenUnreadable;
  const askToken = !tokenSaved || replacing;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setFailure(null);
    const input = {
      accountSid,
      fromNumber,
      messagingServiceSid: serviceSid,
      ...(askToken ? { authToken: token } : {}),
    };
    const parsed = twilioCredentialsInput.safeParse(input);
    const found = parsed.success ? {} : zodFieldErrors(parsed.error);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      show(await api.invoke('twilio.credentials.set', input));
      setNotice('twilio.saved');
    } catch (error) {
      const shown = fieldsOrFailure(errorData(error));
      setErrors(shown.fields);
      setFailure(shown.failure);
    } finally {
      setBusy(false);
    }
  };

  const clear = async () => {
    setBusy(true);
    setNotice(null);
    setFailure(null);
    try {
      show(await api.invoke('twilio.credentials.clear', {}));
      setErrors({});
      setConfirmClear(false);
      setNotice('twilio.cleared');
    } catch (error) {
      setFailure(errorData(error).code);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card twilio-card" onSubmit={submit} noValidate data-testid="twilio-card">
      <h2>{t('twilio.title')}</h2>
      <p className="muted">{t('twilio.explain')}</p>
      {saved.storage !== 'ready' ? (
        <div className="secret-warning" role="alert" data-testid="twilio-storage">
          {t(`twilio.storage.${saved.storage}`)}
        </div>
      ) : null}
      {saved.authTokenUnreadable ? (
        <div className="secret-warning" role="alert" data-testid="twilio-unreadable">
          {t('twilio.unreadable')}
        </div>
      ) : null}
      <div className="form-grid">
        <Field label={t('twilio.accountSid')} error={errors.accountSid}>
          {(a) => (
            <input
              {...a}
              value={accountSid}
              onChange={(e) => setAccountSid(e.target.value)}
              placeholder="AC…"
              autoComplete="off"
              spellCheck={false}
              className="code"
              data-testid="twilio-accountSid"
            />
          )}
        </Field>
        <Field label={t('twilio.authToken')} error={errors.authToken}>
          {(a) =>
            askToken ? (
              <div className="secret-entry">
                <input
                  {...a}
                  type="password"
                  className="secret-input"
                  value={token}
                  onChange={(e) => setToken(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  data-testid="twilio-authToken"
                />
                {replacing ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setReplacing(false);
                      setToken('');
                      setErrors(({ authToken: _, ...rest }) => rest);
                    }}
                  >
                    {t('twilio.keepToken')}
                  </button>
                ) : null}
              </div>
            ) : (
              <div className="secret-entry">
                <input
                  {...a}
                  value={MASK}
                  readOnly
                  aria-readonly
                  className="secret-input secret-mask"
                  data-testid="twilio-token-saved"
                />
                <button type="button" className="link-button" onClick={() => setReplacing(true)} data-testid="twilio-replace">
                  {t('twilio.replace')}
                </button>
              </div>
            )
          }
        </Field>
        <Field label={t('twilio.fromNumber')} error={errors.fromNumber} errorValues={{ country: countryName }}>
          {(a) => (
            <input
              {...a}
              type="tel"
              value={fromNumber}
              onChange={(e) => setFromNumber(e.target.value)}
              placeholder="+1 415 555 0100"
              data-testid="twilio-fromNumber"
            />
          )}
        </Field>
        <Field label={t('twilio.messagingServiceSid')} error={errors.messagingServiceSid}>
          {(a) => (
            <input
              {...a}
              value={serviceSid}
              onChange={(e) => setServiceSid(e.target.value)}
              placeholder="MG…"
              autoComplete="off"
              spellCheck={false}
              className="code"
              data-testid="twilio-messagingServiceSid"
            />
          )}
        </Field>
      </div>
      <p className="muted field-note">{t('twilio.senderNote')}</p>
      {notice ? (
        <p className="notice" role="status" data-testid="twilio-notice">
          {t(notice)}
        </p>
      ) : null}
      <FormActions
        failure={failure}
        failureTestId="twilio-error"
        submitLabel={t('details.save')}
        submitTestId="twilio-save"
        busy={busy}
      >
        {saved.accountSid || saved.hasAuthToken ? (
          confirmClear ? (
            <>
              <span className="muted">{t('twilio.clearConfirm')}</span>
              <button type="button" className="button-secondary" onClick={() => setConfirmClear(false)}>
                {t('details.cancel')}
              </button>
              <button type="button" className="button-danger" onClick={clear} disabled={busy} data-testid="twilio-clear-confirm">
                {t('twilio.clear')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="link-button link-danger"
              onClick={() => setConfirmClear(true)}
              data-testid="twilio-clear"
            >
              {t('twilio.clear')}
            </button>
          )
        ) : null}
      </FormActions>
    </form>
  );
}
