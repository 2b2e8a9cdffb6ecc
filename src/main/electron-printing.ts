// Printing in the desktop app: Electron's own Chromium makes the PDFs (webContents.printToPDF) and
// opens the system print dialog (webContents.print), each from a hidden, sandboxed window of a
// private in-memory session that serves the one document and lets nothing else load. Kept thin:
// the document is built and checked by the app service; Electron cannot run in the test machine.
import { randomUUID } from 'node:crypto';
import { BrowserWindow, session, type CustomScheme, type Session } from 'electron';
import { PRINT_PAGE } from './services/print/print-styles';
import type { PaperPrinter, PdfMaker } from './services/print/printing-ports';

const SCHEME = 'mahkama-print';
const PARTITION = 'mahkama-print'; // no "persist:": nothing of it reaches the disk
const MM_PER_INCH = 25.4;

/** Lets the print window load `mahkama-print://document/<id>`: registered before the app is ready, with the other schemes (index.ts). */
export const printScheme: CustomScheme = { scheme: SCHEME, privileges: { standard: true, secure: true } };

const documents = new Map<string, string>();
let printSession: Session | null = null;

function sessionForPrinting(): Session {
  if (printSession) return printSession;
  const s = session.fromPartition(PARTITION);
  s.protocol.handle(SCHEME, (request) => {
    const html = documents.get(new URL(request.url).pathname.slice(1));
    return html === undefined
      ? new Response('', { status: 404 })
      : new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  });
  // The document embeds its fonts as data: URLs; anything else it could ask for is refused.
  s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !/^(mahkama-print|data):/.test(details.url) }));
  s.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  printSession = s;
  return s;
}

/** Loads the document in a hidden window, waits for its fonts, runs `use`, and always destroys the window. */
async function withDocumentWindow<T>(html: string, use: (win: BrowserWindow) => Promise<T>): Promise<T> {
  const id = randomUUID();
  documents.set(id, html);
  const win = new BrowserWindow({
    show: false,
    webPreferences: { session: sessionForPrinting(), sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
  });
  try {
    await win.loadURL(`${SCHEME}://document/${id}`);
    // The page's CSP lets no script of its own run; this one only waits for the embedded fonts.
    await win.webContents.executeJavaScript('document.fonts.ready.then(() => true)');
    return await use(win);
  } finally {
    documents.delete(id);
    if (!win.isDestroyed()) win.destroy();
  }
}

export function createElectronPrinting(): { pdfMaker: PdfMaker; paperPrinter: PaperPrinter } {
  const m = PRINT_PAGE.marginsMm;
  return {
    pdfMaker: {
      makePdf: (html) =>
        withDocumentWindow(html, async (win) => {
          const pdf = await win.webContents.printToPDF({
            pageSize: PRINT_PAGE.size,
            preferCSSPageSize: true,
            printBackground: true,
            generateTaggedPDF: true,
            margins: { top: m.top / MM_PER_INCH, right: m.right / MM_PER_INCH, bottom: m.bottom / MM_PER_INCH, left: m.left / MM_PER_INCH },
          });
          return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
        }),
      async close() {},
    },
    paperPrinter: {
      printOnPaper: (html) =>
        withDocumentWindow(
          html,
          (win) =>
            new Promise<boolean>((resolve, reject) => {
              win.webContents.print({ silent: false, printBackground: true }, (success, failureReason) => {
                if (success) resolve(true);
                else if (/cancel/i.test(failureReason)) resolve(false);
                else reject(new Error(`print failed: ${failureReason}`));
              });
            }),
        ),
    },
  };
}
