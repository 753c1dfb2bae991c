import { useEffect, useState } from 'react';
import type { CustomerGroup } from '../../shared/customers/groups';
import { api } from '../api/client';

/** The store's customer groups, loaded when a screen needs them. */
export function useGroups(): CustomerGroup[] {
  const [groups, setGroups] = useState<CustomerGroup[]>([]);
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
  }, []);
  return groups;
}
