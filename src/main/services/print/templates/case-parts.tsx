// What the receipt and the case sheet print alike: the case number in large type, the particulars
// every document of a case repeats (type, chamber, filing date, subject) and the table of parties
// with their lawyers. Each document adds its own rows and, under a party's name, its own details.
import type { ReactNode } from 'react';
import type { CaseDetail, CasePartyView } from '../../../../shared/schemas/views';
import type { PrintWords } from '../print-i18n';
import { CaseNo, CourtDate, DASH, Labelled, Ltr, PartyName, Text } from './parts';

type CaseFacts = CaseDetail['case'];

export function CaseNumberHeader({ c, words }: { c: CaseFacts; words: PrintWords }) {
  return (
    <>
      <div className="case-number" data-part="case-number">
        <CaseNo number={c.number} />
      </div>
      <p className="case-number-caption">{c.provisional ? words.t('print.receipt.provisional') : words.t('ui.case.number')}</p>
    </>
  );
}

/** The rows of the particulars every document of a case prints (inside a `table.facts` body). */
export function CaseFactRows({ c, caseTypeName, chamberName, words }: { c: CaseFacts; caseTypeName: string; chamberName: string; words: PrintWords }) {
  return (
    <>
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
    </>
  );
}

export interface PartiesTableProps {
  parties: readonly CasePartyView[];
  words: PrintWords;
  /** Printed under a party's name (address, telephone, a removal). */
  details?: (p: CasePartyView) => ReactNode;
  rowClassName?: (p: CasePartyView) => string | undefined;
  dataPart?: string;
  /** Widths of the role, name, CIN and lawyer columns, in percent. */
  widths: readonly [number, number, number, number];
}

export function PartiesTable({ parties, words, details, rowClassName, dataPart, widths }: PartiesTableProps) {
  return (
    <table data-part={dataPart}>
      <colgroup>
        {widths.map((w, i) => (
          <col key={i} style={{ width: `${w}%` }} />
        ))}
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
          <tr key={p.id} className={rowClassName?.(p)}>
            <td>
              {words.label('partyRole', p.role)}
              <span className="secondary">{words.label('partyKind', p.kind)}</span>
            </td>
            <td>
              <PartyName party={p} words={words} />
              {details?.(p)}
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
  );
}
