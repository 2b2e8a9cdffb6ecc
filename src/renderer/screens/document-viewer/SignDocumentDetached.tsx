// "Sign this document (detached signature)" in the viewer: the judgment's card dialog
// (CardSignModal) around documents.signDetached; the .p7s arrives as an export does (the desktop
// app's save dialog, or a download in the browser shell). The document itself is not changed.
import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_SIGNERS } from '../../../shared/schemas/signing';
import { receiveExport } from '../../api/document-exports';
import { useApiAction } from '../../api/use-api';
import { useSession } from '../../app/session';
import { CardSignModal } from '../../components/CardSignModal';
import { Ltr } from '../../components/Ltr';

export function SignDocumentDetached({ documentId, fileName }: { documentId: string; fileName: string }) {
  const { t } = useTranslation();
  const { status } = useSession();
  const sign = useApiAction('documents.signDetached');
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  if (!(status.user?.roles ?? []).some((r) => DOCUMENT_SIGNERS.includes(r))) return null;
  return (
    <>
      <Group gap="xs" justify="flex-end">
        <Button size="xs" variant="light" onClick={() => {
            setSaved(null);
            setOpen(true);
          }} data-testid="viewer-sign-detached">
          {t('ui.viewer.signDetached')}
        </Button>
      </Group>
      {saved && (
        <Text size="xs" dir="auto" ta="end" style={{ overflowWrap: 'anywhere' }} data-testid="viewer-sign-detached-saved">
          {t('ui.viewer.signDetachedSaved', { fileName: saved })}
        </Text>
      )}
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
