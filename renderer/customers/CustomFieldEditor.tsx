import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  CUSTOM_FIELD_TYPES,
  type CustomFieldDefinition,
  type CustomFieldType,
  customFieldDefinitionErrors,
  saveCustomFieldInput,
} from '../../shared/customers/custom-fields';
import { api, errorData } from '../api/client';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { contractResolver, rootFailure, showServerError } from '../forms/zod-form-resolver';

interface FormValues {
  key: string;
  label: string;
  type: CustomFieldType;
  /** One choice per line. */
  options: string;
  required: boolean;
  active: boolean;
}

const toInput = (v: FormValues, id?: string) => ({
  ...(id ? { id } : {}),
  key: v.key.trim(),
  label: v.label,
  type: v.type,
  options:
    v.type === 'choice'
      ? v.options
          .split('\n')
          .map((o) => o.trim())
          .filter(Boolean)
      : [],
  required: v.required,
  active: v.active,
});

/** A key from a label: "Talla de zapato" -> "talla_de_zapato". */
export function keyFromLabel(label: string): string {
  const key = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40);
  return key;
}

/** Create or edit a custom field: label, key (set once), type (set once), choices, required, active. */
export function CustomFieldEditor({ field, onDone }: { field: CustomFieldDefinition | null; onDone(): void }) {
  const { t } = useTranslation();
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    watch,
    getFieldState,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({
    defaultValues: {
      key: field?.key ?? '',
      label: field?.label ?? '',
      type: field?.type ?? 'text',
      options: field?.options.join('\n') ?? '',
      required: field?.required ?? false,
      active: field?.active ?? true,
    },
    resolver: contractResolver<FormValues>(
      saveCustomFieldInput,
      (v) => toInput(v, field?.id),
      (v) => customFieldDefinitionErrors(toInput(v)),
    ),
  });
  const type = watch('type');
  const submit = handleSubmit(async (values) => {
    try {
      await api.invoke('customFields.save', toInput(values, field?.id));
      onDone();
    } catch (error) {
      showServerError(errorData(error), setError);
    }
  });
  const labelField = register('label', {
    onChange: (e: { target: { value: string } }) => {
      // A new field's key follows its label until someone types a key of their own.
      if (!field && !getFieldState('key').isDirty) setValue('key', keyFromLabel(e.target.value));
    },
  });
  return (
    <form className="group-editor" onSubmit={submit} noValidate data-testid="custom-field-editor">
      <div className="form-grid">
        <Field label={t('customFields.label')} error={errors.label?.message}>
          {(a) => <input {...a} data-testid="custom-field-label" {...labelField} />}
        </Field>
        <Field label={t('customFields.key')} error={errors.key?.message}>
          {(a) => <input {...a} data-testid="custom-field-key" readOnly={field !== null} {...register('key')} />}
        </Field>
        <Field label={t('customFields.type')} error={errors.type?.message}>
          {(a) => (
            <select {...a} data-testid="custom-field-type" disabled={field !== null} {...register('type')}>
              {CUSTOM_FIELD_TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(`customFields.types.${ty}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {type === 'choice' ? (
          <Field label={t('customFields.options')} error={errors.options?.message} wide>
            {(a) => <textarea {...a} rows={4} data-testid="custom-field-options" {...register('options')} />}
          </Field>
        ) : null}
        <label className="checkbox">
          <input type="checkbox" data-testid="custom-field-required" {...register('required')} />
          {t('customFields.required')}
        </label>
        <label className="checkbox">
          <input type="checkbox" data-testid="custom-field-active" {...register('active')} />
          {t('customFields.active')}
        </label>
      </div>
      <p className="muted">{t('customFields.keyHint')}</p>
      <FormActions
        failure={rootFailure(errors)}
        onCancel={onDone}
        submitLabel={t('details.save')}
        submitTestId="custom-field-save"
        busy={isSubmitting}
      />
    </form>
  );
}
