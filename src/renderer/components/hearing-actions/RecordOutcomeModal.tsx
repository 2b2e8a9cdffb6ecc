// Recording what happened at a hearing: debates held; the case reserved for judgment, with the day
// of the pronouncement; or the judgment pronounced there and then, with its operative part (that
// one is recordJudgment on the case, the hearing held as its place).
import { NativeSelect } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HEARING_OUTCOMES, type HearingOutcome } from '../../../shared/enums';
import { LIMITS } from '../../../shared/schemas/common';
import { RECORDABLE_OUTCOMES } from '../../../shared/schemas/commands';
import { CommandModal, useCommandForm } from '../CommandModal';
import { DateField } from '../fields/DateField';
import { NoteField } from '../fields/TextField';
import { useEnumOptions } from '../use-enum-label';
import type { HearingRef } from './AdjournHearingModal';

const CLAIMED = ['outcome', 'note', 'pronouncementDate', 'operativePart', 'pronouncedOn'];

export function RecordOutcomeModal({ hearing, onClose, onDone }: { hearing: HearingRef; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const [outcome, setOutcome] = useState<HearingOutcome | ''>('');
  const [note, setNote] = useState('');
  const [pronouncementDate, setPronouncementDate] = useState('');
  const [operativePart, setOperativePart] = useState('');
  const judgment = outcome === 'judgment_delivered';
  const outcomeForm = useCommandForm(
    'hearings.recordOutcome',
    {
      hearingId: hearing.id,
      baseVersion: hearing.version,
      outcome: outcome as (typeof RECORDABLE_OUTCOMES)[number],
      note,
      ...(outcome === 'reserved_for_judgment' ? { pronouncementDate } : {}),
    },
    onDone,
  );
  const judgmentForm = useCommandForm(
    'cases.recordJudgment',
    { caseId: hearing.caseId, baseVersion: hearing.caseVersion, hearingId: hearing.id, pronouncedOn: hearing.date, operativePart },
    onDone,
  );
  const form = judgment ? judgmentForm : outcomeForm;

  return (
    <CommandModal opened onClose={onClose} title={t('ui.hearing.outcomeTitle')} submitLabel={t('ui.hearing.recordOutcome')} form={form} claimedPrefixes={CLAIMED} testId="outcome-modal">
      <NativeSelect
        label={t('ui.hearing.outcome')}
        required
        data={[{ value: '', label: t('ui.common.choose') }, ...enumOptions('hearingOutcome', HEARING_OUTCOMES)]}
        value={outcome}
        onChange={(e) => setOutcome(e.currentTarget.value as HearingOutcome | '')}
        error={form.message('outcome')}
        data-autofocus
        data-testid="outcome-select"
      />
      {outcome === 'reserved_for_judgment' && (
        <DateField
          label={t('ui.judgment.pronouncementDate')}
          required
          value={pronouncementDate}
          onChange={setPronouncementDate}
          error={form.message('pronouncementDate')}
          data-testid="outcome-pronouncement-date"
        />
      )}
      {judgment ? (
        <NoteField
          label={t('ui.judgment.operativePart')}
          description={t('ui.judgment.operativePartHint')}
          required
          limit={LIMITS.operativePart}
          minRows={4}
          value={operativePart}
          onValue={setOperativePart}
          error={form.message('operativePart') ?? form.message('pronouncedOn')}
          data-testid="outcome-operative-part"
        />
      ) : (
        <NoteField label={t('ui.hearing.note')} limit={LIMITS.note} value={note} onValue={setNote} error={form.message('note')} data-testid="outcome-note" />
      )}
    </CommandModal>
  );
}
