// Where a visible signature goes: which page (by number, or the last), and where on it — the
// bottom right corner inside a margin, moved up (then to the left column) past the stamps of
// earlier signatures on that page, so that the clerk's stamp never covers the judge's. Reads only
// the page tree's path to that page and the page's annotations.
import { AppError } from '../../../../shared/errors';
import type { PdfFile } from '../pdf-file';
import type { PdfDict, PdfValue } from '../pdf-objects';

export type Rect = [number, number, number, number];

export interface StampPlacement {
  /** 1-based page number, or the last page (default). */
  page?: number | 'last';
  /** The widget's rectangle in the page's default user space; default: found by `placeStamp`. */
  rect?: Rect;
}

export interface PageRef {
  num: number;
  page: PdfDict;
  /** The page's visible box (CropBox, else MediaBox, inherited through the tree). */
  box: Rect;
}

const MARGIN = 36;
const GAP = 6;

function tooLarge(reason: string): AppError {
  return new AppError('PDF_UNSUPPORTED', 'signing.errors.stampTooLarge', { params: { reason } });
}

function rectOf(pdf: PdfFile, v: PdfValue | undefined): Rect | null {
  const r = pdf.resolve(v);
  if (r.kind !== 'arr' || r.items.length !== 4) return null;
  const n = r.items.map((i) => pdf.resolve(i)).map((i) => (i.kind === 'num' ? i.value : NaN));
  if (n.some((x) => !Number.isFinite(x))) return null;
  return [Math.min(n[0]!, n[2]!), Math.min(n[1]!, n[3]!), Math.max(n[0]!, n[2]!), Math.max(n[1]!, n[3]!)];
}

/** The page by 1-based number (or 'first'/'last'), walking /Kids with /Count so only one path is read. */
export function findPage(pdf: PdfFile, catalog: PdfDict, which: number | 'first' | 'last'): PageRef {
  const noPages = () => new AppError('PDF_UNSUPPORTED', 'signing.errors.pdfNoPages');
  let node = catalog.entries.get('Pages');
  const root = pdf.resolve(node);
  if (root.kind !== 'dict') throw noPages();
  const countOf = (d: PdfDict) => {
    const c = pdf.resolve(d.entries.get('Count'));
    return c.kind === 'num' ? c.value : 1;
  };
  const total = countOf(root);
  let index = which === 'first' ? 0 : which === 'last' ? total - 1 : which - 1;
  if (!Number.isInteger(index) || index < 0 || index >= total) throw tooLarge(`no page ${String(which)} in a document of ${total}`);
  let box: Rect | null = null;
  for (let depth = 0; depth < 64 && node?.kind === 'ref'; depth++) {
    const d = pdf.resolve(node);
    if (d.kind !== 'dict') break;
    box = rectOf(pdf, d.entries.get('CropBox')) ?? rectOf(pdf, d.entries.get('MediaBox')) ?? box;
    const type = d.entries.get('Type');
    if (type?.kind === 'name' && type.name === 'Page') {
      if (index !== 0) break;
      return { num: node.num, page: d, box: box ?? [0, 0, 595.28, 841.89] };
    }
    const kids = pdf.resolve(d.entries.get('Kids'));
    if (kids.kind !== 'arr') break;
    let next: PdfValue | undefined;
    for (const kid of kids.items) {
      const k = pdf.resolve(kid);
      if (k.kind !== 'dict') continue;
      const isPage = k.entries.get('Type')?.kind === 'name' && (k.entries.get('Type') as { name: string }).name === 'Page';
      const count = isPage ? 1 : countOf(k);
      if (index < count) {
        next = kid;
        break;
      }
      index -= count;
    }
    node = next;
  }
  throw noPages();
}

/** Rectangles of the visible signature widgets already on the page. */
export function signatureRects(pdf: PdfFile, page: PdfDict): Rect[] {
  const annots = pdf.resolve(page.entries.get('Annots'));
  if (annots.kind !== 'arr') return [];
  const rects: Rect[] = [];
  for (const a of annots.items) {
    const annot = pdf.resolve(a);
    if (annot.kind !== 'dict') continue;
    const parent = pdf.resolve(annot.entries.get('Parent'));
    const ft = annot.entries.get('FT') ?? (parent.kind === 'dict' ? parent.entries.get('FT') : undefined);
    if (ft?.kind !== 'name' || ft.name !== 'Sig') continue;
    const r = rectOf(pdf, annot.entries.get('Rect'));
    if (r && r[2] - r[0] > 1 && r[3] - r[1] > 1) rects.push(r);
  }
  return rects;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a[0] < b[2] + GAP && b[0] < a[2] + GAP && a[1] < b[3] + GAP && b[1] < a[3] + GAP;
}

/** Bottom right, then up, then the left column: the first free place for a stamp of w × h. */
export function placeStamp(box: Rect, taken: Rect[], w: number, h: number): Rect {
  const [x0, y0, x1, y1] = box;
  if (x1 - x0 < w + 2 * MARGIN || y1 - y0 < h + 2 * MARGIN) throw tooLarge(`a page of ${Math.round(x1 - x0)} × ${Math.round(y1 - y0)} pt`);
  for (const right of [x1 - MARGIN, x0 + MARGIN + w]) {
    let y = y0 + MARGIN;
    while (y + h <= y1 - MARGIN) {
      const candidate: Rect = [right - w, y, right, y + h];
      const blocking = taken.filter((t) => overlaps(candidate, t));
      if (blocking.length === 0) return candidate;
      y = Math.max(...blocking.map((t) => t[3])) + GAP;
    }
  }
  throw tooLarge('no free place left on the page');
}

/** A rectangle given by the caller must lie on the page. */
export function checkRect(box: Rect, r: Rect): Rect {
  const ok = r.every((v) => Number.isFinite(v)) && r[0] < r[2] && r[1] < r[3] && r[0] >= box[0] && r[1] >= box[1] && r[2] <= box[2] && r[3] <= box[3];
  if (!ok) throw tooLarge(`the rectangle [${r.join(' ')}] is not inside the page [${box.join(' ')}]`);
  return r;
}
