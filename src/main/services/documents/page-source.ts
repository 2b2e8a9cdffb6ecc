// The pages of one document file as images to read (or a PDF's own text), through MuPDF
// (WebAssembly). Everything a decoder could choke on is judged first from the file's bytes: its
// type (sniffed, never from the name), whether it is cut short, each image page's pixel count from
// its header. A PDF page is rasterized at the DPI asked, lowered so it stays under the pixel cap.
// MuPDF frees WASM memory only on destroy(): every page, pixmap and document is destroyed in a
// finally (PITFALLS). Runs in an OCR worker thread, never on the app's main thread.
import fs from 'node:fs/promises';
import * as mupdf from 'mupdf';
import {
  DEFAULT_OCR_DPI,
  jpegSize,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENT_PAGES,
  MAX_PAGE_PIXELS,
  MAX_PAGE_SIDE,
  pageSizeProblem,
  pngSize,
  sniffDocumentMime,
  SNIFF_BYTES,
  tiffLayout,
  type DocumentMime,
  type PixelSize,
} from '../../../domain/rules/document-files';
import { documentFault } from './document-fault';
import type { GreyImage } from './page-preprocess';

export { DEFAULT_OCR_DPI };

export interface PageImage {
  /** The page's grey pixels (one byte each, rows in order): what preprocessing and Tesseract take. */
  grey: GreyImage;
  width: number;
  height: number;
  /** Pixels per inch of the image: the rasterizing DPI for a PDF, 300 for an image. */
  dpi: number;
  ms: number;
}

export interface OpenedDocument {
  mime: DocumentMime;
  pageCount: number;
  /** The PDF's own text of page `index` when it has a usable text layer, else null. */
  textLayer(index: number): string | null;
  rasterize(index: number): PageImage;
  /** A small PNG of the first page (at most `maxSide` pixels on its longer side), for lists and the viewer. */
  thumbnail(maxSide?: number): Uint8Array;
  /** Page `index` in colour for the viewer, its longer side `maxSide` pixels (never more). */
  render(index: number, maxSide: number): { png: Uint8Array; width: number; height: number };
  close(): void;
}

/** mupdf logs every repair warning to the console; a worker has nobody to read them. */
mupdf.setLog(null);

/** Why a file could not be opened or read, as the person who named it reads it. */
async function fileErrorToFault(err: unknown): Promise<never> {
  const code = (err as { code?: unknown }).code;
  // Files the desk reads are its store's or a scanner's: one gone was there a moment ago.
  if (code === 'ENOENT' || code === 'ENOTDIR') throw documentFault('vanished', {}, err);
  if (code === 'EISDIR') throw documentFault('notAFile', {}, err);
  if (code === 'EACCES' || code === 'EPERM') throw documentFault('noPermission', {}, err);
  throw err;
}

/** Reads the file whole, checking on the way that it is what its first bytes say and small enough to decode. */
export async function openDocumentFile(file: string, opts: { dpi?: number } = {}): Promise<OpenedDocument> {
  const dpi = opts.dpi ?? DEFAULT_OCR_DPI;
  const handle = await fs.open(file, 'r').catch(fileErrorToFault);
  let bytes: Buffer;
  let mime: DocumentMime;
  // Each image page's own pixel size, from its header: MuPDF sizes an image page by its stated
  // resolution (96 dpi when none), and it is read at its own pixels, neither scaled down nor up.
  let imageSizes: PixelSize[] | null = null;
  try {
    const stat = await handle.stat();
    // A folder (or a device) opens for reading on Linux and fails only at the first read.
    if (!stat.isFile()) throw documentFault('notAFile');
    const { size } = stat;
    if (size === 0) throw documentFault('empty');
    if (size > MAX_DOCUMENT_BYTES) throw documentFault('fileTooBig', { mb: Math.ceil(size / 1024 / 1024), max: MAX_DOCUMENT_BYTES / 1024 / 1024 });
    const readAt = async (offset: number, length: number) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
      return buf.subarray(0, bytesRead);
    };
    const head = await readAt(0, SNIFF_BYTES);
    const sniffed = sniffDocumentMime(head);
    if (!sniffed) throw documentFault('unsupportedType');
    mime = sniffed;
    const tail = await readAt(Math.max(0, size - 1024), 1024);
    if (isCutShort(mime, tail)) throw documentFault('truncated');
    if (mime === 'image/png' || mime === 'image/jpeg') {
      const dims = mime === 'image/png' ? pngSize(head) : jpegSize(head);
      if (!dims) throw documentFault('damaged');
      assertDecodable(dims);
      imageSizes = [dims];
    } else if (mime === 'image/tiff') {
      // A TIFF has no end marker: a cut is seen as an IFD or a page's data past the file's end.
      const layout = await tiffLayout(readAt, size);
      if ('fault' in layout) throw documentFault(layout.fault);
      const pages = layout.sizes;
      if (pages.length > MAX_DOCUMENT_PAGES) throw documentFault('tooManyPages', { pages: pages.length, max: MAX_DOCUMENT_PAGES });
      pages.forEach(assertDecodable);
      imageSizes = pages;
    }
    bytes = Buffer.from(await readAt(0, size));
    // The file shrank between its stat and its read: it is being replaced or removed.
    if (bytes.length !== size) throw documentFault('vanished');
  } finally {
    await handle.close();
  }
  return openWithMupdf(bytes, mime, dpi, imageSizes);
}

