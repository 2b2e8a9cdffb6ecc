// A file's type is judged from its first bytes, never its name, and a page's pixel count from its
// header before any decoder sees it: PNG (IHDR), JPEG (the first SOF marker), every page of a TIFF
// (its IFD chain, broken chains refused).
import { describe, expect, it } from 'vitest';
import { jpegSize, MAX_PAGE_PIXELS, pageSizeProblem, pngSize, sniffDocumentMime, tiffLayout, tiffPageSizes } from '../../../src/domain/rules/document-files';

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

  it('TIFF cut short: an IFD or a page\'s image data past the end is truncated (the clerk scans it again), a loop is damaged', async () => {
    // Two pages, their IFDs first (as some scanners write them), each pointing at its strip after them.
    const tiff = Buffer.alloc(8 + 2 * 54 + 2 * 100);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    const ifd = (at: number, next: number, strip: number) => {
      const entries: [number, number, number][] = [
        [256, 3, 10], // width
        [257, 3, 10], // height
        [273, 4, strip], // StripOffsets
        [279, 4, 100], // StripByteCounts
      ];
      tiff.writeUInt16LE(entries.length, at);
      entries.forEach(([tag, type, value], e) => {
        tiff.writeUInt16LE(tag, at + 2 + e * 12);
        tiff.writeUInt16LE(type, at + 4 + e * 12);
        tiff.writeUInt32LE(1, at + 6 + e * 12);
        if (type === 3) tiff.writeUInt16LE(value, at + 10 + e * 12);
        else tiff.writeUInt32LE(value, at + 10 + e * 12);
      });
      tiff.writeUInt32LE(next, at + 2 + entries.length * 12);
    };
    ifd(8, 62, 116);
    ifd(62, 0, 216);
    const layoutOf = (file: Buffer) => tiffLayout(async (o, n) => Uint8Array.from(file.subarray(o, o + n)), file.length);
    expect(await layoutOf(tiff)).toEqual({ sizes: [{ width: 10, height: 10 }, { width: 10, height: 10 }] });
    // The second page's strip is cut: every IFD is there, its data is not.
    expect(await layoutOf(tiff.subarray(0, tiff.length - 1))).toEqual({ fault: 'truncated' });
    // Cut inside the second IFD.
    expect(await layoutOf(tiff.subarray(0, 90))).toEqual({ fault: 'truncated' });
    expect(await layoutOf(tiff.subarray(0, 5))).toEqual({ fault: 'truncated' });
    tiff.writeUInt32LE(8, 62 + 2 + 4 * 12); // the second page points back to the first
    expect(await layoutOf(tiff)).toEqual({ fault: 'damaged' });
  });

  it('a page is refused above the pixel cap or the longest side, or when it has no pixels', () => {
    expect(pageSizeProblem({ width: 2480, height: 3508 })).toBeNull(); // A4 at 300 dpi
    expect(pageSizeProblem({ width: 20_000, height: 20_000 })).toBe('too_large');
    expect(pageSizeProblem({ width: 13_000, height: 100 })).toBe('too_large');
    expect(pageSizeProblem({ width: Math.floor(Math.sqrt(MAX_PAGE_PIXELS)) + 1, height: Math.floor(Math.sqrt(MAX_PAGE_PIXELS)) + 1 })).toBe('too_large');
    expect(pageSizeProblem({ width: 0, height: 10 })).toBe('empty');
  });
});
