// الحكم / jugement: the judgment as it is signed — the court, the case number, the particulars and
// parties, the day it was pronounced and its operative part as recorded, and the places of the
// signatures that follow (the judge, then the clerk). This page is printed once, at the judge's
// signature; the signatures are appended to that file, never to a fresh print.
import type { CaseDetail, JudgmentView } from '../../../../shared/schemas/views';
import { CaseFactRows, CaseNumberHeader, PartiesTable } from './case-parts';
import { CourtDate } from './parts';
import { PrintedDocument, type DocumentFrame } from './PrintedDocument';

export interface JudgmentDocumentProps {
  frame: DocumentFrame;
  detail: CaseDetail;
  judgment: JudgmentView;
  caseTypeName: string;
  chamberName: string;
}

export function JudgmentDocument({ frame, detail, judgment, caseTypeName, chamberName }: JudgmentDocumentProps) {
  const { words } = frame;
  const c = detail.case;
  const title = words.t('print.judgment.title');
  return (
    <PrintedDocument frame={frame} title={title} runningTitle={`${title} ${c.number}`}>
      <CaseNumberHeader c={c} words={words} />
      <table className="facts">
        <tbody>
          <CaseFactRows c={c} caseTypeName={caseTypeName} chamberName={chamberName} words={words} />
          <tr>
            <th>{words.t('ui.judgment.pronouncedOn')}</th>
            <td>
              <CourtDate iso={judgment.pronouncedOn} words={words} />
            </td>
          </tr>
        </tbody>
      </table>
      <h2>{words.t('ui.case.parties')}</h2>
      <PartiesTable parties={detail.parties.filter((p) => p.removedAt === null)} words={words} widths={[22, 34, 16, 28]} />
      <p className="operative-part-label">{words.t('ui.judgment.operativePart')}</p>
      <p className="operative-part" dir="auto" data-part="operative-part">
        {judgment.operativePart}
      </p>
      <table className="facts" data-part="signature-places">
        <tbody>
          <tr>
            <th>{words.t('print.judgment.judge')}</th>
            <th>{words.t('print.judgment.clerk')}</th>
          </tr>
        </tbody>
      </table>
      <p className="note">{words.t('print.judgment.signedElectronically')}</p>
    </PrintedDocument>
  );
}
