import { getCountries } from 'libphonenumber-js/max';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BUILT_IN_CONDITION_FIELDS,
  type ConditionOperator,
  CUSTOM_FIELD_PREFIX,
  conditionError,
  type FilterCondition,
  filterConditionSchema,
  NO_VALUE_OPERATORS,
  operatorsFor,
  type ResolvedConditionField,
  resolveConditionField,
} from '../../shared/customers/filter-conditions';
import { Field } from '../forms/Field';
import { parseMoneyInput } from '../format';
import { type ConditionContext, choiceLabel, conditionFieldLabel, SYMBOLS } from './condition-text';

interface Props {
  context: ConditionContext;
  onAdd(condition: FilterCondition): void;
}

type Part = 'field' | 'op' | 'value';

/** What the value editor holds: one or two typed texts, or the picked choices. */
interface Draft {
  from: string;
  to: string;
  picks: string[];
}
const EMPTY: Draft = { from: '', to: '', picks: [] };

/** The choices of a choice field: the record's own lists, the groups, the countries or the admin's options. */
function choicesOf(field: ResolvedConditionField, context: ConditionContext): string[] {
  if (field.name === 'groupId') return context.groups.map((g) => g.id);
  if (field.name === 'ownerId') return context.users.filter((u) => u.active).map((u) => u.id);
  if (field.name === 'country') return getCountries() as string[];
  return [...(field.options ?? [])];
}

