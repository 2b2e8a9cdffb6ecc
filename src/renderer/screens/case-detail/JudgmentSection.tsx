// The judgment of a case: once recorded, its date and operative part as the clerk copied them (line
// breaks kept, isolated so Latin words in an Arabic text keep their order); before that, while the
// case is being heard or deliberated, the button that records the judgment pronounced.
import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../shared/enums';
import { LIMITS } from '../../../shared/schemas/common';
import type { JudgmentView } from '../../../shared/schemas/views';
import { CommandModal, useCommandForm } from '../../components/CommandModal';
import { DateWithHijri } from '../../components/DateWithHijri';
import { DateField } from '../../components/fields/DateField';
import { NoteField } from '../../components/fields/TextField';

interface Props {
  caseId: string;
  caseVersion: number;
  caseStatus: CaseStatus;
  judgment: JudgmentView | null;
  /** The court's today: the default day of a judgment pronounced now. */
  today: string;
  onChanged: () => void;
}

export function JudgmentSection({ caseId, caseVersion, caseStatus, judgment, today, onChanged }: Props) {
  const { t } = useTranslation();
  const [recording, setRecording] = useState(false);
  const mayRecord = !judgment && (caseStatus === 'in_hearing' || caseStatus === 'deliberation');
  if (!judgment && !mayRecord) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="judgment-title" data-testid="judgment-section">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="judgment-title">
          {t('ui.judgment.title')}
        </Title>
        {mayRecord && (
          <Button variant="default" size="xs" onClick={() => setRecording(true)} data-testid="record-judgment-button">
            {t('ui.judgment.record')}
          </Button>
        )}
      </Group>
      {judgment ? (
        <>
          <dl className="facts">
            <div className="fact">
              <dt>{t('ui.judgment.pronouncedOn')}</dt>
              <dd data-testid="judgment-date">
                <DateWithHijri iso={judgment.pronouncedOn} />
              </dd>
            </div>
            {judgment.recordedByDisplayName && (
              <div className="fact">
                <dt>{t('ui.judgment.recordedBy')}</dt>
                <dd>
                  <bdi>{judgment.recordedByDisplayName}</bdi>
                </dd>
              </div>
            )}
          </dl>
          <Text size="xs" c="dimmed" mt="sm">
            {t('ui.judgment.operativePart')}
          </Text>
          <Text className="operative-part" dir="auto" data-testid="judgment-operative-part">
            {judgment.operativePart}
          </Text>
        </>
      ) : (
        <Text size="sm">{t('ui.judgment.none')}</Text>
      )}
      {recording && (
        <RecordJudgmentModal
          caseId={caseId}
          caseVersion={caseVersion}
          today={today}
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            onChanged();
          }}
        />
      )}
    </Paper>
  );
}

function RecordJudgmentModal(props: { caseId: string; caseVersion: number; today: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [pronouncedOn, setPronouncedOn] = useState(props.today);
  const [operativePart, setOperativePart] = useState('');
  const form = useCommandForm('cases.recordJudgment', { caseId: props.caseId, baseVersion: props.caseVersion, pronouncedOn, operativePart }, props.onDone);
  return (
    <CommandModal
      opened
      onClose={props.onClose}
      title={t('ui.judgment.record')}
      submitLabel={t('ui.judgment.recordSubmit')}
      form={form}
      claimedPrefixes={['pronouncedOn', 'operativePart']}
      testId="judgment-modal"
      size="xl"
    >
      <DateField label={t('ui.judgment.pronouncedOn')} required value={pronouncedOn} onChange={setPronouncedOn} error={form.message('pronouncedOn')} data-testid="judgment-pronounced-on" />
      <NoteField
        label={t('ui.judgment.operativePart')}
        description={t('ui.judgment.operativePartHint')}
        required
        limit={LIMITS.operativePart}
        minRows={6}
        value={operativePart}
        onValue={setOperativePart}
        error={form.message('operativePart')}
        data-autofocus
        data-testid="judgment-operative-part-input"
      />
    </CommandModal>
  );
}
