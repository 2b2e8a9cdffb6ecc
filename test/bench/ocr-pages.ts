// The defects of the bench's scan-like pages, shared by `npm run bench:ocr` (test/bench/ocr.ts) and
// its stage profiler (test/bench/ocr-stages.ts), so both read the very same pages.
import type { ScanDefects } from '../helpers/scan-like';
import { round } from './stats';

/** Defects of page i: every page different, all in the range a careless office scan shows. */
export function defectsFor(i: number): ScanDefects {
  const f = (k: number) => ((i * k) % 97) / 97; // cheap spread over [0, 1), reproducible
  const sign = i % 2 === 0 ? 1 : -1;
  return {
    angle: sign * round(1 + 4 * f(37), 2),
    paper: Math.round(205 + 35 * f(53)),
    shade: Math.round(70 * f(29)),
    ink: round(0.7 + 0.25 * f(61), 2),
    blur: 1 + (i % 3 === 0 ? 1 : 0),
    grain: Math.round(6 + 10 * f(43)),
    specks: Math.round(200 * f(71)),
    seed: 1000 + i,
  };
}