/** The typed text as the value the field takes; what does not parse is sent as typed, to be refused. */
function toValue(field: ResolvedConditionField, op: ConditionOperator, text: string, currency: string): unknown {
  if (op === 'in_last_days') return /^\d+$/.test(text.trim()) ? Number(text) : text || undefined;
  if (text.trim() === '') return undefined;
  switch (field.type) {
    case 'number':
      return Number.isFinite(Number(text)) ? Number(text) : text;
    case 'money':
      return parseMoneyInput(text, currency) ?? text;
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}

/**
 * The custom condition builder: pick a field, an operator valid for its type and a value in an
 * editor of that type; "Add" checks it like main does and shows what is wrong next to its control.
 */
export function ConditionBuilder({ context, onAdd }: Props) {
  const { t } = useTranslation();
  const [fieldName, setFieldName] = useState('');
  const [op, setOp] = useState<ConditionOperator | ''>('');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Part, string>>>({});
  const resolved = fieldName ? resolveConditionField(fieldName, context.customFields) : null;
  const field = resolved && typeof resolved !== 'string' ? resolved : null;
  const operators = field ? operatorsFor(field) : [];

  const pickField = (name: string) => {
    setFieldName(name);
    const next = name ? resolveConditionField(name, context.customFields) : null;
    setOp(next && typeof next !== 'string' ? (operatorsFor(next)[0] ?? '') : '');
    setDraft(EMPTY);
    setErrors({});
  };

  const add = () => {
    if (!field || !op) {
      setErrors({ field: 'required' });
      return;
    }
    let value: unknown;
    if (NO_VALUE_OPERATORS.includes(op)) value = undefined;
    else if (op === 'between')
      value = [toValue(field, op, draft.from, context.currency), toValue(field, op, draft.to, context.currency)];
    else if (op === 'is_any_of') value = draft.picks;
    else value = toValue(field, op, draft.from, context.currency);
    const candidate = { field: field.name, op, ...(value === undefined ? {} : { value }) };
    const parsed = filterConditionSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const part = (issue?.path[0] === 'field' || issue?.path[0] === 'op' ? issue.path[0] : 'value') as Part;
      setErrors({ [part]: /^[a-z_]+$/.test(issue?.message ?? '') ? issue?.message : 'invalid' });
      return;
    }
    const error = conditionError(parsed.data, context.customFields);
    if (error) {
      setErrors({ [error.part]: error.error });
      return;
    }
    onAdd(parsed.data);
    setDraft(EMPTY);
    setErrors({});
  };

  const opLabel = (o: ConditionOperator) => SYMBOLS[o] ?? t(`conditions.ops.${o}`);
  const builtIn = BUILT_IN_CONDITION_FIELDS.map((name) => ({ name, label: conditionFieldLabel(t, name, []) }));
  const collator = new Intl.Collator(context.locale);
  builtIn.sort((a, b) => collator.compare(a.label, b.label));

  return (
    <fieldset className="condition-builder" data-testid="condition-builder">
      <legend>{t('conditions.title')}</legend>
      <Field label={t('conditions.field')} error={errors.field}>
        {(props) => (
          <select
            {...props}
            className="filter-control condition-field"
            value={fieldName}
            onChange={(e) => pickField(e.target.value)}
            data-testid="condition-field"
          >
            <option value="">{t('conditions.chooseField')}</option>
            <optgroup label={t('conditions.builtIn')}>
              {builtIn.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.label}
                </option>
              ))}
            </optgroup>
            {context.customFields.length > 0 ? (
              <optgroup label={t('conditions.custom')}>
                {context.customFields.map((d) => (
                  <option key={d.key} value={`${CUSTOM_FIELD_PREFIX}${d.key}`}>
                    {d.active ? d.label : t('conditions.inactiveField', { label: d.label })}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        )}
      </Field>
      <Field label={t('conditions.operator')} error={errors.op}>
        {(props) => (
          <select
            {...props}
            className="filter-control condition-op"
            value={op}
            disabled={!field}
            onChange={(e) => {
              setOp(e.target.value as ConditionOperator);
              setDraft(EMPTY);
              setErrors({});
            }}
            data-testid="condition-op"
          >
            {operators.map((o) => (
              <option key={o} value={o}>
                {opLabel(o)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {field && op && !NO_VALUE_OPERATORS.includes(op) ? (
        <ValueEditor
          key={`${field.name}|${op}`}
          field={field}
          op={op}
          draft={draft}
          onDraft={setDraft}
          error={errors.value}
          context={context}
        />
      ) : null}
      <button type="button" className="button-secondary button-small condition-add" onClick={add} data-testid="condition-add">
        {t('conditions.add')}
      </button>
    </fieldset>
  );
}

interface EditorProps {
  field: ResolvedConditionField;
  op: ConditionOperator;
  draft: Draft;
  onDraft(draft: Draft): void;
  error: string | undefined;
  context: ConditionContext;
}

/** The value's editor, typed for the field: text, number, money, date, days, yes/no or choices. */
function ValueEditor({ field, op, draft, onDraft, error, context }: EditorProps) {
  const { t } = useTranslation();
  if (op === 'in_last_days')
    return (
      <Field label={t('conditions.days')} error={error}>
        {(props) => (
          <input
            {...props}
            className="filter-control condition-number"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={draft.from}
            onChange={(e) => onDraft({ ...draft, from: e.target.value })}
            data-testid="condition-value"
          />
        )}
      </Field>
    );
  if (field.type === 'boolean')
    return (
      <Field label={t('conditions.value')} error={error}>
        {(props) => (
          <select
            {...props}
            className="filter-control"
            value={draft.from}
            onChange={(e) => onDraft({ ...draft, from: e.target.value })}
            data-testid="condition-value"
          >
            <option value="">{t('conditions.choose')}</option>
            <option value="true">{t('conditions.yes')}</option>
            <option value="false">{t('conditions.no')}</option>
          </select>
        )}
      </Field>
    );
  if (field.type === 'choice') {
    const choices = choicesOf(field, context).map((value) => ({ value, label: choiceLabel(t, field.name, value, context) }));
    if (field.name === 'country') choices.sort((a, b) => a.label.localeCompare(b.label, context.locale));
    if (op === 'is_any_of')
      return (
        <fieldset className={`condition-choices${error ? ' has-error' : ''}`} data-testid="condition-value">
          <legend>{t('conditions.value')}</legend>
          {choices.map((c) => (
            <label key={c.value} className="checkbox">
              <input
                type="checkbox"
                checked={draft.picks.includes(c.value)}
                onChange={(e) =>
                  onDraft({
                    ...draft,
                    picks: e.target.checked ? [...draft.picks, c.value] : draft.picks.filter((p) => p !== c.value),
                  })
                }
              />
              {c.label}
            </label>
          ))}
          {error ? (
            <p className="field-error" role="alert">
              {t(`errors.${error}`, { defaultValue: t('errors.invalid') })}
            </p>
          ) : null}
        </fieldset>
      );
    return (
      <Field label={t('conditions.value')} error={error}>
        {(props) => (
          <select
            {...props}
            className="filter-control"
            value={draft.from}
            onChange={(e) => onDraft({ ...draft, from: e.target.value })}
            data-testid="condition-value"
          >
            <option value="">{t('conditions.choose')}</option>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  const input = (which: 'from' | 'to', label: string, testId: string) => (
    <Field label={label} error={which === 'from' ? error : undefined}>
      {(props) => (
        <input
          {...props}
          className={`filter-control${field.type === 'text' ? '' : field.type === 'date' ? ' condition-date' : ' condition-number'}`}
          type={field.type === 'date' ? 'date' : field.type === 'number' ? 'number' : 'text'}
          inputMode={field.type === 'money' ? 'decimal' : undefined}
          value={draft[which]}
          onChange={(e) => onDraft({ ...draft, [which]: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter')
              e.currentTarget.closest('fieldset')?.querySelector<HTMLButtonElement>('.condition-add')?.click();
          }}
          data-testid={testId}
        />
      )}
    </Field>
  );
  if (op === 'between')
    return (
      <>
        {input('from', t('conditions.from'), 'condition-value')}
        {input('to', t('conditions.to'), 'condition-value-to')}
      </>
    );
  return input(
    'from',
    field.type === 'money' ? t('conditions.amount', { currency: context.currency }) : t('conditions.value'),
    'condition-value',
  );
}
