// The header's sync status on an enrolled desk: connected or not, a round under way, what waits
// to be sent (changes, document files), what the clerk must look at (conflicts, rejections, files
// with a problem) and when the desk last synced.
// A button to the sync screen; nothing on a standalone desk.
import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../shared/schemas/desk-sync';
import { Ltr } from '../components/Ltr';
import { formatCourtTime } from '../format/dates';

/** Dark shades, filled: white text on them passes contrast (WCAG AA) at a badge's small size. */
const COLOR: Record<SyncStatus['state'], string> = {
  standalone: 'gray.8',
  signedOut: 'gray.8',
  online: 'teal.9',
  offline: '#9c3b07',
  syncing: 'blue.9',
};

type Count = 'pending' | 'conflicts' | 'rejected' | 'filesToUpload' | 'filesToFetch' | 'fileProblems';

/** The counts shown, in order: a badge each when above zero, and the same words in the button's title. */
const COUNTS: readonly { count: Count; color: string; variant: 'filled' | 'outline'; testId: string }[] = [
  { count: 'pending', color: 'dark.6', variant: 'outline', testId: 'header-sync-pending' },
  { count: 'conflicts', color: 'red.9', variant: 'filled', testId: 'header-sync-conflicts' },
  { count: 'rejected', color: 'red.9', variant: 'outline', testId: 'header-sync-rejected' },
  { count: 'filesToUpload', color: 'dark.6', variant: 'outline', testId: 'header-sync-files' },
  { count: 'filesToFetch', color: 'dark.6', variant: 'outline', testId: 'header-sync-fetch' },
  { count: 'fileProblems', color: 'red.9', variant: 'outline', testId: 'header-sync-file-problems' },
];

export function SyncIndicator({ status, onOpen }: { status: SyncStatus; onOpen: () => void }) {
  const { t } = useTranslation();
  if (status.state === 'standalone') return null;
  const needsLook = status.conflicts + status.rejected > 0;
  const shown = COUNTS.filter((c) => status[c.count] > 0);
  const label = [
    t(`ui.sync.state.${status.state}`),
    ...shown.map((c) => t(`ui.sync.${c.count}`, { count: status[c.count] })),
    status.lastSyncedAt ? t('ui.sync.lastSynced', { time: formatCourtTime(status.lastSyncedAt) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <UnstyledButton onClick={onOpen} title={label} data-testid="header-sync" data-state={status.state} data-pending={status.pending} data-conflicts={status.conflicts} data-files-to-upload={status.filesToUpload} data-files-to-fetch={status.filesToFetch} data-file-problems={status.fileProblems}>
      <Group gap={6} wrap="nowrap">
        <Badge color={COLOR[status.state]} variant="filled" size="md" data-testid="header-sync-state">
          {t(`ui.sync.state.${status.state}`)}
        </Badge>
        {shown.map((c) => (
          <Badge key={c.count} color={c.color} variant={c.variant} size="md" data-testid={c.testId}>
            {t(`ui.sync.${c.count}`, { count: status[c.count] })}
          </Badge>
        ))}
        {!needsLook && status.lastSyncedAt && (
          <Text size="xs" c="dimmed" data-testid="header-sync-last" className="header-sync-last">
            <Ltr>{formatCourtTime(status.lastSyncedAt)}</Ltr>
          </Text>
        )}
      </Group>
    </UnstyledButton>
  );
}
