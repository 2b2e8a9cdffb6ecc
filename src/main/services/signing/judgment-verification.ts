// The built-in verifier's verdict on a judgment's newest signed file, as the case screen shows it
// (ARCHITECTURE §6): each signer's signature with its PAdES level, the document timestamps that
// extensions to B-LTA added, and whether an extension for long-term validation is due on this
// desk. The newest file is the domain's answer (newestJudgmentFile): the last extension's once
// there is one, else the last signature's.
import fs from 'node:fs';
import { newestJudgmentFile, type Db, type NewestJudgmentFile } from '../../../domain';
import { extensionDue } from '../../../domain/rules/signature-extension';
import { notFound } from '../../../shared/errors';
import { courtWallClockText } from '../../../shared/court-time-zone';
import { levelRank, type BaselineLevel, type ExtensionLevel } from '../../../shared/schemas/judgment-signing';
import type { DocumentTimestampView, JudgmentVerification, SignatureVerdictView } from '../../../shared/schemas/signing';
import type { WorkstationConfig } from '../config';
import type { DocumentFileStore } from '../documents/file-store';
import { verifyPdf, type PdfVerification, type SignatureVerdict } from '../../../signatures/pdf-verify';
import { readTrustAnchorsDir } from '../../../signatures/trust-anchors';

export interface JudgmentFilesDeps {
  db: Db;
  courtId(): string;
  config: WorkstationConfig;
  store: DocumentFileStore;
  /**
   * Brings a signed file a synced record names to this desk from the court's server, when it can
   * (an enrolled desk, online, the file sent by the desk that signed): the judge signs on one desk
   * and a clerk countersigns on another. A file it cannot bring simply stays absent.
   */
  fetchFile?(sha256: string): Promise<void>;
}

/** The stored file of `sha256` (a judgment's signed copy, a document's .p7s), fetched first if this desk lacks it and can get it; null when it is not here. */
export async function storedFileHere(deps: Pick<JudgmentFilesDeps, 'store' | 'fetchFile'>, sha256: string): Promise<string | null> {
  const file = deps.store.pathOf(sha256);
  // A file the court's server cannot give (not sent yet, no record of it here, the server away)
  // is simply not here: the caller says so in its own words.
  if (!fs.existsSync(file)) await deps.fetchFile?.(sha256).catch(() => undefined);
  return fs.existsSync(file) ? file : null;
}

/** What an extension reaches on this desk: B-LTA with a timestamp authority, B-LT without; null without trust anchors (no chain has an end to gather data up to). */
export function reachableLevel(config: WorkstationConfig, anchors: readonly Buffer[]): ExtensionLevel | null {
  if (anchors.length === 0) return null;
  return config.tsaUrl ? 'B-LTA' : 'B-LT';
}

const courtTimeOf = (iso: string | null | undefined) => (iso ? courtWallClockText(new Date(iso)) : null);

export interface VerificationInput {
  judgmentId: string;
  lockedAt: string | null;
  newest: NewestJudgmentFile | null;
  /** The verifier on the newest file; null when the file is not on this desk. */
  result: PdfVerification | null;
  reachable: ExtensionLevel | null;
}

/** The signers' signatures as the screens and reports show them (a document timestamp is not one). */
export function signatureViewsOf(verdicts: readonly SignatureVerdict[]): SignatureVerdictView[] {
  return verdicts
    .filter((s) => s.kind === 'signature')
    .map((s) => ({
      index: s.index,
      fieldName: s.fieldName,
      signerSubject: s.signer?.subject ?? null,
      signerCommonNames: s.signer?.commonNames ?? [],
      signingTime: s.signingTime,
      signingTimeCourt: courtTimeOf(s.signingTime),
      coversWholeFile: s.coversWholeFile,
      bytesAfter: s.bytesAfter,
      chain: s.chain,
      integrity: s.byteRangeSound && s.digestMatches && s.signatureValid,
      byteRangeSound: s.byteRangeSound,
      digestMatches: s.digestMatches,
      signatureValid: s.signatureValid,
      signerIssuer: s.signer?.issuer ?? null,
      problems: [...s.problems],
      valid: s.valid,
      level: s.level ?? 'B-B',
      timestampCourt: s.trustedTime ? courtTimeOf(s.trustedTime.time) : null,
      revocation: s.revocation.map((r) => ({ subject: r.subject, status: r.status, source: r.source, revokedAt: r.revokedAt ? courtTimeOf(r.revokedAt) : null })),
    }));
}

