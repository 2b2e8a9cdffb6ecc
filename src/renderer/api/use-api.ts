// The one way a screen calls the API: `useApiAction` for commands (pending + error state, kept
// until the next attempt so nothing typed is lost) and `useApiQuery` for reads. Errors stay values.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorData, Result } from '../../shared/errors';
import type { IpcInput, IpcMethod, IpcOutput } from '../../shared/ipc/contract';
import { useApiContext } from './api-context';

const SESSION_LOST_CODES = new Set(['LOCKED', 'NOT_AUTHENTICATED']);

/** Calls a method and reports a lost session; the typed call every hook below goes through. */
export function useCall() {
  const { api, onSessionLost } = useApiContext();
  return useCallback(
    async <M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<Result<IpcOutput<M>>> => {
      const fn = api[method] as (i: IpcInput<M>) => Promise<Result<IpcOutput<M>>>;
      const result = await fn(input);
      if (!result.ok && SESSION_LOST_CODES.has(result.error.code)) onSessionLost();
      return result;
    },
    [api, onSessionLost],
  );
}

export interface ApiAction<M extends IpcMethod> {
  run: (input: IpcInput<M>) => Promise<Result<IpcOutput<M>>>;
  pending: boolean;
  error: AppErrorData | null;
  clearError: () => void;
}

export function useApiAction<M extends IpcMethod>(method: M): ApiAction<M> {
  const call = useCall();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  // One send at a time: a form sent again while its first send is on its way (Enter pressed twice,
  // Ctrl+Enter beside a disabled button) gets the first send's answer, never a second case.
  const inFlight = useRef<Promise<Result<IpcOutput<M>>> | null>(null);
  const run = useCallback(
    (input: IpcInput<M>): Promise<Result<IpcOutput<M>>> => {
      if (inFlight.current) return inFlight.current;
      setPending(true);
      const sent = (async () => {
        try {
          const result = await call(method, input);
          // A session lost meanwhile is the lock screen's to say, not the form's: after unlocking,
          // the form shows no stale "locked" message and the clerk simply sends again.
          setError(result.ok || SESSION_LOST_CODES.has(result.error.code) ? null : result.error);
          return result;
        } finally {
          inFlight.current = null;
          setPending(false);
        }
      })();
      inFlight.current = sent;
      return sent;
    },
    [call, method],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}

export interface ApiQuery<M extends IpcMethod> {
  data: IpcOutput<M> | null;
  error: AppErrorData | null;
  loading: boolean;
  reload: () => void;
}

/** Reads `method(input)` whenever `key` changes; a late answer for an old key is dropped. */
export function useApiQuery<M extends IpcMethod>(method: M, input: IpcInput<M> | null, key: string): ApiQuery<M> {
  const call = useCall();
  const { sessionEpoch } = useApiContext();
  const [data, setData] = useState<IpcOutput<M> | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(input !== null);
  const [tick, setTick] = useState(0);
  const inputRef = useRef(input);
  inputRef.current = input;
  // Refused because the desk was locked (a screen mounted behind the lock screen): read again once
  // it is unlocked, rather than left empty with a stale "locked" message.
  const refusedForSession = useRef(false);
  useEffect(() => {
    if (!refusedForSession.current) return;
    refusedForSession.current = false;
    setTick((n) => n + 1);
  }, [sessionEpoch]);

  useEffect(() => {
    const current = inputRef.current;
    if (current === null) return;
    let alive = true;
    setLoading(true);
    void call(method, current).then((result) => {
      if (!alive) return;
      if (result.ok) {
        setLoading(false);
        setData(result.value);
        setError(null);
      } else if (SESSION_LOST_CODES.has(result.error.code)) {
        // Still loading, as far as the screen is concerned: the answer comes after unlocking.
        refusedForSession.current = true;
      } else {
        setLoading(false);
        setError(result.error);
      }
    });
    return () => {
      alive = false;
    };
  }, [call, method, key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
