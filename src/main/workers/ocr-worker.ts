// Worker thread of the OCR pool: opens a document (MuPDF, WebAssembly) and reads its pages
// (tesseract.js) off the app's main thread, one request at a time. Keeps the last document open
// between requests for its next page. A MuPDF crash ("memory access out of bounds") poisons the
// whole WASM heap (PITFALLS): the worker then exits and the pool starts a fresh one.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ruleViolation, toAppError } from '../../shared/errors';
import type { OcrRequest, OcrReply } from '../services/documents/ocr-protocol';
import { OcrEngine } from '../services/documents/ocr-engine';
import { readDocumentPage, type DocumentReader } from '../services/documents/read-page';
import { DEFAULT_OCR_DPI, openDocumentFile, type OpenedDocument } from '../services/documents/page-source';
import { writeSearchablePdf } from '../services/documents/searchable-pdf';

interface OcrWorkerData {
  mahkamaOcrWorker: true;
  tessdataDir?: string;
  recycleAfterPages?: number;
}

const data = workerData as OcrWorkerData | undefined;
if (!isMainThread && parentPort && data?.mahkamaOcrWorker === true) {
  const port = parentPort;
  const engine = new OcrEngine({ tessdataDir: data.tessdataDir, recycleAfterPages: data.recycleAfterPages });
  let open: { key: string; doc: OpenedDocument } | null = null;
  const reader: DocumentReader = {
    async open(file, dpi) {
      const key = `${file}\0${dpi}`;
      if (open?.key !== key) {
        open?.doc.close();
        open = null;
        open = { key, doc: await openDocumentFile(file, { dpi }) };
      }
      return open.doc;
    },
    engine,
  };
  let queue = Promise.resolve();
  port.on('message', (request: OcrRequest) => {
    queue = queue.then(async () => {
      let reply: OcrReply;
      try {
        if (request.kind === 'inspect') {
          const doc = await reader.open(request.file, request.dpi);
          reply = { id: request.id, kind: 'inspect', mime: doc.mime, pageCount: doc.pageCount, thumbnail: request.thumbnail ? doc.thumbnail() : null };
        } else if (request.kind === 'page') {
          reply = { id: request.id, kind: 'page', reading: await readDocumentPage(reader, request) };
        } else if (request.kind === 'render') {
          const doc = await reader.open(request.file, DEFAULT_OCR_DPI);
          if (request.pageIndex >= doc.pageCount) throw ruleViolation('pageOutOfRange', { page: request.pageIndex + 1, pages: doc.pageCount });
          const image = doc.render(request.pageIndex, request.maxSide);
          reply = { id: request.id, kind: 'render', ...image };
        } else if (request.kind === 'searchablePdf') {
          reply = { id: request.id, kind: 'searchablePdf', ...(await writeSearchablePdf(request.file, request.layers, request.partPath)) };
        } else {
          open?.doc.close();
          open = null;
          reply = { id: request.id, kind: 'released' };
        }
      } catch (err) {
        // The document may be what failed: never keep it for the next request.
        open?.doc.close();
        open = null;
        const e = toAppError(err);
        reply = { id: request.id, kind: 'error', error: e.toData() };
        if (err instanceof Error && /memory access out of bounds|RuntimeError/.test(`${err.name} ${err.message}`)) {
          port.postMessage(reply);
          process.exit(70);
        }
      }
      port.postMessage(reply);
    });
  });
}
