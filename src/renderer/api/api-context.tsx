// Gives every component the one MahkamaApi and tells the session when a call was refused because
// the workstation locked or logged out meanwhile. Components never reach window.mahkama directly.
import { createContext, useContext, type ReactNode } from 'react';
import type { MahkamaApi } from '../../shared/ipc/contract';
import type { MahkamaEvents } from '../../shared/ipc/push-channel';

export interface ApiContextValue {
  api: MahkamaApi;
  /** The push channel from main (each message already checked by its schema). */
  events: MahkamaEvents;
  /** Called when a call comes back LOCKED or NOT_AUTHENTICATED, so the lock screen appears. */
  onSessionLost: () => void;
  /** Moves on each time the desk becomes usable again (unlocked, signed in): refused reads are read again. */
  sessionEpoch: number;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ value, children }: { value: ApiContextValue; children: ReactNode }) {
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApiContext(): ApiContextValue {
  const v = useContext(ApiContext);
  if (!v) throw new Error('useApiContext outside ApiProvider');
  return v;
}
