// A PDF whose pages carry a real text layer (Helvetica, Latin text), made with MuPDF: the pipeline
// reads it without OCR, so tests about what follows a page's text need not wait for tesseract.
import fs from 'node:fs';
import * as mupdf from 'mupdf';

/** One page per array of lines, A4, written to `file`. */
export function writeTextPdf(file: string, pages: readonly (readonly string[])[]): void {
  const doc = new mupdf.PDFDocument();
  try {
    const font = doc.addSimpleFont(new mupdf.Font('Helvetica'));
    const resources = doc.addObject({ Font: { F1: font } });
    for (const lines of pages) {
      const escaped = lines.map((l) => l.replace(/[\\()]/g, (c) => `\\${c}`));
      const content = `BT /F1 14 Tf 72 760 Td ${escaped.map((l) => `(${l}) Tj 0 -22 Td`).join(' ')} ET`;
      doc.insertPage(-1, doc.addPage([0, 0, 595, 842], 0, resources, content));
    }
    fs.writeFileSync(file, doc.saveToBuffer('compress').asUint8Array());
  } finally {
    doc.destroy();
  }
}
