import { type KeyboardEvent, useRef, useState } from 'react';
import { Controller, type FieldErrors as FormErrors, useFieldArray, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ADDRESS_KINDS, type AddressKind, addressRuleErrors } from '../../shared/customers/addresses';
import { contactRuleErrors } from '../../shared/customers/contacts';
import {
  type CustomFieldDefinition,
  type CustomFieldValuesInput,
  checkCustomFieldValues,
} from '../../shared/customers/custom-fields';
import {
  BUSINESS_TYPES,
  CONTACT_CHANNELS,
  type Customer,
  customerCreateSchema,
  customerRuleErrors,
  ID_DOC_TYPES,
  LANGUAGES,
  PAYMENT_TERMS,
} from '../../shared/customers/customer';
import { type LikelyDuplicate, MERGE_FIELDS, type MergeField } from '../../shared/customers/duplicates';
import type { FieldErrors } from '../../shared/errors';
import type { CountryCode } from '../../shared/phone';
import { api, errorData } from '../api/client';
import { useUsers } from '../auth/use-user-names';
import { useAppStore, useCan } from '../stores/app-store';
import { formatPhoneForStore } from '../format';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { TagInput } from '../forms/TagInput';
import { contractResolver, showServerError } from '../forms/zod-form-resolver';
import { DuplicateWarning } from './DuplicateWarning';
import { useCountryName } from './use-country-name';
import { useCustomFields } from './use-custom-fields';
import { useGroups } from './use-groups';

