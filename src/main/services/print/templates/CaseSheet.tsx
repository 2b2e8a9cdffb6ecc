// بطاقة الملف / fiche du dossier: the whole case on paper — its particulars, every party (a removed
// one stays, marked with the date and the court's reason) with its address and telephone, every
// hearing with its result, and the judgment once recorded (its operative part as the clerk copied it).
import { formatGregorian } from '../../../../shared/calendar-format';
import { wallClockAt } from '../../../../shared/court-time-zone';
import type { CaseDetail, HearingView } from '../../../../shared/schemas/views';
import type { PrintWords } from '../print-i18n';
import { CaseFactRows, CaseNumberHeader, PartiesTable } from './case-parts';
import { CourtDate, DASH, Labelled, Ltr, Sentence, Text, TextBlock, wallDate } from './parts';
import { PrintedDocument, type DocumentFrame } from './PrintedDocument';

export interface CaseSheetProps {
  frame: DocumentFrame;
  detail: CaseDetail;
  caseTypeName: string;
  chamberName: string;
  /** Chamber names by id, for hearings held before the case changed chamber. */
  chamberNames: ReadonlyMap<string, string>;
}

/** What came of a hearing: the adjournment reason (and the day it was put off to) or the outcome, with the clerk's note. */
export function HearingResultCell({
  hearing,
  words,
  next,
}: {
  hearing: Pick<HearingView, 'adjournmentReason' | 'adjournmentNote' | 'outcome' | 'outcomeNote'>;
  words: PrintWords;
  next?: { date: string | null; time: string | null };
}) {
  if (hearing.adjournmentReason) {
    return (
      <>
        {words.label('adjournmentReason', hearing.adjournmentReason)}
        {next?.date && (
          <span className="note" data-part="adjourned-to">
            <Labelled words={words} label={words.t('ui.hearing.adjournedTo')}>
              <Ltr>
                {formatGregorian(next.date)}
                {next.time ? ` ${next.time}` : ''}
              </Ltr>
            </Labelled>
          </span>
        )}
        {hearing.adjournmentNote && <TextBlock value={hearing.adjournmentNote} className="note" />}
      </>
    );
  }
  if (hearing.outcome) {
    return (
      <>
        {words.label('hearingOutcome', hearing.outcome)}
        {hearing.outcomeNote && <TextBlock value={hearing.outcomeNote} className="note" />}
      </>
    );
  }
  return null;
}

export function CaseSheet({ frame, detail, caseTypeName, chamberName, chamberNames }: CaseSheetProps) {
  const { words } = frame;
  const c = detail.case;
  const title = words.t('print.caseSheet.title');
  return (
    <PrintedDocument frame={frame} title={title} runningTitle={`${title} ${c.number}`}>
      <CaseNumberHeader c={c} words={words} />

      <h2>{words.t('ui.case.particulars')}</h2>
      <table className="facts">
        <tbody>
          <tr>
            <th>{words.t('ui.case.status')}</th>
            <td>{words.label('caseStatus', c.status)}</td>
          </tr>
          <CaseFactRows c={c} caseTypeName={caseTypeName} chamberName={chamberName} words={words} />
          {c.pronouncementDate && c.status === 'deliberation' && (
            <tr>
              <th>{words.t('ui.judgment.pronouncementDate')}</th>
              <td>
                <CourtDate iso={c.pronouncementDate} words={words} />
              </td>
            </tr>
          )}
          {c.closedOn && (
            <tr>
              <th>{words.t('ui.case.closedOn')}</th>
              <td>
                <CourtDate iso={c.closedOn} words={words} />
              </td>
            </tr>
          )}
          {c.closureReason && (
            <tr>
              <th>{words.t('ui.case.closureReason')}</th>
              <td>{words.label('closureReason', c.closureReason)}</td>
            </tr>
          )}
        </tbody>
      </table>

      <h2>{words.t('ui.case.parties')}</h2>
      <PartiesTable
        parties={detail.parties}
        words={words}
        dataPart="parties"
        widths={[20, 32, 15, 33]}
        rowClassName={(p) => (p.removedAt ? 'removed' : undefined)}
        details={(p) => (
          <>
            {p.address && (
              <span className="secondary" data-part="party-address">
                <Labelled words={words} label={words.t('ui.party.address')}>
                  <bdi>{p.address}</bdi>
                </Labelled>
              </span>
            )}
            {p.phone && (
              <span className="secondary">
                <Labelled words={words} label={words.t('ui.party.phone')}>
                  <Ltr>{p.phone}</Ltr>
                </Labelled>
              </span>
            )}
            {p.removedAt && (
              <span className="removed-mark">
                <Sentence
                  words={words}
                  k="print.caseSheet.removed"
                  values={{
                    date: <Ltr>{wallDate(wallClockAt(new Date(p.removedAt)))}</Ltr>,
                    reason: p.removalReason ? words.label('partyRemovalReason', p.removalReason) : DASH,
                  }}
                />
              </span>
            )}
          </>
        )}
      />

      <h2>{words.t('ui.case.hearings')}</h2>
      {detail.hearings.length === 0 ? (
        <p className="empty">{words.t('ui.hearing.none')}</p>
      ) : (
        <table data-part="hearings">
          <colgroup>
            <col style={{ width: '18%' }} />
            <col style={{ width: '9%' }} />
            <col style={{ width: '18%' }} />
            <col style={{ width: '12%' }} />
            <col style={{ width: '15%' }} />
            <col style={{ width: '28%' }} />
          </colgroup>
          <thead>
            <tr>
              <th>{words.t('ui.hearing.date')}</th>
              <th>{words.t('ui.hearing.time')}</th>
              <th>{words.t('ui.case.chamber')}</th>
              <th>{words.t('ui.hearing.room')}</th>
              <th>{words.t('ui.hearing.status')}</th>
              <th>{words.t('ui.hearing.result')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.hearings.map((h) => (
              <tr key={h.id}>
                <td>
                  <CourtDate iso={h.date} words={words} stacked />
                </td>
                <td>
                  <Ltr>{h.time}</Ltr>
                </td>
                <td>
                  <Text value={chamberNames.get(h.chamberId)} />
                </td>
                <td>
                  <Text value={h.room} />
                </td>
                <td>{words.label('hearingStatus', h.status)}</td>
                <td>
                  <HearingResultCell hearing={h} words={words} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {detail.judgment && (
        <>
          <h2>{words.t('ui.judgment.title')}</h2>
          <table className="facts" data-part="judgment">
            <tbody>
              <tr>
                <th>{words.t('ui.judgment.pronouncedOn')}</th>
                <td>
                  <CourtDate iso={detail.judgment.pronouncedOn} words={words} />
                </td>
              </tr>
            </tbody>
          </table>
          <p className="operative-part-label">{words.t('ui.judgment.operativePart')}</p>
          <p className="operative-part" dir="auto" data-part="operative-part">
            {detail.judgment.operativePart}
          </p>
        </>
      )}
    </PrintedDocument>
  );
}
