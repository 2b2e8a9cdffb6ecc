// The sync status as the header and the sync screen show it: read once from main, then kept
// current by the push channel's 'sync.status' events (no polling). Null on a standalone desk's
// first read, before main has answered.
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../shared/schemas/desk-sync';
import { useApiContext } from '../api/api-context';
import { useCall } from '../api/use-api';

export function useSyncStatus(): { status: SyncStatus | null; setStatus: (s: SyncStatus) => void } {
  const { events } = useApiContext();
  const call = useCall();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const unsubscribe = events.subscribe((m) => {
      if (m.event === 'sync.status') setStatus(m.payload);
    });
    void call('sync.status', {}).then((r) => {
      if (alive && r.ok) setStatus((s) => s ?? r.value);
    });
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [events, call]);
  return { status, setStatus };
}
