// A file's type is judged from its first bytes, never its name, and a page's pixel count from its
// header before any decoder sees it: PNG (IHDR), JPEG (the first SOF marker), every page of a TIFF
// (its IFD chain, broken chains refused).
import { describe, expect, it } from 'vitest';
import { jpegSize, MAX_PAGE_PIXELS, pageSizeProblem, pngSize, sniffDocumentMime, tiffPageSizes } from '../../../src/domain/rules/document-files';

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('sniffing the type of a file', () => {
  it('knows PDF (also after a little junk), PNG, JPEG and both TIFF byte orders, and nothing else', () => {
    expect(sniffDocumentMime(ascii('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffDocumentMime(ascii('\r\n\r\n%PDF-1.4'))).toBe('application/pdf');
    expect(sniffDocumentMime(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffDocumentMime(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffDocumentMime(bytes(0x49, 0x49, 0x2a, 0x00))).toBe('image/tiff');
    expect(sniffDocumentMime(bytes(0x4d, 0x4d, 0x00, 0x2a))).toBe('image/tiff');
    for (const other of [ascii('PK\x03\x04docx'), ascii('GIF89a'), ascii('hello %PDF'.padStart(1100, ' ')), new Uint8Array(0), ascii('%PD')]) {
      expect(sniffDocumentMime(other)).toBeNull();
    }
  });
});

describe('page sizes from headers', () => {
  it('PNG: the IHDR width and height', () => {
    const head = new Uint8Array(24);
    head.set(ascii('IHDR'), 12);
    new DataView(head.buffer).setUint32(16, 20_000);
    new DataView(head.buffer).setUint32(20, 20_000);
    expect(pngSize(head)).toEqual({ width: 20_000, height: 20_000 });
    expect(pngSize(head.subarray(0, 20))).toBeNull();
  });

  it('JPEG: the first frame header, past the APP segments', () => {
    const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x0b, 0xb8, 0x07, 0xd0, 0x03);
    expect(jpegSize(jpeg)).toEqual({ height: 3000, width: 2000 });
    expect(jpegSize(bytes(0xff, 0xd8, 0xff, 0xda, 0, 2, 0, 0, 0, 0, 0))).toBeNull();
  });

  it('TIFF: every page along the IFD chain; a loop or a cut chain is refused', async () => {
    const tiff = Buffer.alloc(80);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    const ifd = (at: number, w: number, h: number, next: number) => {
      tiff.writeUInt16LE(2, at);
      tiff.writeUInt16LE(256, at + 2);
      tiff.writeUInt16LE(3, at + 4);
      tiff.writeUInt16LE(w, at + 10);
      tiff.writeUInt16LE(257, at + 14);
      tiff.writeUInt16LE(4, at + 16);
      tiff.writeUInt32LE(h, at + 22);
      tiff.writeUInt32LE(next, at + 26);
    };
    ifd(8, 1000, 2000, 40);
    ifd(40, 3000, 4000, 0);
    const readAt = async (o: number, n: number) => Uint8Array.from(tiff.subarray(o, o + n));
    expect(await tiffPageSizes(readAt)).toEqual([
      { width: 1000, height: 2000 },
      { width: 3000, height: 4000 },
    ]);
    tiff.writeUInt32LE(8, 40 + 26); // the second page points back to the first
    expect(await tiffPageSizes(readAt)).toBeNull();
    tiff.writeUInt32LE(60_000, 40 + 26); // past the end
    expect(await tiffPageSizes(readAt)).toBeNull();
  });

  it('a page is refused above the pixel cap or the longest side, or when it has no pixels', () => {
    expect(pageSizeProblem({ width: 2480, height: 3508 })).toBeNull(); // A4 at 300 dpi
    expect(pageSizeProblem({ width: 20_000, height: 20_000 })).toBe('too_large');
    expect(pageSizeProblem({ width: 13_000, height: 100 })).toBe('too_large');
    expect(pageSizeProblem({ width: Math.floor(Math.sqrt(MAX_PAGE_PIXELS)) + 1, height: Math.floor(Math.sqrt(MAX_PAGE_PIXELS)) + 1 })).toBe('too_large');
    expect(pageSizeProblem({ width: 0, height: 10 })).toBe('empty');
  });
});
