// Recording what happened at a hearing (debates held, reserved for judgment, judgment delivered).
import { NativeSelect, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HEARING_OUTCOMES, type HearingOutcome } from '../../../shared/enums';
import { useApiAction } from '../../api/use-api';
import { CommandModal, useCommandFormError } from '../CommandModal';
import { useEnumOptions } from '../use-enum-label';
import type { HearingRef } from './AdjournHearingModal';

const CLAIMED = ['outcome', 'note'];

export function RecordOutcomeModal({ hearing, onClose, onDone }: { hearing: HearingRef; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const record = useApiAction('hearings.recordOutcome');
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const { error, message, requireFilled } = useCommandFormError(record.error);

  const submit = async () => {
    if (!requireFilled({ outcome })) return;
    const r = await record.run({ hearingId: hearing.id, baseVersion: hearing.version, outcome: outcome as HearingOutcome, note });
    if (r.ok) onDone();
  };

  return (
    <CommandModal
      opened
      onClose={onClose}
      title={t('ui.hearing.outcomeTitle')}
      submitLabel={t('ui.hearing.recordOutcome')}
      pending={record.pending}
      error={error}
      claimedPrefixes={CLAIMED}
      onSubmit={() => void submit()}
      testId="outcome-modal"
    >
      <NativeSelect
        label={t('ui.hearing.outcome')}
        required
        data={[{ value: '', label: t('ui.common.choose') }, ...enumOptions('hearingOutcome', HEARING_OUTCOMES)]}
        value={outcome}
        onChange={(e) => setOutcome(e.currentTarget.value)}
        error={message('outcome')}
        data-autofocus
        data-testid="outcome-select"
      />
      <Textarea label={t('ui.hearing.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={message('note')} autosize minRows={2} data-testid="outcome-note" />
    </CommandModal>
  );
}
