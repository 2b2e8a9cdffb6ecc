// Closing a case with the court's reason (judgment final, withdrawn, ...) and an optional note.
import { NativeSelect } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLOSURE_REASONS, type ClosureReason } from '../../../shared/enums';
import { LIMITS } from '../../../shared/schemas/common';
import { CommandModal, useCommandForm } from '../../components/CommandModal';
import { NoteField } from '../../components/fields/TextField';
import { useEnumOptions } from '../../components/use-enum-label';

export function CloseCaseModal(props: { caseId: string; caseVersion: number; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const form = useCommandForm('cases.close', { caseId: props.caseId, baseVersion: props.caseVersion, reason: reason as ClosureReason, note }, props.onDone);
  return (
    <CommandModal
      opened
      onClose={props.onClose}
      title={t('ui.case.close')}
      submitLabel={t('ui.case.closeSubmit')}
      form={form}
      claimedPrefixes={['reason', 'note']}
      testId="close-case-modal"
      danger
    >
      <NativeSelect
        label={t('ui.case.closureReason')}
        required
        data={[{ value: '', label: t('ui.common.choose') }, ...enumOptions('closureReason', CLOSURE_REASONS)]}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.message('reason')}
        data-autofocus
        data-testid="close-case-reason"
      />
      <NoteField label={t('ui.hearing.note')} limit={LIMITS.note} value={note} onValue={setNote} error={form.message('note')} data-testid="close-case-note" />
    </CommandModal>
  );
}
