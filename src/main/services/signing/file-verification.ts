// The built-in verifier on any PDF the desk holds (ARCHITECTURE §6): a document of a case (a signed
// judgment received from another court, a signed expert report) or a judgment's newest signed file,
// against the admin's trust anchors read afresh. Reads only: it never changes a file or a record.
// A document of another court is NOT_FOUND, as an unknown id is; a scan or an image is `notPdf`.
import crypto from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { newestJudgmentFile, type Db } from '../../../domain';
import { courtWallClockText } from '../../../shared/court-time-zone';
import { AppError, notFound, toAppError } from '../../../shared/errors';
import type { DocumentVerification, FileVerification } from '../../../shared/schemas/signing';
import { summarizeCertificate } from '../../../signatures/cert-info';
import { verifyPdf, type PdfVerification } from '../../../signatures/pdf-verify';
import { readTrustAnchorsDir } from '../../../signatures/trust-anchors';
import type { WorkstationConfig } from '../config';
import type { DocumentFileStore } from '../documents/file-store';
import { documentTimestampViewsOf, storedFileHere, judgmentOfCourt, lowestLevel, signatureViewsOf } from './judgment-verification';

export interface FileVerificationDeps {
  db: Db;
  config: Pick<WorkstationConfig, 'trustAnchorsDir'>;
  store: DocumentFileStore;
  now(): Date;
  /** Brings a judgment's signed file from the court's server when this desk lacks it (as the judgment's panel does). */
  fetchFile?(sha256: string): Promise<void>;
}

/** One file verified: what the panel shows and what a report is made of. */
export interface VerifiedFile {
  /** The name the clerk knows the file by (the document's file name; a judgment's `<case number>.pdf`). */
  fileName: string;
  /** Set for a judgment's file: the case it belongs to. */
  caseNumber: string | null;
  title: string | null;
  sha256: string;
  checkedAt: Date;
  anchorSubjects: string[];
  result: PdfVerification;
}

/** The subject of each trust anchor (PEM or DER), as the verifier's findings name certificates. */
export function trustAnchorSubjects(anchors: readonly Buffer[]): string[] {
  return anchors.map((a) => {
    try {
      return summarizeCertificate(Buffer.from(new X509Certificate(a).raw)).subject;
    } catch {
      return '?';
    }
  });
}

async function sha256Of(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The verifier on `file` and the anchors it was checked against. `sha256` is the store's name for
 * the file (checked when it came in); a report hashes the bytes again (`hashNow`), so what it
 * states is what was read, at the cost of reading the file once more — not worth it each time the
 * viewer opens a 500 MB scan.
 */
async function verifyFile(deps: FileVerificationDeps, file: string, named: Pick<VerifiedFile, 'fileName' | 'caseNumber' | 'title' | 'sha256'>, hashNow: boolean): Promise<VerifiedFile> {
  const anchors = readTrustAnchorsDir(deps.config.trustAnchorsDir);
  const checkedAt = deps.now();
  const [result, sha256] = await Promise.all([verifyPdf(file, anchors), hashNow ? sha256Of(file) : Promise.resolve(named.sha256)]);
  return { ...named, sha256, checkedAt, anchorSubjects: trustAnchorSubjects(anchors), result: { ...result, file: named.fileName } };
}

/** What the screens show of a verified file. */
export function fileVerificationView(v: VerifiedFile): FileVerification {
  const signatures = signatureViewsOf(v.result.signatures);
  const documentTimestamps = documentTimestampViewsOf(v.result.signatures);
  return {
    fileName: v.fileName,
    fileSha256: v.sha256,
    size: v.result.size,
    checkedAt: v.checkedAt.toISOString(),
    checkedAtCourt: courtWallClockText(v.checkedAt),
    trustAnchors: v.anchorSubjects,
    signatures,
    documentTimestamps,
    level: lowestLevel(signatures),
    allValid: v.result.allValid,
    truncated: v.result.truncated,
  };
}

type DocumentFile = { kind: 'notPdf' } | { kind: 'fileNotHere' } | { kind: 'here'; file: string; fileName: string; title: string; sha256: string };

async function documentFile(deps: FileVerificationDeps, courtId: string, documentId: string): Promise<DocumentFile> {
  const doc = await deps.db.selectFrom('documents').select(['id', 'court_id', 'sha256', 'title', 'file_name', 'mime']).where('id', '=', documentId).executeTakeFirst();
  if (!doc || doc.court_id !== courtId) throw notFound('document', documentId);
  if (doc.mime !== 'application/pdf') return { kind: 'notPdf' };
  const file = deps.store.pathOf(doc.sha256);
  if (!fs.existsSync(file)) return { kind: 'fileNotHere' };
  return { kind: 'here', file, fileName: doc.file_name, title: doc.title, sha256: doc.sha256 };
}

/**
 * The verifier on a document's stored file, for the viewer's panel. A PDF the verifier cannot read
 * (encrypted, broken cross-references) is `unreadable` with the reason, not an error: the document
 * itself is fine to view.
 */
export async function verifyDocument(deps: FileVerificationDeps, courtId: string, documentId: string): Promise<DocumentVerification> {
  const found = await documentFile(deps, courtId, documentId);
  if (found.kind !== 'here') return { outcome: found.kind, documentId };
  try {
    const verified = await verifyFile(deps, found.file, { fileName: found.fileName, caseNumber: null, title: found.title, sha256: found.sha256 }, false);
    return { outcome: 'checked', documentId, verification: fileVerificationView(verified) };
  } catch (err) {
    const e = toAppError(err);
    if (e.code !== 'PDF_UNSUPPORTED') throw err;
    return { outcome: 'unreadable', documentId, problem: e.toData() };
  }
}

/** The file a report is asked of, verified: a document's (it must be a PDF here) or a judgment's newest signed file. */
export async function verifiedFileFor(
  deps: FileVerificationDeps,
  courtId: string,
  of: { kind: 'document'; documentId: string } | { kind: 'judgment'; judgmentId: string },
): Promise<VerifiedFile> {
  if (of.kind === 'document') {
    const found = await documentFile(deps, courtId, of.documentId);
    if (found.kind === 'notPdf') throw new AppError('VALIDATION_FAILED', 'errors.documents.verifyNotPdf');
    if (found.kind === 'fileNotHere') throw new AppError('NOT_FOUND', 'errors.documents.verifyFileNotHere');
    return verifyFile(deps, found.file, { fileName: found.fileName, caseNumber: null, title: found.title, sha256: found.sha256 }, true);
  }
  const { judgment, kase } = await judgmentOfCourt({ db: deps.db, courtId: () => courtId }, of.judgmentId);
  const newest = await newestJudgmentFile(deps.db, judgment.id);
  const file = newest ? await storedFileHere(deps, newest.sha256) : null;
  if (!newest || !file) throw new AppError('NOT_FOUND', 'errors.documents.verifyFileNotHere');
  return verifyFile(deps, file, { fileName: `${kase.number.replace(/[/\\:*?"<>|]/g, '-')}.pdf`, caseNumber: kase.number, title: null, sha256: newest.sha256 }, true);
}

/**
 * The JSON report: the CLI's `verify --json` (the verifier's own result, `file` being the name the
 * clerk knows rather than the store's path) with the file's SHA-256, when it was checked and the
 * trust anchors' subjects added.
 */
export function verificationReportJson(v: VerifiedFile): string {
  return `${JSON.stringify({ ...v.result, sha256: v.sha256, checkedAt: v.checkedAt.toISOString(), trustAnchors: v.anchorSubjects }, null, 2)}\n`;
}
