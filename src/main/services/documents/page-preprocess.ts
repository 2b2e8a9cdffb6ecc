// Cleaning a scanned page before Tesseract reads it: the skew measured and undone, a paper that is
// grey or unevenly lit flattened to white, scanner noise smoothed. Hand-written over a raw 8-bit
// grey buffer because no library in the app does it: MuPDF rasterizes but has no such filters,
// and tesseract.js's own deskew (`rotateAuto`) found the angle only on every other call of a
// worker (ARCHITECTURE §5). Every step is bounded: memory is a few copies of the page at most
// (pages are capped at 40 MP), work is linear in its pixels; the skew search runs on a copy at
// most 1,000 px wide. Which steps run was decided by measuring character error rates on generated
// scan-like pages (test/bench/ocr.ts, test/integration/documents/ocr-preprocess.test.ts); a step
// runs only on pages that show what it corrects, so a clean page goes to Tesseract as it came.

import type { PreprocessStep } from '../../../shared/schemas/documents';

export interface GreyImage {
  width: number;
  height: number;
  /** One byte a pixel, row after row, 0 black, 255 white. */
  pixels: Uint8Array;
}

export interface PreparedPage {
  image: GreyImage;
  /** What was done to the page, in order (for timings and the bench's report). */
  steps: PreprocessStep[];
  /** The skew found, in degrees (positive: the text rises to the right, as the page is seen). */
  skewDegrees: number;
  /** Maps a box of the prepared image back onto the page as it came (word boxes for the viewer). */
  toSource(box: [number, number, number, number]): [number, number, number, number];
}


export interface PreprocessOptions {
  /** Skews smaller than this are left to Tesseract's own line finding (degrees; default MIN_SKEW_DEGREES, on white paper WHITE_PAPER_MIN_SKEW_DEGREES). */
  minSkewDegrees?: number;
  /** The largest skew looked for (degrees); a page askew by more is left as it is. */
  maxSkewDegrees?: number;
}

/**
 * Skews under which Tesseract's own line finding is left to cope, so the page is not resampled.
 * Measured on the 132 scan-like pages of `npm run bench:ocr` (each read with every subset of the
 * steps, against native tesseract on the same page): turning pages by less than 1.5° gained
 * little, and on one French page (1.4°) it lost 0.6 CER points against native; on white paper,
 * where nothing is flattened, denoising and turning a page askew by less than 3° made three pages
 * read worse than native (1.1°, 1.8°, 2.65°: up to 7 points) while Tesseract alone read those
 * pages as native does (the same engine on the same pixels). With these two thresholds no page of
 * the 132 read worse than native and the mean error stayed at a tenth of native's or less.
 */
export const MIN_SKEW_DEGREES = 1.5;
export const WHITE_PAPER_MIN_SKEW_DEGREES = 3;
export const MAX_SKEW_DEGREES = 8;

/**
 * Prepares a page for reading: flatten when its paper is not white, denoise when its paper is
 * noisy, deskew when it is askew by 1.5° or more. A page on white paper is left as it came unless
 * it is askew by 3° or more (then denoised if noisy, and deskewed). A page that needs none of it
 * is returned untouched.
 */
export function preparePage(page: GreyImage, opts: PreprocessOptions = {}): PreparedPage {
  const steps: PreprocessStep[] = [];
  const paper = paperStats(page);
  const maxSkew = opts.maxSkewDegrees ?? MAX_SKEW_DEGREES;
  const untouched = (skewDegrees: number): PreparedPage => ({ image: page, steps, skewDegrees, toSource: (box) => box });
  let image = page;
  let skew: number;
  let minSkew: number;
  if (paper.level < GREY_PAPER || paper.unevenness > UNEVEN_PAPER) {
    if (paper.noise > NOISY_PAPER) {
      image = median3(image);
      steps.push('denoise');
    }
    image = flattenBackground(image);
    steps.push('flatten');
    skew = measureSkew(image, maxSkew);
    minSkew = opts.minSkewDegrees ?? MIN_SKEW_DEGREES;
  } else {
    // White paper: measured as it came (the skew search thresholds a downscaled copy, where grain
    // averages out), and nothing done under the white-paper threshold.
    skew = measureSkew(page, maxSkew);
    minSkew = opts.minSkewDegrees ?? WHITE_PAPER_MIN_SKEW_DEGREES;
    if (Math.abs(skew) < minSkew) return untouched(skew);
    if (paper.noise > NOISY_PAPER) {
      image = median3(image);
      steps.push('denoise');
    }
  }
  let toSource: PreparedPage['toSource'] = (box) => box;
  if (Math.abs(skew) >= minSkew) {
    const rotated = rotate(image, -skew, steps.includes('flatten') ? 255 : paper.level);
    image = rotated.image;
    toSource = rotated.toSource;
    steps.push('deskew');
  }
  return { image, steps, skewDegrees: skew, toSource };
}

