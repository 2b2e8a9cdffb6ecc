// A document's detached signatures in the viewer: the ones the court recorded (documents.signatures:
// signer, the role they signed in, the time on the court's clock, the level, and the built-in
// verifier's check of each .p7s against the document's file), each saved again on demand
// (documents.saveSignature); and "Sign this document (detached signature)", the judgment's card
// dialog (CardSignModal) around documents.signDetached: main records the signature, then the .p7s
// arrives as an export does (the desktop app's save dialog, or a download in the browser shell).
// The document itself is not changed. The list is read again after every signing attempt: a
// signature recorded whose delivery failed is listed, and saved from here.
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSignatureView } from '../../../shared/schemas/document-signatures';
import { DOCUMENT_SIGNERS } from '../../../shared/schemas/signing';
import { receiveExport } from '../../api/document-exports';
import { useApiAction, useApiQuery } from '../../api/use-api';
import { useSession } from '../../app/session';
import { AutoDir } from '../../components/AutoDir';
import { CardSignModal } from '../../components/CardSignModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { STATUS_BAD_COLOR, STATUS_OK_COLOR, STATUS_WARN_COLOR } from '../../components/status-colors';
import { formatCourtTime } from '../../format/dates';

/** Where a .p7s was saved: the file name may be long and in any script. */
function SavedAs({ fileName, 'data-testid': testId }: { fileName: string; 'data-testid': string }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" dir="auto" ta="end" style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
      {t('ui.viewer.signDetachedSaved', { fileName })}
    </Text>
  );
}

function CheckText({ s }: { s: DocumentSignatureView }) {
  const { t } = useTranslation();
  const c = s.check;
  if (c.outcome === 'notHere') return <Text span size="xs" c="dimmed">{t('ui.viewer.detachedNotHere')}</Text>;
  if (c.outcome === 'unreadable') return <Text span size="xs" c={STATUS_BAD_COLOR}>{t('ui.viewer.detachedUnreadable')}</Text>;
  if (c.valid) return <Text span size="xs" c={STATUS_OK_COLOR} fw={600}>{`✓ ${t('ui.viewer.detachedValid')}`}</Text>;
  if (!c.recordAgrees && c.digestMatches && c.signatureValid) {
    return <Text span size="xs" c={STATUS_BAD_COLOR} fw={700} data-testid="detached-record-disagrees">{`✗ ${t('ui.viewer.detachedRecordDisagrees')}`}</Text>;
  }
  // A sound signature nobody vouches for (no trust anchors, or another authority) is not "broken".
  if (c.digestMatches && c.signatureValid) {
    return (
      <Text span size="xs" c={STATUS_WARN_COLOR}>
        {c.chain === 'untrusted' ? t('ui.viewer.detachedIntactUntrusted') : t('ui.viewer.detachedIntactNotChecked')}
      </Text>
    );
  }
  return <Text span size="xs" c={STATUS_BAD_COLOR} fw={700}>{`✗ ${c.digestMatches ? t('ui.viewer.detachedSignatureBroken') : t('ui.viewer.detachedOtherFile')}`}</Text>;
}

function SignatureRow({ s }: { s: DocumentSignatureView }) {
  const { t } = useTranslation();
  const save = useApiAction('documents.saveSignature');
  const [saved, setSaved] = useState<string | null>(null);
  const valid = s.check.outcome === 'checked' && s.check.valid;
  return (
    <div data-testid="detached-signature-row" data-check={s.check.outcome} data-valid={String(valid)} data-level={s.level}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm">
            <AutoDir>{s.signerDisplayName ?? s.certificateSubject}</AutoDir>
            {' · '}
            {t(`enums.role.${s.signerRole}`)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('ui.signing.signedAt')}: <Ltr>{formatCourtTime(s.signedAtCourtTime)}</Ltr>
            {' · '}
            {t('ui.signing.level')}: <Ltr>{s.level}</Ltr> ({t(`ui.signing.levelName.${s.level}`)})
          </Text>
          <CheckText s={s} />
        </Stack>
        <Button
          size="xs"
          variant="default"
          loading={save.pending}
          onClick={async () => {
            setSaved(null);
            const r = await save.run({ signatureId: s.id });
            if (!r.ok) return;
            receiveExport(r.value);
            if (r.value.outcome !== 'cancelled') setSaved(r.value.fileName);
          }}
          data-testid="detached-signature-save"
        >
          {t('ui.viewer.detachedSave')}
        </Button>
      </Group>
      {saved && <SavedAs fileName={saved} data-testid="detached-signature-saved" />}
      <ErrorAlert error={save.error} data-testid="detached-signature-save-error" />
    </div>
  );
}

function RecordedSignatures({ documentId, refresh }: { documentId: string; refresh: string }) {
  const { t } = useTranslation();
  const q = useApiQuery('documents.signatures', { documentId }, `${documentId}:${refresh}`);
  if (q.error) return <ErrorAlert error={q.error} data-testid="detached-signatures-error" />;
  const list = q.data?.signatures ?? [];
  if (list.length === 0) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-label={t('ui.viewer.detachedTitle')} data-testid="detached-signatures" data-count={list.length}>
      <Text fw={600} mb={4}>
        {t('ui.viewer.detachedTitle')}
      </Text>
      <Stack gap={8}>
        {list.map((s) => (
          <SignatureRow key={s.id} s={s} />
        ))}
      </Stack>
    </Paper>
  );
}

/** `fileReady`: the document's file is on this desk (signing needs it; the list is checked again once it is). */
export function SignDocumentDetached({ documentId, fileName, fileReady }: { documentId: string; fileName: string; fileReady: boolean }) {
  const { t } = useTranslation();
  const { status } = useSession();
  const sign = useApiAction('documents.signDetached');
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [attempts, setAttempts] = useState(0);
  const maySign = (status.user?.roles ?? []).some((r) => DOCUMENT_SIGNERS.includes(r));
  return (
    <>
      <RecordedSignatures documentId={documentId} refresh={`${fileReady}:${attempts}`} />
      {maySign && fileReady && (
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="light" onClick={() => {
              setSaved(null);
              setOpen(true);
            }} data-testid="viewer-sign-detached">
            {t('ui.viewer.signDetached')}
          </Button>
        </Group>
      )}
      {saved && <SavedAs fileName={saved} data-testid="viewer-sign-detached-saved" />}
      {open && (
        <CardSignModal
          title={t('ui.viewer.signDetachedTitle')}
          submitLabel={t('ui.signing.sign')}
          testId="sign-detached-modal"
          pending={sign.pending}
          error={sign.error}
          onClose={() => setOpen(false)}
          onSign={async (card) => {
            const r = await sign.run({ documentId, ...card });
            // Recorded but not delivered is an error too: the list shows the signature either way.
            setAttempts((n) => n + 1);
            if (!r.ok) return false;
            receiveExport(r.value);
            if (r.value.outcome !== 'cancelled') setSaved(r.value.fileName);
            setOpen(false);
            return true;
          }}
        >
          <Text size="sm">
            {t('ui.viewer.signDetachedExplain')} <Ltr>{fileName}</Ltr>
          </Text>
        </CardSignModal>
      )}
    </>
  );
}
