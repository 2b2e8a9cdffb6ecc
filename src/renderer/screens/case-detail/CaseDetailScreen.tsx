// One case on one page: particulars, parties, hearings, documents and the audit timeline. Every action opens
// a dialog that runs one command with the version the clerk was looking at, then reloads; the
// "case registered" banner belongs to the registration and goes with the next command.
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/use-api';
import { useNavigation } from '../../app/navigation';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { PrintButtons } from '../../components/printing/PrintButtons';
import { PrintLanguageSelect } from '../../components/printing/PrintLanguageSelect';
import { usePrint, usePrintLanguage } from '../../components/printing/use-print';
import { useEnumLabel } from '../../components/use-enum-label';
import { AuditTimeline } from './AuditTimeline';
import { CloseCaseModal } from './CloseCaseModal';
import { DocumentsSection } from './DocumentsSection';
import { HearingsSection } from './HearingsSection';
import { JudgmentSection } from './JudgmentSection';
import { MisfiledDocuments } from './MisfiledDocuments';
import { ParticularsSection } from './ParticularsSection';
import { PartiesSection } from './PartiesSection';

export function CaseDetailScreen({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const { notice, dismissNotice } = useNavigation();
  const courtToday = useSession().status.courtToday;
  const [tick, setTick] = useState(0);
  const detail = useApiQuery('cases.getDetail', { caseId }, `${caseId}:${tick}`);
  const [closing, setClosing] = useState(false);
  const printer = usePrint();
  const [printLanguage, setPrintLanguage] = usePrintLanguage();
  const reload = () => {
    dismissNotice();
    setTick((n) => n + 1);
  };

  if (!detail.data) {
    return detail.error ? <ErrorAlert error={detail.error} /> : <Loader aria-label={t('ui.common.loading')} />;
  }
  const { case: c, parties, hearings, judgment, audit } = detail.data;
  const closed = c.status === 'closed';

  return (
    <Stack gap="md" data-testid="case-detail" data-case-id={c.id} data-version={c.version}>
      {notice?.caseId === c.id && (
        <Alert color="green" variant="light" withCloseButton closeButtonLabel={t('ui.common.close')} onClose={dismissNotice} data-testid="case-registered-banner" role="status">
          <Text fw={500}>{t(notice.provisional ? 'ui.register.successProvisional' : 'ui.register.success')}</Text>
          <Text fz={32} fw={700} lh={1.3}>
            <Ltr data-testid="registered-number">{notice.number}</Ltr>
          </Text>
          <PrintButtons doc={{ kind: 'receipt', caseId: c.id }} language={printLanguage} label={t('ui.print.receipt')} printer={printer} testId="banner-print-receipt" />
        </Alert>
      )}
      <Group justify="space-between" align="center">
        <Group gap="sm" align="center">
          <Title order={2} size="h3">
            {t('ui.case.title')} <Ltr data-testid="case-number">{c.number}</Ltr>
          </Title>
          <Badge variant="outline" color="dark" size="lg" data-testid="case-status" data-status={c.status}>
            {label('caseStatus', c.status)}
          </Badge>
          {c.provisional && (
            <Badge variant="outline" color="orange.9">
              {t('ui.case.provisional')}
            </Badge>
          )}
        </Group>
        {!closed && (
          <Button variant="outline" color="red.9" onClick={() => setClosing(true)} data-testid="close-case-button">
            {t('ui.case.close')}
          </Button>
        )}
      </Group>
      {detail.error && <ErrorAlert error={detail.error} />}
      <Paper withBorder p="xs" component="section" aria-label={t('ui.print.label')} data-testid="case-print">
        <Group gap="lg" align="flex-end" wrap="wrap">
          <PrintLanguageSelect value={printLanguage} onChange={setPrintLanguage} />
          <PrintButtons doc={{ kind: 'receipt', caseId: c.id }} language={printLanguage} label={t('ui.print.receipt')} printer={printer} testId="print-receipt" />
          <PrintButtons doc={{ kind: 'caseSheet', caseId: c.id }} language={printLanguage} label={t('ui.print.caseSheet')} printer={printer} testId="print-case-sheet" />
        </Group>
        {printer.error && (
          <Stack mt="xs">
            <ErrorAlert error={printer.error} data-testid="print-error" />
          </Stack>
        )}
      </Paper>
      <MisfiledDocuments caseId={c.id} />
      <ParticularsSection detail={c} onChanged={reload} />
      <PartiesSection caseId={c.id} caseVersion={c.version} parties={parties} closed={closed} onChanged={reload} />
      <HearingsSection caseId={c.id} caseVersion={c.version} chamberId={c.chamberId} hearings={hearings} caseStatus={c.status} onChanged={reload} />
      <JudgmentSection caseId={c.id} caseVersion={c.version} caseStatus={c.status} judgment={judgment} today={courtToday} onChanged={reload} />
      <DocumentsSection caseId={c.id} closed={closed} />
      <AuditTimeline entries={audit} />
      {closing && (
        <CloseCaseModal
          caseId={c.id}
          caseVersion={c.version}
          onClose={() => setClosing(false)}
          onDone={() => {
            setClosing(false);
            reload();
          }}
        />
      )}
    </Stack>
  );
}
