// "Read again with…": the clerk picks the language a document, or the page she is on, is read again
// with (chooseOcrLanguage on the version she opened, then the desk's OCR queue). The current text
// stays until the new reading succeeds; pages corrected by hand keep their correction — main asks
// her to confirm that before reading the others again (CommandModal shows what to confirm).
import { NativeSelect, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadAgainResult } from '../../../shared/schemas/document-viewer';
import { OCR_LANGUAGE_CHOICES, type OcrLanguageChoice } from '../../../shared/schemas/documents';
import { CommandModal, useCommandForm } from '../../components/CommandModal';

export interface ReadAgainModalProps {
  documentId: string;
  baseVersion: number;
  pageIndex: number;
  pageCount: number;
  /** What the page is read with now: the page's own choice, else the document's. */
  current: OcrLanguageChoice;
  onClose: () => void;
  onDone: (result: ReadAgainResult) => void;
}

export function ReadAgainModal(props: ReadAgainModalProps) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<OcrLanguageChoice>(props.current);
  const [scope, setScope] = useState<'page' | 'document'>('page');
  const form = useCommandForm(
    'documents.readAgain',
    { documentId: props.documentId, baseVersion: props.baseVersion, ocrLanguage: language, ...(scope === 'page' ? { pageIndex: props.pageIndex } : {}) },
    props.onDone,
  );
  return (
    <CommandModal
      opened
      onClose={props.onClose}
      title={t('ui.viewer.readAgainTitle')}
      submitLabel={t('ui.viewer.readAgainSubmit')}
      form={form}
      claimedPrefixes={['ocrLanguage', 'pageIndex']}
      testId="read-again-modal"
    >
      <Stack gap="sm">
        <NativeSelect
          label={t('ui.viewer.readAgainLanguage')}
          data={OCR_LANGUAGE_CHOICES.map((o) => ({ value: o, label: t(`ui.documents.ocr.${o}`) }))}
          value={language}
          onChange={(e) => setLanguage(e.currentTarget.value as OcrLanguageChoice)}
          error={form.message('ocrLanguage')}
          data-autofocus
          data-testid="read-again-language"
        />
        {language === 'ara+fra' && (
          <Text size="sm" c="dimmed" data-testid="read-again-mixed-hint">
            {t('ui.viewer.readAgainMixedHint')}
          </Text>
        )}
        <Radio.Group label={t('ui.viewer.readAgainScope')} value={scope} onChange={(v) => setScope(v === 'document' ? 'document' : 'page')} error={form.message('pageIndex')}>
          <Stack gap={6} mt={4}>
            <Radio value="page" label={t('ui.viewer.readAgainThisPage', { page: props.pageIndex + 1 })} data-testid="read-again-page" />
            <Radio value="document" label={t('ui.viewer.readAgainWholeDocument', { count: props.pageCount })} data-testid="read-again-document" />
          </Stack>
        </Radio.Group>
        <Text size="sm">{t('ui.viewer.readAgainKeepsText')}</Text>
      </Stack>
    </CommandModal>
  );
}
