// documents.signDetached: a document's file signed on the card with a detached signature (.p7s),
// delivered as exports are. Refusals (role, document, file, module) come before the save dialog.
import { documentToSign, signDocumentTo, type DocumentDetachedSigningDeps } from '../signing/document-detached-signing';
import { deliverExport } from './export-delivery';
import { actorOf, type CallContext, type HandlerMap } from './types';

function depsOf(ctx: CallContext): DocumentDetachedSigningDeps {
  return { db: ctx.db, config: ctx.config, store: ctx.documents.store, openCardSigner: (choice) => ctx.signing.openCardSigner(choice) };
}

export const documentSigningHandlers = {
  'documents.signDetached': async (input, ctx) => {
    const deps = depsOf(ctx);
    const found = await documentToSign(deps, actorOf(ctx), ctx.courtId(), input.documentId);
    return deliverExport(ctx, found.signatureName, (destination) => signDocumentTo(deps, found, input, destination));
  },
} satisfies HandlerMap<'documents.signDetached'>;
