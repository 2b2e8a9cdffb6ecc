// One printed document from one request: reads what it shows through the domain's named reads,
// takes "printed on" from the court's wall clock (Africa/Casablanca, main's zone data), and renders
// the HTML that both ports print. Reads only: nothing here writes, and nothing here knows Chromium.
import { getAppUser, getCaseDetail, getReferenceData, listHearingsOfDay, type Db } from '../../../domain';
import { wallClockAt } from '../../../shared/court-time-zone';
import { notFound } from '../../../shared/errors';
import { localName } from '../../../shared/local-name';
import type { PrintKind, PrintRequest } from '../../../shared/schemas/print';
import type { CaseDetail, ReferenceData } from '../../../shared/schemas/views';
import { printFontFaceCss } from './print-fonts';
import { printWords, type PrintWords } from './print-i18n';
import { caseSheetHtml, hearingRollHtml, judgmentHtml, receiptHtml, verificationReportHtml, type DocumentFrame } from './templates/render';
import type { FileVerification } from '../../../shared/schemas/signing';
import type { Language } from '../../../shared/enums';

export interface PrintSource {
  db: Db;
  courtId: string;
  /** Who asks: named on the document as the one who printed it. */
  userId: string;
  now: Date;
}

export interface PrintedDocumentHtml {
  html: string;
  fileName: string;
}

/** Characters no file system or download bar takes in a file name. */
const UNSAFE_IN_FILE_NAME = /[/\\:*?"<>|\p{Cc}]+/gu;

export function printFileName(words: PrintWords, kind: PrintKind | 'judgment' | 'verificationReport', ...parts: string[]): string {
  const stem = [words.t(`print.fileName.${kind}`), ...parts].join('-');
  return `${stem.replace(UNSAFE_IN_FILE_NAME, '-').replace(/\s+/g, '-')}.pdf`;
}

function chamberNames(reference: ReferenceData, words: PrintWords): Map<string, string> {
  return new Map(reference.chambers.map((c) => [c.id, localName(c, words.language)]));
}

function caseTypeName(reference: ReferenceData, detail: CaseDetail, words: PrintWords): string {
  const type = reference.caseTypes.find((t) => t.id === detail.case.caseTypeId);
  return type ? localName(type, words.language) : detail.case.typeCode;
}

async function frameOf(source: PrintSource, language: Language): Promise<{ frame: DocumentFrame; reference: ReferenceData; words: PrintWords }> {
  const words = printWords(language);
  const reference = await getReferenceData(source.db, source.courtId);
  const user = await getAppUser(source.db, source.userId);
  const frame: DocumentFrame = {
    words,
    court: reference.court,
    printedAt: wallClockAt(source.now),
    printedBy: user?.displayName ?? '',
    fontCss: printFontFaceCss(),
  };
  return { frame, reference, words };
}

/** The judgment of a case as the page its signatures go on (ARCHITECTURE §6); NOT_FOUND when none is recorded. */
export async function buildJudgmentDocument(source: PrintSource, caseId: string, language: Language): Promise<PrintedDocumentHtml> {
  const { frame, reference, words } = await frameOf(source, language);
  const detail = await getCaseDetail(source.db, source.courtId, { caseId });
  if (!detail.judgment) throw notFound('judgment', caseId);
  const names = chamberNames(reference, words);
  return {
    html: judgmentHtml({ frame, detail, judgment: detail.judgment, caseTypeName: caseTypeName(reference, detail, words), chamberName: names.get(detail.case.chamberId) ?? '' }),
    fileName: printFileName(words, 'judgment', detail.case.number),
  };
}

/** The verifier's report on one file (ARCHITECTURE §6), in the language asked, named after the file. */
export async function buildVerificationReport(
  source: PrintSource,
  language: Language,
  report: { verification: FileVerification; title: string | null; caseNumber: string | null },
): Promise<PrintedDocumentHtml> {
  const { frame, words } = await frameOf(source, language);
  return {
    html: verificationReportHtml({ frame, ...report }),
    fileName: printFileName(words, 'verificationReport', report.verification.fileName.replace(/\.pdf$/i, '')),
  };
}

export async function buildPrintDocument(source: PrintSource, request: PrintRequest): Promise<PrintedDocumentHtml> {
  const { db, courtId } = source;
  const { frame, reference, words } = await frameOf(source, request.language);
  const names = chamberNames(reference, words);

  if (request.kind === 'hearingRoll') {
    if (request.chamberId !== undefined && !names.has(request.chamberId)) throw notFound('chamber', request.chamberId);
    const { entries, pronouncements } = await listHearingsOfDay(db, courtId, { date: request.date, chamberId: request.chamberId });
    const chamber = request.chamberId === undefined ? null : reference.chambers.find((c) => c.id === request.chamberId)!;
    return {
      html: hearingRollHtml({ frame, date: request.date, chamberName: chamber ? names.get(chamber.id)! : null, chamberNames: names, entries, pronouncements }),
      fileName: printFileName(words, 'hearingRoll', request.date, ...(chamber ? [chamber.code] : [])),
    };
  }

  const detail = await getCaseDetail(db, courtId, { caseId: request.caseId });
  const common = { frame, detail, caseTypeName: caseTypeName(reference, detail, words), chamberName: names.get(detail.case.chamberId) ?? '' };
  if (request.kind === 'caseSheet') {
    return { html: caseSheetHtml({ ...common, chamberNames: names }), fileName: printFileName(words, 'caseSheet', detail.case.number) };
  }
  const registration = detail.audit.find((a) => a.command === 'registerCase');
  return {
    html: receiptHtml({
      ...common,
      registered: registration ? { at: wallClockAt(new Date(registration.wallTime)), by: registration.userDisplayName ?? '' } : null,
    }),
    fileName: printFileName(words, 'receipt', detail.case.number),
  };
}
