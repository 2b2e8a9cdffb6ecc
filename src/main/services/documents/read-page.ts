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
      ms: { rasterize: 0, detect: 0, read: 0 },
      ...(request.searchablePdf ? { pdf: doc.pagePdf(request.pageIndex) } : {}),
    };
  }
  const image = doc.rasterize(request.pageIndex);
  const text = await reader.engine.readPage(image.png, request.language, request.pageIndex + 1, request.latinModel, { pdf: request.searchablePdf === true, dpi: image.dpi });
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
    ...(text.pdf ? { pdf: text.pdf } : {}),
  };
}