/** Paper whiter than this (its typical level, 0–255) is left as it is. */
const GREY_PAPER = 235;
/** Paper whose level varies more than this across the page (a shadow, a scanner's shading) is flattened. */
const UNEVEN_PAPER = 25;
/** Mean absolute difference between neighbouring paper pixels above which the page is smoothed. */
const NOISY_PAPER = 6;

interface PaperStats {
  /** The paper's level: the brightest tenth of the page's pixels, per block, median over blocks. */
  level: number;
  /** Spread of the per-block paper level (max − min over blocks, the outer 5% of blocks ignored). */
  unevenness: number;
  /** Mean absolute difference of horizontally neighbouring pixels where both are paper. */
  noise: number;
}

/** Measures the paper on a grid of blocks (a sample of rows and columns keeps it fast on big pages). */
export function paperStats(img: GreyImage): PaperStats {
  const { width, height, pixels } = img;
  const blocks = 8;
  const levels: number[] = [];
  for (let by = 0; by < blocks; by++) {
    for (let bx = 0; bx < blocks; bx++) {
      const hist = new Uint32Array(256);
      const x0 = Math.floor((bx * width) / blocks);
      const x1 = Math.floor(((bx + 1) * width) / blocks);
      const y0 = Math.floor((by * height) / blocks);
      const y1 = Math.floor(((by + 1) * height) / blocks);
      let n = 0;
      for (let y = y0; y < y1; y += 2) {
        const row = y * width;
        for (let x = x0; x < x1; x += 2) {
          hist[pixels[row + x]!]!++;
          n++;
        }
      }
      if (n > 0) levels.push(levelAtFraction(hist, n, 0.9));
    }
  }
  levels.sort((a, b) => a - b);
  const level = levels[Math.floor(levels.length / 2)] ?? 255;
  const cut = Math.floor(levels.length * 0.05);
  const unevenness = (levels[levels.length - 1 - cut] ?? 255) - (levels[cut] ?? 255);
  // Noise: only where both neighbours are near the paper's level (ink edges are not noise).
  let sum = 0;
  let count = 0;
  const near = Math.max(24, unevenness);
  for (let y = 0; y < height; y += 4) {
    const row = y * width;
    for (let x = 0; x + 1 < width; x++) {
      const a = pixels[row + x]!;
      const b = pixels[row + x + 1]!;
      if (level - a < near && level - b < near) {
        sum += Math.abs(a - b);
        count++;
      }
    }
  }
  return { level, unevenness, noise: count > 0 ? sum / count : 0 };
}

function levelAtFraction(hist: Uint32Array, n: number, fraction: number): number {
  const target = n * fraction;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= target) return v;
  }
  return 255;
}

/** Otsu's threshold of a histogram: the level that best splits it into two classes. */
export function otsuThreshold(hist: ArrayLike<number>): number {
  let total = 0;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) {
    total += hist[v]!;
    sumAll += v * hist[v]!;
  }
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let threshold = 127;
  for (let v = 0; v < 256; v++) {
    wB += hist[v]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += v * hist[v]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = v;
    }
  }
  return threshold;
}

/** A copy at most `maxWidth` wide, each pixel the mean of its block. */
function downscale(img: GreyImage, maxWidth: number): { image: GreyImage; factor: number } {
  const factor = Math.max(1, Math.ceil(img.width / maxWidth));
  if (factor === 1) return { image: img, factor };
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const out = new Uint8Array(width * height);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * img.width + x * factor;
        for (let dx = 0; dx < factor; dx++) s += img.pixels[row + dx]!;
      }
      out[y * width + x] = s / area;
    }
  }
  return { image: { width, height, pixels: out }, factor };
}

