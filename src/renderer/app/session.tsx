// The workstation's session as the UI knows it: the last AppStatus from main (set up? who is
// logged in? locked? which language?). Main is the authority; this is only its latest answer.
import { createContext, useContext } from 'react';
import type { Language } from '../../shared/enums';
import type { AppStatus } from '../../shared/schemas/views';

export interface SessionValue {
  status: AppStatus;
  /** The language on screen (may run ahead of status.language before anyone is logged in). */
  language: Language;
  setStatus: (status: AppStatus) => void;
  refresh: () => Promise<void>;
  /** Shows the language at once and asks main to persist it. */
  changeLanguage: (language: Language) => Promise<void>;
  lock: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionContext');
  return v;
}

export function isAdmin(status: AppStatus): boolean {
  return status.user?.roles.includes('admin') ?? false;
}
