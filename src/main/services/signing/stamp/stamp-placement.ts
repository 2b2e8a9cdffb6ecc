// Where a visible signature goes: which page (by number, or the last), and where on it — the
// bottom right corner inside a margin, moved up (then to the left column) past the stamps of
// earlier signatures on that page, so that the clerk's stamp never covers the judge's. Reads only
// the page tree's path to that page and the page's annotations. "Bottom right" is as the page is
// shown: a page with /Rotate is placed on in its displayed frame (`visibleRect` / `userRect`), and
// the stamp's appearance is turned to match (signature-stamp.ts), so it reads upright.
import { AppError } from '../../../../shared/errors';
import type { PdfFile } from '../../../../signatures/pdf-file';
import type { PdfDict, PdfValue } from '../../../../signatures/pdf-objects';

export type Rect = [number, number, number, number];

export interface StampPlacement {
  /** 1-based page number, or the last page (default). */
  page?: number | 'last';
  /** The widget's rectangle in the page's default user space; default: found by `placeStamp`. */
  rect?: Rect;
}

/** How far a page is turned clockwise when shown (its /Rotate, inherited, a multiple of 90). */
export type PageRotation = 0 | 90 | 180 | 270;

export interface PageRef {
  num: number;
  page: PdfDict;
  /** The page's visible box (CropBox, else MediaBox, inherited through the tree). */
  box: Rect;
  rotate: PageRotation;
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

/** A /Rotate value as a quarter turn; a value that is not a multiple of 90 is invalid and shown unturned by readers, so taken as 0. */
function rotationOf(pdf: PdfFile, v: PdfValue | undefined): PageRotation | null {
  if (v === undefined) return null;
  const r = pdf.resolve(v);
  if (r.kind !== 'num' || !Number.isInteger(r.value) || r.value % 90 !== 0) return 0;
  return (((r.value % 360) + 360) % 360) as PageRotation;
}

/** A point of the page's default user space, in the frame the page is shown in (origin bottom left). */
function toVisible(box: Rect, rotate: PageRotation, x: number, y: number): [number, number] {
  const [x0, y0, x1, y1] = box;
  if (rotate === 90) return [y - y0, x1 - x];
  if (rotate === 180) return [x1 - x, y1 - y];
  if (rotate === 270) return [y1 - y, x - x0];
  return [x - x0, y - y0];
}

/** The inverse of `toVisible`. */
function toUser(box: Rect, rotate: PageRotation, u: number, v: number): [number, number] {
  const [x0, y0, x1, y1] = box;
  if (rotate === 90) return [x1 - v, y0 + u];
  if (rotate === 180) return [x1 - u, y1 - v];
  if (rotate === 270) return [x0 + v, y1 - u];
  return [x0 + u, y0 + v];
}

function spanning(a: [number, number], b: [number, number]): Rect {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

/** A rectangle of user space as it lies in the shown page. */
export function visibleRect(box: Rect, rotate: PageRotation, r: Rect): Rect {
  return spanning(toVisible(box, rotate, r[0], r[1]), toVisible(box, rotate, r[2], r[3]));
}

/** A rectangle of the shown page in user space (what a widget's /Rect holds). */
export function userRect(box: Rect, rotate: PageRotation, r: Rect): Rect {
  return spanning(toUser(box, rotate, r[0], r[1]), toUser(box, rotate, r[2], r[3]));
}

/** The page as shown: its box turned by its rotation, origin at the bottom left. */
export function visibleBox(box: Rect, rotate: PageRotation): Rect {
  return visibleRect(box, rotate, box);
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
  let rotate: PageRotation = 0;
  for (let depth = 0; depth < 64 && node?.kind === 'ref'; depth++) {
    const d = pdf.resolve(node);
    if (d.kind !== 'dict') break;
    box = rectOf(pdf, d.entries.get('CropBox')) ?? rectOf(pdf, d.entries.get('MediaBox')) ?? box;
    rotate = rotationOf(pdf, d.entries.get('Rotate')) ?? rotate;
    const type = d.entries.get('Type');
    if (type?.kind === 'name' && type.name === 'Page') {
      if (index !== 0) break;
      return { num: node.num, page: d, box: box ?? [0, 0, 595.28, 841.89], rotate };
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
