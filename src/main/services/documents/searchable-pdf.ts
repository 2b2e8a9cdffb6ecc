// Searchable PDF export: the scan as it is, each page with the text OCR read laid over it as an
// invisible layer (Tesseract's PDF renderer), so any PDF reader can select and find its words.
// A PDF page that already has its own text is kept as it is. Everything runs on the OCR pool;
// the pages are joined by MuPDF in a worker too. The file is written next to its destination and
// renamed into place, so a reader never sees half a PDF.
import fsp from 'node:fs/promises';
import type { OcrLanguageChoice } from '../../../shared/schemas/documents';
import type { OcrPool } from './ocr-pool';
import { DEFAULT_OCR_DPI } from './page-source';

export interface SearchablePdfOptions {
  language?: OcrLanguageChoice;
  latinModel?: 'fra' | 'eng';
  dpi?: number;
  onPage?: (pageIndex: number, pages: number) => void;
}

export async function exportSearchablePdf(pool: OcrPool, source: string, destination: string, opts: SearchablePdfOptions = {}): Promise<{ pages: number; bytes: number }> {
  const dpi = opts.dpi ?? DEFAULT_OCR_DPI;
  const info = await pool.run({ kind: 'inspect', file: source, dpi, thumbnail: false });
  const parts = await Promise.all(
    Array.from({ length: info.pageCount }, async (_, pageIndex) => {
      const { reading } = await pool.run({
        kind: 'page',
        file: source,
        pageIndex,
        dpi,
        language: opts.language ?? 'auto',
        latinModel: opts.latinModel ?? 'fra',
        searchablePdf: true,
      });
      opts.onPage?.(pageIndex, info.pageCount);
      if (!reading.pdf) throw new Error(`page ${pageIndex + 1} came back without its PDF`);
      return reading.pdf;
    }),
  );
  const { pdf } = await pool.run({ kind: 'mergePdf', parts });
  const temp = `${destination}.${process.pid}.part`;
  try {
    await fsp.writeFile(temp, pdf);
    await fsp.rename(temp, destination);
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw err;
  }
  return { pages: info.pageCount, bytes: pdf.length };
}
