// جدول الجلسات / rôle d'audience: the hearings of one day (one chamber or all), by time, with
// what the clerk calls out — case number, every party with its role, subject — and the room and
// status (with the adjournment reason and new day, or the outcome, once there is one); then the
// cases whose judgment is to be pronounced that day.
import { formatWeekday } from '../../../../shared/calendar-format';
import type { HearingRollEntry, PronouncementEntry, RollParty } from '../../../../shared/schemas/views';
import type { PrintWords } from '../print-i18n';
import { HearingResultCell } from './CaseSheet';
import { CaseNo, CourtDate, Ltr, Text, TextBlock } from './parts';
import { PrintedDocument, type DocumentFrame } from './PrintedDocument';

export interface HearingRollProps {
  frame: DocumentFrame;
  date: string;
  /** The chamber printed for; null = every chamber of the court (a chamber column is added). */
  chamberName: string | null;
  chamberNames: ReadonlyMap<string, string>;
  entries: readonly HearingRollEntry[];
  pronouncements: readonly PronouncementEntry[];
}

/** Every party of a case with its role, one per line, the name in the document's script first. */
function RollPartiesCell({ parties, words }: { parties: readonly RollParty[]; words: PrintWords }) {
  if (parties.length === 0) return <>—</>;
  return (
    <>
      {parties.map((p, i) => {
        const [first, second] = words.language === 'ar' ? [p.nameAr, p.nameLatin] : [p.nameLatin, p.nameAr];
        return (
          <span key={i} className="roll-party">
            <span className="secondary-inline">{words.t('print.label', { label: words.label('partyRole', p.role) })} </span>
            <bdi>{first ?? second}</bdi>
          </span>
        );
      })}
    </>
  );
}

export function HearingRoll({ frame, date, chamberName, chamberNames, entries, pronouncements }: HearingRollProps) {
  const { words } = frame;
  const title = words.t('print.roll.title');
  const allChambers = chamberName === null;
  return (
    <PrintedDocument frame={frame} title={title} runningTitle={`${title} ${date.split('-').reverse().join('/')}`}>
      <table className="facts">
        <tbody>
          <tr>
            <th>{words.t('print.roll.date')}</th>
            <td data-part="roll-date">
              {formatWeekday(date, words.language)} <CourtDate iso={date} words={words} />
            </td>
          </tr>
          <tr>
            <th>{words.t('ui.case.chamber')}</th>
            <td>{allChambers ? words.t('print.roll.allChambers') : <Text value={chamberName} />}</td>
          </tr>
          <tr>
            <th>{words.t('print.roll.count')}</th>
            <td>
              <Ltr>{entries.length}</Ltr>
            </td>
          </tr>
        </tbody>
      </table>
      {entries.length === 0 ? (
        <p className="empty">{words.t('ui.hearingsOfDay.empty')}</p>
      ) : (
        <table className="roll" data-part="roll">
          {/* With every chamber, its column is wide enough for one word of a chamber's name
              ("commerciale", "التجارية") at the roll's size: a cell breaks inside a word only when
              that word alone is wider than the column. */}
          <colgroup>
            <col style={{ width: '5%' }} />
            <col style={{ width: allChambers ? '7%' : '8%' }} />
            <col style={{ width: allChambers ? '13%' : '15%' }} />
            <col style={{ width: allChambers ? '21%' : '25%' }} />
            <col style={{ width: allChambers ? '16%' : '21%' }} />
            {allChambers && <col style={{ width: '14%' }} />}
            <col style={{ width: '8%' }} />
            <col style={{ width: allChambers ? '16%' : '18%' }} />
          </colgroup>
          <thead>
            <tr>
              <th>{words.t('print.roll.order')}</th>
              <th>{words.t('ui.hearing.time')}</th>
              <th>{words.t('ui.case.number')}</th>
              <th>{words.t('ui.case.parties')}</th>
              <th>{words.t('ui.case.subject')}</th>
              {allChambers && <th>{words.t('ui.case.chamber')}</th>}
              <th>{words.t('ui.hearing.room')}</th>
              <th>{words.t('ui.hearing.status')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={e.id}>
                <td>
                  <Ltr>{i + 1}</Ltr>
                </td>
                <td>
                  <Ltr>{e.time}</Ltr>
                </td>
                <td>
                  <CaseNo number={e.caseNumber} />
                </td>
                <td data-part="roll-parties">
                  <RollPartiesCell parties={e.parties} words={words} />
                </td>
                <td>
                  <TextBlock value={e.caseSubject} />
                </td>
                {allChambers && (
                  <td>
                    <Text value={chamberNames.get(e.chamberId)} />
                  </td>
                )}
                <td>
                  <Text value={e.room} />
                </td>
                <td>
                  {words.label('hearingStatus', e.status)}
                  {(e.adjournmentReason || e.outcome) && (
                    <span className="note">
                      <HearingResultCell hearing={e} words={words} next={{ date: e.nextDate, time: e.nextTime }} />
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pronouncements.length > 0 && (
        <>
          <h2>{words.t('ui.hearingsOfDay.pronouncements')}</h2>
          {/* Set like the roll above it: the same size of names, roles and subjects. */}
          <table className="roll" data-part="pronouncements">
            <colgroup>
              <col style={{ width: '18%' }} />
              <col style={{ width: '34%' }} />
              <col style={{ width: allChambers ? '30%' : '48%' }} />
              {allChambers && <col style={{ width: '18%' }} />}
            </colgroup>
            <thead>
              <tr>
                <th>{words.t('ui.case.number')}</th>
                <th>{words.t('ui.case.parties')}</th>
                <th>{words.t('ui.case.subject')}</th>
                {allChambers && <th>{words.t('ui.case.chamber')}</th>}
              </tr>
            </thead>
            <tbody>
              {pronouncements.map((p) => (
                <tr key={p.caseId}>
                  <td>
                    <CaseNo number={p.caseNumber} />
                  </td>
                  <td>
                    <RollPartiesCell parties={p.parties} words={words} />
                  </td>
                  <td>
                    <TextBlock value={p.caseSubject} />
                  </td>
                  {allChambers && (
                    <td>
                      <Text value={chamberNames.get(p.chamberId)} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </PrintedDocument>
  );
}
