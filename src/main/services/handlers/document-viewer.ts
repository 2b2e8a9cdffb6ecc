// documents.viewPage / correctPage / misfiledOfCase: the viewer's reads and the correction of a
// page's text. The correction goes only through runCommand (audited, in the outbox); once it is
// written, the "page text changed" hook runs (the misfiled check of that page, and the search
// index's re-indexing of it). Reading again (documents.readAgain) records the clerk's language
// choice through runCommand (chooseOcrLanguage, audited, in the outbox), then hands the pages it
// marked to the desk's OCR queue. The page image itself is served out of band (app-service.pageImage).
import { runCommand } from '../../../domain';
import { misfiledOfCase } from '../documents/misfiled-pages';
import { viewDocumentPage } from '../documents/page-view';
import { actorOf, type HandlerMap } from './types';

export const documentViewerHandlers = {
  'documents.viewPage': async (input, ctx) => viewDocumentPage(ctx.db, ctx.courtId(), input.documentId, input.pageIndex),
  'documents.correctPage': async (input, ctx) => {
    const result = await runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'correctPageText', input);
    await ctx.pageTextChanged({ documentId: result.documentId, pageIndex: result.pageIndex });
    return result;
  },
  'documents.readAgain': async (input, ctx) => {
    const result = await runCommand(ctx.db, ctx.commandEnv(), actorOf(ctx), 'chooseOcrLanguage', input);
    const jobId = await ctx.documents.rereadRequested(result.documentId);
    return { ...result, jobId };
  },
  'documents.misfiledOfCase': async (input, ctx) => misfiledOfCase(ctx.db, ctx.courtId(), input.caseId),
} satisfies HandlerMap<'documents.viewPage' | 'documents.correctPage' | 'documents.readAgain' | 'documents.misfiledOfCase'>;
