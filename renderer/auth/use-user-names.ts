import { useEffect, useState } from 'react';
import { api } from '../api/client';

/** Histories and logs keep user ids; people read names (a user no longer known shows the id). */
export function useUserNames(refreshKey?: unknown): (id: string) => string {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void refreshKey;
    api
      .invoke('users.names', {})
      .then((users) => setNames(new Map(users.map((u) => [u.id, u.name]))))
      .catch(() => {});
  }, [refreshKey]);
  return (id) => names.get(id) ?? id;
}

export interface UserName {
  id: string;
  name: string;
  active: boolean;
}

/** Every user of this store by name, active or not (the owner picker offers the active ones). */
export function useUsers(): UserName[] {
  const [users, setUsers] = useState<UserName[]>([]);
  useEffect(() => {
    let live = true;
    api
      .invoke('users.names', {})
      .then((list) => {
        if (live) setUsers(list);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return users;
}
