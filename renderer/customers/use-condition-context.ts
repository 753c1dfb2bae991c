import { useTranslation } from 'react-i18next';
import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import type { CustomerGroup } from '../../shared/customers/groups';
import { useUsers } from '../auth/use-user-names';
import { useAppStore } from '../stores/app-store';
import type { ConditionContext } from './condition-text';

/** What the filter chips and the condition builder need to word a condition in the store's formats. */
export function useConditionContext(groups: CustomerGroup[], customFields: CustomFieldDefinition[]): ConditionContext {
  const { i18n } = useTranslation();
  const settings = useAppStore((s) => s.info?.settings);
  const users = useUsers();
  return {
    groups,
    users,
    customFields,
    locale: `${i18n.language}-${settings?.country ?? 'PA'}`,
    currency: settings?.currency ?? 'USD',
  };
}
