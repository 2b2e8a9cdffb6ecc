// وصل التسجيل / récépissé d'enregistrement: what the party takes away from the counter — the
// court, the case number in large type, the particulars, the parties with their lawyers, and who
// registered the case and when.
import type { WallClock } from '../../../../shared/court-time-zone';
import type { CaseDetail } from '../../../../shared/schemas/views';
import { CaseNo, CourtDate, DASH, Labelled, Ltr, PartyName, Sentence, Text, wallDate, wallTime } from './parts';
import { PrintedDocument, type DocumentFrame } from './PrintedDocument';

export interface ReceiptProps {
  frame: DocumentFrame;
  detail: CaseDetail;
  caseTypeName: string;
  chamberName: string;
  /** From the case's registerCase audit entry (court wall clock); null if the audit has none. */
  registered: { at: WallClock; by: string } | null;
}

export function RegistrationReceipt({ frame, detail, caseTypeName, chamberName, registered }: ReceiptProps) {
  const { words } = frame;
  const c = detail.case;
  const parties = detail.parties.filter((p) => p.removedAt === null);
  const title = words.t('print.receipt.title');
  return (
    <PrintedDocument frame={frame} title={title} runningTitle={`${title} ${c.number}`}>
      <div className="case-number" data-part="case-number">
        <CaseNo number={c.number} />
      </div>
      <p className="case-number-caption">{c.provisional ? words.t('print.receipt.provisional') : words.t('ui.case.number')}</p>
      <table className="facts">
        <tbody>
          <tr>
            <th>{words.t('ui.case.caseType')}</th>
            <td>
              <Text value={caseTypeName} /> (<Ltr>{c.typeCode}</Ltr>)
            </td>
          </tr>
          <tr>
            <th>{words.t('ui.case.chamber')}</th>
            <td>
              <Text value={chamberName} />
            </td>
          </tr>
          <tr>
            <th>{words.t('ui.case.filedOn')}</th>
            <td>
              <CourtDate iso={c.filedOn} words={words} />
            </td>
          </tr>
          <tr>
            <th>{words.t('ui.case.subject')}</th>
            <td>
              <Text value={c.subject} />
            </td>
          </tr>
        </tbody>
      </table>
      <h2>{words.t('ui.case.parties')}</h2>
      <table>
        <colgroup>
          <col style={{ width: '22%' }} />
          <col style={{ width: '34%' }} />
          <col style={{ width: '16%' }} />
          <col style={{ width: '28%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>{words.t('ui.party.role')}</th>
            <th>{words.t('print.field.name')}</th>
            <th>{words.t('ui.party.nationalId')}</th>
            <th>{words.t('ui.party.lawyerName')}</th>
          </tr>
        </thead>
        <tbody>
          {parties.map((p) => (
            <tr key={p.id}>
              <td>
                {words.label('partyRole', p.role)}
                <span className="secondary">{words.label('partyKind', p.kind)}</span>
              </td>
              <td>
                <PartyName party={p} words={words} />
              </td>
              <td>{p.nationalId ? <Ltr>{p.nationalId}</Ltr> : DASH}</td>
              <td>
                <Text value={p.lawyerName} />
                {p.lawyerBarNumber && (
                  <span className="secondary">
                    <Labelled words={words} label={words.t('ui.party.lawyerBarNumber')}>
                      <Ltr>{p.lawyerBarNumber}</Ltr>
                    </Labelled>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {registered && (
        <p className="registered" data-part="registered">
          <Sentence
            words={words}
            k="print.receipt.registeredBy"
            values={{ date: <Ltr>{wallDate(registered.at)}</Ltr>, time: <Ltr>{wallTime(registered.at)}</Ltr>, name: <Text value={registered.by} /> }}
          />
        </p>
      )}
      <div className="stamp">{words.t('print.receipt.stamp')}</div>
    </PrintedDocument>
  );
}