/** A file whose end marker is missing: PDF without %%EOF, PNG without IEND, JPEG without EOI (a TIFF has none: see tiffLayout). */
function isCutShort(mime: DocumentMime, tail: Uint8Array): boolean {
  const text = Buffer.from(tail).toString('latin1');
  if (mime === 'application/pdf') return !text.includes('%%EOF');
  if (mime === 'image/png') return !text.includes('IEND');
  if (mime === 'image/jpeg') return !text.includes('\xff\xd9');
  return false;
}

function assertDecodable(size: PixelSize): void {
  const problem = pageSizeProblem(size);
  if (problem === 'too_large') throw documentFault('tooLarge', { width: size.width, height: size.height });
  if (problem === 'empty') throw documentFault('damaged');
}

function openWithMupdf(bytes: Buffer, mime: DocumentMime, dpi: number, imageSizes: PixelSize[] | null): OpenedDocument {
  let doc: mupdf.Document;
  try {
    doc = mupdf.Document.openDocument(bytes, mime);
  } catch (err) {
    throw documentFault('damaged', {}, err);
  }
  try {
    if (doc.needsPassword()) throw documentFault('encrypted');
    const pageCount = doc.countPages();
    if (pageCount < 1) throw documentFault('damaged');
    if (pageCount > MAX_DOCUMENT_PAGES) throw documentFault('tooManyPages', { pages: pageCount, max: MAX_DOCUMENT_PAGES });
  } catch (err) {
    doc.destroy();
    if (err instanceof Error && err.name === 'AppError') throw err;
    throw documentFault('damaged', {}, err);
  }
  const withPage = <T>(index: number, fn: (page: mupdf.Page) => T): T => {
    let page: mupdf.Page | null = null;
    try {
      page = doc.loadPage(index);
      return fn(page);
    } catch (err) {
      if (err instanceof Error && err.name === 'AppError') throw err;
      throw documentFault('damaged', { page: index + 1 }, err);
    } finally {
      page?.destroy();
    }
  };
  return {
    mime,
    pageCount: doc.countPages(),
    textLayer(index) {
      if (mime !== 'application/pdf') return null;
      return withPage(index, (page) => {
        const stext = page.toStructuredText('preserve-whitespace');
        try {
          const text = stext.asText().trim();
          // A scan with a few stray characters (a stamp's OCR, a page number) is still a scan.
          return text.replace(/\s/g, '').length >= 20 ? text : null;
        } finally {
          stext.destroy();
        }
      });
    },
    rasterize(index) {
      return withPage(index, (page) => {
        const started = performance.now();
        const [x0, y0, x1, y1] = page.getBounds();
        const own = imageSizes?.[index];
        let scale = own ? own.width / Math.max(1, x1 - x0) : dpi / 72;
        // A PDF page is scaled down to stay under the caps (an image was checked from its header).
        const w = (x1 - x0) * scale;
        const h = (y1 - y0) * scale;
        const fit = Math.min(1, MAX_PAGE_SIDE / w, MAX_PAGE_SIDE / h, Math.sqrt(MAX_PAGE_PIXELS / (w * h)));
        scale *= fit;
        const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false, true);
        try {
          const width = pixmap.getWidth();
          const height = pixmap.getHeight();
          const stride = pixmap.getStride();
          // Copied out of the WASM heap row by row (the pixmap's rows may be padded), so the
          // pixmap can be destroyed at once and the heap stays small.
          const all = pixmap.getPixels();
          const pixels = new Uint8Array(width * height);
          for (let y = 0; y < height; y++) pixels.set(all.subarray(y * stride, y * stride + width), y * width);
          return {
            grey: { width, height, pixels },
            width,
            height,
            // An image's own resolution is not trusted (scanners write anything): 300, the usual scan.
            dpi: Math.round(mime === 'application/pdf' ? scale * 72 : 300),
            ms: Math.round(performance.now() - started),
          };
        } finally {
          pixmap.destroy();
        }
      });
    },
    thumbnail(maxSide = 256) {
      return withPage(0, (page) => {
        const [x0, y0, x1, y1] = page.getBounds();
        const scale = maxSide / Math.max(x1 - x0, y1 - y0, 1);
        const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true);
        try {
          return pixmap.asPNG();
        } finally {
          pixmap.destroy();
        }
      });
    },
    render(index, maxSide) {
      return withPage(index, (page) => {
        const [x0, y0, x1, y1] = page.getBounds();
        const side = Math.max(1, Math.min(maxSide, MAX_PAGE_SIDE));
        const scale = side / Math.max(x1 - x0, y1 - y0, 1);
        const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true);
        try {
          return { png: pixmap.asPNG(), width: pixmap.getWidth(), height: pixmap.getHeight() };
        } finally {
          pixmap.destroy();
        }
      });
    },
    close() {
      doc.destroy();
    },
  };
}
