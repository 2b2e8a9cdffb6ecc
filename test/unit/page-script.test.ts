// The script pass from the shape of text lines, without Tesseract: an Arabic page is Arabic, French
// and English pages are Latin, a page of alternating Arabic and French lines is mixed, clean and as
// careless scans (prepared as the pipeline prepares them, lines followed along the skew left in
// them); a page with too few lines to tell, or
// one script with a few lines of the other, is left to OSD (null) rather than guessed.
import { describe, expect, it } from 'vitest';
import { preparePage, type GreyImage } from '../../src/main/services/documents/page-preprocess';
import { guessPageScript } from '../../src/main/services/documents/page-script';
import { fixture } from '../helpers/ocr';
import { CLEAN, readGreyPng, scanLike } from '../helpers/scan-like';

const page = (name: string) => readGreyPng(fixture(`${name}.png`));
/** A scan of the page, prepared as the pipeline prepares it, and the skew left in it. */
function scan(img: GreyImage, angle: number, seed: number): [GreyImage, number] {
  const prepared = preparePage(scanLike(img, { angle, paper: 215, shade: 50, ink: 0.75, blur: 1 + (seed % 2), grain: 12, specks: 150, seed }));
  return [prepared.image, prepared.steps.includes('deskew') ? 0 : prepared.skewDegrees];
}

describe('the script of a page from its lines', () => {
  it.each([
    ['arabic-clean', 'arabic'],
    ['french-clean', 'latin'],
    ['english-clean', 'latin'],
    ['mixed-clean', 'mixed'],
    ['arabic-askew', 'arabic'],
    ['french-askew', 'latin'],
  ] as const)('%s: %s', (name, script) => {
    const prepared = preparePage(page(name));
    expect(guessPageScript(prepared.image, prepared.steps.includes('deskew') ? 0 : prepared.skewDegrees).script).toBe(script);
  });

  it('a page turned 1.2° and left so (under the deskew threshold) is followed along its skew', () => {
    const turned = scanLike(page('arabic-clean'), { ...CLEAN, angle: 1.2 });
    expect(guessPageScript(turned, 1.2).script).toBe('arabic');
  });

  it.each([
    ['arabic-clean', 'arabic'],
    ['french-clean', 'latin'],
    ['english-clean', 'latin'],
    ['mixed-clean', 'mixed'],
  ] as const)('%s as a scan turned either way, prepared: %s', (name, script) => {
    for (const [angle, seed] of [
      [2.5, 3],
      [-4, 4],
      [1.2, 5],
    ] as const) {
      expect(guessPageScript(...scan(page(name), angle, seed)).script).toBe(script);
    }
  });

  it('a page with a few lines, or blank, is left to OSD', () => {
    const ara = page('arabic-clean');
    // The first three lines of the Arabic page (about 170 px), then nothing.
    const top: GreyImage = { width: ara.width, height: 180, pixels: ara.pixels.slice(0, ara.width * 180) };
    expect(guessPageScript(top).script).toBeNull();
    expect(guessPageScript({ width: 1000, height: 1400, pixels: new Uint8Array(1000 * 1400).fill(255) }).script).toBeNull();
  });

  it('an Arabic page with a French line in three is neither one script nor mixed: OSD decides', () => {
    const ara = page('arabic-clean');
    const fra = page('french-clean');
    // Rows of French lines spliced between Arabic ones, both pages 2024 px wide.
    expect(fra.width).toBe(ara.width);
    const band = (img: GreyImage, y0: number, y1: number) => img.pixels.subarray(y0 * img.width, y1 * img.width);
    const parts = [band(ara, 0, 400), band(fra, 90, 170), band(ara, 400, ara.height)];
    const height = parts.reduce((s, p) => s + p.length / ara.width, 0);
    const pixels = new Uint8Array(ara.width * height);
    let at = 0;
    for (const p of parts) {
      pixels.set(p, at);
      at += p.length;
    }
    const guess = guessPageScript({ width: ara.width, height, pixels });
    expect(guess.latinLines).toBeGreaterThan(0);
    expect(guess.script).toBeNull();
  });
});
