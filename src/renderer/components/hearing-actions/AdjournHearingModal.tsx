// Adjourning a hearing: a reason code is required (the court's vocabulary), a note is optional,
// and the next date and time are set in the same step. Used by case detail and the day's roll.
import { NativeSelect, SimpleGrid } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADJOURNMENT_REASONS, type AdjournmentReason } from '../../../shared/enums';
import { LIMITS } from '../../../shared/schemas/common';
import { CommandModal, useCommandForm } from '../CommandModal';
import { DateField } from '../fields/DateField';
import { NoteField } from '../fields/TextField';
import { TimeField } from '../fields/TimeField';
import { useEnumOptions } from '../use-enum-label';

/** The hearing a dialog acts on, and its case (a judgment is recorded on the case). */
export interface HearingRef {
  id: string;
  version: number;
  date: string;
  time: string;
  caseId: string;
  caseVersion: number;
}

const CLAIMED = ['reason', 'note', 'newDate', 'newTime'];

export function AdjournHearingModal({ hearing, onClose, onDone }: { hearing: HearingRef; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [newDate, setNewDate] = useState('');
  const [newTime, setNewTime] = useState(hearing.time);
  const form = useCommandForm(
    'hearings.adjourn',
    { hearingId: hearing.id, baseVersion: hearing.version, reason: reason as AdjournmentReason, note, newDate, newTime },
    onDone,
  );

  return (
    <CommandModal opened onClose={onClose} title={t('ui.hearing.adjournTitle')} submitLabel={t('ui.hearing.adjourn')} form={form} claimedPrefixes={CLAIMED} testId="adjourn-modal">
      <NativeSelect
        label={t('ui.hearing.adjournmentReason')}
        required
        data={[{ value: '', label: t('ui.common.choose') }, ...enumOptions('adjournmentReason', ADJOURNMENT_REASONS)]}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.message('reason')}
        data-autofocus
        data-testid="adjourn-reason"
      />
      <SimpleGrid cols={2} spacing="sm">
        <DateField label={t('ui.hearing.newDate')} required value={newDate} onChange={setNewDate} error={form.message('newDate')} data-testid="adjourn-date" />
        <TimeField label={t('ui.hearing.newTime')} required value={newTime} onChange={setNewTime} error={form.message('newTime')} data-testid="adjourn-time" />
      </SimpleGrid>
      <NoteField label={t('ui.hearing.note')} limit={LIMITS.note} value={note} onValue={setNote} error={form.message('note')} data-testid="adjourn-note" />
    </CommandModal>
  );
}
