// The roll of one day: the hearings of a date (all chambers or one), ordered by time, with the
// case, its parties and status, and adjourn / record outcome right from the list; below it, the
// day's signed register (DayRegisterPanel).
import { Anchor, Button, Group, NativeSelect, Paper, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/enums';
import { isCalendarDate } from '../../../shared/schemas/common';
import type { HearingRollEntry } from '../../../shared/schemas/views';
import { useApiQuery } from '../../api/use-api';
import { useNavigation } from '../../app/navigation';
import { useSession } from '../../app/session';
import { useReference } from '../../app/reference';
import { hrefOf } from '../../app/routes';
import { DateWithHijri } from '../../components/DateWithHijri';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DateField } from '../../components/fields/DateField';
import { RollParties } from '../../components/RollParties';
import { AdjournHearingModal } from '../../components/hearing-actions/AdjournHearingModal';
import { RecordOutcomeModal } from '../../components/hearing-actions/RecordOutcomeModal';
import { HearingResult } from '../../components/HearingResult';
import { HearingActionButtons } from '../../components/hearing-actions/HearingActionButtons';
import { AutoDir } from '../../components/AutoDir';
import { Ltr } from '../../components/Ltr';
import { PrintButtons } from '../../components/printing/PrintButtons';
import { PrintLanguageSelect } from '../../components/printing/PrintLanguageSelect';
import { usePrint, usePrintLanguage } from '../../components/printing/use-print';
import { useEnumLabel } from '../../components/use-enum-label';
import { addDays, formatWeekday } from '../../format/dates';
import { localName } from '../../i18n/names';
import { DayRegisterPanel } from './DayRegisterPanel';

type Dialog = { kind: 'adjourn' | 'outcome'; entry: HearingRollEntry } | null;

