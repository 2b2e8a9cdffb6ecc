// The hearings of a case in date order, with scheduling, adjourning (reason required) and
// recording the outcome. An adjourned hearing stays listed with its reason; the next one follows.
import { Button, Group, NativeSelect, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, Language } from '../../../shared/enums';
import type { HearingView } from '../../../shared/schemas/views';
import { LIMITS } from '../../../shared/schemas/common';
import { useReference } from '../../app/reference';
import { CommandModal, useCommandForm } from '../../components/CommandModal';
import { DateField } from '../../components/fields/DateField';
import { TextField } from '../../components/fields/TextField';
import { TimeField } from '../../components/fields/TimeField';
import { DateWithHijri } from '../../components/DateWithHijri';
import { AdjournHearingModal } from '../../components/hearing-actions/AdjournHearingModal';
import { RecordOutcomeModal } from '../../components/hearing-actions/RecordOutcomeModal';
import { HearingResult } from '../../components/HearingResult';
import { HearingActionButtons } from '../../components/hearing-actions/HearingActionButtons';
import { AutoDir } from '../../components/AutoDir';
import { Ltr } from '../../components/Ltr';
import { useEnumLabel } from '../../components/use-enum-label';
import { localName } from '../../i18n/names';

interface Props {
  caseId: string;
  caseVersion: number;
  chamberId: string;
  hearings: HearingView[];
  caseStatus: CaseStatus;
  onChanged: () => void;
}

type Dialog = { kind: 'schedule' } | { kind: 'adjourn'; hearing: HearingView } | { kind: 'outcome'; hearing: HearingView } | null;

export function HearingsSection({ caseId, caseVersion, chamberId, hearings, caseStatus, onChanged }: Props) {
  // A closed or judged case takes no more hearings (the domain's rule; here only to hide buttons).
  const closed = caseStatus === 'closed' || caseStatus === 'judged';
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const label = useEnumLabel();
  const { chamber } = useReference();
  const [dialog, setDialog] = useState<Dialog>(null);
  const sorted = [...hearings].sort((a, b) => `${a.date} ${a.time}`.localeCompare(`${b.date} ${b.time}`));
  const done = () => {
    setDialog(null);
    onChanged();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="hearings-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="hearings-title">
          {t('ui.case.hearings')}
        </Title>
        {!closed && (
          <Button variant="default" size="xs" onClick={() => setDialog({ kind: 'schedule' })} data-testid="schedule-hearing-button">
            {t('ui.hearing.schedule')}
          </Button>
        )}
      </Group>
      {sorted.length === 0 ? (
        <Text size="sm" data-testid="no-hearings">
          {t('ui.hearing.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped className="data-table" data-testid="hearings-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th className="col-name">{t('ui.hearing.date')}</Table.Th>
                <Table.Th>{t('ui.hearing.time')}</Table.Th>
                <Table.Th className="col-label">{t('ui.hearing.room')}</Table.Th>
                <Table.Th className="col-name">{t('ui.case.chamber')}</Table.Th>
                <Table.Th className="col-label">{t('ui.hearing.status')}</Table.Th>
                <Table.Th className="col-name">{t('ui.hearing.result')}</Table.Th>
                <Table.Th className="col-actions">{t('ui.common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((h) => {
                const ch = chamber(h.chamberId);
                return (
                  <Table.Tr key={h.id} data-testid="hearing-row" data-status={h.status} data-date={h.date}>
                    <Table.Td>
                      <DateWithHijri iso={h.date} />
                    </Table.Td>
                    <Table.Td>
                      <Ltr>{h.time}</Ltr>
                    </Table.Td>
                    <Table.Td>{h.room ? <AutoDir>{h.room}</AutoDir> : '—'}</Table.Td>
                    <Table.Td>{ch ? localName(ch, language) : '—'}</Table.Td>
                    <Table.Td data-testid="hearing-status">{label('hearingStatus', h.status)}</Table.Td>
                    <Table.Td>
                      <HearingResult hearing={h} />
                    </Table.Td>
                    <Table.Td>
                      <HearingActionButtons
                        hearingStatus={h.status}
                        caseStatus={caseStatus}
                        onAdjourn={() => setDialog({ kind: 'adjourn', hearing: h })}
                        onOutcome={() => setDialog({ kind: 'outcome', hearing: h })}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'schedule' && <ScheduleHearingModal caseId={caseId} caseVersion={caseVersion} chamberId={chamberId} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'adjourn' && <AdjournHearingModal hearing={{ ...dialog.hearing, caseVersion }} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'outcome' && <RecordOutcomeModal hearing={{ ...dialog.hearing, caseVersion }} onClose={() => setDialog(null)} onDone={done} />}
    </Paper>
  );
}

const CLAIMED = ['date', 'time', 'room', 'chamberId'];

function ScheduleHearingModal(props: { caseId: string; caseVersion: number; chamberId: string; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { data } = useReference();
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const [room, setRoom] = useState('');
  const [chamberId, setChamberId] = useState(props.chamberId);
  const form = useCommandForm('hearings.schedule', { caseId: props.caseId, baseVersion: props.caseVersion, date, time, room, chamberId }, props.onDone);
  return (
    <CommandModal opened onClose={props.onClose} title={t('ui.hearing.schedule')} submitLabel={t('ui.hearing.scheduleSubmit')} form={form} claimedPrefixes={CLAIMED} testId="schedule-modal">
      <SimpleGrid cols={2} spacing="sm">
        <DateField label={t('ui.hearing.date')} required value={date} onChange={setDate} error={form.message('date')} data-autofocus data-testid="schedule-date" />
        <TimeField label={t('ui.hearing.time')} required value={time} onChange={setTime} error={form.message('time')} data-testid="schedule-time" />
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="sm">
        <TextField label={t('ui.hearing.room')} limit={LIMITS.room} value={room} onValue={setRoom} error={form.message('room')} data-testid="schedule-room" />
        <NativeSelect
          label={t('ui.case.chamber')}
          data={(data?.chambers ?? []).map((c) => ({ value: c.id, label: localName(c, language) }))}
          value={chamberId}
          onChange={(e) => setChamberId(e.currentTarget.value)}
          error={form.message('chamberId')}
          data-testid="schedule-chamber"
        />
      </SimpleGrid>
    </CommandModal>
  );
}
