// One signed judgment's file extended by the court's server (ARCHITECTURE §6, "On the server"): the
// same checks and the same write path as the desk's extension (main/services/signing/
// judgment-extension.ts), with the server's TSA and trust anchors and its blob store. The input is
// the court's blob of the newest file, checked against its name before anything is read (a file
// damaged on the server's disk is refused, not extended); its signatures must all verify; the new
// file must start with the old one byte for byte and every signature still verify. Only then is it
// stored as the court's blob and recorded by recordSignatureExtension (no actor: the court's
// server), which desks pull. Nothing is recorded and no new blob is left on any failure: a TSA or
// responder down (tried again later), a file not yet on the server (tried again when it arrives),
// a file refused (for good, with its reason), or another extension of the same file recorded first.
import fs from 'node:fs';
import path from 'node:path';
import { newestJudgmentFile, runCommand, type CommandEnv, type Db } from '../../domain';
import { AppError, toAppError } from '../../shared/errors';
import type { ExtensionLevel } from '../../shared/schemas/judgment-signing';
import { sha256OfFile, sha256OfRanges } from '../../signatures/file-digest';
import { newestArchiveTimestamp } from '../../signatures/archive-timestamp';
import { extendPdf, fileLevel } from '../../signatures/ltv-extend';
import { verifyPdf, type PdfVerification } from '../../signatures/pdf-verify';
import type { BlobAccess, BlobStore } from '../blobs/blob-store';
import type { Logger } from '../logger';
import type { ExtensionJob } from './extension-jobs';

export interface ServerExtensionDeps {
  db: Db;
  blobs: BlobStore;
  envOf(courtId: string): CommandEnv;
  tsaUrl: string | null;
  trustAnchors: readonly Buffer[];
  now(): Date;
  log: Logger;
  /** Names this instance's files in the blob store's work folder. */
  owner: string;
}

export type ServerExtension =
  | { outcome: 'extended'; level: ExtensionLevel; sha256: string; size: number }
  /** Nothing to do any more: the file is no longer the judgment's newest, or another extension of it was recorded first. */
  | { outcome: 'superseded' }
  /** Not now: the file has not reached the server, a TSA or responder is down, the database failed. */
  | { outcome: 'retry'; error: AppError }
  /** Never, as this file stands: damaged on the server, not a PDF the verifier reads, signatures that do not verify, an output that fails its checks. */
  | { outcome: 'refused'; error: AppError };

const signerCount = (v: PdfVerification) => v.signatures.filter((s) => s.kind === 'signature').length;

