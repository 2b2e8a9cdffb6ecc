// Pages of the registry fetched by offset as the clerk scrolls (200 rows a page), cached with a
// bound so 100,000 cases never sit in memory at once. A filter change starts a new generation and
// late answers of the old one are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData } from '../../../shared/errors';
import type { RegistryFilter } from '../../../shared/schemas/queries';
import type { RegistryRow } from '../../../shared/schemas/views';
import { useCall } from '../../api/use-api';

export const PAGE_SIZE = 200;
const MAX_CACHED_PAGES = 60;

export interface RegistryPages {
  total: number | null;
  error: AppErrorData | null;
  rowAt: (index: number) => RegistryRow | undefined;
  ensureRange: (first: number, last: number) => void;
  reload: () => void;
}

export function useRegistryPages(filter: RegistryFilter): RegistryPages {
  const call = useCall();
  const filterKey = JSON.stringify(filter);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [, setRevision] = useState(0);
  const [generationTick, setGenerationTick] = useState(0);
  const pages = useRef(new Map<number, RegistryRow[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const loadPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || inflight.current.has(page)) return;
      inflight.current.add(page);
      const mine = generation.current;
      void call('cases.listForRegistry', { filter: filterRef.current, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then((r) => {
        if (mine !== generation.current) return;
        inflight.current.delete(page);
        if (!r.ok) {
          setError(r.error);
          return;
        }
        setError(null);
        pages.current.set(page, r.value.rows);
        // Least recently loaded pages go first; Map keeps insertion order.
        while (pages.current.size > MAX_CACHED_PAGES) {
          const oldest = pages.current.keys().next().value;
          if (oldest === undefined) break;
          pages.current.delete(oldest);
        }
        if (page === 0) setTotal(r.value.total);
        setRevision((n) => n + 1);
      });
    },
    [call],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    inflight.current = new Set();
    setTotal(null);
    loadPage(0);
  }, [filterKey, generationTick, loadPage]);

  const rowAt = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], []);
  const ensureRange = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) loadPage(p);
    },
    [loadPage],
  );
  const reload = useCallback(() => setGenerationTick((n) => n + 1), []);
  return { total, error, rowAt, ensureRange, reload };
}
