// Scan-like pages made from the clean fixture pages: the same known text as a careless scan would
// give it — turned 1–5° either way, on grey or unevenly lit paper (a shadow along one edge), with
// faded ink, blur, sensor grain and dust specks — all from a seed, so every run reads the same
// pixels. Written over raw grey pixels (no image library in the project does this); the PNG is
// encoded by MuPDF. Used by the preprocessing tests and by `npm run bench:ocr`.
import fs from 'node:fs';
import * as mupdf from 'mupdf';
import { rotate, type GreyImage } from '../../src/main/services/documents/page-preprocess';
import { pngSize } from '../../src/domain/rules/document-files';

export interface ScanDefects {
  /** Turn of the page in degrees (positive: counter-clockwise as seen). */
  angle: number;
  /** Level of the paper, 0–255. */
  paper: number;
  /** How much darker the paper gets towards its left edge (a shadow at the binding), 0–255. */
  shade: number;
  /** Share of the ink's darkness kept (1: black ink, 0.6: faded). */
  ink: number;
  /** Box-blur passes of radius 1 (two approximate a Gaussian of about 1 px). */
  blur: number;
  /** Standard deviation of the grain added to every pixel. */
  grain: number;
  /** Dark specks per million pixels. */
  specks: number;
  seed: number;
}

export const CLEAN: ScanDefects = { angle: 0, paper: 255, shade: 0, ink: 1, blur: 0, grain: 0, specks: 0, seed: 1 };

/** The grey pixels of a PNG at its own size, decoded by MuPDF. */
export function readGreyPng(file: string): GreyImage {
  const bytes = fs.readFileSync(file);
  const doc = mupdf.Document.openDocument(bytes, 'image/png');
  try {
    const page = doc.loadPage(0);
    try {
      const [x0, , x1] = page.getBounds();
      // MuPDF sizes an image page by its stated resolution: scale back to the PNG's own pixels.
      const own = pngSize(new Uint8Array(bytes.subarray(0, 32)))!;
      const k = own.width / (x1 - x0);
      const pix = page.toPixmap(mupdf.Matrix.scale(k, k), mupdf.ColorSpace.DeviceGray, false, true);
      try {
        const width = pix.getWidth();
        const height = pix.getHeight();
        const stride = pix.getStride();
        const all = pix.getPixels();
        const pixels = new Uint8Array(width * height);
        for (let y = 0; y < height; y++) pixels.set(all.subarray(y * stride, y * stride + width), y * width);
        return { width, height, pixels };
      } finally {
        pix.destroy();
      }
    } finally {
      page.destroy();
    }
  } finally {
    doc.destroy();
  }
}

/** A grey image as PNG bytes (MuPDF's encoder). */
export function greyToPng(img: GreyImage): Uint8Array {
  const pix = new mupdf.Pixmap(mupdf.ColorSpace.DeviceGray, [0, 0, img.width, img.height], false);
  try {
    const stride = pix.getStride();
    const dst = pix.getPixels();
    for (let y = 0; y < img.height; y++) dst.set(img.pixels.subarray(y * img.width, (y + 1) * img.width), y * stride);
    return pix.asPNG().slice();
  } finally {
    pix.destroy();
  }
}

/** mulberry32: a small seeded generator, so a "random" scan is the same scan on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function boxBlur(img: GreyImage): GreyImage {
  const { width, height, pixels } = img;
  const tmp = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      tmp[i] = (pixels[x > 0 ? i - 1 : i]! + pixels[i]! + pixels[x + 1 < width ? i + 1 : i]!) / 3;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      out[i] = (tmp[y > 0 ? i - width : i]! + tmp[i]! + tmp[y + 1 < height ? i + width : i]!) / 3 + 0.5;
    }
  }
  return { width, height, pixels: out };
}

/** The clean page as a scan with the given defects. */
export function scanLike(clean: GreyImage, d: ScanDefects): GreyImage {
  const rnd = random(d.seed);
  // A margin of paper around the page, as a scanner's glass is larger than the sheet's text.
  let img = d.angle === 0 ? clean : rotate(clean, d.angle, 255).image;
  const { width, height } = img;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const paper = d.paper - d.shade * Math.max(0, 1 - x / (width * 0.35)) ** 2;
      const darkness = (255 - img.pixels[i]!) / 255;
      out[i] = Math.max(0, paper * (1 - darkness * d.ink));
    }
  }
  img = { width, height, pixels: out };
  for (let p = 0; p < d.blur; p++) img = boxBlur(img);
  const px = img.pixels;
  const specks = Math.round((d.specks * width * height) / 1e6);
  for (let s = 0; s < specks; s++) {
    const cx = Math.floor(rnd() * width);
    const cy = Math.floor(rnd() * height);
    const r = rnd() < 0.7 ? 0 : 1;
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && y >= 0 && x < width && y < height) px[y * width + x] = Math.min(px[y * width + x]!, 40 + rnd() * 60);
      }
    }
  }
  if (d.grain > 0) {
    for (let i = 0; i < px.length; i++) {
      // Box–Muller: Gaussian grain.
      const g = Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
      px[i] = Math.max(0, Math.min(255, px[i]! + g * d.grain));
    }
  }
  return img;
}
