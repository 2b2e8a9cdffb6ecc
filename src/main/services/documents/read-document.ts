// A whole document through the OCR pool, page by page, without a database: what the CLI runs and
// what a job runs page after page. Pages are read in parallel on the pool's workers and reported
// in page order.
import type { DocumentMime } from '../../../domain/rules/document-files';
import type { OcrLanguageChoice, PageReading } from '../../../shared/schemas/documents';
import type { OcrPool } from './ocr-pool';
import { DEFAULT_OCR_DPI } from './page-source';

export interface ReadDocumentOptions {
  language?: OcrLanguageChoice;
  latinModel?: 'fra' | 'eng';
  dpi?: number;
  /** false: no preprocessing of scans (to measure what it brings). */
  preprocess?: boolean;
}

export interface DocumentReading {
  mime: DocumentMime;
  pages: PageReading[];
}

export async function readDocument(pool: OcrPool, file: string, opts: ReadDocumentOptions = {}): Promise<DocumentReading> {
  const dpi = opts.dpi ?? DEFAULT_OCR_DPI;
  const info = await pool.run({ kind: 'inspect', file, dpi, thumbnail: false });
  const pages = await Promise.all(
    Array.from({ length: info.pageCount }, (_, pageIndex) =>
      pool.run({ kind: 'page', file, pageIndex, dpi, language: opts.language ?? 'auto', latinModel: opts.latinModel ?? 'fra', ...(opts.preprocess === false ? { preprocess: false } : {}) }).then((r) => r.reading),
    ),
  );
  return { mime: info.mime, pages };
}
