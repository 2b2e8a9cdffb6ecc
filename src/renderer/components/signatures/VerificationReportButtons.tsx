// "Export verification report": the verifier's report of a document's or a judgment's file, as a
// PDF in the clerk's language (or the CLI's JSON), saved where the clerk chooses (desktop) or
// downloaded (browser) — the searchable PDF export's way (api/document-exports.ts).
import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportVerificationReportInput } from '../../../shared/schemas/signing';
import { receiveExport } from '../../api/document-exports';
import { useApiAction } from '../../api/use-api';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../ErrorAlert';
import { STATUS_OK_COLOR } from '../status-colors';

export function VerificationReportButtons({ of }: { of: ExportVerificationReportInput['of'] }) {
  const { t } = useTranslation();
  const { language } = useSession();
  const exportReport = useApiAction('documents.exportVerificationReport');
  const [busy, setBusy] = useState<'pdf' | 'json' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const run = async (format: 'pdf' | 'json') => {
    setBusy(format);
    setSaved(null);
    const r = await exportReport.run({ of, format, language });
    setBusy(null);
    if (!r.ok) return;
    receiveExport(r.value);
    if (r.value.outcome === 'saved') setSaved(r.value.fileName);
  };
  return (
    <>
      <Group gap="xs" justify="flex-end" mt="sm">
        <Button size="xs" variant="light" loading={busy === 'pdf'} disabled={busy !== null} onClick={() => void run('pdf')} data-testid="verification-report-pdf">
          {t('ui.signing.exportReport')}
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={busy === 'json'}
          disabled={busy !== null}
          onClick={() => void run('json')}
          aria-label={t('ui.signing.exportReportJsonLabel')}
          data-testid="verification-report-json"
        >
          {t('ui.signing.exportReportJson')}
        </Button>
      </Group>
      {saved && (
        <Text size="xs" c={STATUS_OK_COLOR} dir="auto" ta="end" style={{ overflowWrap: 'anywhere' }} data-testid="verification-report-saved">
          {t('ui.signing.reportSaved', { fileName: saved })}
        </Text>
      )}
      <ErrorAlert error={exportReport.error} data-testid="verification-report-error" />
    </>
  );
}