export function HearingsOfDayScreen() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const label = useEnumLabel();
  const { data: reference, chamber } = useReference();
  const { go } = useNavigation();
  const courtToday = useSession().status.courtToday;
  const [date, setDate] = useState(courtToday);
  const [chamberId, setChamberId] = useState('');
  const [tick, setTick] = useState(0);
  const validDate = isCalendarDate(date);
  const roll = useApiQuery('hearings.listOfDay', validDate ? { date, ...(chamberId ? { chamberId } : {}) } : null, `${date}:${chamberId}:${tick}`);
  const [dialog, setDialog] = useState<Dialog>(null);
  const printer = usePrint();
  const [printLanguage, setPrintLanguage] = usePrintLanguage();
  const entries = [...(roll.data?.entries ?? [])].sort((a, b) => a.time.localeCompare(b.time));
  const pronouncements = roll.data?.pronouncements ?? [];
  const done = () => {
    setDialog(null);
    setTick((n) => n + 1);
  };

  return (
    <section aria-labelledby="hearings-day-title" data-testid="hearings-screen">
      <Title order={2} size="h3" id="hearings-day-title" mb="sm">
        {t('ui.hearingsOfDay.title')}
      </Title>
      <Group align="flex-end" gap="sm" mb="sm" wrap="wrap">
        <Button variant="default" onClick={() => setDate(addDays(date, -1))} data-testid="day-previous">
          {t('ui.hearingsOfDay.previousDay')}
        </Button>
        <DateField label={t('ui.hearing.date')} value={date} onChange={setDate} hint={false} data-testid="day-date" maw={220} />
        <Button variant="default" onClick={() => setDate(addDays(date, 1))} data-testid="day-next">
          {t('ui.hearingsOfDay.nextDay')}
        </Button>
        <NativeSelect
          label={t('ui.case.chamber')}
          data={[{ value: '', label: t('ui.registry.filter.all') }, ...(reference?.chambers ?? []).map((c) => ({ value: c.id, label: localName(c, language) }))]}
          value={chamberId}
          onChange={(e) => setChamberId(e.currentTarget.value)}
          data-testid="day-chamber"
          maw={280}
        />
        <Button variant="subtle" onClick={() => setDate(courtToday)} data-testid="day-today">
          {t('ui.hearingsOfDay.today')}
        </Button>
      </Group>
      <Group align="flex-end" justify="space-between" gap="sm" mb="xs" wrap="wrap">
        {validDate ? (
          <Text fw={600} data-testid="day-heading">
            {formatWeekday(date, language)} <DateWithHijri iso={date} />
          </Text>
        ) : (
          <span />
        )}
        <Group align="flex-end" gap="sm" wrap="wrap" component="section" aria-label={t('ui.print.label')} data-testid="roll-print">
          <PrintLanguageSelect value={printLanguage} onChange={setPrintLanguage} />
          <PrintButtons
            doc={{ kind: 'hearingRoll', date, ...(chamberId ? { chamberId } : {}) }}
            language={printLanguage}
            label={t('ui.print.hearingRoll')}
            printer={printer}
            testId="print-roll"
            disabled={!validDate}
          />
        </Group>
      </Group>
      <ErrorAlert error={printer.error} data-testid="print-error" />
      <ErrorAlert error={roll.error} />
      <Paper withBorder>
        {entries.length === 0 ? (
          <Text p="md" size="sm" data-testid="day-empty">
            {roll.loading ? t('ui.common.loading') : t('ui.hearingsOfDay.empty')}
          </Text>
        ) : (
          // Six columns that fit the 1024-wide window without sideways scrolling: when and where (the
          // time, then the chamber and room) share a cell, a hearing's result sits under its status,
          // and the parties take the room that is left, so names wrap between words, not inside them.
          <Table.ScrollContainer minWidth={0}>
            <Table striped highlightOnHover className="data-table roll-table" data-testid="day-roll">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th className="col-label">{t('ui.hearingsOfDay.timeAndPlace')}</Table.Th>
                  <Table.Th>{t('ui.case.number')}</Table.Th>
                  <Table.Th className="roll-col-parties">{t('ui.case.parties')}</Table.Th>
                  <Table.Th className="col-name">{t('ui.case.subject')}</Table.Th>
                  <Table.Th className="col-label">{t('ui.hearing.status')}</Table.Th>
                  <Table.Th className="col-actions">{t('ui.common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => {
                  const ch = chamber(e.chamberId);
                  return (
                    <Table.Tr key={e.id} data-testid="roll-row" data-case-number={e.caseNumber} data-status={e.status}>
                      <Table.Td data-testid="roll-place">
                        <Ltr className="roll-time">{e.time}</Ltr>
                        <Text size="xs" component="span" display="block" className="hint">
                          {ch ? localName(ch, language) : '—'}
                        </Text>
                        {e.room && (
                          <Text size="xs" component="span" display="block" className="hint">
                            <AutoDir>{e.room}</AutoDir>
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td className="col-nowrap">
                        <Anchor
                          href={hrefOf({ name: 'case', caseId: e.caseId })}
                          onClick={(ev) => {
                            ev.preventDefault();
                            go({ name: 'case', caseId: e.caseId });
                          }}
                          data-testid="roll-case-link"
                        >
                          <Ltr>{e.caseNumber}</Ltr>
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <RollParties parties={e.parties} />
                      </Table.Td>
                      <Table.Td>
                        <AutoDir>{e.caseSubject}</AutoDir>
                      </Table.Td>
                      <Table.Td>
                        <span data-testid="roll-status">{label('hearingStatus', e.status)}</span>
                        {(e.adjournmentReason || e.outcome) && (
                          <Text size="sm" component="span" display="block" className="hint" data-testid="roll-result">
                            <HearingResult hearing={e} next={{ date: e.nextDate, time: e.nextTime }} />
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <HearingActionButtons
                          stacked
                          hearingStatus={e.status}
                          caseStatus={e.caseStatus}
                          onAdjourn={() => setDialog({ kind: 'adjourn', entry: e })}
                          onOutcome={() => setDialog({ kind: 'outcome', entry: e })}
                          testIdPrefix="roll-"
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {pronouncements.length > 0 && (
        <Paper withBorder mt="md" component="section" aria-labelledby="pronouncements-title" data-testid="day-pronouncements">
          <Title order={3} size="h5" p="sm" pb={0} id="pronouncements-title">
            {t('ui.hearingsOfDay.pronouncements')}
          </Title>
          <Table.ScrollContainer minWidth={700}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ui.case.number')}</Table.Th>
                  <Table.Th>{t('ui.case.parties')}</Table.Th>
                  <Table.Th>{t('ui.case.subject')}</Table.Th>
                  <Table.Th>{t('ui.case.chamber')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pronouncements.map((p) => {
                  const ch = chamber(p.chamberId);
                  return (
                    <Table.Tr key={p.caseId} data-testid="pronouncement-row" data-case-number={p.caseNumber}>
                      <Table.Td>
                        <Anchor
                          href={hrefOf({ name: 'case', caseId: p.caseId })}
                          onClick={(ev) => {
                            ev.preventDefault();
                            go({ name: 'case', caseId: p.caseId });
                          }}
                        >
                          <Ltr>{p.caseNumber}</Ltr>
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <RollParties parties={p.parties} />
                      </Table.Td>
                      <Table.Td>
                        <bdi>{p.caseSubject}</bdi>
                      </Table.Td>
                      <Table.Td>{ch ? localName(ch, language) : '—'}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {validDate && <DayRegisterPanel date={date} />}
      {dialog?.kind === 'adjourn' && <AdjournHearingModal hearing={dialog.entry} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'outcome' && <RecordOutcomeModal hearing={dialog.entry} onClose={() => setDialog(null)} onDone={done} />}
    </section>
  );
}
