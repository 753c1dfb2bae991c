import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cleanTags, MAX_TAGS } from '../../shared/customers/customer';
import { api } from '../api/client';

interface Props {
  id: string;
  value: string[];
  onChange(tags: string[]): void;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/** Free labels as removable chips; Enter or comma adds one; tags already in use are suggested. */
export function TagInput({ id, value, onChange, ...aria }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [draft, setDraft] = useState('');
  const [suggestions, setSuggestions] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    api
      .invoke('customers.tags', { prefix: draft })
      .then((tags) => {
        if (live) setSuggestions(tags.filter((tag) => !value.includes(tag)));
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [draft, value]);

  const add = (text: string) => {
    const next = cleanTags([...value, text]);
    if (text.trim() && next.length <= MAX_TAGS) onChange(next);
    setDraft('');
  };

  return (
    <div className="tag-input">
      {value.map((tag) => (
        <span key={tag} className="chip chip-tag">
          {tag}
          <button
            type="button"
            className="chip-remove"
            aria-label={t('tags.remove', { tag })}
            onClick={() => onChange(value.filter((v) => v !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={id}
        {...aria}
        list={listId}
        value={draft}
        placeholder={t('tags.placeholder')}
        data-testid="field-tags"
        onChange={(e) => {
          const text = e.target.value;
          // Picking a suggestion from the list fills the whole tag at once.
          if (suggestions.includes(text)) add(text);
          else setDraft(text);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add(draft);
          } else if (e.key === 'Backspace' && draft === '' && value.length > 0) {
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => draft.trim() && add(draft)}
      />
      <datalist id={listId}>
        {suggestions.map((tag) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
    </div>
  );
}
