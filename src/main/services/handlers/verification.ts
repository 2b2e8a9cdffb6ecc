// documents.verifySignatures / documents.exportVerificationReport: the built-in verifier on a PDF
// the desk holds (a document of a case, or a judgment's newest signed file) for the viewer's panel,
// and its report — a PDF in the language asked, printed through the PdfMaker as every printed
// document is, or the CLI's JSON — delivered as a searchable PDF export is. Reads only.
import { buildVerificationReport } from '../print/print-documents';
import { pdfUnavailable } from '../print/printing-ports';
import { fileVerificationView, verificationReportJson, verifiedFileFor, verifyDocument, type FileVerificationDeps } from '../signing/file-verification';
import { writeWhole } from '../write-whole';
import { deliverExport } from './export-delivery';
import { actorOf, type CallContext, type HandlerMap } from './types';

function depsOf(ctx: CallContext): FileVerificationDeps {
  return {
    db: ctx.db,
    config: ctx.config,
    store: ctx.documents.store,
    now: () => ctx.now(),
    fetchFile: async (sha256) => {
      await ctx.sync.fileBySha(sha256);
    },
  };
}

export const verificationHandlers = {
  'documents.verifySignatures': async (input, ctx) => verifyDocument(depsOf(ctx), ctx.courtId(), input.documentId),
  'documents.exportVerificationReport': async (input, ctx) => {
    // Everything that can be refused is, before the clerk is asked where to save: the file, the PDF maker.
    const verified = await verifiedFileFor(depsOf(ctx), ctx.courtId(), input.of);
    const allValid = verified.result.allValid;
    if (input.format === 'json') {
      const json = verificationReportJson(verified);
      const name = `${verified.fileName.replace(/\.pdf$/i, '')}-verification.json`;
      return deliverExport(ctx, name, async (destination) => ({ bytes: await writeWhole(destination, json), allValid }));
    }
    const maker = ctx.printing.pdf;
    if (!maker) throw pdfUnavailable();
    const doc = await buildVerificationReport({ db: ctx.db, courtId: ctx.courtId(), userId: actorOf(ctx).userId, now: ctx.now() }, input.language, {
      verification: fileVerificationView(verified),
      title: verified.title,
      caseNumber: verified.caseNumber,
    });
    const pdf = await maker.makePdf(doc.html);
    return deliverExport(ctx, doc.fileName, async (destination) => ({ bytes: await writeWhole(destination, pdf), allValid }));
  },
} satisfies HandlerMap<'documents.verifySignatures' | 'documents.exportVerificationReport'>;
