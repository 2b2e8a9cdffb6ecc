// One page of a document to text: a PDF's own text layer when it has one, else the page
// rasterized, prepared (deskew, flatten, denoise where the page needs it) and read by the OCR
// engine. The one pipeline of the app's jobs, the CLI and `npm run bench:ocr`.
import type { PageReading } from '../../../shared/schemas/documents';
import type { OcrEngine } from './ocr-engine';
import type { PageRequest } from './ocr-protocol';
import type { OpenedDocument } from './page-source';
import { preparePage, toTiff } from './page-preprocess';
import { guessPageScript } from './page-script';

export interface DocumentReader {
  open(file: string, dpi: number): Promise<OpenedDocument>;
  engine: OcrEngine;
}

export async function readDocumentPage(reader: DocumentReader, request: Omit<PageRequest, 'kind' | 'id'>): Promise<PageReading> {
  const doc = await reader.open(request.file, request.dpi);
  const layer = doc.textLayer(request.pageIndex);
  if (layer !== null) {
    // A page with its own text is already searchable: the export keeps it as it is.
    return {
      pageIndex: request.pageIndex,
      source: 'textLayer',
      model: null,
      script: 'unknown',
      text: layer,
      confidence: 100,
      words: [],
      width: 0,
      height: 0,
      ms: { rasterize: 0, prepare: 0, detect: 0, read: 0 },
      preprocess: [],
    };
  }
  const image = doc.rasterize(request.pageIndex);
  // Word boxes are mapped back onto the page as it came (the viewer, the searchable PDF).
  const started = performance.now();
  const prepared = request.preprocess === false ? null : preparePage(image.grey);
  const prepareMs = Math.round(performance.now() - started);
  // The script from the lines of the prepared page (followed along the skew left in it), a few
  // milliseconds; OSD only where the lines do not say, and on pages not prepared (skew unknown).
  const guessStarted = performance.now();
  const residualSkew = prepared && !prepared.steps.includes('deskew') ? prepared.skewDegrees : 0;
  const guess = request.language === 'auto' && prepared ? guessPageScript(prepared.image, residualSkew).script : null;
  const guessMs = performance.now() - guessStarted;
  const text = await reader.engine.readPage(toTiff(prepared?.image ?? image.grey, image.dpi), request.language, request.pageIndex + 1, request.latinModel, {
    dpi: image.dpi,
    script: guess,
  });
  const words = prepared && prepared.steps.includes('deskew') ? text.words.map((w) => ({ ...w, box: prepared.toSource(w.box) })) : text.words;
  return {
    pageIndex: request.pageIndex,
    source: 'ocr',
    model: text.model,
    script: text.script,
    text: text.text,
    confidence: text.confidence,
    words,
    width: image.width,
    height: image.height,
    ms: { rasterize: image.ms, prepare: prepareMs, detect: Math.round(guessMs + text.ms.detect), read: text.ms.read },
    preprocess: prepared?.steps ?? [],
  };
}
