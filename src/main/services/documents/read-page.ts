// One page of a document to text: a PDF's own text layer when it has one, else the page
// rasterized and read by the OCR engine. The one pipeline of the app's jobs and of the CLI.
import type { PageReading } from '../../../shared/schemas/documents';
import type { OcrEngine } from './ocr-engine';
import type { PageRequest } from './ocr-protocol';
import type { OpenedDocument } from './page-source';

export interface DocumentReader {
  open(file: string, dpi: number): Promise<OpenedDocument>;
  engine: OcrEngine;
}

export async function readDocumentPage(reader: DocumentReader, request: Omit<PageRequest, 'kind' | 'id'>): Promise<PageReading & { pdf?: Uint8Array }> {
  const doc = await reader.open(request.file, request.dpi);
  const layer = request.searchablePdf ? null : doc.textLayer(request.pageIndex);
  if (layer !== null) {
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
      ms: { rasterize: 0, detect: 0, read: 0 },
    };
  }
  const image = doc.rasterize(request.pageIndex);
  const text = await reader.engine.readPage(image.png, request.language, request.pageIndex + 1, request.latinModel);
  const pdf = request.searchablePdf ? await reader.engine.searchablePdfPage(image.png, text.model) : undefined;
  return {
    pageIndex: request.pageIndex,
    source: 'ocr',
    model: text.model,
    script: text.script,
    text: text.text,
    confidence: text.confidence,
    words: text.words,
    width: image.width,
    height: image.height,
    ms: { rasterize: image.ms, ...text.ms },
    ...(pdf ? { pdf } : {}),
  };
}
