// The workspace's overall reading progress: while documents are being read (on any case), one bar
// in the header with the pages read of all jobs under way; nothing when none is. Read once, then
// kept current by the push channel (a job queued or ended re-reads the list; a page moves the bar).
import { Group, Progress, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActiveJobs } from '../../shared/schemas/documents';
import { useApiContext } from '../api/api-context';
import { useCall } from '../api/use-api';

export function DocumentJobsIndicator() {
  const { t } = useTranslation();
  const { events } = useApiContext();
  const call = useCall();
  const [jobs, setJobs] = useState<ActiveJobs['jobs']>([]);
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      void call('documents.activeJobs', {}).then((r) => {
        if (alive && r.ok) setJobs(r.value.jobs);
      });
    refresh();
    const unsubscribe = events.subscribe((m) => {
      if (m.event === 'documents.job') refresh();
      else if (m.event === 'documents.progress') {
        const p = m.payload;
        setJobs((all) => all.map((j) => (j.jobId === p.jobId ? { ...j, status: 'running', pagesDone: p.pagesDone, pagesTotal: p.pagesTotal } : j)));
      }
    });
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [call, events]);
  if (jobs.length === 0) return null;
  const done = jobs.reduce((n, j) => n + j.pagesDone, 0);
  const total = jobs.reduce((n, j) => n + j.pagesTotal, 0);
  const value = total > 0 ? Math.round((done / total) * 100) : 0;
  const label = t('ui.documents.overall', { done, total });
  return (
    <Group gap="xs" wrap="nowrap" data-testid="documents-overall" data-done={done} data-total={total}>
      <Progress.Root w={120} size="sm">
        <Progress.Section value={value} aria-label={label} />
      </Progress.Root>
      <Text size="xs" visibleFrom="md">
        {label}
      </Text>
    </Group>
  );
}
