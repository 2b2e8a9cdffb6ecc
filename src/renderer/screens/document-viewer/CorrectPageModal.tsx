// A person corrects what OCR read on one page: the text as it stands, edited and saved by the
// correctPageText command on the version the clerk opened (someone else's correction meanwhile is
// refused as stale, never silently overwritten).
import { Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/schemas/common';
import { CommandModal, useCommandForm } from '../../components/CommandModal';

export interface CorrectPageModalProps {
  documentId: string;
  pageIndex: number;
  text: string;
  baseVersion: number | null;
  direction: 'rtl' | 'ltr' | 'auto';
  onClose: () => void;
  onDone: () => void;
}

export function CorrectPageModal(props: CorrectPageModalProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(props.text);
  const form = useCommandForm(
    'documents.correctPage',
    { documentId: props.documentId, pageIndex: props.pageIndex, text, ...(props.baseVersion !== null ? { baseVersion: props.baseVersion } : {}) },
    props.onDone,
  );
  return (
    <CommandModal
      opened
      onClose={props.onClose}
      title={t('ui.viewer.correctTitle', { page: props.pageIndex + 1 })}
      submitLabel={t('ui.viewer.correctSubmit')}
      form={form}
      claimedPrefixes={['text']}
      testId="correct-page-modal"
      size="xl"
    >
      <Textarea
        label={t('ui.viewer.correctField')}
        required
        autosize
        minRows={10}
        maxRows={22}
        maxLength={LIMITS.pageText}
        dir={props.direction}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={form.message('text')}
        data-autofocus
        data-testid="correct-page-text"
      />
    </CommandModal>
  );
}
