// وصل التسجيل / récépissé d'enregistrement: what the party takes away from the counter — the
// court, the case number in large type, the particulars, the parties with their lawyers, and who
// registered the case and when.
import type { WallClock } from '../../../../shared/court-time-zone';
import type { CaseDetail } from '../../../../shared/schemas/views';
import { CaseFactRows, CaseNumberHeader, PartiesTable } from './case-parts';
import { Ltr, Sentence, Text, wallDate, wallTime } from './parts';
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
      <CaseNumberHeader c={c} words={words} />
      <table className="facts">
        <tbody>
          <CaseFactRows c={c} caseTypeName={caseTypeName} chamberName={chamberName} words={words} />
        </tbody>
      </table>
      <h2>{words.t('ui.case.parties')}</h2>
      <PartiesTable parties={parties} words={words} widths={[22, 34, 16, 28]} />
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
