// The renderer's root: asks main for the status, keeps i18n, document direction and Mantine in
// step with the language, and chooses the gate (startup error, setup, login, lock, workspace).
import { Center, DirectionProvider, Loader, MantineProvider, useDirection } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { DEFAULT_LANGUAGE, directionOf, type Language } from '../../shared/enums';
import type { AppErrorData } from '../../shared/errors';
import type { MahkamaApi } from '../../shared/ipc/contract';
import type { MahkamaEvents } from '../../shared/ipc/push-channel';
import type { AppStatus } from '../../shared/schemas/views';
import { ApiProvider } from '../api/api-context';
import { applyDocumentLanguage, createI18n } from '../i18n/i18n';
import { BootError } from './BootError';
import { Gate } from './Gate';
import { SessionContext, type SessionValue } from './session';
import { LOCK_SHORTCUT, matchesCombo } from './shortcuts';
import { cssVariablesResolver, makeTheme } from './theme';

/** How often the UI asks main whether it locked the workstation after idle time. */
const STATUS_POLL_MS = 15_000;

function DirectionSync({ language }: { language: Language }) {
  const { setDirection } = useDirection();
  useEffect(() => setDirection(directionOf(language)), [language, setDirection]);
  return null;
}

export function Root({ api, events }: { api: MahkamaApi; events: MahkamaEvents }) {
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [bootError, setBootError] = useState<AppErrorData | null>(null);
  const [languageOverride, setLanguageOverride] = useState<Language | null>(null);
  const language: Language = languageOverride ?? status?.language ?? DEFAULT_LANGUAGE;
  const [i18n] = useState(() => createI18n(language));

  useEffect(() => {
    applyDocumentLanguage(language, i18n);
    if (i18n.language !== language) void i18n.changeLanguage(language);
  }, [i18n, language]);

  const refresh = useCallback(async () => {
    const r = await api['app.status']({});
    if (r.ok) {
      setStatus(r.value);
      setBootError(null);
    } else {
      setBootError(r.error);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const loggedIn = Boolean(status?.user) && !status?.locked;
  // Counts the times the desk became usable again (unlocked, signed in): what was read while it
  // was locked came back refused, and is read again then (useApiQuery).
  const [sessionEpoch, setSessionEpoch] = useState(0);
  const wasUsable = useRef(false);
  useEffect(() => {
    if (loggedIn && !wasUsable.current) setSessionEpoch((n) => n + 1);
    wasUsable.current = loggedIn;
  }, [loggedIn]);
  useEffect(() => {
    if (!status?.user) return;
    const timer = window.setInterval(() => void refresh(), STATUS_POLL_MS);
    return () => window.clearInterval(timer);
  }, [status?.user, refresh]);

  const applyStatus = useCallback((s: AppStatus) => {
    setStatus(s);
    // Once main has answered with someone logged in, its persisted language is the truth.
    if (s.user) setLanguageOverride(null);
  }, []);

  const changeLanguage = useCallback(
    async (next: Language) => {
      // Shown at once; main persists it (before setup it keeps it until the court is created).
      setLanguageOverride(next);
      const r = await api['settings.setLanguage']({ language: next });
      if (r.ok) {
        setStatus(r.value);
        setLanguageOverride(null);
      }
    },
    [api],
  );

  const lock = useCallback(async () => {
    const r = await api['session.lock']({});
    // Refused when main has already locked the desk after idle time: then its status shows the lock.
    if (r.ok) setStatus(r.value);
    else await refresh();
  }, [api, refresh]);

  useEffect(() => {
    if (!loggedIn) return;
    const onKey = (e: KeyboardEvent) => {
      if (matchesCombo(e, LOCK_SHORTCUT)) {
        e.preventDefault();
        void lock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [loggedIn, lock]);

  // Stable apart from the epoch: a new `call` would have every screen read its data again.
  const onSessionLost = useCallback(() => void refresh(), [refresh]);
  const apiContext = useMemo(() => ({ api, events, onSessionLost, sessionEpoch }), [api, events, onSessionLost, sessionEpoch]);
  const session = useMemo<SessionValue | null>(
    () => (status ? { status, language, setStatus: applyStatus, refresh, changeLanguage, lock } : null),
    [status, language, applyStatus, refresh, changeLanguage, lock],
  );
  const theme = useMemo(() => makeTheme(language), [language]);

  return (
    <I18nextProvider i18n={i18n}>
      <DirectionProvider initialDirection={directionOf(language)} detectDirection={false}>
        <DirectionSync language={language} />
        <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
          <ApiProvider value={apiContext}>
            {session ? (
              <SessionContext.Provider value={session}>
                <Gate />
              </SessionContext.Provider>
            ) : (
              <Center h="100vh">
                {bootError ? <BootError error={bootError} onRetry={() => void refresh()} /> : <Loader aria-hidden />}
              </Center>
            )}
          </ApiProvider>
        </MantineProvider>
      </DirectionProvider>
    </I18nextProvider>
  );
}
