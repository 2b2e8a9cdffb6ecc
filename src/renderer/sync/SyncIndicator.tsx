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

export function SyncIndicator({ status, onOpen }: { status: SyncStatus; onOpen: () => void }) {
  const { t } = useTranslation();
  if (status.state === 'standalone') return null;
  const needsLook = status.conflicts + status.rejected > 0;
  const label = [
    t(`ui.sync.state.${status.state}`),
    status.pending > 0 ? t('ui.sync.pending', { count: status.pending }) : null,
    status.conflicts > 0 ? t('ui.sync.conflicts', { count: status.conflicts }) : null,
    status.rejected > 0 ? t('ui.sync.rejected', { count: status.rejected }) : null,
    status.filesToUpload > 0 ? t('ui.sync.filesToUpload', { count: status.filesToUpload }) : null,
    status.filesToFetch > 0 ? t('ui.sync.filesToFetch', { count: status.filesToFetch }) : null,
    status.fileProblems > 0 ? t('ui.sync.fileProblems', { count: status.fileProblems }) : null,
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
        {status.pending > 0 && (
          <Badge color="dark.6" variant="outline" size="md" data-testid="header-sync-pending">
            {t('ui.sync.pending', { count: status.pending })}
          </Badge>
        )}
        {status.conflicts > 0 && (
          <Badge color="red.9" variant="filled" size="md" data-testid="header-sync-conflicts">
            {t('ui.sync.conflicts', { count: status.conflicts })}
          </Badge>
        )}
        {status.rejected > 0 && (
          <Badge color="red.9" variant="outline" size="md" data-testid="header-sync-rejected">
            {t('ui.sync.rejected', { count: status.rejected })}
          </Badge>
        )}
        {status.filesToUpload > 0 && (
          <Badge color="dark.6" variant="outline" size="md" data-testid="header-sync-files">
            {t('ui.sync.filesToUpload', { count: status.filesToUpload })}
          </Badge>
        )}
        {status.filesToFetch > 0 && (
          <Badge color="dark.6" variant="outline" size="md" data-testid="header-sync-fetch">
            {t('ui.sync.filesToFetch', { count: status.filesToFetch })}
          </Badge>
        )}
        {status.fileProblems > 0 && (
          <Badge color="red.9" variant="outline" size="md" data-testid="header-sync-file-problems">
            {t('ui.sync.fileProblems', { count: status.fileProblems })}
          </Badge>
        )}
        {!needsLook && status.lastSyncedAt && (
          <Text size="xs" c="dimmed" data-testid="header-sync-last" className="header-sync-last">
            <Ltr>{formatCourtTime(status.lastSyncedAt)}</Ltr>
          </Text>
        )}
      </Group>
    </UnstyledButton>
  );
}
