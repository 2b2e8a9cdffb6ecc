// The IPC contract between renderer and main: one entry per method, input and output as zod
// schemas. preload exposes exactly these names as window.mahkama; main registers exactly one
// handler per name and validates input with `input` before anything runs. The browser shell
// speaks the same contract over HTTP.
import { z } from 'zod';
import type { Result } from '../errors';
import { commandSchemas } from '../schemas/commands';
import { paperPrintResultSchema, printedPdfSchema, printRequestSchema } from '../schemas/print';
import {
  acknowledgeRejectedInputSchema,
  documentFileInputSchema,
  documentFileStateSchema,
  enrolInputSchema,
  reconnectInputSchema,
  resolveConflictInputSchema,
  syncProblemsInputSchema,
  syncProblemsSchema,
  syncStatusSchema,
} from '../schemas/desk-sync';
import {
  activeJobsSchema,
  cancelledJobSchema,
  caseDocumentsSchema,
  documentRefInputSchema,
  documentThumbnailSchema,
  documentTypesSchema,
  fileFromScannerInputSchema,
  importDocumentInputSchema,
  importedDocumentSchema,
  jobRefInputSchema,
  listCaseDocumentsInputSchema,
  retriedJobSchema,
  scannerInboxSchema,
  searchablePdfExportSchema,
} from '../schemas/documents';
import {
  correctPageInputSchema,
  documentPageViewSchema,
  misfiledOfCaseInputSchema,
  misfiledOfCaseSchema,
  readAgainInputSchema,
  readAgainResultSchema,
  viewPageInputSchema,
} from '../schemas/document-viewer';
import { querySchemas } from '../schemas/queries';
import { documentSignaturesInputSchema, documentSignaturesViewSchema, saveDocumentSignatureInputSchema, savedDocumentSignatureSchema } from '../schemas/document-signatures';
import {
  closeCourtDayInputSchema,
  dayRegisterInputSchema,
  dayRegisterViewSchema,
  extendJudgmentInputSchema,
  extendedJudgmentSchema,
  judgmentVerificationSchema,
  documentVerificationSchema,
  verifyDocumentInputSchema,
  exportVerificationReportInputSchema,
  verificationReportExportSchema,
  signDocumentDetachedInputSchema,
  detachedSignatureExportSchema,
  listCertificatesInputSchema,
  signJudgmentInputSchema,
  signedJudgmentSchema,
  tokenCertificatesViewSchema,
  tokenListSchema,
  verifyJudgmentInputSchema,
  watchTokensInputSchema,
} from '../schemas/signing';
import { searchCasesQuerySchema, searchResultSchema } from '../schemas/search';
import { reindexStartInputSchema, reindexStatusSchema } from '../schemas/search-index';
import {
  changeOwnPasswordInputSchema,
  createUserInputSchema,
  emptySchema,
  loginSchema,
  resetUserPasswordInputSchema,
  setLanguageSchema,
  setupSchema,
  unlockSchema,
} from '../schemas/session';
import {
  appStatusSchema,
  caseDetailSchema,
  hearingRollSchema,
  quickFindResultSchema,
  referenceDataSchema,
  registryPageSchema,
  userViewSchema,
} from '../schemas/views';

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const ipcContract = {
  'app.status': method(emptySchema, appStatusSchema),
  'setup.initialize': method(setupSchema, appStatusSchema),
  'session.login': method(loginSchema, appStatusSchema),
  'session.lock': method(emptySchema, appStatusSchema),
  'session.unlock': method(unlockSchema, appStatusSchema),
  'session.logout': method(emptySchema, appStatusSchema),
  'settings.setLanguage': method(setLanguageSchema, appStatusSchema),
  'reference.get': method(querySchemas.getReferenceData, referenceDataSchema),
  'cases.listForRegistry': method(querySchemas.listCasesForRegistry, registryPageSchema),
  'cases.quickFind': method(querySchemas.quickFind, quickFindResultSchema),
  'cases.search': method(searchCasesQuerySchema, searchResultSchema),
  'cases.getDetail': method(querySchemas.getCaseDetail, caseDetailSchema),
  'cases.register': method(commandSchemas.registerCase.args, commandSchemas.registerCase.result),
  'cases.updateParticulars': method(commandSchemas.updateCaseParticulars.args, commandSchemas.updateCaseParticulars.result),
  'cases.addParty': method(commandSchemas.addParty.args, commandSchemas.addParty.result),
  'cases.removeParty': method(commandSchemas.removeParty.args, commandSchemas.removeParty.result),
  'cases.recordJudgment': method(commandSchemas.recordJudgment.args, commandSchemas.recordJudgment.result),
  'cases.updateJudgment': method(commandSchemas.updateJudgment.args, commandSchemas.updateJudgment.result),
  'cases.close': method(commandSchemas.closeCase.args, commandSchemas.closeCase.result),
  'hearings.schedule': method(commandSchemas.scheduleHearing.args, commandSchemas.scheduleHearing.result),
  'hearings.adjourn': method(commandSchemas.adjournHearing.args, commandSchemas.adjournHearing.result),
  'hearings.recordOutcome': method(commandSchemas.recordHearingOutcome.args, commandSchemas.recordHearingOutcome.result),
  'hearings.listOfDay': method(querySchemas.listHearingsOfDay, hearingRollSchema),
  'users.create': method(createUserInputSchema, commandSchemas.createUser.result),
  'users.list': method(emptySchema, z.object({ users: z.array(userViewSchema) })),
  'users.changeOwnPassword': method(changeOwnPasswordInputSchema, appStatusSchema),
  'users.resetPassword': method(resetUserPasswordInputSchema, commandSchemas.resetUserPassword.result),
  'users.setActive': method(commandSchemas.setUserActive.args, commandSchemas.setUserActive.result),
  'users.setRoles': method(commandSchemas.setUserRoles.args, commandSchemas.setUserRoles.result),
  'print.pdf': method(printRequestSchema, printedPdfSchema),
  'print.paper': method(printRequestSchema, paperPrintResultSchema),
  'signing.tokens': method(emptySchema, tokenListSchema),
  'signing.watchTokens': method(watchTokensInputSchema, tokenListSchema),
  'signing.certificates': method(listCertificatesInputSchema, tokenCertificatesViewSchema),
  'signing.signJudgment': method(signJudgmentInputSchema, signedJudgmentSchema),
  'signing.verifyJudgment': method(verifyJudgmentInputSchema, judgmentVerificationSchema),
  /** The judgment's newest signed file extended for long-term validation (B-LT, B-LTA with the workstation's TSA). */
  'signing.extendJudgment': method(extendJudgmentInputSchema, extendedJudgmentSchema),
  'registers.ofDay': method(dayRegisterInputSchema, dayRegisterViewSchema),
  'registers.closeDay': method(closeCourtDayInputSchema, dayRegisterViewSchema),
  'sync.enrol': method(enrolInputSchema, appStatusSchema),
  'sync.status': method(emptySchema, syncStatusSchema),
  'sync.now': method(emptySchema, syncStatusSchema),
  'sync.reconnect': method(reconnectInputSchema, syncStatusSchema),
  'sync.problems': method(syncProblemsInputSchema, syncProblemsSchema),
  'sync.resolveConflict': method(resolveConflictInputSchema, commandSchemas.resolveConflict.result),
  'sync.acknowledgeRejected': method(acknowledgeRejectedInputSchema, syncStatusSchema),
  'documents.types': method(emptySchema, documentTypesSchema),
  'documents.listForCase': method(listCaseDocumentsInputSchema, caseDocumentsSchema),
  'documents.thumbnail': method(documentRefInputSchema, documentThumbnailSchema),
  'documents.import': method(importDocumentInputSchema, importedDocumentSchema),
  'documents.activeJobs': method(emptySchema, activeJobsSchema),
  'documents.cancelJob': method(jobRefInputSchema, cancelledJobSchema),
  'documents.retry': method(documentRefInputSchema, retriedJobSchema),
  'documents.scannerInbox': method(emptySchema, scannerInboxSchema),
  'documents.fileFromScanner': method(fileFromScannerInputSchema, importedDocumentSchema),
  'documents.viewPage': method(viewPageInputSchema, documentPageViewSchema),
  'documents.correctPage': method(correctPageInputSchema, commandSchemas.correctPageText.result),
  /** Read a document, or one page, again with another OCR language (chooseOcrLanguage, then the desk's OCR queue). */
  'documents.readAgain': method(readAgainInputSchema, readAgainResultSchema),
  'documents.misfiledOfCase': method(misfiledOfCaseInputSchema, misfiledOfCaseSchema),
  /** The document as a searchable PDF (the scan, its text invisible over it): to a file chosen in a save dialog, or a download in the browser shell. */
  'documents.exportSearchablePdf': method(documentRefInputSchema, searchablePdfExportSchema),
  /** The built-in verifier on a document's stored file (ARCHITECTURE §6): per signature its findings against the admin's trust anchors. */
  'documents.verifySignatures': method(verifyDocumentInputSchema, documentVerificationSchema),
  /** The verifier's report (PDF in the language asked, or the CLI's JSON) of a document's or a judgment's file: saved by a dialog or downloaded as the searchable PDF export is. */
  'documents.exportVerificationReport': method(exportVerificationReportInputSchema, verificationReportExportSchema),
  /**
   * A document's file signed on the card with a detached CAdES signature (.p7s): recorded
   * (recordDocumentSignature, the .p7s kept in the store), then saved by a dialog or downloaded as an export is.
   */
  'documents.signDetached': method(signDocumentDetachedInputSchema, detachedSignatureExportSchema),
  /** A document's recorded detached signatures, each checked against the document's file by the built-in verifier. */
  'documents.signatures': method(documentSignaturesInputSchema, documentSignaturesViewSchema),
  /** A recorded .p7s saved again (fetched from the court's server when it is not on this desk): as an export is. */
  'documents.saveSignature': method(saveDocumentSignatureInputSchema, savedDocumentSignatureSchema),
  /** Where a document's file stands before it is shown, fetched from the server now if it is not here. */
  'sync.documentFile': method(documentFileInputSchema, documentFileStateSchema),
  /** The search index rebuild (administrators): where it stands; start or resume it in the background; stop it after the batch under way. */
  'search.reindexStatus': method(emptySchema, reindexStatusSchema),
  'search.reindexStart': method(reindexStartInputSchema, reindexStatusSchema),
  'search.reindexStop': method(emptySchema, reindexStatusSchema),
} as const;

