import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import type { CustomerGroup } from '../../shared/customers/groups';
import { useUsers } from '../auth/use-user-names';
import { useLocales } from '../i18n/use-locales';
import { useAppStore } from '../stores/app-store';
import type { ConditionContext } from './condition-text';

/** What the filter chips and the condition builder need to word a condition in the store's formats. */
export function useConditionContext(groups: CustomerGroup[], customFields: CustomFieldDefinition[]): ConditionContext {
  const settings = useAppStore((s) => s.info?.settings);
  const locales = useLocales();
  const users = useUsers();
  return {
    groups,
    users,
    customFields,
    locale: locales.date,
    moneyLocale: locales.money,
    currency: settings?.currency ?? 'USD',
  };
}