/** Errors that a later try may not meet: the PKI services, the network, the database. */
const TRANSIENT: ReadonlySet<string> = new Set(['TIMESTAMP_FAILED', 'REVOCATION_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'DB_UNAVAILABLE', 'INTERNAL', 'CONFLICT', 'STALE_VERSION']);

/** The work folder's file for one try; an earlier try's leftovers of the same file are removed first. */
async function freshWorkFile(blobs: BlobStore, job: ExtensionJob, owner: string): Promise<string> {
  await fs.promises.mkdir(blobs.workDir, { recursive: true });
  const prefix = `ltv-${job.from_sha256}-`;
  for (const name of await fs.promises.readdir(blobs.workDir)) {
    // Only the lease's holder works on this file: whatever else bears its name was left by a try
    // that died (the output, or extendPdf's temporary copy beside it, named `.<output>.….tmp`).
    if (name.startsWith(prefix) || name.startsWith(`.${prefix}`)) await fs.promises.rm(path.join(blobs.workDir, name), { force: true });
  }
  return path.join(blobs.workDir, `${prefix}${owner}.pdf`);
}

/**
 * An earlier try that was about to store its new file and died before recording it (killed in
 * between) noted the file in the job's row: no record names it, so it is taken back (its rows and
 * its file, whichever of them were written) before anything else.
 */
async function dropUnrecorded(deps: ServerExtensionDeps, job: ExtensionJob, access: BlobAccess): Promise<void> {
  if (job.file_sha256 === null) return;
  const named = await deps.db.selectFrom('signature_extensions').select('id').where('file_sha256', '=', job.file_sha256).executeTakeFirst();
  if (!named) {
    await deps.blobs.dropCreated(access, job.file_sha256);
    deps.log.info({ judgmentId: job.judgment_id, sha256: job.file_sha256 }, 'an extended file stored by a try that died before recording it was taken back');
  }
  await deps.db.updateTable('signature_extension_jobs').set({ file_sha256: null }).where('from_sha256', '=', job.from_sha256).where('lease_owner', '=', deps.owner).execute();
}

export async function extendOnServer(deps: ServerExtensionDeps, job: ExtensionJob): Promise<ServerExtension> {
  const access: BlobAccess = { courtId: job.court_id, deviceId: 'server' };
  await dropUnrecorded(deps, job, access);
  const kase = await deps.db
    .selectFrom('judgments as j')
    .innerJoin('cases as c', 'c.id', 'j.case_id')
    .select(['j.id', 'j.locked_at', 'c.number', 'c.court_id'])
    .where('j.id', '=', job.judgment_id)
    .executeTakeFirst();
  if (!kase || kase.court_id !== job.court_id || kase.locked_at === null) return { outcome: 'superseded' };
  const number = kase.number;
  const newest = await newestJudgmentFile(deps.db, job.judgment_id);
  if (!newest || newest.sha256 !== job.from_sha256) return { outcome: 'superseded' };

  let input: string;
  try {
    input = (await deps.blobs.findBlob(access, newest.sha256)).file;
  } catch (err) {
    if (toAppError(err).code === 'NOT_FOUND') return { outcome: 'retry', error: new AppError('NOT_FOUND', 'signing.errors.serverFileNotYetHere', { params: { number } }) };
    throw err;
  }
  // The blob is named by its content: a file that no longer hashes to its name was damaged on this disk.
  const held = await sha256OfFile(input).catch(() => null);
  const size = await fs.promises.stat(input).then((s) => s.size, () => -1);
  if (!held || held.toString('hex') !== newest.sha256 || size !== newest.size) {
    return { outcome: 'refused', error: new AppError('BLOB_HASH_MISMATCH', 'signing.errors.serverFileDamaged', { params: { number } }) };
  }
  let before: PdfVerification;
  try {
    before = await verifyPdf(input, deps.trustAnchors);
  } catch (err) {
    const e = toAppError(err);
    return TRANSIENT.has(e.code) ? { outcome: 'retry', error: e } : { outcome: 'refused', error: e };
  }
  if (!before.allValid || signerCount(before) === 0) {
    deps.log.warn({ judgmentId: job.judgment_id, problems: before.signatures.map((s) => s.problems) }, 'signed judgment file does not verify on the server; not extended');
    return { outcome: 'refused', error: new AppError('SIGNING_FAILED', 'signing.errors.serverNotAllValid', { params: { number } }) };
  }

  const output = await freshWorkFile(deps.blobs, job, deps.owner);
  try {
    const extendedAt = deps.now();
    let extended;
    try {
      // A file at B-LTA already is extended to renew its archive timestamp: the new one must outlast it.
      const archive = fileLevel(before) === 'B-LTA' ? newestArchiveTimestamp(input) : null;
      extended = await extendPdf(input, output, { tsaUrl: deps.tsaUrl, trustAnchors: deps.trustAnchors, now: extendedAt, ...(archive ? { renewing: archive } : {}) });
    } catch (err) {
      const e = toAppError(err);
      return TRANSIENT.has(e.code) ? { outcome: 'retry', error: e } : { outcome: 'refused', error: e };
    }
    // An incremental update leaves the signed bytes as they were: the new file starts with the old one.
    const head = await sha256OfRanges(output, [{ start: 0, length: newest.size }]);
    if (extended.size <= newest.size || head.toString('hex') !== newest.sha256) {
      return { outcome: 'refused', error: new AppError('SIGNING_FAILED', 'signing.errors.extensionNotAppended', { params: { number } }) };
    }
    // The verifier's reading of the output (extendPdf's own, against the same anchors): its level is the record's.
    const after = extended.verification;
    if (!after.allValid || signerCount(after) !== signerCount(before)) {
      deps.log.warn({ judgmentId: job.judgment_id, problems: after.signatures.map((s) => s.problems) }, 'extended judgment file did not verify on the server; not kept');
      return { outcome: 'refused', error: new AppError('SIGNING_FAILED', 'signing.errors.extensionInvalid', { params: { number } }) };
    }
    // Noted before it is stored: should this process die before the record, the next try takes the
    // file back (unless another holder of that content had it first: then it was not ours to store).
    const heldBefore = await deps.db.selectFrom('blobs').select('sha256').where('sha256', '=', extended.sha256).executeTakeFirst();
    if (!heldBefore) await deps.db.updateTable('signature_extension_jobs').set({ file_sha256: extended.sha256 }).where('from_sha256', '=', job.from_sha256).where('lease_owner', '=', deps.owner).execute();
    const stored = await deps.blobs.storeFile(access, output);
    try {
      await runCommand(deps.db, deps.envOf(job.court_id), null, 'recordSignatureExtension', {
        judgmentId: job.judgment_id,
        fromSha256: newest.sha256,
        file: { sha256: stored.sha256, size: stored.size },
        level: extended.level,
        extendedAt: extendedAt.toISOString(),
      });
    } catch (err) {
      // Not recorded: the new blob goes too (unless its content was held before), so no file is left that no record names.
      if (stored.created) await deps.blobs.dropCreated(access, stored.sha256);
      const e = toAppError(err);
      if (e.code === 'RULE_VIOLATION') {
        deps.log.info({ judgmentId: job.judgment_id, reason: e.i18nKey }, 'another extension of the judgment was recorded first; the server\'s is dropped');
        return { outcome: 'superseded' };
      }
      return TRANSIENT.has(e.code) ? { outcome: 'retry', error: e } : { outcome: 'refused', error: e };
    }
    deps.log.info({ judgmentId: job.judgment_id, level: extended.level, added: extended.added, sha256: stored.sha256 }, 'judgment signatures extended by the server');
    return { outcome: 'extended', level: extended.level, sha256: stored.sha256, size: stored.size };
  } finally {
    await fs.promises.rm(output, { force: true });
  }
}
