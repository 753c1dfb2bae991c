import { useTranslation } from 'react-i18next';
import { PIN_MAX } from '../../shared/auth';

interface Props {
  id: string;
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
  describedBy?: string | undefined;
  invalid?: boolean;
  autoFocus?: boolean;
  testId?: string;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** A PIN field with a keypad big enough for a finger; the keyboard types into the field as usual. */
export function PinPad({ id, value, onChange, disabled, describedBy, invalid, autoFocus, testId = 'pin' }: Props) {
  return (
    <div className="pin-pad">
      <input
        id={id}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={PIN_MAX}
        value={value}
        disabled={disabled}
        // biome-ignore lint/a11y/noAutofocus: the PIN is the only thing to type on these screens.
        autoFocus={autoFocus}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, PIN_MAX))}
        className="pin-input"
        data-testid={testId}
      />
      <PinKeys value={value} onChange={onChange} disabled={disabled} />
    </div>
  );
}

/** The keypad alone: it types into `value` (a form with several PIN fields shares one, for the field in focus). */
export function PinKeys({
  value,
  onChange,
  disabled,
}: {
  value: string;
  onChange(value: string): void;
  disabled?: boolean | undefined;
}) {
  const { t } = useTranslation();
  const press = (digit: string) => {
    if (value.length < PIN_MAX) onChange(value + digit);
  };
  return (
    <fieldset className="pin-keys" aria-label={t('auth.keypad')}>
      {KEYS.map((digit) => (
        <button key={digit} type="button" className="pin-key" disabled={disabled} onClick={() => press(digit)}>
          {digit}
        </button>
      ))}
      <button
        type="button"
        className="pin-key pin-key-muted"
        disabled={disabled || value === ''}
        onClick={() => onChange('')}
        aria-label={t('auth.clear')}
      >
        C
      </button>
      <button type="button" className="pin-key" disabled={disabled} onClick={() => press('0')}>
        0
      </button>
      <button
        type="button"
        className="pin-key pin-key-muted"
        disabled={disabled || value === ''}
        onClick={() => onChange(value.slice(0, -1))}
        aria-label={t('auth.backspace')}
      >
        ⌫
      </button>
    </fieldset>
  );
}
