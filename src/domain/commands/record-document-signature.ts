// recordDocumentSignature: records a detached CAdES signature (.p7s) of a document's file, made on
// the signer's card in main before this runs (ARCHITECTURE §6, "Detached signatures of any file"):
// which file of the document it covers, the .p7s's SHA-256 and size (the .p7s itself is kept in the
// store and travels as a blob), the signer and the role they signed in, the certificate, the level
// and the signing time. It changes no other record — a document's file never changes, and signing
// it does not move the document's version — and its audit entry names the case, so the case's
// timeline shows it. Unlike signJudgment, nothing is locked: any number of people may sign.
import { notFound, ruleViolation } from '../../shared/errors';
import { insertVersioned } from '../rows';
import { documentSignatureId, documentSignerRole } from '../rules/document-signature';
import type { CommandDefinition } from '../types';

export const recordDocumentSignature: CommandDefinition<'recordDocumentSignature'> = {
  name: 'recordDocumentSignature',
  async execute(trx, ctx, args) {
    const doc = await trx.selectFrom('documents').select(['id', 'court_id', 'case_id', 'sha256', 'title']).where('id', '=', args.documentId).executeTakeFirst();
    if (!doc || doc.court_id !== ctx.env.courtId) throw notFound('document', args.documentId);
    // The signature is over the file the court holds for this document, never over another copy.
    if (args.documentSha256 !== doc.sha256) throw ruleViolation('documentSignatureOverOtherFile', { title: doc.title }, ['documentSha256']);
    const id = documentSignatureId(args.signature.sha256);
    const taken = await trx.selectFrom('document_signatures').select('id').where('id', '=', id).executeTakeFirst();
    if (taken) throw ruleViolation('documentSignatureRecorded', { title: doc.title }, ['signature']);
    const { row, change } = await insertVersioned(trx, ctx, 'document_signatures', {
      id,
      court_id: doc.court_id,
      document_id: doc.id,
      document_sha256: args.documentSha256,
      signature_sha256: args.signature.sha256,
      signature_size: args.signature.size,
      signer_id: ctx.actor!.userId,
      signer_role: documentSignerRole(ctx.actor!.roles),
      certificate_subject: args.certificate.subject,
      certificate_issuer: args.certificate.issuer,
      certificate_serial: args.certificate.serialNumber,
      certificate_sha256: args.certificate.sha256,
      level: args.level,
      signed_at: args.signedAt,
    });
    return {
      result: { documentId: doc.id, signatureId: row.id, version: row.version },
      changes: [change],
      baseVersions: {},
      caseIds: [doc.case_id],
    };
  },
};
