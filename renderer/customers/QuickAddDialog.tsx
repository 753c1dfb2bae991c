import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type Customer, customerQuickAddSchema, customerRuleErrors } from '../../shared/customers/customer';
import type { LikelyDuplicate } from '../../shared/customers/duplicates';
import type { CountryCode } from '../../shared/phone';
import { api, errorData } from '../api/client';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { contractResolver, emptyToNull, rootFailure, showServerError } from '../forms/zod-form-resolver';
import { DuplicateWarning } from './DuplicateWarning';
import { useCountryName } from './use-country-name';

type FormValues = {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
};

const toInput = (v: FormValues) => {
  const n = emptyToNull(v);
  return { firstName: n.firstName, lastName: n.lastName, phone: n.phone, email: n.email };
};

interface Props {
  country: CountryCode;
  onAdded(customer: Customer): void;
  onOpenExisting(id: string): void;
  onClose(): void;
}

/** Name plus phone or email: the fastest way to put a new customer on record. */
export function QuickAddDialog({ country, onAdded, onOpenExisting, onClose }: Props) {
  const { t } = useTranslation();
  const countryName = useCountryName(country);
  const dialog = useRef<HTMLDialogElement>(null);
  const [duplicates, setDuplicates] = useState<LikelyDuplicate[] | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({
    defaultValues: { firstName: '', lastName: '', phone: '', email: '' },
    resolver: contractResolver<FormValues>(customerQuickAddSchema, toInput, (v) =>
      customerRuleErrors(v, country, { requireContact: true }),
    ),
  });

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => element?.close?.();
  }, []);

  const save = async (values: FormValues, allowDuplicate: boolean) => {
    setDuplicates(null);
    try {
      onAdded(await api.invoke('customers.quickAdd', { ...toInput(values), allowDuplicate }));
    } catch (error) {
      setDuplicates(showServerError(errorData(error), setError) as LikelyDuplicate[] | null);
    }
  };
  const submit = handleSubmit((values) => save(values, false));

  const input = (name: keyof FormValues, type: string, autoFocus = false) => (
    <Field label={t(`fields.${name}`)} error={errors[name]?.message} errorValues={{ country: countryName }}>
      {(a) => (
        // biome-ignore lint/a11y/noAutofocus: the dialog exists to type a name into
        <input {...a} type={type} autoFocus={autoFocus} data-testid={`quick-${name}`} {...register(name)} />
      )}
    </Field>
  );

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="quick-add-title" data-testid="quick-add" onCancel={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id="quick-add-title">{t('quickAdd.title')}</h2>
        <p className="dialog-hint">{t('quickAdd.hint')}</p>
        <div className="form-grid">
          {input('firstName', 'text', true)}
          {input('lastName', 'text')}
          {input('phone', 'tel')}
          {input('email', 'email')}
        </div>
        {duplicates ? (
          <DuplicateWarning
            duplicates={duplicates}
            country={country}
            onOpen={onOpenExisting}
            onSaveAnyway={() => void handleSubmit((values) => save(values, true))()}
          />
        ) : null}
        <FormActions
          failure={rootFailure(errors)}
          onCancel={onClose}
          submitLabel={isSubmitting ? t('quickAdd.submitting') : t('quickAdd.submit')}
          submitTestId="quick-submit"
          busy={isSubmitting}
        />
      </form>
    </dialog>
  );
}
