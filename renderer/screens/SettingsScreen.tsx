import { getCountries } from 'libphonenumber-js/max';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { CustomerGroup } from '../../shared/customers/groups';
import { type StoreSettings, storeSettingsSchema } from '../../shared/settings';
import { api, errorData } from '../api/client';
import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import { CustomFieldEditor } from '../customers/CustomFieldEditor';
import { BackupsCard } from '../backups/BackupsCard';
import { GroupEditor } from '../customers/GroupEditor';
import { useCustomFields } from '../customers/use-custom-fields';
import { useGroups } from '../customers/use-groups';
import { Field } from '../forms/Field';
import { FormActions } from '../forms/FormActions';
import { contractResolver, rootFailure, showServerError } from '../forms/zod-form-resolver';
import { UsersCard } from '../auth/UsersCard';
import { TwilioCard } from '../settings/TwilioCard';
import { useAppStore, useCan } from '../stores/app-store';

const CURRENCIES = ['USD', 'PAB', 'EUR', 'COP', 'CRC', 'MXN', 'GTQ', 'DOP', 'PEN', 'CLP', 'ARS', 'GBP', 'CAD'];
const LOCALES = ['es-PA', 'es-CO', 'es-CR', 'es-MX', 'es-ES', 'es-US', 'en-US', 'en-PA', 'en-GB'];

/** The store's own settings, its customer groups, users, Twilio account and backups: each card for whoever may change it. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const maySettings = useCan('settings.manage');
  const mayGroups = useCan('customers.manage');
  const mayUsers = useCan('users.manage');
  const mayBackups = useCan('backups.manage');
  const maySecrets = useCan('secrets.manage');
  return (
    <section className="settings-screen" data-testid="screen-settings">
      <h1>{t('nav.settings')}</h1>
      {maySettings ? <StoreSettingsCard /> : null}
      {mayUsers ? <UsersCard /> : null}
      {mayGroups ? <GroupsCard /> : null}
      {maySettings ? <CustomFieldsCard /> : null}
      {maySecrets ? <TwilioCard /> : null}
      {mayBackups ? <BackupsCard /> : null}
    </section>
  );
}

function StoreSettingsCard() {
  const { t, i18n } = useTranslation();
  const info = useAppStore((s) => s.info);
  const setInfo = useAppStore((s) => s.setInfo);
  const setAuth = useAppStore((s) => s.setAuth);
  const [saved, setSaved] = useState(false);
  const regionNames = new Intl.DisplayNames([i18n.language], { type: 'region' });
  const timeZones = Intl.supportedValuesOf('timeZone');
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<StoreSettings>({
    defaultValues: info?.settings,
    resolver: contractResolver<StoreSettings>(storeSettingsSchema, (v) => v),
  });
  if (!info) return null;

  const submit = handleSubmit(async (values) => {
    setSaved(false);
    try {
      const settings = (await api.invoke('settings.update', values)) as StoreSettings;
      setInfo({ ...info, settings });
      // The inactivity lock follows the new setting at once.
      setAuth(await api.invoke('auth.status', {}));
      setSaved(true);
    } catch (error) {
      showServerError(errorData(error), setError);
    }
  });

  return (
    <form className="card" onSubmit={submit} noValidate data-testid="store-settings">
      <h2>{t('settings.store')}</h2>
      <div className="form-grid">
        <Field label={t('settings.storeName')} error={errors.storeName?.message}>
          {(a) => <input {...a} data-testid="settings-storeName" {...register('storeName')} />}
        </Field>
        <Field label={t('settings.country')} error={errors.country?.message}>
          {(a) => (
            <select {...a} data-testid="settings-country" {...register('country')}>
              {getCountries()
                .map((code) => ({ code, name: regionNames.of(code) ?? code }))
                .sort((x, y) => x.name.localeCompare(y.name, i18n.language))
                .map(({ code, name }) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('settings.currency')} error={errors.currency?.message}>
          {(a) => (
            <select {...a} {...register('currency')}>
              {CURRENCIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('settings.locale')} error={errors.locale?.message}>
          {(a) => (
            <select {...a} {...register('locale')}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('settings.timeZone')} error={errors.timeZone?.message} wide>
          {(a) => (
            <select {...a} {...register('timeZone')}>
              {timeZones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <h3 className="form-section-title">{t('settings.loyalty')}</h3>
      <div className="form-grid">
        <Field label={t('settings.loyaltyPointsPerUnit')} error={errors.loyaltyPointsPerUnit?.message}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              data-testid="settings-loyaltyPointsPerUnit"
              {...register('loyaltyPointsPerUnit', { valueAsNumber: true })}
            />
          )}
        </Field>
        <Field label={t('settings.loyaltyPointValue')} error={errors.loyaltyPointValueMinor?.message}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              data-testid="settings-loyaltyPointValueMinor"
              {...register('loyaltyPointValueMinor', { valueAsNumber: true })}
            />
          )}
        </Field>
      </div>
      <h3 className="form-section-title">{t('settings.security')}</h3>
      <div className="form-grid">
        <Field label={t('settings.lockAfterMinutes')} error={errors.lockAfterMinutes?.message}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={0}
              max={240}
              step={1}
              inputMode="numeric"
              data-testid="settings-lockAfterMinutes"
              {...register('lockAfterMinutes', { valueAsNumber: true })}
            />
          )}
        </Field>
      </div>
      <FormActions failure={rootFailure(errors)} submitLabel={t('details.save')} submitTestId="settings-save" busy={isSubmitting}>
        {saved ? (
          <span className="notice" role="status" data-testid="settings-saved">
            {t('details.saved')}
          </span>
        ) : null}
      </FormActions>
    </form>
  );
}

function GroupsCard() {
  const { t, i18n } = useTranslation();
  const percent = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const [version, setVersion] = useState(0);
  const groups = useGroups(version);
  const [editing, setEditing] = useState<CustomerGroup | 'new' | null>(null);
  return (
    <section className="card" data-testid="groups-card">
      <div className="toolbar">
        <h2>{t('settings.groups')}</h2>
        <button type="button" className="button-secondary" onClick={() => setEditing('new')} data-testid="group-new">
          + {t('settings.newGroup')}
        </button>
      </div>
      {editing ? (
        <GroupEditor
          group={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      <table className="groups-table">
        <thead>
          <tr>
            <th>{t('settings.groupName')}</th>
            <th>{t('settings.discount')}</th>
            <th>{t('settings.approval')}</th>
            <th>{t('settings.members')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id} data-testid="group-row">
              <td>
                <strong>{g.name}</strong>
                {g.description ? <div className="muted">{g.description}</div> : null}
              </td>
              <td>{g.discountPercent === null ? '—' : `${percent.format(g.discountPercent)} %`}</td>
              <td>{g.requiresApproval ? t('details.yes') : t('details.no')}</td>
              <td>{g.members}</td>
              <td>
                <button type="button" className="link-button" onClick={() => setEditing(g)}>
                  {t('details.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The customer fields the admin adds to every record (shown in the wizard and the details). */