export const WIZARD_STEPS = ['basic', 'business', 'addresses', 'preferences', 'loyalty', 'custom'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** The record's scalar fields: those a merge picks one by one, less the kind, which the wizard sets apart. */
type Scalar = Exclude<MergeField, 'kind'>;
const SCALARS = MERGE_FIELDS.filter((f): f is Scalar => f !== 'kind');

interface AddressRow {
  id: string;
  kind: AddressKind;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  isDefault: boolean;
}
interface ContactRow {
  id: string;
  name: string;
  role: string;
  phone: string;
  email: string;
}

export type WizardValues = { [K in Scalar]: string } & {
  kind: Customer['kind'];
  doNotContact: boolean;
  tags: string[];
  addresses: AddressRow[];
  contacts: ContactRow[];
  customFields: Record<string, string | boolean>;
  smsConsent: boolean;
  emailConsent: boolean;
};

/** Which step shows a field (error keys included: `addresses.1.city` -> addresses). */
export function stepOf(field: string): WizardStep {
  const head = field.split('.')[0] as string;
  if (['company', 'taxId', 'registrationNumber', 'businessType', 'industry', 'paymentTerms'].includes(head)) return 'business';
  if (head === 'addresses' || head === 'contacts') return 'addresses';
  if (['language', 'preferredCurrency', 'contactChannel', 'doNotContact', 'smsConsent', 'emailConsent'].includes(head))
    return 'preferences';
  if (['groupId', 'tags', 'notes', 'ownerId'].includes(head)) return 'loyalty';
  if (head === 'customFields') return 'custom';
  return 'basic';
}

/** The form fields of each step, for checking one step at a time. */
const STEP_FIELDS: Record<WizardStep, (keyof WizardValues)[]> = {
  basic: ['firstName', 'lastName', 'phone', 'email', 'dateOfBirth', 'idDocType', 'idDocNumber', 'externalId'],
  business: ['company', 'taxId', 'registrationNumber', 'businessType', 'industry', 'paymentTerms'],
  addresses: ['addresses', 'contacts'],
  preferences: ['language', 'preferredCurrency', 'contactChannel', 'doNotContact', 'smsConsent', 'emailConsent'],
  loyalty: ['groupId', 'ownerId', 'tags', 'notes'],
  custom: ['customFields'],
};

const str = (v: string | null | undefined) => v ?? '';
const orNull = (v: string) => (v.trim() === '' ? null : v);

/** `me`: the signed-in user, a new customer's owner unless a manager picks another. */
function toValues(c: Customer | null, country: CountryCode, me: string | null): WizardValues {
  return {
    kind: c?.kind ?? 'individual',
    firstName: str(c?.firstName),
    lastName: str(c?.lastName),
    company: str(c?.company),
    email: str(c?.email),
    phone: c ? formatPhoneForStore(c.phone, country) : '',
    dateOfBirth: str(c?.dateOfBirth),
    idDocType: str(c?.idDocType),
    idDocNumber: str(c?.idDocNumber),
    taxId: str(c?.taxId),
    externalId: str(c?.externalId),
    registrationNumber: str(c?.registrationNumber),
    businessType: str(c?.businessType),
    industry: str(c?.industry),
    paymentTerms: str(c?.paymentTerms),
    language: str(c?.language),
    preferredCurrency: str(c?.preferredCurrency),
    contactChannel: str(c?.contactChannel),
    ownerId: c ? str(c.ownerId) : str(me),
    groupId: str(c?.groupId),
    notes: str(c?.notes),
    doNotContact: c?.doNotContact ?? false,
    tags: c?.tags ?? [],
    addresses: (c?.addresses ?? []).map((a) => ({
      id: a.id,
      kind: a.kind,
      line1: a.line1,
      line2: str(a.line2),
      city: a.city,
      region: str(a.region),
      postalCode: str(a.postalCode),
      country: a.country,
      isDefault: a.isDefault,
    })),
    contacts: (c?.contacts ?? []).map((k) => ({
      id: k.id,
      name: k.name,
      role: str(k.role),
      phone: k.phone ? formatPhoneForStore(k.phone, country) : '',
      email: str(k.email),
    })),
    customFields: Object.fromEntries(
      Object.entries(c?.customFields ?? {}).map(([k, v]) => [k, typeof v === 'boolean' ? v : String(v)]),
    ),
    smsConsent: c?.smsConsent ?? false,
    emailConsent: c?.emailConsent ?? false,
  };
}

/** Form values -> the contract's input (empty is null; rows without an id are new). */
export function toInput(v: WizardValues, definitions: readonly CustomFieldDefinition[]) {
  const scalars = Object.fromEntries(SCALARS.map((k) => [k, orNull(v[k])]));
  return {
    ...scalars,
    kind: v.kind,
    doNotContact: v.doNotContact,
    tags: v.tags,
    addresses: v.addresses.map((a) => ({
      ...(a.id ? { id: a.id } : {}),
      kind: a.kind,
      line1: a.line1,
      line2: orNull(a.line2),
      city: a.city,
      region: orNull(a.region),
      postalCode: orNull(a.postalCode),
      country: orNull(a.country),
      isDefault: a.isDefault,
    })),
    contacts: v.contacts.map((c) => ({
      ...(c.id ? { id: c.id } : {}),
      name: c.name,
      role: orNull(c.role),
      phone: orNull(c.phone),
      email: orNull(c.email),
    })),
    customFields: customValues(v.customFields, definitions),
  };
}

function customValues(values: Record<string, string | boolean>, definitions: readonly CustomFieldDefinition[]) {
  const out: CustomFieldValuesInput = {};
  for (const def of definitions) {
    const raw = values[def.key];
    if (raw === undefined) continue;
    if (def.type === 'boolean') out[def.key] = raw === true;
    else if (typeof raw === 'string' && raw.trim() === '') out[def.key] = null;
    else if (def.type === 'number') {
      const n = Number(String(raw).replace(',', '.'));
      out[def.key] = Number.isFinite(n) ? n : String(raw);
    } else out[def.key] = String(raw);
  }
  return out;
}

/** Every rule the wizard can check before asking main: the same keys main answers with. */
export function wizardRuleErrors(
  v: WizardValues,
  country: CountryCode,
  definitions: readonly CustomFieldDefinition[],
  creating: boolean,
): FieldErrors {
  const input = toInput(v, definitions);
  const errors: FieldErrors = {
    ...customerRuleErrors(input, country),
    ...addressRuleErrors(input.addresses),
    ...contactRuleErrors(input.contacts, country),
  };
  const active = definitions.filter((d) => d.active);
  const sent = Object.fromEntries(Object.entries(input.customFields).filter(([k]) => active.some((d) => d.key === k)));
  Object.assign(errors, checkCustomFieldValues(definitions, sent, { complete: creating }).errors);
  if (!creating)
    for (const d of active) if (d.required && input.customFields[d.key] == null) errors[`customFields.${d.key}`] ??= 'required';
  if (v.smsConsent && !orNull(v.phone)) errors.smsConsent = 'consent_needs_phone';
  if (v.emailConsent && !orNull(v.email)) errors.emailConsent = 'consent_needs_email';
  return errors;
}

/** Error keys the resolver produced, flattened (`addresses.1.city`). */
function errorKeys(errors: FormErrors<WizardValues>, prefix = ''): string[] {
  const keys: string[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (!v || k === 'root' || k === 'ref') continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof (v as { message?: unknown }).message === 'string') keys.push(path);
    else if (typeof v === 'object') keys.push(...errorKeys(v as FormErrors<WizardValues>, path));
  }
  return keys;
}

