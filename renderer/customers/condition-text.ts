import type { TFunction } from 'i18next';
import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import {
  type BuiltInConditionField,
  CUSTOM_FIELD_PREFIX,
  type ConditionOperator,
  type FilterCondition,
  resolveConditionField,
} from '../../shared/customers/filter-conditions';
import type { CustomerGroup } from '../../shared/customers/groups';
import { countryName, formatDate, formatMoney } from '../format';

/** What the words of a condition need: names of groups and custom fields, and the store's formats. */
export interface ConditionContext {
  groups: readonly CustomerGroup[];
  /** Users by id, for conditions on the owner. */
  users: readonly { id: string; name: string; active: boolean }[];
  customFields: readonly CustomFieldDefinition[];
  /** Dates and words ("en-PA"): the screen's language in the store's region (`dateLocale`). */
  locale: string;
  /** Money and numbers: the store's own locale (`moneyLocale`). */
  moneyLocale: string;
  currency: string;
}

/** Where each built-in field's label lives in the catalogs (most are the form's own labels). */
const FIELD_LABELS: Record<BuiltInConditionField, string> = {
  firstName: 'fields.firstName',
  lastName: 'fields.lastName',
  company: 'fields.company',
  email: 'fields.email',
  phone: 'fields.phone',
  city: 'addressFields.city',
  country: 'addressFields.country',
  kind: 'fields.kind',
  status: 'fields.status',
  groupId: 'fields.groupId',
  ownerId: 'fields.ownerId',
  tags: 'fields.tags',
  smsConsent: 'fields.smsConsent',
  emailConsent: 'fields.emailConsent',
  doNotContact: 'fields.doNotContact',
  dateOfBirth: 'fields.dateOfBirth',
  createdAt: 'conditions.fields.createdAt',
  lastPurchase: 'conditions.fields.lastPurchase',
  totalSpent: 'conditions.fields.totalSpent',
  loyaltyBalance: 'conditions.fields.loyaltyBalance',
  businessType: 'fields.businessType',
  industry: 'fields.industry',
  paymentTerms: 'fields.paymentTerms',
  preferredCurrency: 'fields.preferredCurrency',
  language: 'fields.language',
  contactChannel: 'fields.contactChannel',
  idDocType: 'fields.idDocType',
  idDocNumber: 'fields.idDocNumber',
  taxId: 'fields.taxId',
  registrationNumber: 'fields.registrationNumber',
  externalId: 'fields.externalId',
  membershipCode: 'fields.membershipCode',
  notes: 'fields.notes',
};

/** Comparisons read the same in every language. */
export const SYMBOLS: Partial<Record<ConditionOperator, string>> = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
};

export function conditionFieldLabel(t: TFunction, name: string, customFields: readonly CustomFieldDefinition[]): string {
  if (name.startsWith(CUSTOM_FIELD_PREFIX))
    return customFields.find((d) => `${CUSTOM_FIELD_PREFIX}${d.key}` === name)?.label ?? name.slice(CUSTOM_FIELD_PREFIX.length);
  return t(FIELD_LABELS[name as BuiltInConditionField] ?? name);
}

/** A choice as a person reads it: translated for the record's own lists, the admin's words for theirs. */
export function choiceLabel(t: TFunction, field: string, value: string, context: ConditionContext): string {
  switch (field) {
    case 'status':
      return t(`customers.status.${value}`);
    case 'kind':
      return t(value === 'business' ? 'fields.kindBusiness' : 'fields.kindIndividual');
    case 'businessType':
      return t(`businessTypes.${value}`);
    case 'paymentTerms':
      return t(`paymentTermsOptions.${value}`);
    case 'contactChannel':
      return t(`contactChannels.${value}`);
    case 'idDocType':
      return t(`idDocTypes.${value}`);
    case 'language':
      return t(`language.${value}`);
    case 'groupId':
      return context.groups.find((g) => g.id === value)?.name ?? t('conditions.unknownGroup');
    case 'ownerId':
      return context.users.find((u) => u.id === value)?.name ?? t('wizard.unknownUser');
    case 'country':
      return countryName(value, context.locale);
    default:
      return value;
  }
}

/** One value of a condition in the store's formats. */
function valueText(t: TFunction, condition: FilterCondition, value: unknown, context: ConditionContext): string {
  const field = resolveConditionField(condition.field, context.customFields);
  const type = typeof field === 'string' ? null : field.type;
  if (type === 'money' && typeof value === 'number') return formatMoney(value, context.currency, context.moneyLocale);
  if (type === 'number' && typeof value === 'number') return new Intl.NumberFormat(context.moneyLocale).format(value);
  if (type === 'date' && typeof value === 'string') return formatDate(value, context.locale);
  if (typeof value === 'boolean') return t(value ? 'conditions.yes' : 'conditions.no');
  if (type === 'choice' && typeof value === 'string') return choiceLabel(t, condition.field, value, context);
  return String(value);
}

/** A condition as a sentence for its chip: "Ciudad contiene 'Quito'", "Talla > 40". */
export function conditionSentence(t: TFunction, condition: FilterCondition, context: ConditionContext): string {
  const field = conditionFieldLabel(t, condition.field, context.customFields);
  const { op, value } = condition;
  const symbol = SYMBOLS[op];
  if (symbol) return `${field} ${symbol} ${valueText(t, condition, value, context)}`;
  if (op === 'between' && Array.isArray(value))
    return t('conditions.sentence.between', {
      field,
      from: valueText(t, condition, value[0], context),
      to: valueText(t, condition, value[1], context),
    });
  if (op === 'in_last_days') return t('conditions.sentence.in_last_days', { field, count: value as number });
  if (op === 'is_any_of' && Array.isArray(value)) {
    const items = value.map((v) => valueText(t, condition, v, context));
    const list = new Intl.ListFormat(context.locale, { type: 'disjunction' }).format(items);
    return t('conditions.sentence.is', { field, value: list });
  }
  return t(`conditions.sentence.${op}`, { field, value: value === undefined ? '' : valueText(t, condition, value, context) });
}