function CustomFieldsCard() {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const fields = useCustomFields(version);
  const [editing, setEditing] = useState<CustomFieldDefinition | 'new' | null>(null);
  return (
    <section className="card" data-testid="custom-fields-card">
      <div className="toolbar">
        <h2>{t('customFields.title')}</h2>
        <button type="button" className="button-secondary" onClick={() => setEditing('new')} data-testid="custom-field-new">
          + {t('customFields.new')}
        </button>
      </div>
      {editing ? (
        <CustomFieldEditor
          key={editing === 'new' ? 'new' : editing.id}
          field={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      {fields.length === 0 ? <p className="muted">{t('customFields.none')}</p> : null}
      <table className="groups-table">
        <thead>
          <tr>
            <th>{t('customFields.label')}</th>
            <th>{t('customFields.type')}</th>
            <th>{t('customFields.required')}</th>
            <th>{t('customFields.active')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.id} data-testid="custom-field-row">
              <td>
                <strong>{f.label}</strong>
                <div className="muted">
                  <code>{f.key}</code>
                  {f.type === 'choice' ? ` · ${f.options.join(', ')}` : ''}
                </div>
              </td>
              <td>{t(`customFields.types.${f.type}`)}</td>
              <td>{f.required ? t('details.yes') : t('details.no')}</td>
              <td>{f.active ? t('details.yes') : t('details.no')}</td>
              <td>
                <button type="button" className="link-button" onClick={() => setEditing(f)}>
                  {t('details.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
