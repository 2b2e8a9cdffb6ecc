// Settings → search index (administrators): where the rebuild of the document pages' index stands,
// its bar while it runs, and Rebuild / Resume / Stop. Read once from main, then kept current by the
// push channel's `search.reindex` events (no polling). The run is main's: leaving the screen or
// closing the window does not stop it, and main checks the role whatever this shows.
import { Button, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReindexStatus } from '../../../shared/schemas/search-index';
import { useApiContext } from '../../api/api-context';
import { useApiAction, useCall } from '../../api/use-api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { formatCourtTime } from '../../format/dates';

/**
 * The newest status main told, by answer or event; null until the first. Answers and events travel
 * apart: one that arrives after a newer one (a lower revision) is dropped, or a run that ended while
 * the start's answer travelled would show as running.
 */
function useReindexStatus(): [ReindexStatus | null, (s: ReindexStatus) => void] {
  const { events } = useApiContext();
  const call = useCall();
  const [status, setStatus] = useState<ReindexStatus | null>(null);
  const offer = useCallback((next: ReindexStatus) => setStatus((s) => (s === null || next.revision >= s.revision ? next : s)), []);
  useEffect(() => {
    let alive = true;
    const unsubscribe = events.subscribe((m) => {
      if (m.event === 'search.reindex') offer(m.payload);
    });
    void call('search.reindexStatus', {}).then((r) => {
      if (alive && r.ok) offer(r.value);
    });
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [events, call, offer]);
  return [status, offer];
}

/** Which sentence says where it stands (`ui.settings.searchIndex.line.*`). */
export function reindexLineKey(s: ReindexStatus): string {
  if (s.state !== 'running') return s.state;
  if (s.stopping) return 'stopping';
  return s.resumed ? 'resuming' : 'running';
}

export function SearchIndexSection() {
  const { t } = useTranslation();
  const [status, setStatus] = useReindexStatus();
  const start = useApiAction('search.reindexStart');
  const stop = useApiAction('search.reindexStop');
  const act = async (run: Promise<{ ok: true; value: ReindexStatus } | { ok: false }>) => {
    const r = await run;
    if (r.ok) setStatus(r.value);
  };
  if (!status) return null;
  const { state, pagesDone: done, pagesTotal: total } = status;
  const running = state === 'running';
  const resumable = state === 'stopped' || state === 'interrupted' || state === 'failed';
  const value = state === 'finished' ? 100 : total > 0 ? Math.round((done / total) * 100) : 0;
  const progress = t('ui.settings.searchIndex.progress', { done, total });
  return (
    <Stack gap="sm" component="section" aria-labelledby="settings-search-index" data-testid="search-index-section">
      <Title order={3} size="h4" id="settings-search-index">
        {t('ui.settings.searchIndex.title')}
      </Title>
      <Text size="sm">{t('ui.settings.searchIndex.explain')}</Text>
      <Text fw={500} role="status" data-testid="search-index-line" data-state={state} data-done={done} data-total={total}>
        {t(`ui.settings.searchIndex.line.${reindexLineKey(status)}`, { done, total })}
      </Text>
      {state !== 'never' && (
        <Group gap="sm" wrap="nowrap">
          <Progress.Root size="lg" style={{ flex: 1 }} data-testid="search-index-progress" data-value={value}>
            <Progress.Section value={value} color={state === 'failed' ? 'red.9' : state === 'finished' ? 'teal.9' : 'blue.9'} animated={running} aria-label={progress} />
          </Progress.Root>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="search-index-pages">
            {progress}
          </Text>
        </Group>
      )}
      {(status.startedAt || status.finishedAt) && (
        <dl className="facts">
          {status.startedAt && (
            <div className="fact">
              <dt>{t('ui.settings.searchIndex.startedAt')}</dt>
              <dd data-testid="search-index-started">
                <Ltr>{formatCourtTime(status.startedAt)}</Ltr>
              </dd>
            </div>
          )}
          {status.finishedAt && (
            <div className="fact">
              <dt>{t('ui.settings.searchIndex.finishedAt')}</dt>
              <dd data-testid="search-index-finished">
                <Ltr>{formatCourtTime(status.finishedAt)}</Ltr>
              </dd>
            </div>
          )}
        </dl>
      )}
      <ErrorAlert error={start.error ?? stop.error ?? status.error} data-testid="search-index-error" />
      <Group gap="sm" justify="flex-end">
        {running ? (
          <Button variant="default" color="red" disabled={status.stopping} loading={stop.pending} onClick={() => void act(stop.run({}))} data-testid="search-index-stop">
            {t('ui.settings.searchIndex.stop')}
          </Button>
        ) : (
          <>
            {resumable && (
              <Button loading={start.pending} onClick={() => void act(start.run({ mode: 'resume' }))} data-testid="search-index-resume">
                {t('ui.settings.searchIndex.resume')}
              </Button>
            )}
            <Button variant={resumable ? 'default' : 'filled'} loading={start.pending} onClick={() => void act(start.run({ mode: 'rebuild' }))} data-testid="search-index-rebuild">
              {t('ui.settings.searchIndex.rebuild')}
            </Button>
          </>
        )}
      </Group>
    </Stack>
  );
}
