// Closing a case with the court's reason (judgment final, withdrawn, ...) and an optional note.
import { NativeSelect, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLOSURE_REASONS, type ClosureReason } from '../../../shared/enums';
import { useApiAction } from '../../api/use-api';
import { CommandModal, useCommandFormError } from '../../components/CommandModal';
import { useEnumOptions } from '../../components/use-enum-label';

export function CloseCaseModal(props: { caseId: string; caseVersion: number; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const close = useApiAction('cases.close');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const { error, message, requireFilled } = useCommandFormError(close.error);
  const submit = async () => {
    if (!requireFilled({ reason })) return;
    const r = await close.run({ caseId: props.caseId, baseVersion: props.caseVersion, reason: reason as ClosureReason, note });
    if (r.ok) props.onDone();
  };
  return (
    <CommandModal
      opened
      onClose={props.onClose}
      title={t('ui.case.close')}
      submitLabel={t('ui.case.closeSubmit')}
      pending={close.pending}
      error={error}
      claimedPrefixes={['reason', 'note']}
      onSubmit={() => void submit()}
      testId="close-case-modal"
      danger
    >
      <NativeSelect
        label={t('ui.case.closureReason')}
        required
        data={[{ value: '', label: t('ui.common.choose') }, ...enumOptions('closureReason', CLOSURE_REASONS)]}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={message('reason')}
        data-autofocus
        data-testid="close-case-reason"
      />
      <Textarea label={t('ui.hearing.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={message('note')} autosize minRows={2} data-testid="close-case-note" />
    </CommandModal>
  );
}