/**
 * The skew of the text lines in degrees (positive when lines rise to the right), by projection
 * profiles: the ink of a downscaled, thresholded copy is summed along lines of each candidate
 * slope, and the slope whose profile is sharpest (largest sum of squares: lines and gaps apart)
 * wins. A coarse pass every 0.25°, then a fine one every 0.025° around the best.
 */
export function measureSkew(img: GreyImage, maxDegrees = MAX_SKEW_DEGREES): number {
  const { image: small } = downscale(img, 1000);
  const hist = new Uint32Array(256);
  for (const v of small.pixels) hist[v]!++;
  const threshold = otsuThreshold(hist);
  const { width, height, pixels } = small;
  // The ink's coordinates in typed arrays (counted first), scored with integer bins.
  let n = 0;
  for (let i = 0; i < pixels.length; i++) if (pixels[i]! <= threshold) n++;
  // Nearly blank or nearly black: no lines to measure.
  if (n < 200 || n > width * height * 0.5) return 0;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let k = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x]! <= threshold) {
        xs[k] = x - width / 2;
        ys[k] = y;
        k++;
      }
    }
  }
  const pad = Math.ceil(width * Math.tan((maxDegrees * Math.PI) / 180)) + 2;
  const bins = new Int32Array(height + 2 * pad);
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < n; i++) {
      // A line rising to the right by `deg` has y falling as x grows: y + x·tan is constant on it.
      // Rounded to the nearest bin as Math.round did (the sum is never negative: padded).
      bins[Math.floor(ys[i]! + xs[i]! * t + pad + 0.5)]!++;
    }
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let d = -maxDegrees; d <= maxDegrees + 1e-9; d += 0.25) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  const coarse = best;
  for (let d = coarse - 0.25; d <= coarse + 0.25 + 1e-9; d += 0.025) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  return Math.round(best * 1000) / 1000;
}

/**
 * The image turned by `degrees` (positive: counter-clockwise as seen) about its centre, on a canvas
 * grown to hold all of it, with bilinear interpolation; uncovered corners get `fill`.
 */
export function rotate(img: GreyImage, degrees: number, fill: number): { image: GreyImage; toSource: PreparedPage['toSource'] } {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const { width: w, height: h, pixels: src } = img;
  const width = Math.ceil(Math.abs(w * cos) + Math.abs(h * sin));
  const height = Math.ceil(Math.abs(w * sin) + Math.abs(h * cos));
  const out = new Uint8Array(width * height);
  const cx = w / 2;
  const cy = h / 2;
  const ox = width / 2;
  const oy = height / 2;
  // Image rows grow downwards: a counter-clockwise turn as seen maps a source point (x, y) to
  // (cos·x + sin·y, −sin·x + cos·y) about the centre; each output pixel looks up its source.
  for (let y = 0; y < height; y++) {
    const dy = y - oy;
    for (let x = 0; x < width; x++) {
      const dx = x - ox;
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) {
        out[y * width + x] = fill;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = src[i]! + (src[i + 1]! - src[i]!) * fx;
      const bottom = src[i + w]! + (src[i + w + 1]! - src[i + w]!) * fx;
      out[y * width + x] = top + (bottom - top) * fy + 0.5;
    }
  }
  const toSource: PreparedPage['toSource'] = ([x0, y0, x1, y1]) => {
    const xsOut: number[] = [];
    const ysOut: number[] = [];
    for (const [x, y] of [
      [x0, y0],
      [x1, y0],
      [x0, y1],
      [x1, y1],
    ] as const) {
      const dx = x - ox;
      const dy = y - oy;
      xsOut.push(cos * dx - sin * dy + cx);
      ysOut.push(sin * dx + cos * dy + cy);
    }
    const clampX = (v: number) => Math.max(0, Math.min(w, Math.round(v)));
    const clampY = (v: number) => Math.max(0, Math.min(h, Math.round(v)));
    return [clampX(Math.min(...xsOut)), clampY(Math.min(...ysOut)), clampX(Math.max(...xsOut)), clampY(Math.max(...ysOut))];
  };
  return { image: { width, height, pixels: out }, toSource };
}

/**
 * The paper brought to white: each pixel divided by the paper's level around it (the brightest
 * tenth of each 64-pixel block, blocks smoothed and interpolated), so grey paper, a shadow or a
 * scanner's shading all become white while the ink keeps its grey edges — Tesseract's LSTM reads
 * the grey image, so ink is not thresholded here.
 */
