import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** A message key under errors.* for a failure that belongs to no one field. */
  failure?: string | null;
  failureTestId?: string;
  /** Shows Cancel when given. */
  onCancel?: () => void;
  submitLabel: string;
  submitTestId: string;
  /** The form's request is running: submit waits. */
  busy?: boolean;
  /** Other actions, between Cancel and submit (a wizard's Back and Next, a saved notice). */
  children?: ReactNode;
  /** One large submit button across the card, as on the sign-in screens. */
  wide?: boolean;
}

/** A form's footer: the error that belongs to no field, then Cancel, any other actions and the submit button. */
export function FormActions({ failure, failureTestId, onCancel, submitLabel, submitTestId, busy, children, wide }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {failure ? (
        <p className="form-error" role="alert" data-testid={failureTestId}>
          {t(`errors.${failure}`)}
        </p>
      ) : null}
      <div className={wide ? 'form-actions-wide' : 'form-actions'}>
        {onCancel ? (
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('details.cancel')}
          </button>
        ) : null}
        {children}
        <button
          type="submit"
          className={wide ? 'button-primary auth-submit' : 'button-primary'}
          disabled={busy}
          data-testid={submitTestId}
        >
          {submitLabel}
        </button>
      </div>
    </>
  );
}