interface Props {
  /** null: a new customer. */
  customer: Customer | null;
  country: CountryCode;
  onSaved(customer: Customer): void;
  onOpenExisting(id: string): void;
  onCancel(): void;
}

/**
 * The full customer record in steps: basic info, business profile (businesses only; switching
 * keeps every value), addresses and contacts, preferences and consent, loyalty and notes, custom
 * fields. Any step can be opened; saving checks them all and takes you to the first with an error.
 */
export function CustomerWizard({ customer, country, onSaved, onOpenExisting, onCancel }: Props) {
  const { t } = useTranslation();
  const countryName = useCountryName(country);
  const groups = useGroups();
  const definitions = useCustomFields();
  const active = definitions.filter((d) => d.active);
  const creating = customer === null;
  const me = useAppStore((s) => (s.auth?.state === 'signedIn' ? (s.auth.user?.id ?? null) : null));
  const mayChooseOwner = useCan('customers.manage');
  const users = useUsers();
  const {
    register,
    handleSubmit,
    control,
    watch,
    setError,
    trigger,
    formState: { errors, dirtyFields, isSubmitting },
  } = useForm<WizardValues>({
    defaultValues: toValues(customer, country, me),
    resolver: contractResolver<WizardValues>(
      customerCreateSchema,
      (v) => toInput(v, definitions),
      (v) => wizardRuleErrors(v, country, definitions, creating),
    ),
  });
  const addresses = useFieldArray({ control, name: 'addresses', keyName: 'rowKey' });
  const contacts = useFieldArray({ control, name: 'contacts', keyName: 'rowKey' });
  const kind = watch('kind');
  const steps = WIZARD_STEPS.filter((s) => (s !== 'business' || kind === 'business') && (s !== 'custom' || active.length > 0));
  const [step, setStep] = useState<WizardStep>('basic');
  const current = steps.includes(step) ? step : 'basic';
  const index = steps.indexOf(current);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const [duplicates, setDuplicates] = useState<LikelyDuplicate[] | null>(null);
  const withErrors = new Set(errorKeys(errors).map(stepOf));
  const rootError = errors.root?.message;

  const go = (next: WizardStep, focus = false) => {
    setStep(next);
    if (focus) tabs.current[steps.indexOf(next)]?.focus();
  };
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const move = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (move !== undefined) {
      event.preventDefault();
      go(steps[(index + move + steps.length) % steps.length] as WizardStep, true);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      go(steps[event.key === 'Home' ? 0 : steps.length - 1] as WizardStep, true);
    }
  };
  /** Next checks this step only: its errors show next to its fields and it stays open. */
  const next = async () => {
    if (!(await trigger(STEP_FIELDS[current]))) return;
    const after = steps[index + 1];
    if (after) setStep(after);
  };

  const save = async (values: WizardValues, allowDuplicate: boolean) => {
    setDuplicates(null);
    const input = toInput(values, definitions);
    try {
      let saved: Customer;
      if (creating) {
        saved = await api.invoke('customers.create', { ...input, allowDuplicate } as never);
      } else {
        const patch: Record<string, unknown> = {};
        for (const key of Object.keys(dirtyFields) as (keyof typeof input)[]) {
          if (key in input && key !== 'customFields') patch[key] = input[key];
        }
        const dirtyCustom = Object.keys(dirtyFields.customFields ?? {});
        if (dirtyCustom.length > 0)
          patch.customFields = Object.fromEntries(dirtyCustom.map((k) => [k, input.customFields[k] ?? null]));
        saved = await api.invoke('customers.update', { id: customer.id, patch: patch as never, allowDuplicate });
      }
      // Consent changes go through the consent log, after the record they need exists.
      for (const channel of ['sms', 'email'] as const) {
        const wanted = channel === 'sms' ? values.smsConsent : values.emailConsent;
        const now = channel === 'sms' ? saved.smsConsent : saved.emailConsent;
        if (wanted !== now)
          saved = await api.invoke('customers.setConsent', { id: saved.id, channel, granted: wanted, source: 'in_store' });
      }
      onSaved(saved);
    } catch (error) {
      const data = errorData(error);
      setDuplicates(showServerError(data, setError) as LikelyDuplicate[] | null);
      const first = steps.find((s) => Object.keys(data.fields ?? {}).some((k) => stepOf(k) === s));
      if (first) setStep(first);
    }
  };
  const onInvalid = (formErrors: FormErrors<WizardValues>) => {
    const keys = errorKeys(formErrors);
    const first = steps.find((s) => keys.some((k) => stepOf(k) === s));
    if (first) setStep(first);
  };
  const submit = handleSubmit((values) => save(values, false), onInvalid);

  // After a submit the resolver's errors are flat (`addresses.1.city`); after a step check, nested.
  const err = (name: string) => {
    const flat = (errors as Record<string, { message?: string } | undefined>)[name]?.message;
    if (flat) return flat;
    let node: unknown = errors;
    for (const part of name.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    return (node as { message?: string } | undefined)?.message;
  };
  const text = (name: Scalar, type = 'text', wide = false) => (
    <Field label={t(`fields.${name}`)} error={err(name)} errorValues={{ country: countryName }} wide={wide}>
      {(a) => <input {...a} type={type} data-testid={`field-${name}`} {...register(name)} />}
    </Field>
  );
  const select = (name: Scalar, options: readonly string[], label: (o: string) => string) => (
    <Field label={t(`fields.${name}`)} error={err(name)}>
      {(a) => (
        <select {...a} data-testid={`field-${name}`} {...register(name)}>
          <option value="">{t('fields.none')}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {label(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form className="customer-form wizard" onSubmit={submit} noValidate data-testid="customer-form">
      <div className="wizard-steps" role="tablist" aria-label={t('wizard.steps')}>
        {steps.map((s, i) => (
          <button
            key={s}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`wizard-tab-${s}`}
            aria-selected={s === current}
            aria-controls={`wizard-panel-${s}`}
            tabIndex={s === current ? 0 : -1}
            className={`wizard-step${s === current ? ' current' : ''}${withErrors.has(s) ? ' has-error' : ''}`}
            onClick={() => go(s)}
            onKeyDown={onTabKey}
            data-testid={`wizard-step-${s}`}
            data-error={withErrors.has(s) ? 'true' : undefined}
          >
            <span className="wizard-step-number">{i + 1}</span>
            {t(`wizard.${s}`)}
            {withErrors.has(s) ? (
              <span className="wizard-step-error" role="img" aria-label={t('wizard.hasErrors')}>
                !
              </span>
            ) : null}
          </button>
        ))}
      </div>

      <div
        role="tabpanel"
        id={`wizard-panel-${current}`}
        aria-labelledby={`wizard-tab-${current}`}
        className="wizard-panel"
        data-testid={`wizard-panel-${current}`}
      >
        {current === 'basic' ? (
          <>
            <fieldset className="kind-toggle">
              <legend>{t('fields.kind')}</legend>
              <label>
                <input type="radio" value="individual" data-testid="kind-individual" {...register('kind')} />{' '}
                {t('fields.kindIndividual')}
              </label>
              <label>
                <input type="radio" value="business" data-testid="kind-business" {...register('kind')} />{' '}
                {t('fields.kindBusiness')}
              </label>
            </fieldset>
            <div className="form-grid">
              {text('firstName')}
              {text('lastName')}
              {text('phone', 'tel')}
              {text('email', 'email')}
              {text('dateOfBirth', 'date')}
              {select('idDocType', ID_DOC_TYPES, (o) => t(`idDocTypes.${o}`))}
              {text('idDocNumber')}
              {text('externalId')}
            </div>
          </>
        ) : null}

        {current === 'business' ? (
          <div className="form-grid">
            {text('company', 'text', true)}
            {text('taxId')}
            {text('registrationNumber')}
            {select('businessType', BUSINESS_TYPES, (o) => t(`businessTypes.${o}`))}
            {text('industry')}
            {select('paymentTerms', PAYMENT_TERMS, (o) => t(`paymentTermsOptions.${o}`))}
          </div>
        ) : null}

        {current === 'addresses' ? (
          <>
            <h3 className="form-section-title">{t('wizard.addresses')}</h3>
            {addresses.fields.length === 0 ? <p className="muted">{t('wizard.noAddresses')}</p> : null}
            {addresses.fields.map((row, i) => (
              <fieldset key={row.rowKey} className="wizard-row" data-testid="address-row">
                <legend>{t('wizard.addressN', { n: i + 1 })}</legend>
                <div className="form-grid">
                  <Field label={t('addressFields.kind')} error={err(`addresses.${i}.kind`)}>
                    {(a) => (
                      <select {...a} data-testid={`address-${i}-kind`} {...register(`addresses.${i}.kind`)}>
                        {ADDRESS_KINDS.map((k) => (
                          <option key={k} value={k}>
                            {t(`addressKinds.${k}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <label className="checkbox">
                    <input type="checkbox" data-testid={`address-${i}-default`} {...register(`addresses.${i}.isDefault`)} />
                    {t('addressFields.isDefault')}
                  </label>
                  {err(`addresses.${i}.isDefault`) ? (
                    <p className="field-error field-wide" role="alert">
                      {t(`errors.${err(`addresses.${i}.isDefault`)}`)}
                    </p>
                  ) : null}
                  {(['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const).map((f) => (
                    <Field key={f} label={t(`addressFields.${f}`)} error={err(`addresses.${i}.${f}`)} wide={f === 'line1'}>
                      {(a) => (
                        <input
                          {...a}
                          data-testid={`address-${i}-${f}`}
                          placeholder={f === 'country' ? country : undefined}
                          {...register(`addresses.${i}.${f}`)}
                        />
                      )}
                    </Field>
                  ))}
                </div>
                <button type="button" className="link-button" onClick={() => addresses.remove(i)}>
                  {t('wizard.remove')}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              className="button-secondary"
              data-testid="add-address"
              onClick={() =>
                addresses.append({
                  id: '',
                  kind: 'billing',
                  line1: '',
                  line2: '',
                  city: '',
                  region: '',
                  postalCode: '',
                  country: '',
                  isDefault: false,
                })
              }
            >
              + {t('wizard.addAddress')}
            </button>

            <h3 className="form-section-title">{t('wizard.contacts')}</h3>
            {contacts.fields.length === 0 ? <p className="muted">{t('wizard.noContacts')}</p> : null}
            {contacts.fields.map((row, i) => (
              <fieldset key={row.rowKey} className="wizard-row" data-testid="contact-row">
                <legend>{t('wizard.contactN', { n: i + 1 })}</legend>
                <div className="form-grid">
                  {(['name', 'role', 'phone', 'email'] as const).map((f) => (
                    <Field
                      key={f}
                      label={t(`contactFields.${f}`)}
                      error={err(`contacts.${i}.${f}`)}
                      errorValues={{ country: countryName }}
                    >
                      {(a) => (
                        <input
                          {...a}
                          type={f === 'phone' ? 'tel' : f === 'email' ? 'email' : 'text'}
                          data-testid={`contact-${i}-${f}`}
                          {...register(`contacts.${i}.${f}`)}
                        />
                      )}
                    </Field>
                  ))}
                </div>
                <button type="button" className="link-button" onClick={() => contacts.remove(i)}>
                  {t('wizard.remove')}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              className="button-secondary"
              data-testid="add-contact"
              onClick={() => contacts.append({ id: '', name: '', role: '', phone: '', email: '' })}
            >
              + {t('wizard.addContact')}
            </button>
          </>
        ) : null}

        {current === 'preferences' ? (
          <div className="form-grid">
            {select('language', LANGUAGES, (o) => t(`language.${o}`))}
            {text('preferredCurrency')}
            {select('contactChannel', CONTACT_CHANNELS, (o) => t(`contactChannels.${o}`))}
            <label className="checkbox">
              <input type="checkbox" data-testid="field-doNotContact" {...register('doNotContact')} />
              {t('fields.doNotContact')}
            </label>
            <fieldset className="field-wide wizard-consent">
              <legend>{t('wizard.consent')}</legend>
              <p className="muted">{t('wizard.consentHint')}</p>
              {(['smsConsent', 'emailConsent'] as const).map((f) => (
                <div key={f} className={err(f) ? 'has-error' : undefined}>
                  <label className="checkbox">
                    <input type="checkbox" data-testid={`field-${f}`} aria-invalid={Boolean(err(f))} {...register(f)} />
                    {t(`fields.${f}`)}
                  </label>
                  {err(f) ? (
                    <p className="field-error" role="alert">
                      {t(`errors.${err(f)}`)}
                    </p>
                  ) : null}
                </div>
              ))}
            </fieldset>
          </div>
        ) : null}

        {current === 'loyalty' ? (
          <div className="form-grid">
            <Field label={t('fields.groupId')} error={err('groupId')}>
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
            {mayChooseOwner ? (
              <Field label={t('fields.ownerId')} error={err('ownerId')}>
                {(a) => (
                  // Controlled: the users arrive after the step opens, and the chosen one must show once they do.
                  <Controller
                    control={control}
                    name="ownerId"
                    render={({ field }) => (
                      <select {...a} data-testid="field-owner" {...field}>
                        <option value="">{t('fields.none')}</option>
                        {users
                          .filter((u) => u.active || u.id === customer?.ownerId)
                          .map((u) => (
                            <option key={u.id} value={u.id}>
                              {u.active ? u.name : t('wizard.inactiveUser', { name: u.name })}
                            </option>
                          ))}
                        {customer?.ownerId && users.length > 0 && !users.some((u) => u.id === customer.ownerId) ? (
                          <option value={customer.ownerId}>{t('wizard.unknownUser')}</option>
                        ) : null}
                      </select>
                    )}
                  />
                )}
              </Field>
            ) : null}
            <div className="field">
              <span className="field-label">{t('wizard.loyaltyBalance')}</span>
              <output data-testid="wizard-loyalty">{customer?.loyaltyBalance ?? 0}</output>
            </div>
            <Field label={t('fields.tags')} error={err('tags')} wide>
              {(a) => (
                <Controller
                  control={control}
                  name="tags"
                  render={({ field }) => <TagInput {...a} value={field.value} onChange={field.onChange} />}
                />
              )}
            </Field>
            <Field label={t('fields.notes')} error={err('notes')} wide>
              {(a) => <textarea {...a} rows={3} data-testid="field-notes" {...register('notes')} />}
            </Field>
          </div>
        ) : null}

        {current === 'custom' ? (
          <div className="form-grid">
            {active.map((d) =>
              d.type === 'boolean' ? (
                <label key={d.key} className="checkbox">
                  <input type="checkbox" data-testid={`custom-${d.key}`} {...register(`customFields.${d.key}`)} />
                  {d.label}
                </label>
              ) : (
                <Field key={d.key} label={d.required ? `${d.label} *` : d.label} error={err(`customFields.${d.key}`)}>
                  {(a) =>
                    d.type === 'choice' ? (
                      <select {...a} data-testid={`custom-${d.key}`} {...register(`customFields.${d.key}`)}>
                        <option value="">{t('fields.none')}</option>
                        {d.options.map((o) => (
                          <option key={o} value={o}>
                            {o}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        {...a}
                        type={d.type === 'date' ? 'date' : 'text'}
                        inputMode={d.type === 'number' ? 'decimal' : undefined}
                        data-testid={`custom-${d.key}`}
                        {...register(`customFields.${d.key}`)}
                      />
                    )
                  }
                </Field>
              ),
            )}
          </div>
        ) : null}
      </div>

      {duplicates ? (
        <DuplicateWarning
          duplicates={duplicates}
          country={country}
          onOpen={onOpenExisting}
          onSaveAnyway={() => void handleSubmit((values) => save(values, true), onInvalid)()}
        />
      ) : null}
      <FormActions
        failure={rootError}
        onCancel={onCancel}
        submitLabel={isSubmitting ? t('details.saving') : t('details.save')}
        submitTestId="save-customer"
        busy={isSubmitting}
      >
        {index > 0 ? (
          <button
            type="button"
            className="button-secondary"
            onClick={() => go(steps[index - 1] as WizardStep)}
            data-testid="wizard-back"
          >
            {t('wizard.back')}
          </button>
        ) : null}
        {index < steps.length - 1 ? (
          <button type="button" className="button-secondary" onClick={() => void next()} data-testid="wizard-next">
            {t('wizard.next')}
          </button>
        ) : null}
      </FormActions>
    </form>
  );
}