/** Share of the local paper level above which a pixel is taken as paper (grain, show-through). */
const PAPER_MARGIN = 0.85;

export function flattenBackground(img: GreyImage, block = 64): GreyImage {
  const { width, height, pixels } = img;
  const gw = Math.max(1, Math.ceil(width / block));
  const gh = Math.max(1, Math.ceil(height / block));
  const grid = new Float32Array(gw * gh);
  const hist = new Uint32Array(256);
  for (let gy = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++) {
      hist.fill(0);
      let n = 0;
      const y1 = Math.min(height, (gy + 1) * block);
      const x1 = Math.min(width, (gx + 1) * block);
      for (let y = gy * block; y < y1; y++) {
        const row = y * width;
        for (let x = gx * block; x < x1; x++) {
          hist[pixels[row + x]!]!++;
          n++;
        }
      }
      grid[gy * gw + gx] = Math.max(1, levelAtFraction(hist, n, 0.9));
    }
  }
  // A block covered by ink shows a dark "paper": take the brightest of its neighbourhood instead.
  const smooth = new Float32Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = gy + dy;
          const xx = gx + dx;
          if (yy >= 0 && yy < gh && xx >= 0 && xx < gw) m = Math.max(m, grid[yy * gw + xx]!);
        }
      }
      smooth[gy * gw + gx] = m;
    }
  }
  // Stretch so the ink's dark end stays dark: the darkest 1% of the page maps to black.
  const all = new Uint32Array(256);
  for (let i = 0; i < pixels.length; i += 3) all[pixels[i]!]!++;
  const inkLevel = levelAtFraction(all, Math.ceil(pixels.length / 3), 0.01);
  const out = new Uint8Array(width * height);
  // Where each column falls between the grid's columns, worked out once for all rows.
  const gx0s = new Int32Array(width);
  const gx1s = new Int32Array(width);
  const fxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const gxf = Math.min(gw - 1, Math.max(0, (x + 0.5) / block - 0.5));
    gx0s[x] = Math.floor(gxf);
    gx1s[x] = Math.min(gw - 1, gx0s[x]! + 1);
    fxs[x] = gxf - gx0s[x]!;
  }
  const gridRow = new Float64Array(gw);
  for (let y = 0; y < height; y++) {
    const gyf = Math.min(gh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const gy0 = Math.floor(gyf);
    const gy1 = Math.min(gh - 1, gy0 + 1);
    const fy = gyf - gy0;
    // The paper level along this row at each grid column, then between columns per pixel: the
    // same bilinear surface as before, with the vertical half done once a row.
    for (let gx = 0; gx < gw; gx++) gridRow[gx] = smooth[gy0 * gw + gx]! + (smooth[gy1 * gw + gx]! - smooth[gy0 * gw + gx]!) * fy;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const g0 = gridRow[gx0s[x]!]!;
      const bg = g0 + (gridRow[gx1s[x]!]! - g0) * fxs[x]!;
      const ink = Math.min(inkLevel, bg * 0.5);
      // What is within PAPER_MARGIN of the paper's level is paper: its grain goes to white.
      const v = ((pixels[row + x]! - ink) / Math.max(1, bg * PAPER_MARGIN - ink)) * 255;
      out[row + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return { width, height, pixels: out };
}

/**
 * A 3 × 3 median: speckles and grain go, strokes wider than a pixel stay. Edges copy the source.
 * Each column of three is sorted once per row and shared by the three pixels that use it; the
 * median of nine is then the median of (largest low, median middle, smallest high) — exact.
 */
export function median3(img: GreyImage): GreyImage {
  const { width, height, pixels: p } = img;
  const out = new Uint8Array(p);
  const lo = new Int32Array(width);
  const mid = new Int32Array(width);
  const hi = new Int32Array(width);
  // Min and max by integer arithmetic, without a branch: on a scan, grain makes every comparison a
  // coin toss, and branches (or Math.min, compiled to them) made the filter four to five times as
  // slow as on a clean page (measured: 74 ms against 15 for 2 MP; 20 ms this way).
  for (let y = 1; y + 1 < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const a = p[row - width + x]!;
      const b = p[row + x]!;
      const c = p[row + width + x]!;
      let d = (a - b) & ((a - b) >> 31);
      const ab = b + d; // min(a, b)
      const AB = a - d; // max(a, b)
      d = (ab - c) & ((ab - c) >> 31);
      lo[x] = c + d; // min(ab, c)
      const e = (AB - c) & ((AB - c) >> 31);
      hi[x] = AB - e; // max(AB, c)
      const m = c + e; // min(AB, c)
      const f = (ab - m) & ((ab - m) >> 31);
      mid[x] = ab - f; // max(ab, min(AB, c))
    }
    for (let x = 1; x + 1 < width; x++) {
      // max of the three lows, min of the three highs, median of the three middles.
      let g = (lo[x - 1]! - lo[x]!) & ((lo[x - 1]! - lo[x]!) >> 31);
      let maxLo = lo[x - 1]! - g;
      g = (maxLo - lo[x + 1]!) & ((maxLo - lo[x + 1]!) >> 31);
      maxLo -= g;
      g = (hi[x - 1]! - hi[x]!) & ((hi[x - 1]! - hi[x]!) >> 31);
      let minHi = hi[x]! + g;
      g = (minHi - hi[x + 1]!) & ((minHi - hi[x + 1]!) >> 31);
      minHi = hi[x + 1]! + g;
      const m0 = mid[x - 1]!;
      const m1 = mid[x]!;
      const m2 = mid[x + 1]!;
      g = (m0 - m1) & ((m0 - m1) >> 31);
      const mn = m1 + g;
      const mx = m0 - g;
      g = (mx - m2) & ((mx - m2) >> 31);
      const mxm2 = m2 + g; // min(max(m0, m1), m2)
      g = (mn - mxm2) & ((mn - mxm2) >> 31);
      const medMid = mn - g; // max(min(m0, m1), that)
      // median(maxLo, medMid, minHi) = max(min(maxLo, medMid), min(max(maxLo, medMid), minHi))
      g = (maxLo - medMid) & ((maxLo - medMid) >> 31);
      const lo2 = medMid + g;
      const hi2 = maxLo - g;
      g = (hi2 - minHi) & ((hi2 - minHi) >> 31);
      const mid2 = minHi + g;
      g = (lo2 - mid2) & ((lo2 - mid2) >> 31);
      out[row + x] = lo2 - g;
    }
  }
  return { width, height, pixels: out };
}

/**
 * The image as an uncompressed 8-bit grey TIFF with its resolution: what Tesseract's image reader
 * takes without a PNG encode and decode, and, unlike PGM, it states the DPI (without one
 * Tesseract assumes 70 and warns on stderr).
 */
export function toTiff(img: GreyImage, dpi: number): Uint8Array {
  const entries: [tag: number, type: number, value: number][] = [
    [256, 4, img.width], // ImageWidth
    [257, 4, img.height], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // PhotometricInterpretation: black is zero
    [273, 4, 0], // StripOffsets (set below)
    [277, 3, 1], // SamplesPerPixel
    [278, 4, img.height], // RowsPerStrip
    [279, 4, img.pixels.length], // StripByteCounts
    [282, 5, 0], // XResolution (offset of a RATIONAL, set below)
    [283, 5, 0], // YResolution
    [296, 3, 2], // ResolutionUnit: inch
  ];
  const ifdAt = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  const rationalAt = ifdAt + ifdSize;
  const dataAt = rationalAt + 8;
  const out = new Uint8Array(dataAt + img.pixels.length);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49], 0); // "II": little-endian
  view.setUint16(2, 42, true);
  view.setUint32(4, ifdAt, true);
  view.setUint16(ifdAt, entries.length, true);
  entries.forEach(([tag, type, value], i) => {
    const at = ifdAt + 2 + i * 12;
    const v = tag === 273 ? dataAt : tag === 282 || tag === 283 ? rationalAt : value;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, 1, true);
    if (type === 3) view.setUint16(at + 8, v, true);
    else view.setUint32(at + 8, v, true);
  });
  view.setUint32(ifdAt + 2 + entries.length * 12, 0, true); // no next IFD
  view.setUint32(rationalAt, Math.max(1, Math.round(dpi)), true);
  view.setUint32(rationalAt + 4, 1, true);
  out.set(img.pixels, dataAt);
  return out;
}
