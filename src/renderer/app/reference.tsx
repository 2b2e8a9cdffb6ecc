// Reference data of the court (chambers, case types, holidays), read once after login and shared
// by every screen. Lookups by id return undefined rather than throwing: the UI shows a dash.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ReferenceData } from '../../shared/schemas/views';
import { useApiQuery } from '../api/use-api';

interface ReferenceValue {
  data: ReferenceData | null;
  chamber: (id: string) => ReferenceData['chambers'][number] | undefined;
  caseType: (id: string) => ReferenceData['caseTypes'][number] | undefined;
  reload: () => void;
}

const ReferenceContext = createContext<ReferenceValue | null>(null);

export function ReferenceProvider({ children }: { children: ReactNode }) {
  const query = useApiQuery('reference.get', {}, 'reference');
  const value = useMemo<ReferenceValue>(() => {
    const data = query.data;
    return {
      data,
      chamber: (id) => data?.chambers.find((c) => c.id === id),
      caseType: (id) => data?.caseTypes.find((c) => c.id === id),
      reload: query.reload,
    };
  }, [query.data, query.reload]);
  return <ReferenceContext.Provider value={value}>{children}</ReferenceContext.Provider>;
}

export function useReference(): ReferenceValue {
  const v = useContext(ReferenceContext);
  if (!v) throw new Error('useReference outside ReferenceProvider');
  return v;
}

/** Case types in force on a date (validFrom ≤ date, and validTo absent or ≥ date). */
export function caseTypesOn<T extends { validFrom: string; validTo: string | null }>(types: readonly T[], isoDate: string): T[] {
  return types.filter((t) => t.validFrom <= isoDate && (t.validTo === null || isoDate <= t.validTo));
}
