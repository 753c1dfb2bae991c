import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  type Customer,
  type CustomerFields,
  customerFieldsSchema,
  customerRuleErrors,
  ID_DOC_TYPES,
  LANGUAGES,
} from '../../shared/customers/customer';
import type { LikelyDuplicate } from '../../shared/customers/duplicates';
import type { CountryCode } from '../../shared/phone';
import { api, errorData } from '../api/client';
import { formatPhoneForStore } from '../format';
import { Field } from '../forms/Field';
import { contractResolver, emptyToNull, showServerError } from '../forms/zod-form-resolver';
import { TagInput } from '../forms/TagInput';
import { DuplicateWarning } from './DuplicateWarning';
import { useGroups } from './use-groups';
import { useCountryName } from './use-country-name';

type FormValues = {
  [K in keyof CustomerFields]: K extends 'kind'
    ? CustomerFields['kind']
    : K extends 'tags'
      ? string[]
      : K extends 'doNotContact'
        ? boolean
        : string;
};

function toFormValues(c: Customer, country: CountryCode): FormValues {
  return {
    kind: c.kind,
    firstName: c.firstName ?? '',
    lastName: c.lastName ?? '',
    company: c.company ?? '',
    email: c.email ?? '',
    phone: formatPhoneForStore(c.phone, country),
    dateOfBirth: c.dateOfBirth ?? '',
    idDocType: c.idDocType ?? '',
    idDocNumber: c.idDocNumber ?? '',
    taxId: c.taxId ?? '',
    externalId: c.externalId ?? '',
    language: c.language ?? '',
    groupId: c.groupId ?? '',
    tags: c.tags,
    notes: c.notes ?? '',
    registrationNumber: c.registrationNumber ?? '',
    businessType: c.businessType ?? '',
    industry: c.industry ?? '',
    paymentTerms: c.paymentTerms ?? '',
    preferredCurrency: c.preferredCurrency ?? '',
    contactChannel: c.contactChannel ?? '',
    doNotContact: c.doNotContact,
    ownerId: c.ownerId ?? '',
  };
}

interface Props {
  customer: Customer;
  country: CountryCode;
  onSaved(customer: Customer): void;
  onOpenExisting(id: string): void;
  onCancel(): void;
}

/** The customer's record as a form; only the fields you touched are sent. */
export function CustomerForm({ customer, country, onSaved, onOpenExisting, onCancel }: Props) {
  const { t } = useTranslation();
  const countryName = useCountryName(country);
  const groups = useGroups();
  const {
    register,
    handleSubmit,
    control,
    watch,
    setError,
    formState: { errors, dirtyFields, isSubmitting },
  } = useForm<FormValues>({
    defaultValues: toFormValues(customer, country),
    resolver: contractResolver<FormValues>(customerFieldsSchema, emptyToNull, (v) => customerRuleErrors(v, country)),
  });
  const kind = watch('kind');
  const rootError = errors.root?.message;

  const [duplicates, setDuplicates] = useState<LikelyDuplicate[] | null>(null);
  const save = async (values: FormValues, allowDuplicate: boolean) => {
    setDuplicates(null);
    const patch: Partial<CustomerFields> = {};
    const nulls = emptyToNull(values) as unknown as CustomerFields;
    for (const key of Object.keys(dirtyFields) as (keyof CustomerFields)[]) {
      (patch as Record<string, unknown>)[key] = nulls[key];
    }
    try {
      onSaved(await api.invoke('customers.update', { id: customer.id, patch, allowDuplicate }));
    } catch (error) {
      setDuplicates(showServerError(errorData(error), setError) as LikelyDuplicate[] | null);
    }
  };
  const submit = handleSubmit((values) => save(values, false));

  const text = (name: Exclude<keyof FormValues, 'kind' | 'idDocType' | 'language' | 'notes'>, type = 'text', wide = false) => (
    <Field label={t(`fields.${name}`)} error={errors[name]?.message} errorValues={{ country: countryName }} wide={wide}>
      {(a) => <input {...a} type={type} data-testid={`field-${name}`} {...register(name)} />}
    </Field>
  );

  return (
    <form className="customer-form" onSubmit={submit} noValidate data-testid="customer-form">
      <fieldset className="kind-toggle">
        <legend>{t('fields.kind')}</legend>
        <label>
          <input type="radio" value="individual" {...register('kind')} /> {t('fields.kindIndividual')}
        </label>
        <label>
          <input type="radio" value="business" data-testid="kind-business" {...register('kind')} /> {t('fields.kindBusiness')}
        </label>
      </fieldset>
      <div className="form-grid">
        {text('firstName')}
        {text('lastName')}
        {kind === 'business' ? text('company', 'text', true) : null}
        {kind === 'business' ? text('taxId') : null}
        {text('phone', 'tel')}
        {text('email', 'email')}
        {text('dateOfBirth', 'date')}
        <Field label={t('fields.idDocType')} error={errors.idDocType?.message}>
          {(a) => (
            <select {...a} {...register('idDocType')}>
              <option value="">{t('fields.none')}</option>
              {ID_DOC_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`idDocTypes.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('idDocNumber')}
        {text('externalId')}
        <Field label={t('fields.language')} error={errors.language?.message}>
          {(a) => (
            <select {...a} {...register('language')}>
              <option value="">{t('fields.none')}</option>
              {LANGUAGES.map((code) => (
                <option key={code} value={code}>
                  {t(`language.${code}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fields.groupId')} error={errors.groupId?.message}>
          {(a) => (
            <select {...a} data-testid="field-group" {...register('groupId')}>
              <option value="">{t('details.noGroup')}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.requiresApproval ? `${g.name} (${t('groups.needsApproval')})` : g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('fields.tags')} error={errors.tags?.message ?? errors.tags?.root?.message} wide>
          {(a) => (
            <Controller
              control={control}
              name="tags"
              render={({ field }) => <TagInput {...a} value={field.value} onChange={field.onChange} />}
            />
          )}
        </Field>
        <Field label={t('fields.notes')} error={errors.notes?.message} wide>
          {(a) => <textarea {...a} rows={3} data-testid="field-notes" {...register('notes')} />}
        </Field>
      </div>
      {duplicates ? (
        <DuplicateWarning
          duplicates={duplicates}
          country={country}
          onOpen={onOpenExisting}
          onSaveAnyway={() => void handleSubmit((values) => save(values, true))()}
        />
      ) : null}
      {rootError ? (
        <p className="form-error" role="alert">
          {t(`errors.${rootError}`)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('details.cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={isSubmitting} data-testid="save-customer">
          {isSubmitting ? t('details.saving') : t('details.save')}
        </button>
      </div>
    </form>
  );
}
