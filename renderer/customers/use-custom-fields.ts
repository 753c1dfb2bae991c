import { useEffect, useState } from 'react';
import type { CustomFieldDefinition } from '../../shared/customers/custom-fields';
import { api } from '../api/client';

/** The admin's custom fields (active and not); `version` reloads them after a change. */
export function useCustomFields(version = 0): CustomFieldDefinition[] {
  const [fields, setFields] = useState<CustomFieldDefinition[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal
  useEffect(() => {
    let live = true;
    api
      .invoke('customFields.list', {})
      .then((f) => {
        if (live) setFields(f);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [version]);
  return fields;
}