export type IpcContract = typeof ipcContract;
export type IpcMethod = keyof IpcContract;
export const IPC_METHODS = Object.keys(ipcContract) as IpcMethod[];
/** What the caller passes (before zod transforms/defaults). */
export type IpcInput<M extends IpcMethod> = z.input<IpcContract[M]['input']>;
/** What a handler receives (after validation). */
export type IpcParsedInput<M extends IpcMethod> = z.infer<IpcContract[M]['input']>;
export type IpcOutput<M extends IpcMethod> = z.infer<IpcContract[M]['output']>;

/** window.mahkama: one async function per contract method; errors come back as values. */
export type MahkamaApi = { [M in IpcMethod]: (input: IpcInput<M>) => Promise<Result<IpcOutput<M>>> };

/** Electron channel name of a method (prefixed so nothing else on ipcMain can collide). */
export function channelOf(method: IpcMethod): string {
  return `mahkama:${method}`;
}

/**
 * Browser shell: a document's bytes are streamed here (POST, application/octet-stream, behind the
 * same session and origin checks as /ipc) and then imported by the upload id it answers.
 */
export const UPLOAD_HTTP_PATH = '/upload';

/**
 * Browser shell: a file made for the clerk (a searchable PDF export, a verification report) is fetched once from
 * `${DOWNLOAD_HTTP_PATH}/<id>` (GET, same session cookie), streamed as an attachment.
 */
export const DOWNLOAD_HTTP_PATH = '/download';

/** Browser shell: the HTTP path of a method. */
export function httpPathOf(method: IpcMethod): string {
  return `/ipc/${method}`;
}
