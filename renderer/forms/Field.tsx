import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  /** A message key under errors.* (as the contract and the forms produce). */
  error?: string | undefined;
  errorValues?: Record<string, string>;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
  wide?: boolean;
}

/** Label, control and the error right under it, wired for screen readers. */
export function Field({ label, error, errorValues, children, wide }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${wide ? ' field-wide' : ''}${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), ...(error ? { 'aria-describedby': errorId } : {}) })}
      {error ? (
        <p className="field-error" id={errorId} role="alert">
          {t(`errors.${error}`, { defaultValue: t('errors.invalid'), ...errorValues })}
        </p>
      ) : null}
    </div>
  );
}
