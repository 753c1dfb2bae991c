import { useEffect, useRef, useState } from 'react';
import type { Product } from '../../shared/checkout/product';
import type { ErrorData } from '../../shared/errors';
import { api, errorData } from '../api/client';

/** Products matching what the cashier typed; answers to an older query are dropped. */
export function useProductSearch(query: string, includeInactive = false, limit = 60, refreshKey = 0) {
  const [state, setState] = useState<{ items: Product[]; loading: boolean; error: ErrorData | null }>({
    items: [],
    loading: true,
    error: null,
  });
  const latest = useRef('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey reloads after a save
  useEffect(() => {
    const key = `${includeInactive}:${limit}:${query}`;
    latest.current = key;
    setState((s) => ({ ...s, loading: true }));
    api
      .invoke('products.search', { query, includeInactive, limit })
      .then((items) => {
        if (latest.current === key) setState({ items, loading: false, error: null });
      })
      .catch((error: unknown) => {
        if (latest.current === key) setState({ items: [], loading: false, error: errorData(error) });
      });
  }, [query, includeInactive, limit, refreshKey]);
  return state;
}
