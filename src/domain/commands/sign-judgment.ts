// signJudgment: records one signature of the judgment's PDF, made on the signer's card in main
// before this runs (ARCHITECTURE §6): the judge signs first, then a clerk or chief clerk
// countersigns the judge's very file (incremental update), and that last signature locks the
// judgment. The record keeps the signed file's SHA-256 and size, the file it was appended to,
// the signer, the certificate (subject, issuer, serial, fingerprint) and the signing time.
import { ruleViolation } from '../../shared/errors';
import type { SignatureStep } from '../../shared/schemas/judgment-signing';
import { nextSignatureStep } from '../../shared/schemas/judgment-signing';
import type { AuditChange } from '../../shared/schemas/views';
import { assertBaseVersion, loadJudgment } from '../load';
import { insertVersioned, updateVersioned } from '../rows';
import { signatureRoleFor } from '../rules/judgment-lock';
import { nameBasedId } from '../name-based-id';
import type { CommandDefinition } from '../types';

/**
 * A judgment's signature at one step has the same id on every desk: two clerks countersigning
 * offline make one record, and the second is refused by the server (locked) instead of leaving
 * two countersignatures that no pull could place.
 */
export function judgmentSignatureId(judgmentId: string, step: SignatureStep): string {
  return nameBasedId(`judgment_signature:${judgmentId}:${step}`);
}

export const signJudgment: CommandDefinition<'signJudgment'> = {
  name: 'signJudgment',
  async execute(trx, ctx, args) {
    const { judgment, kase } = await loadJudgment(trx, ctx.env.courtId, args.judgmentId);
    const signatures = await trx.selectFrom('judgment_signatures').selectAll().where('judgment_id', '=', judgment.id).execute();
    const signedSteps = signatures.map((s) => s.step as SignatureStep);
    // Locked, done, out of order or not this signer's step is said before a stale version: those
    // answers do not change by reloading.
    const role = signatureRoleFor({ lockedAt: judgment.locked_at, signedSteps }, args.step, ctx.actor!.roles, kase.number);
    assertBaseVersion('judgment', judgment, args.baseVersion);
    // A countersignature is appended to the file the previous step produced, never to another copy.
    const previous = signatures.find((s) => s.step === 'judge');
    if (args.step !== 'judge' && previous && previous.file_sha256 !== args.signedOverSha256) {
      throw ruleViolation('judgmentSignedOverOtherFile', { number: kase.number }, ['signedOverSha256']);
    }
    if (args.file.sha256 === args.signedOverSha256) throw ruleViolation('judgmentSignedOverOtherFile', { number: kase.number }, ['file']);

    const changes: AuditChange[] = [];
    const signature = await insertVersioned(trx, ctx, 'judgment_signatures', {
      id: judgmentSignatureId(judgment.id, args.step),
      judgment_id: judgment.id,
      step: args.step,
      file_sha256: args.file.sha256,
      file_size: args.file.size,
      signed_over_sha256: args.signedOverSha256,
      signer_id: ctx.actor!.userId,
      signer_role: role,
      certificate_subject: args.certificate.subject,
      certificate_issuer: args.certificate.issuer,
      certificate_serial: args.certificate.serialNumber,
      certificate_sha256: args.certificate.sha256,
      signed_at: args.signedAt,
    });
    changes.push(signature.change);
    const locked = nextSignatureStep([...signedSteps, args.step]) === null;
    // The judgment's version moves with every signature, so a screen opened before sees it changed.
    const updated = await updateVersioned(trx, ctx, 'judgments', judgment, locked ? { locked_at: ctx.wallTime } : {}, { touch: true });
    if (updated.change) changes.push(updated.change);
    const touched = await updateVersioned(trx, ctx, 'cases', kase, {}, { touch: true });
    if (touched.change) changes.push(touched.change);
    return {
      result: { judgmentId: judgment.id, signatureId: signature.row.id, version: updated.row.version, locked },
      changes,
      baseVersions: { [judgment.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
