// Filing documents in a case: the files picked, dropped or taken from the scanner folder, each with
// its title, and what they share (type, date, language, text recognition). Each file is filed on its
// own: one refused (an encrypted PDF, a 0-byte file) shows its reason beside it and stays in the
// list, the others go in. Registering never waits for the text to be read.
import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData, Result } from '../../../shared/errors';
import { LANGUAGES, type Language } from '../../../shared/enums';
import { LIMITS } from '../../../shared/schemas/common';
import { OCR_LANGUAGE_CHOICES, type DocumentMetadataInput, type DocumentTypeView, type ImportedDocumentView, type OcrLanguageChoice } from '../../../shared/schemas/documents';
import { DateField } from '../../components/fields/DateField';
import { TextField } from '../../components/fields/TextField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { localName } from '../../i18n/names';
import { useReturnFocus } from '../../components/use-return-focus';

/** One file to file: how it is sent is the caller's (a path, an upload, a scanner file). */
export interface PendingFile {
  key: string;
  name: string;
  send: (meta: DocumentMetadataInput) => Promise<Result<ImportedDocumentView>>;
}

interface Props {
  caseId: string;
  files: PendingFile[];
  types: DocumentTypeView[];
  language: Language;
  onClose: () => void;
  /** Told of each file filed (the list reloads). */
  onFiled: () => void;
}

function titleOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).slice(0, LIMITS.documentTitle);
}

export function ImportDocumentsModal({ caseId, files, types, language, onClose, onFiled }: Props) {
  const { t } = useTranslation();
  useReturnFocus();
  const [left, setLeft] = useState(files);
  const [titles, setTitles] = useState<Record<string, string>>(() => Object.fromEntries(files.map((f) => [f.key, titleOf(f.name)])));
  const [errors, setErrors] = useState<Record<string, AppErrorData>>({});
  const [typeId, setTypeId] = useState(types.find((ty) => ty.code === 'petition')?.id ?? types[0]?.id ?? '');
  const [date, setDate] = useState('');
  const [docLanguage, setDocLanguage] = useState<Language>(language);
  const [ocr, setOcr] = useState<OcrLanguageChoice>('auto');
  const [pending, setPending] = useState(false);

  const submit = async () => {
    setPending(true);
    const failed: PendingFile[] = [];
    const nextErrors: Record<string, AppErrorData> = {};
    try {
      for (const f of left) {
        const meta: DocumentMetadataInput = {
          caseId,
          documentTypeId: typeId,
          ...(date ? { documentDate: date } : {}),
          language: docLanguage,
          ocrLanguage: ocr,
          title: titles[f.key] ?? '',
        };
        const r = await f.send(meta);
        if (r.ok) onFiled();
        else {
          failed.push(f);
          nextErrors[f.key] = r.error;
        }
      }
    } finally {
      setPending(false);
    }
    setLeft(failed);
    setErrors(nextErrors);
    if (failed.length === 0) onClose();
  };

  return (
    <Modal opened onClose={onClose} title={t('ui.documents.importTitle')} size="lg" closeButtonProps={{ 'aria-label': t('ui.common.close') }} data-testid="import-documents">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('ui.documents.type')}
              data={types.map((ty) => ({ value: ty.id, label: localName(ty, language) }))}
              value={typeId}
              onChange={(e) => setTypeId(e.currentTarget.value)}
              data-testid="import-type"
            />
            <DateField label={t('ui.documents.date')} value={date} onChange={setDate} data-testid="import-date" />
            <NativeSelect
              label={t('ui.documents.language')}
              data={LANGUAGES.map((l) => ({ value: l, label: t(`enums.language.${l}`) }))}
              value={docLanguage}
              onChange={(e) => setDocLanguage(e.currentTarget.value as Language)}
              data-testid="import-language"
            />
            <NativeSelect
              label={t('ui.documents.ocrLanguage')}
              data={OCR_LANGUAGE_CHOICES.map((o) => ({ value: o, label: t(`ui.documents.ocr.${o}`) }))}
              value={ocr}
              onChange={(e) => setOcr(e.currentTarget.value as OcrLanguageChoice)}
              data-testid="import-ocr"
            />
          </SimpleGrid>
          {left.map((f) => (
            <Stack key={f.key} gap={4} data-testid="import-file" data-file-name={f.name}>
              <Text size="sm" c="dimmed" dir="auto" style={{ overflowWrap: 'anywhere' }}>
                {t('ui.documents.file')}: {f.name}
              </Text>
              <TextField
                label={t('ui.documents.fileTitle')}
                value={titles[f.key] ?? ''}
                limit={LIMITS.documentTitle}
                onValue={(v) => setTitles((all) => ({ ...all, [f.key]: v }))}
                dir="auto"
                data-testid="import-title"
              />
              {errors[f.key] && <ErrorAlert error={errors[f.key]!} data-testid="import-error" />}
            </Stack>
          ))}
          {left.length === 0 && <Alert color="green">{t('ui.documents.filedOk')}</Alert>}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose} data-testid="import-documents-cancel">
              {t('ui.common.cancel')}
            </Button>
            <Button type="submit" loading={pending} disabled={left.length === 0 || !typeId} data-testid="import-documents-submit">
              {t('ui.documents.importSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
