// What kind of file a clerk hands in, judged from its first bytes (never from its name), and
// whether its pages are small enough to decode: a scan's pixel count is read from the image header
// before any decoder sees it, so a 20,000 × 20,000 image is refused without allocating its pixels.
// Plain functions over bytes: no file system here (the services read the bytes).

import type { DocumentMime } from '../../shared/schemas/documents';

export type { DocumentMime };

/** Bytes enough to sniff any supported type and to find a PNG's or JPEG's first frame header in most files. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Most pixels a page may have once decoded or rasterized: A4 at 600 dpi is 35 MP. Above it a page
 * costs hundreds of MB in the decoder and tesseract, with no gain in reading.
 */
export const MAX_PAGE_PIXELS = 40_000_000;
/** Largest width or height of a page image, whatever its area. */
export const MAX_PAGE_SIDE = 12_000;
/** Largest document accepted (bytes): a scanned file is read whole by the rasterizer. */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
/** Most pages a document may have. */
export const MAX_DOCUMENT_PAGES = 2000;

/** Pixels per inch a scanned PDF's pages are rasterized at for OCR, unless the workstation says otherwise. */
export const DEFAULT_OCR_DPI = 300;
/**
 * Bounds of the workstation's OCR DPI (MAHKAMA_OCR_DPI). Below 150 Tesseract loses the small print
 * of court papers; above 600 a page costs four times the memory and time of 300 for no better
 * reading, and `ocr_jobs.dpi` stops there. The CLI's `--dpi` goes down to 72, for trying a file out.
 */
export const MIN_OCR_DPI = 150;
export const MAX_OCR_DPI = 600;

/** The type of a file from its first bytes, or null when it is none we read. */
export function sniffDocumentMime(head: Uint8Array): DocumentMime | null {
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'image/tiff';
  // A PDF header may follow a little junk (the PDF reference allows it within the first 1024 bytes).
  const window = head.subarray(0, Math.min(head.length, 1024));
  for (let i = 0; i + 5 <= window.length; i++) {
    if (window[i] === 0x25 && window[i + 1] === 0x50 && window[i + 2] === 0x44 && window[i + 3] === 0x46 && window[i + 4] === 0x2d) return 'application/pdf';
  }
  return null;
}

export interface PixelSize {
  width: number;
  height: number;
}

/** Why a page cannot be decoded safely, or null when it can. */
export function pageSizeProblem(size: PixelSize): 'too_large' | 'empty' | null {
  if (size.width <= 0 || size.height <= 0) return 'empty';
  if (size.width > MAX_PAGE_SIDE || size.height > MAX_PAGE_SIDE || size.width * size.height > MAX_PAGE_PIXELS) return 'too_large';
  return null;
}

/** The width and height in a PNG's IHDR chunk, or null when the header is cut short. */
export function pngSize(head: Uint8Array): PixelSize | null {
  if (head.length < 24) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (String.fromCharCode(...head.subarray(12, 16)) !== 'IHDR') return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The frame size of a JPEG (its first SOFn marker), or null when not within `head`. */
export function jpegSize(head: Uint8Array): PixelSize | null {
  let i = 2;
  while (i + 9 < head.length) {
    if (head[i] !== 0xff) return null;
    const marker = head[i + 1]!;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    const length = (head[i + 2]! << 8) | head[i + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (head[i + 5]! << 8) | head[i + 6]!, width: (head[i + 7]! << 8) | head[i + 8]! };
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    i += 2 + length;
  }
  return null;
}

/** Reads `length` bytes at `offset` of the file (fewer at its end). */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

/**
 * The size of every page (IFD) of a TIFF, following the IFD chain through `readAt`. Null when the
 * chain is broken (an offset past the end, a loop, a page without width or height).
 */
export async function tiffPageSizes(readAt: ReadAt, maxPages = MAX_DOCUMENT_PAGES): Promise<PixelSize[] | null> {
  const layout = await tiffLayout(readAt, Number.POSITIVE_INFINITY, maxPages);
  return 'sizes' in layout ? layout.sizes : null;
}

/**
 * Every page of a TIFF of `fileSize` bytes, or why it cannot be read: `truncated` when the file
 * ends before an IFD of its chain or before the image data a page points to (a copy cut short:
 * the clerk is told to scan or copy it again, not that it is damaged), `damaged` for a broken
 * chain (a loop, a page without width or height). A TIFF has no end marker to look for, so this
 * is how a cut is seen; the whole file is refused rather than its first pages read, since a
 * document silently missing its last pages would be filed as if whole.
 */
export async function tiffLayout(readAt: ReadAt, fileSize: number, maxPages = MAX_DOCUMENT_PAGES): Promise<{ sizes: PixelSize[] } | { fault: 'truncated' | 'damaged' }> {
  const header = await readAt(0, 8);
  if (header.length < 8) return { fault: 'truncated' };
  const little = header[0] === 0x49;
  const u16 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint16(o, little);
  const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(o, little);
  /** The values of an entry of SHORT or LONG type: inline when they fit in 4 bytes, else at their offset. */
  const values = async (entries: Uint8Array, e: number): Promise<number[] | null> => {
    const type = u16(entries, e * 12 + 2);
    const count = u32(entries, e * 12 + 4);
    const size = type === 3 ? 2 : type === 4 ? 4 : 0;
    if (size === 0 || count > 1_000_000) return null;
    const bytes = count * size <= 4 ? entries.subarray(e * 12 + 8, e * 12 + 12) : await readAt(u32(entries, e * 12 + 8), count * size);
    if (bytes.length < count * size) return null;
    return Array.from({ length: count }, (_, i) => (size === 2 ? u16(bytes, i * 2) : u32(bytes, i * 4)));
  };
  const sizes: PixelSize[] = [];
  const seen = new Set<number>();
  let offset = u32(header, 4);
  while (offset !== 0) {
    if (seen.has(offset) || sizes.length >= maxPages) return { fault: 'damaged' };
    seen.add(offset);
    if (offset >= fileSize) return { fault: 'truncated' };
    const countBytes = await readAt(offset, 2);
    if (countBytes.length < 2) return { fault: 'truncated' };
    const count = u16(countBytes, 0);
    const entries = await readAt(offset + 2, count * 12 + 4);
    if (entries.length < count * 12 + 4) return { fault: 'truncated' };
    let width = 0;
    let height = 0;
    let dataOffsets: number[] | null = null;
    let dataCounts: number[] | null = null;
    for (let e = 0; e < count; e++) {
      const tag = u16(entries, e * 12);
      const type = u16(entries, e * 12 + 2);
      const value = type === 3 ? u16(entries, e * 12 + 8) : u32(entries, e * 12 + 8);
      if (tag === 256) width = value;
      if (tag === 257) height = value;
      // Strips (273/279) or tiles (324/325): where the page's image data lies.
      if (tag === 273 || tag === 324) dataOffsets = await values(entries, e);
      if (tag === 279 || tag === 325) dataCounts = await values(entries, e);
    }
    if (width === 0 || height === 0) return { fault: 'damaged' };
    if (dataOffsets && dataCounts && Number.isFinite(fileSize)) {
      for (let i = 0; i < Math.min(dataOffsets.length, dataCounts.length); i++) {
        if (dataOffsets[i]! + dataCounts[i]! > fileSize) return { fault: 'truncated' };
      }
    }
    sizes.push({ width, height });
    offset = u32(entries, count * 12);
  }
  return sizes.length > 0 ? { sizes } : { fault: 'damaged' };
}
