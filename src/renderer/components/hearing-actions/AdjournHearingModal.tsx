// Adjourning a hearing: a reason code is required (the court's vocabulary), a note is optional,
// and the next date and time are set in the same step. Used by case detail and the day's roll.
import { NativeSelect, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADJOURNMENT_REASONS, type AdjournmentReason } from '../../../shared/enums';
import { useApiAction } from '../../api/use-api';
import { CommandModal, useCommandFormError } from '../CommandModal';
import { useEnumOptions } from '../use-enum-label';

export interface HearingRef {
  id: string;
  version: number;
  time: string;
}

const CLAIMED = ['reason', 'note', 'newDate', 'newTime'];

export function AdjournHearingModal({ hearing, onClose, onDone }: { hearing: HearingRef; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const adjourn = useApiAction('hearings.adjourn');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [newDate, setNewDate] = useState('');
  const [newTime, setNewTime] = useState(hearing.time);
  const { error, message, requireFilled } = useCommandFormError(adjourn.error);

  const submit = async () => {
    if (!requireFilled({ reason, newDate })) return;
    const r = await adjourn.run({
      hearingId: hearing.id,
      baseVersion: hearing.version,
      reason: reason as AdjournmentReason,
      note,
      newDate,
      newTime,
    });
    if (r.ok) onDone();
  };

  return (
    <CommandModal
      opened
      onClose={onClose}
      title={t('ui.hearing.adjournTitle')}
      submitLabel={t('ui.hearing.adjourn')}
      pending={adjourn.pending}
      error={error}
      claimedPrefixes={CLAIMED}
      onSubmit={() => void submit()}
      testId="adjourn-modal"
    >
      <NativeSelect
        label={t('ui.hearing.adjournmentReason')}
        required
        data={[{ value: '', label: t('ui.common.choose') }, ...enumOptions('adjournmentReason', ADJOURNMENT_REASONS)]}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={message('reason')}
        data-autofocus
        data-testid="adjourn-reason"
      />
      <SimpleGrid cols={2} spacing="sm">
        <TextInput type="date" label={t('ui.hearing.newDate')} required value={newDate} onChange={(e) => setNewDate(e.currentTarget.value)} error={message('newDate')} data-testid="adjourn-date" />
        <TextInput type="time" label={t('ui.hearing.newTime')} required value={newTime} onChange={(e) => setNewTime(e.currentTarget.value)} error={message('newTime')} data-testid="adjourn-time" />
      </SimpleGrid>
      <Textarea label={t('ui.hearing.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={message('note')} autosize minRows={2} data-testid="adjourn-note" />
    </CommandModal>
  );
}
