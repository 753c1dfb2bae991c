import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { saveGroupInput } from '../../shared/customers/group-input';
import type { CustomerGroup } from '../../shared/customers/groups';
import { api, errorData } from '../api/client';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { contractResolver, rootFailure, showServerError } from '../forms/zod-form-resolver';

interface FormValues {
  name: string;
  description: string;
  requiresApproval: boolean;
  discountPercent: string;
}

const toInput = (v: FormValues, id?: string) => ({
  ...(id ? { id } : {}),
  name: v.name,
  description: v.description.trim() === '' ? null : v.description,
  requiresApproval: v.requiresApproval,
  discountPercent: v.discountPercent.trim() === '' ? null : Number(v.discountPercent.replace(',', '.')),
});

/** Create or edit a customer group: name, description, approval rule and discount. */
export function GroupEditor({ group, onDone }: { group: CustomerGroup | null; onDone(): void }) {
  const { t } = useTranslation();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({
    defaultValues: {
      name: group?.name ?? '',
      description: group?.description ?? '',
      requiresApproval: group?.requiresApproval ?? false,
      discountPercent: group?.discountPercent === null || group === null ? '' : String(group.discountPercent),
    },
    resolver: contractResolver<FormValues>(saveGroupInput, (v) => toInput(v, group?.id)),
  });
  const submit = handleSubmit(async (values) => {
    try {
      await api.invoke('groups.save', toInput(values, group?.id));
      onDone();
    } catch (error) {
      showServerError(errorData(error), setError);
    }
  });
  return (
    <form className="group-editor" onSubmit={submit} noValidate data-testid="group-editor">
      <div className="form-grid">
        <Field label={t('settings.groupName')} error={errors.name?.message}>
          {(a) => <input {...a} data-testid="group-name" {...register('name')} />}
        </Field>
        <Field label={t('settings.discountPercent')} error={errors.discountPercent?.message}>
          {(a) => <input {...a} inputMode="decimal" data-testid="group-discount" {...register('discountPercent')} />}
        </Field>
        <Field label={t('settings.description')} error={errors.description?.message} wide>
          {(a) => <input {...a} {...register('description')} />}
        </Field>
        <label className="checkbox field-wide">
          <input type="checkbox" data-testid="group-approval" {...register('requiresApproval')} />
          {t('settings.requiresApproval')}
        </label>
      </div>
      <FormActions
        failure={rootFailure(errors)}
        onCancel={onDone}
        submitLabel={t('details.save')}
        submitTestId="group-save"
        busy={isSubmitting}
      />
    </form>
  );
}
