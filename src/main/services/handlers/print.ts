// print.*: a registration receipt, a case sheet or a day's roll as a PDF (any transport) or on paper
// (the desktop app's print dialog). Reads only, never a command: printing writes nothing.
import { actorOf, type HandlerMap } from './types';
import { buildPrintDocument } from '../print/print-documents';
import { paperUnavailable, pdfUnavailable } from '../print/printing-ports';

export const printHandlers = {
  'print.pdf': async (input, ctx) => {
    const maker = ctx.printing.pdf;
    if (!maker) throw pdfUnavailable();
    const doc = await buildPrintDocument({ db: ctx.db, courtId: ctx.courtId(), userId: actorOf(ctx).userId, now: ctx.now() }, input);
    const pdf = await maker.makePdf(doc.html);
    return { fileName: doc.fileName, pdfBase64: Buffer.from(pdf).toString('base64') };
  },
  'print.paper': async (input, ctx) => {
    const printer = ctx.printing.paper;
    if (!printer) throw paperUnavailable();
    const doc = await buildPrintDocument({ db: ctx.db, courtId: ctx.courtId(), userId: actorOf(ctx).userId, now: ctx.now() }, input);
    return { printed: await printer.printOnPaper(doc.html) };
  },
} satisfies HandlerMap<'print.pdf' | 'print.paper'>;