/** The document timestamps of the file (each extension to B-LTA adds one). */
export function documentTimestampViewsOf(verdicts: readonly SignatureVerdict[]): DocumentTimestampView[] {
  return verdicts
    .filter((s) => s.kind === 'documentTimestamp')
    .map((s) => ({
      index: s.index,
      time: s.signingTime,
      timeCourt: courtTimeOf(s.signingTime),
      tsaSubject: s.signer?.subject ?? null,
      tsaCommonNames: s.signer?.commonNames ?? [],
      coversWholeFile: s.coversWholeFile,
      problems: [...s.problems],
      valid: s.valid,
    }));
}

/** The file's level: its lowest signature's (null without a signature). */
export function lowestLevel(signatures: readonly SignatureVerdictView[]): BaselineLevel | null {
  return signatures.reduce<BaselineLevel | null>((low, s) => (low === null || levelRank(s.level) < levelRank(low) ? s.level : low), null);
}

export function verificationView({ judgmentId, lockedAt, newest, result, reachable }: VerificationInput): JudgmentVerification {
  const verdicts = result?.signatures ?? [];
  const signatures = signatureViewsOf(verdicts);
  const documentTimestamps = documentTimestampViewsOf(verdicts);
  const level = lowestLevel(signatures);
  const allValid = result?.allValid ?? false;
  const last = newest?.extension ?? null;
  return {
    judgmentId,
    fileSha256: newest?.sha256 ?? null,
    fileOnDesk: result !== null,
    signatures,
    documentTimestamps,
    level,
    allValid,
    truncated: result?.truncated ?? false,
    extension: {
      count: newest?.extensions ?? 0,
      last: last ? { level: last.level, extendedAt: last.extendedAt, extendedAtCourt: courtWallClockText(new Date(last.extendedAt)), byServer: last.byServer } : null,
      reachable,
      due: extensionDue({ locked: lockedAt !== null, fileValidHere: allValid, fileLevel: level, reachable }),
    },
  };
}

/** The judgment, if it is one of this desk's court (else NOT_FOUND, as for an unknown id). */
export async function judgmentOfCourt(deps: Pick<JudgmentFilesDeps, 'db' | 'courtId'>, judgmentId: string) {
  const judgment = await deps.db.selectFrom('judgments').selectAll().where('id', '=', judgmentId).executeTakeFirst();
  const kase = judgment ? await deps.db.selectFrom('cases').select(['id', 'number', 'court_id']).where('id', '=', judgment.case_id).executeTakeFirst() : undefined;
  if (!judgment || !kase || kase.court_id !== deps.courtId()) throw notFound('judgment', judgmentId);
  return { judgment, kase };
}

/** The built-in verifier on the judgment's newest file, against the admin's trust anchors (read afresh). */
export async function verifyJudgment(deps: JudgmentFilesDeps, judgmentId: string): Promise<JudgmentVerification> {
  const { judgment } = await judgmentOfCourt(deps, judgmentId);
  const newest = await newestJudgmentFile(deps.db, judgment.id);
  const anchors = readTrustAnchorsDir(deps.config.trustAnchorsDir);
  const file = newest ? await storedFileHere(deps, newest.sha256) : null;
  const result = file ? await verifyPdf(file, anchors) : null;
  return verificationView({ judgmentId: judgment.id, lockedAt: judgment.locked_at, newest, result, reachable: reachableLevel(deps.config, anchors) });
}
