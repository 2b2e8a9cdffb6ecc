// Searchable PDF export, the part that runs in an OCR worker (MuPDF): the document's own pages,
// untouched, each with the text the desk holds for it (page-text layers, text-layer.ts) laid over
// it as invisible text. A PDF's pages are kept as they are (their content wrapped in q…Q, the text
// appended after it); an image file (PNG, JPEG, TIFF) becomes a PDF of its pages first, each sized
// as a 300 dpi scan (the resolution OCR took it at), its image passed through as it is. Nothing is
// read again: no OCR here. The PDF is written to `partPath`; the caller renames it into place.
import fs from 'node:fs/promises';
import * as mupdf from 'mupdf';
import { sniffDocumentMime, SNIFF_BYTES } from '../../../domain/rules/document-files';
import { documentFault } from './document-fault';
import { GLYPH_ADVANCE, TEXT_LAYER_FONT, textLayerContent, type PageTextLayer } from './text-layer';

/**
 * Tesseract's "GlyphLessFont" (tessdata/pdf.ttf, Apache License 2.0, © Google and the Tesseract
 * authors; copied from Debian 12's libtesseract5): one empty glyph every code maps to. With
 * Identity-H codes that are UTF-16 and an identity ToUnicode, any script is found and copied.
 */
const GLYPHLESS_TTF =
  'AAEAAAAKAIAAAwAgT1MvMlbeyJQAAAEoAAAAYGNtYXAACgA0AAABkAAAAB5nbHlmFSJBJAAAAbgAAAAYaGVhZAt48WUAAACsAAAANmhoZWEMAgQCAAAA5AAAACRobXR4BAAAAAAAAYgAAAAIbG9jYQAMAAAAAAGwAAAABm1heHAABAAFAAABCAAAACBuYW1l8usW2gAAAdAAAABLcG9zdAABAAEAAAIcAAAAIAABAAAAAQAAsJRxEF8PPPUEBwgAAAAAAM+a/G4AAAAA1MOn8gAAAAAEAAgAAAAAEAACAAAAAAAAAAEAAAgA//8AAAQAAAAAAAQAAAEAAAAAAAAAAAAAAAAAAAACAAEAAAACAAQAAQAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAwAAAZAABQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAUAAQABAAAAAAAAAAAAAAAAAAAAAAAAAAAAR09PRwBAAAAAAAAB//8AAAABAAGAAAAAAAAAAAAAAAAAAAABAAAAAAAABAAAAAAAAAIAAQAAAAAAFAADAAAAAAAUAAYACgAAAAAAAAAAAAAAAAAMAAAAAQAAAAAEAAgAAAMAADEhESEEAPwACAAAAAADACoAAAADAAAABQAWAAAAAQAAAAAABQALABYAAwABBAkABQAWAAAAVgBlAHIAcwBpAG8AbgAgADEALgAwVmVyc2lvbiAxLjAAAAEAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAA=';

const TO_UNICODE = [
  '/CIDInit /ProcSet findresource begin',
  '12 dict begin',
  'begincmap',
  '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
  '/CMapName /Adobe-Identity-UCS def',
  '/CMapType 2 def',
  '1 begincodespacerange',
  '<0000> <FFFF>',
  'endcodespacerange',
  '1 beginbfrange',
  '<0000> <FFFF> <0000>',
  'endbfrange',
  'endcmap',
  'CMapName currentdict /CMap defineresource pop',
  'end',
  'end',
].join('\n');

/** The image pages' resolution: what OCR read them at (page-source.ts), so the page keeps a scan's size. */
const IMAGE_DPI = 300;

function dict(pdf: mupdf.PDFDocument, entries: Record<string, mupdf.PDFObject | string | number>): mupdf.PDFObject {
  const d = pdf.newDictionary();
  for (const [key, value] of Object.entries(entries)) {
    d.put(key, typeof value === 'number' ? pdf.newReal(value) : typeof value === 'string' ? pdf.newName(value) : value);
  }
  return d;
}

function array(pdf: mupdf.PDFDocument, items: (mupdf.PDFObject | number)[]): mupdf.PDFObject {
  const a = pdf.newArray();
  for (const item of items) a.push(typeof item === 'number' ? pdf.newReal(item) : item);
  return a;
}

/** The glyphless Type0 font, once per file: CID = UTF-16 code, every CID drawn with glyph 1. */
function addGlyphlessFont(pdf: mupdf.PDFDocument): mupdf.PDFObject {
  const fontFile = pdf.addStream(Buffer.from(GLYPHLESS_TTF, 'base64'), dict(pdf, {}));
  const descriptor = pdf.addObject(
    dict(pdf, {
      Type: 'FontDescriptor',
      FontName: 'GlyphLessFont',
      Flags: 5,
      FontBBox: array(pdf, [0, 0, GLYPH_ADVANCE, 1000]),
      ItalicAngle: 0,
      Ascent: 1000,
      Descent: -1,
      CapHeight: 1000,
      StemV: 80,
      FontFile2: fontFile,
    }),
  );
  const gidMap = new Uint8Array(2 * 65536);
  for (let i = 1; i < gidMap.length; i += 2) gidMap[i] = 1;
  const cidFont = pdf.addObject(
    dict(pdf, {
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: 'GlyphLessFont',
      CIDSystemInfo: dict(pdf, { Registry: pdf.newString('Adobe'), Ordering: pdf.newString('Identity'), Supplement: pdf.newInteger(0) }),
      FontDescriptor: descriptor,
      DW: GLYPH_ADVANCE,
      CIDToGIDMap: pdf.addStream(gidMap, dict(pdf, {})),
    }),
  );
  return pdf.addObject(
    dict(pdf, {
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'GlyphLessFont',
      Encoding: 'Identity-H',
      DescendantFonts: array(pdf, [cidFont]),
      ToUnicode: pdf.addStream(Buffer.from(TO_UNICODE, 'latin1'), dict(pdf, {})),
    }),
  );
}

