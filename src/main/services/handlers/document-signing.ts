// documents.signDetached: a document's file signed on the card with a detached signature (.p7s),
// recorded (recordDocumentSignature), then delivered as exports are. Refusals (role, document, file,
// module) come before the save dialog; the card and the record before the .p7s reaches the
// destination. documents.signatures lists what was recorded, checked against the document's file;
// documents.saveSignature delivers a recorded .p7s again.
import { deliverRecorded, documentSignatures, documentToSign, signAndRecord, signatureToSave, type DocumentDetachedSigningDeps } from '../signing/document-detached-signing';
import { writeWhole } from '../write-whole';
import { deliverExport } from './export-delivery';
import { actorOf, type CallContext, type HandlerMap } from './types';

function depsOf(ctx: CallContext): DocumentDetachedSigningDeps {
  return {
    db: ctx.db,
    config: ctx.config,
    store: ctx.documents.store,
    openCardSigner: (choice) => ctx.signing.openCardSigner(choice),
    fetchFile: async (sha256) => {
      await ctx.sync.fileBySha(sha256);
    },
  };
}

export const documentSigningHandlers = {
  'documents.signDetached': async (input, ctx) => {
    const deps = depsOf(ctx);
    const actor = actorOf(ctx);
    const found = await documentToSign(deps, actor, ctx.courtId(), input.documentId);
    return deliverExport(ctx, found.signatureName, async (destination) => {
      const recorded = await signAndRecord(deps, found, input, actor, ctx.commandEnv());
      await deliverRecorded(recorded, destination, found.signatureName);
      return { bytes: recorded.bytes, sha256: recorded.sha256, level: recorded.level, signatureId: recorded.signatureId, signatureSha256: recorded.signatureSha256 };
    });
  },
  'documents.signatures': async (input, ctx) => documentSignatures(depsOf(ctx), ctx.courtId(), input.documentId),
  'documents.saveSignature': async (input, ctx) => {
    const toSave = await signatureToSave(depsOf(ctx), ctx.courtId(), input.signatureId);
    return deliverExport(ctx, toSave.fileName, async (destination) => ({ bytes: await writeWhole(destination, toSave.bytes) }));
  },
} satisfies HandlerMap<'documents.signDetached' | 'documents.signatures' | 'documents.saveSignature'>;
