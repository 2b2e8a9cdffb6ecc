// The invisible text of a searchable PDF page, from the desk's words or a person's correction:
// OCR words grouped into lines in the order read; a correction with as many lines laid over the
// OCR's lines, otherwise spread down the text area; right-to-left words written from their right
// edge; letters never stretched past twice the page's usual width.
import { describe, expect, it } from 'vitest';
import { isRightToLeft, linesOfCorrection, linesOfWords, pageTextLayer, textLayerContent } from '../../../src/main/services/documents/text-layer';

const word = (text: string, x0: number, y0: number, x1: number, y1: number) => ({ text, confidence: 90, box: [x0, y0, x1, y1] as [number, number, number, number] });
const OCR = [word('المحكمة', 600, 100, 800, 140), word('الابتدائية', 350, 102, 580, 142), word('Rabat', 100, 200, 250, 240), word('2026', 270, 205, 360, 240)];

describe('text layer of a page', () => {
  it('direction from the first letter; digits and marks do not decide', () => {
    expect(isRightToLeft('المحكمة')).toBe(true);
    expect(isRightToLeft('2026 محكمة')).toBe(true);
    expect(isRightToLeft('Rabat محكمة')).toBe(false);
    expect(isRightToLeft('2026/15')).toBe(false);
  });

  it('OCR words in lines as read', () => {
    const lines = linesOfWords(OCR);
    expect(lines.map((l) => l.words.map((w) => w.text))).toEqual([['المحكمة', 'الابتدائية'], ['Rabat', '2026']]);
    expect(lines[0]!.box).toEqual([350, 100, 800, 142]);
    expect(lines[0]!.words.every((w) => w.rtl)).toBe(true);
  });

  it('a correction with as many lines lies over the OCR lines; another count is spread down the text area', () => {
    const ocrLines = linesOfWords(OCR);
    const same = linesOfCorrection('محكمة الاستئناف\nCasablanca 2026', ocrLines, { width: 1000, height: 1400 });
    expect(same.map((l) => [l.box[1], l.box[3]])).toEqual([
      [100, 142],
      [200, 240],
    ]);
    // Right to left: the first word at the right end of the line.
    expect(same[0]!.words[0]!.box[2]).toBe(800);
    expect(same[0]!.words[0]!.box[0]).toBeGreaterThan(same[0]!.words[1]!.box[2]);
    const other = linesOfCorrection('un\ndeux\ntrois', ocrLines, { width: 1000, height: 1400 });
    expect(other).toHaveLength(3);
    expect(other.map((l) => l.box[1])).toEqual([100, 100 + 140 / 3, 100 + 280 / 3]);
    // A short line is not stretched over the whole width: about two usual letters a letter.
    expect(other[0]!.words[0]!.box[2] - other[0]!.words[0]!.box[0]).toBeLessThanOrEqual(2 * 2 * 45);
  });

  it('a page with no frame (its PDF has its own text) gets no layer; the content is invisible text', () => {
    expect(pageTextLayer({ pageIndex: 0, width: 0, height: 0, words: OCR, correctedText: null }).lines).toEqual([]);
    const layer = pageTextLayer({ pageIndex: 0, width: 1000, height: 1400, words: OCR, correctedText: null });
    const content = textLayerContent(layer.lines, [0.5, 0, 0, -0.5, 0, 700]);
    expect(content).toContain('3 Tr');
    expect(content.startsWith('q\n0.5 0 0 -0.5 0 700 cm\nBT')).toBe(true);
    // المحكمة (7 letters) then a space, mirrored from its right edge.
    expect(content).toContain('-42 0 0 -42 800 142 Tm');
    expect(content).toContain('<062706440645062d0643064506290020> Tj');
    expect(textLayerContent([], [1, 0, 0, 1, 0, 0])).toBe('');
  });
});