/** An image document (its pages as MuPDF lays them) written as a PDF, each page sized as a 300 dpi scan. */
function imagesAsPdf(doc: mupdf.Document, layers: readonly PageTextLayer[]): Uint8Array {
  const buffer = new mupdf.Buffer();
  const writer = new mupdf.DocumentWriter(buffer, 'pdf', 'compress');
  try {
    for (let i = 0; i < doc.countPages(); i++) {
      const page = doc.loadPage(i);
      try {
        const [x0, y0, x1, y1] = page.getBounds();
        const frame = layers.find((l) => l.pageIndex === i);
        // OCR read the image at its own pixels: that frame at 300 dpi is the page's size.
        const scale = frame && frame.width > 0 ? (frame.width * 72) / IMAGE_DPI / Math.max(1, x1 - x0) : 1;
        const device = writer.beginPage([0, 0, (x1 - x0) * scale, (y1 - y0) * scale]);
        page.run(device, mupdf.Matrix.concat(mupdf.Matrix.translate(-x0, -y0), mupdf.Matrix.scale(scale, scale)));
        writer.endPage();
      } finally {
        page.destroy();
      }
    }
    writer.close();
    return buffer.asUint8Array().slice();
  } finally {
    writer.destroy();
    buffer.destroy();
  }
}

/** Lays each page's text over it; returns the pages the file has. */
function layText(pdf: mupdf.PDFDocument, layers: readonly PageTextLayer[]): void {
  let font: mupdf.PDFObject | null = null;
  for (const layer of layers) {
    if (layer.lines.length === 0 || layer.width <= 0 || layer.height <= 0) continue;
    if (layer.pageIndex >= pdf.countPages()) continue;
    const page = pdf.loadPage(layer.pageIndex);
    try {
      const [bx0, by0, bx1, by1] = page.getBounds();
      // Frame pixels → the page as shown (points, origin top left) → the page's own user space
      // (which its rotation and boxes may move): the inverse of MuPDF's page transform.
      const pixelsToShown: mupdf.Matrix = [(bx1 - bx0) / layer.width, 0, 0, (by1 - by0) / layer.height, bx0, by0];
      const toUser = mupdf.Matrix.concat(pixelsToShown, mupdf.Matrix.invert(page.getTransform()));
      const content = textLayerContent(layer.lines, toUser);
      if (content === '') continue;
      font ??= addGlyphlessFont(pdf);
      const pageObj = page.getObject();
      // Resources may be inherited from the page tree or shared between pages: the page gets its
      // own dictionary (a copy naming the same objects) with the font added.
      const inherited = pageObj.getInheritable('Resources');
      const resources = pdf.newDictionary();
      if (inherited.isDictionary()) inherited.forEach((value, key) => resources.put(key, value));
      const fonts = pdf.newDictionary();
      const oldFonts = resources.get('Font');
      if (oldFonts.isDictionary()) oldFonts.forEach((value, key) => fonts.put(key, value));
      fonts.put(TEXT_LAYER_FONT, font);
      resources.put('Font', fonts);
      pageObj.put('Resources', resources);
      // The page's own drawing is wrapped in q…Q so whatever state it leaves cannot move the text.
      const old = pageObj.get('Contents');
      const contents = pdf.newArray();
      contents.push(pdf.addStream(Buffer.from('q\n', 'latin1'), dict(pdf, {})));
      if (old.isArray()) old.forEach((item) => contents.push(item));
      else if (!old.isNull()) contents.push(old);
      contents.push(pdf.addStream(Buffer.from('\nQ\n', 'latin1'), dict(pdf, {})));
      contents.push(pdf.addStream(Buffer.from(content, 'latin1'), dict(pdf, {})));
      pageObj.put('Contents', contents);
    } finally {
      page.destroy();
    }
  }
}

/**
 * Writes the searchable PDF of `file` to `partPath`: its pages as they are, `layers` laid over them.
 * Runs in an OCR worker. Returns the page count and the bytes written.
 */
export async function writeSearchablePdf(file: string, layers: readonly PageTextLayer[], partPath: string): Promise<{ pages: number; bytes: number }> {
  const bytes = await fs.readFile(file).catch((err: unknown) => {
    const code = (err as { code?: unknown }).code;
    throw code === 'ENOENT' ? documentFault('vanished', {}, err) : err;
  });
  const mime = sniffDocumentMime(bytes.subarray(0, SNIFF_BYTES));
  if (!mime) throw documentFault('unsupportedType');
  let source: mupdf.Document | null = null;
  let pdf: mupdf.PDFDocument | null = null;
  try {
    try {
      source = mupdf.Document.openDocument(bytes, mime);
      if (mime === 'application/pdf') pdf = source.asPDF();
      else pdf = mupdf.Document.openDocument(Buffer.from(imagesAsPdf(source, layers)), 'application/pdf').asPDF();
    } catch (err) {
      throw documentFault('damaged', {}, err);
    }
    if (!pdf) throw documentFault('damaged');
    layText(pdf, layers);
    const out = pdf.saveToBuffer('compress');
    try {
      const data = out.asUint8Array();
      await fs.writeFile(partPath, data);
      return { pages: pdf.countPages(), bytes: data.length };
    } finally {
      out.destroy();
    }
  } finally {
    if (pdf && pdf !== source) pdf.destroy();
    source?.destroy();
  }
}
