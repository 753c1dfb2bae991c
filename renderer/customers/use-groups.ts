import { useEffect, useState } from 'react';
import type { CustomerGroup } from '../../shared/customers/groups';
import { api } from '../api/client';

/** The store's customer groups, loaded when a screen needs them. */
/** `version` reloads them after a change. */
export function useGroups(version = 0): CustomerGroup[] {
  const [groups, setGroups] = useState<CustomerGroup[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal
  useEffect(() => {
    let live = true;
    api
      .invoke('groups.list', {})
      .then((g) => {
        if (live) setGroups(g);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [version]);
  return groups;
}
