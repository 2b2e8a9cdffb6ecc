// Turns a document into the HTML string Chromium prints, with React's static renderer: chosen
// because it escapes every value (names and subjects are typed by people) and keeps the templates
// typed. This folder is the only place main may use React (see .oxlintrc.json); nothing here reads
// the database or the clock: print-documents.ts hands each template its data.
import { renderToStaticMarkup } from 'react-dom/server';
import { CaseSheet, type CaseSheetProps } from './CaseSheet';
import { HearingRoll, type HearingRollProps } from './HearingRoll';
import { JudgmentDocument, type JudgmentDocumentProps } from './JudgmentDocument';
import { RegistrationReceipt, type ReceiptProps } from './RegistrationReceipt';
import { VerificationReport, type VerificationReportProps } from './VerificationReport';

export type { DocumentFrame } from './PrintedDocument';
export type { CaseSheetProps, HearingRollProps, JudgmentDocumentProps, ReceiptProps, VerificationReportProps };

function page(markup: string): string {
  return `<!DOCTYPE html>${markup}`;
}

export function receiptHtml(props: ReceiptProps): string {
  return page(renderToStaticMarkup(<RegistrationReceipt {...props} />));
}

export function caseSheetHtml(props: CaseSheetProps): string {
  return page(renderToStaticMarkup(<CaseSheet {...props} />));
}

export function hearingRollHtml(props: HearingRollProps): string {
  return page(renderToStaticMarkup(<HearingRoll {...props} />));
}

export function judgmentHtml(props: JudgmentDocumentProps): string {
  return page(renderToStaticMarkup(<JudgmentDocument {...props} />));
}

export function verificationReportHtml(props: VerificationReportProps): string {
  return page(renderToStaticMarkup(<VerificationReport {...props} />));
}
