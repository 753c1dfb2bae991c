import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerSummary } from '../../shared/customers/customer';
import type { ErrorData } from '../../shared/errors';
import type { CustomerFilters, CustomerSort } from '../../shared/customers/filters';
import { api, errorData } from '../api/client';

export const SEARCH_PAGE_SIZE = 100;

interface SearchState {
  key: string;
  total: number;
  capped: boolean;
  pages: Record<number, CustomerSummary[]>;
  loading: boolean;
  error: ErrorData | null;
}

/**
 * Search as you type over a list of any length: the first page comes with the
 * total, later pages load as the list scrolls to them. Answers to an older
 * query are dropped, so fast typing never shows stale results.
 */
export function useCustomerSearch(
  query: string,
  includeInactive: boolean,
  filters: CustomerFilters,
  refreshKey: number,
  sort: CustomerSort = 'name',
) {
  const key = `${includeInactive ? 1 : 0}:${sort}:${JSON.stringify(filters)}:${query}`;
  const [state, setState] = useState<SearchState>({
    key: '',
    total: 0,
    capped: false,
    pages: {},
    loading: true,
    error: null,
  });
  const latestKey = useRef(key);
  const inFlight = useRef(new Set<string>());

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey reloads on outside changes
  useEffect(() => {
    latestKey.current = key;
    inFlight.current.clear();
    setState((s) => ({ ...s, loading: true }));
    api
      .invoke('customers.search', { query, includeInactive, filters, sort, offset: 0, limit: SEARCH_PAGE_SIZE })
      .then((result) => {
        if (latestKey.current !== key) return;
        setState({ key, total: result.total, capped: result.capped, pages: { 0: result.items }, loading: false, error: null });
        performance.mark('customers:results');
      })
      .catch((error: unknown) => {
        if (latestKey.current === key)
          setState({ key, total: 0, capped: false, pages: {}, loading: false, error: errorData(error) });
      });
  }, [key, refreshKey]);

  const ensureRange = useCallback(
    (from: number, to: number) => {
      if (state.key !== key) return;
      for (let page = Math.floor(from / SEARCH_PAGE_SIZE); page <= Math.floor(to / SEARCH_PAGE_SIZE); page++) {
        const flightKey = `${key}#${page}`;
        if (state.pages[page] || inFlight.current.has(flightKey) || page * SEARCH_PAGE_SIZE >= state.total) continue;
        inFlight.current.add(flightKey);
        api
          .invoke('customers.search', {
            query,
            includeInactive,
            filters,
            sort,
            offset: page * SEARCH_PAGE_SIZE,
            limit: SEARCH_PAGE_SIZE,
          })
          .then((result) => {
            if (latestKey.current !== key) return;
            setState((s) => (s.key === key ? { ...s, pages: { ...s.pages, [page]: result.items } } : s));
          })
          .catch(() => inFlight.current.delete(flightKey));
      }
    },
    [key, query, includeInactive, filters, sort, state.key, state.pages, state.total],
  );

  const itemAt = useCallback(
    (index: number): CustomerSummary | undefined => state.pages[Math.floor(index / SEARCH_PAGE_SIZE)]?.[index % SEARCH_PAGE_SIZE],
    [state.pages],
  );

  return { total: state.total, capped: state.capped, loading: state.loading, error: state.error, itemAt, ensureRange };
}
