// A refusal that says how long to wait (`params.seconds`: too many wrong passwords), counted down
// live: the form keeps its button disabled until the wait is over, then the refusal goes. Screen
// readers hear the wait once when it starts, not every second.
import { Alert } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors';

export interface RetryWait {
  /** Seconds the refusal asked for. */
  initial: number;
  /** Seconds left now; 0 once the wait is over. */
  secondsLeft: number;
}

/** The wait `error` asks for, counting down; null when the error asks for none. */
export function useRetryWait(error: AppErrorData | null): RetryWait | null {
  const seconds = typeof error?.params?.seconds === 'number' ? error.params.seconds : null;
  const [left, setLeft] = useState<number | null>(seconds);
  useEffect(() => {
    if (seconds === null) {
      setLeft(null);
      return;
    }
    // A monotonic clock: only the length of the wait matters, never the time of day.
    const deadline = performance.now() + seconds * 1000;
    setLeft(seconds);
    const timer = window.setInterval(() => {
      const s = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
      setLeft(s);
      if (s === 0) window.clearInterval(timer);
    }, 250);
    return () => window.clearInterval(timer);
  }, [error, seconds]);
  return seconds === null ? null : { initial: seconds, secondsLeft: left ?? seconds };
}

export function RetryWaitAlert({ wait }: { wait: RetryWait }) {
  const { t } = useTranslation();
  const title = (
    <>
      <span aria-hidden="true">{t('ui.session.retryIn', { count: wait.secondsLeft })}</span>
      <span className="visually-hidden">{t('ui.session.retryIn', { count: wait.initial })}</span>
    </>
  );
  return <Alert color="red" variant="light" role="alert" title={title} data-testid="retry-wait" data-seconds-left={wait.secondsLeft} />;
}
