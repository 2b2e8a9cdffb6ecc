// The two ports through which a printed document leaves main: a PDF maker and a paper printer.
// Each takes the one HTML source of a document (print-documents.ts) and never changes it; the
// desktop app and the browser shell plug in their own Chromium behind the same shapes.
import { AppError } from '../../../shared/errors';

/** HTML (a whole document, A4 set by its own @page rule) → the bytes of a PDF. */
export interface PdfMaker {
  makePdf(html: string): Promise<Uint8Array>;
  /** Lets go of whatever the maker keeps running (a browser); later calls may start it again. */
  close(): Promise<void>;
}

/** HTML → the system print dialog; resolves false when the clerk closed it without printing. */
export interface PaperPrinter {
  printOnPaper(html: string): Promise<boolean>;
}

export interface PrintingPorts {
  pdf: PdfMaker | null;
  paper: PaperPrinter | null;
}

/** Nothing on this workstation can make a PDF (no maker was plugged in). */
export function pdfUnavailable(): AppError {
  return new AppError('PRINT_UNAVAILABLE', 'errors.print.noBrowser');
}

/** The desk cannot reach a printer itself (browser shell): the PDF is printed from the browser. */
export function paperUnavailable(): AppError {
  return new AppError('PRINT_UNAVAILABLE', 'errors.print.noPaperPrinting');
}

/** A browser was there but did not make the document; nothing was written, the clerk may retry. */
export function printFailed(cause: unknown): AppError {
  return new AppError('PRINT_UNAVAILABLE', 'errors.print.failed', { cause });
}
