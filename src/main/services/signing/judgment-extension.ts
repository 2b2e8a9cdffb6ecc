// A locked judgment's newest signed file extended for long-term validation from the desk
// (ARCHITECTURE §6, "B-LT and B-LTA"): extendPdf appends, as one incremental update, the
// validation data of every signature (certificates, OCSP answers or CRLs) and, with the
// workstation's timestamp authority, a document timestamp over it all. The new file is checked —
// its first bytes are exactly the old file, and every signature still verifies — kept in the
// desk's content-addressed store, and recorded by recordSignatureExtension (the one write path).
// Nothing is kept on any failure: a TSA or responder down, the file missing, a check failing, or
// the command refused (then the new file is removed from the store).
import fs from 'node:fs';
import path from 'node:path';
import { assertMayRun, newestJudgmentFile, runCommand, type Actor, type CommandEnv } from '../../../domain';
import { assertExtensible } from '../../../domain/rules/signature-extension';
import { AppError } from '../../../shared/errors';
import type { ExtendedJudgment } from '../../../shared/schemas/signing';
import type { Logger } from '../logger';
import { sha256OfRanges } from '../../../signatures/file-digest';
import { storedFileHere, judgmentOfCourt, verifyJudgment, type JudgmentFilesDeps } from './judgment-verification';
import { newestArchiveTimestamp } from '../../../signatures/archive-timestamp';
import { extendPdf, fileLevel } from '../../../signatures/ltv-extend';
import { verifyPdf, type PdfVerification } from '../../../signatures/pdf-verify';
import { readTrustAnchorsDir } from '../../../signatures/trust-anchors';

export interface JudgmentExtensionDeps extends JudgmentFilesDeps {
  now(): Date;
  log: Logger;
}

const signerCount = (v: PdfVerification) => v.signatures.filter((s) => s.kind === 'signature').length;

/**
 * `renewal`: the automatic pass renews the archive timestamp of a B-LTA file whose TSA certificate
 * expires soon — the new document timestamp must then outlast it (`renewalTsaExpiring` otherwise).
 * A clerk's explicit extension of a B-LTA file adds a fresh document timestamp without that check.
 */
export async function extendJudgment(deps: JudgmentExtensionDeps, judgmentId: string, actor: Actor, env: CommandEnv, opts: { renewal?: boolean } = {}): Promise<ExtendedJudgment> {
  // Who may, and the domain's rule, asked before any request leaves for a responder or the TSA.
  assertMayRun(actor, 'recordSignatureExtension');
  const { judgment, kase } = await judgmentOfCourt(deps, judgmentId);
  const newest = await newestJudgmentFile(deps.db, judgment.id);
  const from = assertExtensible({ lockedAt: judgment.locked_at, newest }, newest?.sha256 ?? '', kase.number);
  const number = kase.number;
  const input = await storedFileHere(deps, from.sha256);
  if (!input) throw new AppError('NOT_FOUND', 'signing.errors.extendFileMissing', { params: { number } });
  const anchors = readTrustAnchorsDir(deps.config.trustAnchorsDir);
  if (anchors.length === 0) throw new AppError('REVOCATION_UNAVAILABLE', 'signing.errors.noTrustAnchorsToExtend');
  // Validation data gathered for a signature that does not verify would only dress it up.
  const before = await verifyPdf(input, anchors);
  if (!before.allValid) throw new AppError('SIGNING_FAILED', 'signing.errors.notAllValidToExtend', { params: { number } });

  const incoming = path.join(deps.store.root, 'incoming');
  await fs.promises.mkdir(incoming, { recursive: true });
  const output = path.join(incoming, `judgment-${judgment.id}-extend-${process.pid}-${Date.now()}.pdf`);
  try {
    const extendedAt = deps.now();
    const archive = opts.renewal && fileLevel(before) === 'B-LTA' ? newestArchiveTimestamp(input) : null;
    const extended = await extendPdf(input, output, { tsaUrl: deps.config.tsaUrl, trustAnchors: anchors, now: extendedAt, ...(archive ? { renewing: archive } : {}) }).catch((err: unknown) => {
      // The signer's advice (sign without a timestamp on purpose) means nothing here: an extension waits for its TSA.
      if (err instanceof AppError && err.i18nKey === 'signing.errors.tsaUnreachable') {
        throw new AppError('TIMESTAMP_FAILED', 'signing.errors.extendTsaUnreachable', { ...(err.params ? { params: err.params } : {}), cause: err });
      }
      throw err;
    });
    // An incremental update leaves the signed bytes as they were: the new file starts with the old one.
    const head = await sha256OfRanges(output, [{ start: 0, length: from.size }]);
    if (extended.size <= from.size || head.toString('hex') !== from.sha256) throw new AppError('SIGNING_FAILED', 'signing.errors.extensionNotAppended', { params: { number } });
    // The verifier's reading of the output (extendPdf's own, against the same anchors): its level is the record's.
    const after = extended.verification;
    if (!after.allValid || signerCount(after) !== signerCount(before)) {
      deps.log.warn({ judgmentId: judgment.id, revokedSigners: extended.revokedSigners, problems: after.signatures.map((s) => s.problems) }, 'extended judgment file did not verify; not kept');
      throw new AppError('SIGNING_FAILED', 'signing.errors.extensionInvalid', { params: { number } });
    }
    // The store keeps one copy per content: a copy already there is someone else's to keep.
    const { stored } = await deps.store.putRecorded(output, (file) =>
      runCommand(deps.db, env, actor, 'recordSignatureExtension', {
        judgmentId: judgment.id,
        fromSha256: from.sha256,
        file: { sha256: file.sha256, size: file.size },
        level: extended.level,
        extendedAt: extendedAt.toISOString(),
      }),
    );
    deps.log.info({ judgmentId: judgment.id, level: extended.level, added: extended.added, sha256: stored.sha256 }, 'judgment signatures extended');
    return { judgmentId: judgment.id, level: extended.level, fileSha256: stored.sha256, verification: await verifyJudgment(deps, judgment.id) };
  } finally {
    await fs.promises.rm(output, { force: true });
  }
}
