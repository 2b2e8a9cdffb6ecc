// OCR test helpers: the fixtures of test/fixtures/documents with their known text, the character
// error rate, and files made on the spot — a multi-page TIFF, a PNG whose header claims
// 20,000 × 20,000 pixels, an encrypted PDF (qpdf), truncated and malformed copies.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as mupdf from 'mupdf';
import { pngSize } from '../../src/domain/rules/document-files';
import { comparable } from './pdf';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/documents');
export const fixture = (name: string) => path.join(FIXTURES, name);

const texts = JSON.parse(fs.readFileSync(fixture('texts.json'), 'utf8')) as Record<string, { lines: string[] }>;
export function knownText(name: 'arabic-clean' | 'french-clean' | 'english-clean' | 'mixed-clean'): string {
  return texts[name]!.lines.join('\n');
}

/** Levenshtein distance over code points. */
function distance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Character error rate of `read` against `truth`, both normalized (NFKC, no tashkeel, one space for any run of white space). */
export function characterErrorRate(read: string, truth: string): number {
  const r = [...comparable(read)];
  const t = [...comparable(truth)];
  return distance(r, t) / t.length;
}

/** The grey pixels of a PNG, decoded by MuPDF. */
function greyPixels(png: string): { width: number; height: number; pixels: Uint8Array } {
  const doc = mupdf.Document.openDocument(fs.readFileSync(png), 'image/png');
  try {
    const page = doc.loadPage(0);
    const [x0, , x1] = page.getBounds();
    // MuPDF sizes an image page by its stated resolution: scale back to the PNG's own pixels.
    const own = pngSize(new Uint8Array(fs.readFileSync(png).subarray(0, 32)))!;
    const k = own.width / (x1 - x0);
    const pix = page.toPixmap(mupdf.Matrix.scale(k, k), mupdf.ColorSpace.DeviceGray, false, true);
    const width = pix.getWidth();
    const height = pix.getHeight();
    const stride = pix.getStride();
    const all = pix.getPixels();
    const pixels = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) pixels.set(all.subarray(y * stride, y * stride + width), y * width);
    pix.destroy();
    page.destroy();
    return { width, height, pixels };
  } finally {
    doc.destroy();
  }
}

/**
 * A baseline JPEG of a PNG page, at the PNG's own pixels, encoded by MuPDF (libjpeg) as a scanner
 * or a phone would write it: lossy, so the page read is not the PNG's pixels exactly.
 */
export function writeJpeg(png: string, file: string, quality = 85): void {
  const { width, height, pixels } = greyPixels(png);
  const pix = new mupdf.Pixmap(mupdf.ColorSpace.DeviceGray, [0, 0, width, height], false);
  try {
    const stride = pix.getStride();
    const all = pix.getPixels();
    for (let y = 0; y < height; y++) all.set(pixels.subarray(y * width, (y + 1) * width), y * stride);
    fs.writeFileSync(file, pix.asJPEG(quality, false));
  } finally {
    pix.destroy();
  }
}

/** An uncompressed, 8-bit grey, multi-page TIFF (little-endian) of the given PNGs, one page each. */
export function writeMultiPageTiff(file: string, pngs: string[]): void {
  const pages = pngs.map(greyPixels);
  const parts: Buffer[] = [];
  let offset = 8;
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  parts.push(header);
  const ifdOffsets: number[] = [];
  const layout = pages.map((p) => {
    const dataAt = offset;
    offset += p.pixels.length;
    if (offset % 2) offset++;
    const ifdAt = offset;
    ifdOffsets.push(ifdAt);
    offset += 2 + 9 * 12 + 4;
    return { dataAt, ifdAt };
  });
  header.writeUInt32LE(layout[0]!.ifdAt, 4);
  pages.forEach((p, i) => {
    parts.push(Buffer.from(p.pixels));
    if (p.pixels.length % 2) parts.push(Buffer.alloc(1));
    const entries: [number, number, number][] = [
      [256, 4, p.width], // ImageWidth (LONG)
      [257, 4, p.height], // ImageLength
      [258, 3, 8], // BitsPerSample
      [259, 3, 1], // Compression: none
      [262, 3, 1], // Photometric: black is zero
      [273, 4, layout[i]!.dataAt], // StripOffsets
      [277, 3, 1], // SamplesPerPixel
      [278, 4, p.height], // RowsPerStrip
      [279, 4, p.pixels.length], // StripByteCounts
    ];
    const ifd = Buffer.alloc(2 + entries.length * 12 + 4);
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach(([tag, type, value], e) => {
      ifd.writeUInt16LE(tag, 2 + e * 12);
      ifd.writeUInt16LE(type, 4 + e * 12);
      ifd.writeUInt32LE(1, 6 + e * 12);
      if (type === 3) ifd.writeUInt16LE(value, 10 + e * 12);
      else ifd.writeUInt32LE(value, 10 + e * 12);
    });
    ifd.writeUInt32LE(i + 1 < pages.length ? layout[i + 1]!.ifdAt : 0, 2 + entries.length * 12);
    parts.push(ifd);
  });
  fs.writeFileSync(file, Buffer.concat(parts));
}

/** A grey PNG of width × height whose pixel data is `idat` (already deflated). */
function greyPng(width: number, height: number, idat: Buffer): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** A real PNG file start whose IHDR claims width × height (with a tiny IDAT and IEND): decoding it would need width × height bytes. */
export function writePngClaiming(file: string, width: number, height: number): void {
  fs.writeFileSync(file, greyPng(width, height, Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])));
}

/** A white page of width × height with nothing on it (a blank sheet that went through the scanner). */
export function writeBlankPng(file: string, width: number, height: number): void {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 0xff)]);
  fs.writeFileSync(file, greyPng(width, height, zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))));
}

/** A copy of `source` encrypted with a user password (qpdf, AES-256). */
export function writeEncryptedPdf(source: string, file: string): void {
  execFileSync('qpdf', ['--encrypt', 'secret', 'owner-secret', '256', '--', source, file]);
}

/** The first `fraction` of a file's bytes. */
export function writeTruncated(source: string, file: string, fraction = 0.6): void {
  const bytes = fs.readFileSync(source);
  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

/** Starts like a PDF and ends like one, with nothing a PDF reader can use between. */
export function writeMalformedPdf(file: string): void {
  fs.writeFileSync(file, `%PDF-1.7\n${'garbage that is no PDF object at all\n'.repeat(50)}trailer\n<< /Root 99 0 R >>\n%%EOF\n`);
}
