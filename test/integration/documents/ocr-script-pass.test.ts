// The script pass of the pipeline (read-page.ts) with real tesseract.js, in this process: a page
// whose lines say their script is read without Tesseract's OSD (the lines' guess, page-script.ts),
// a page with too few lines to tell falls back to OSD, and neither runs when the clerk chose the
// model. Same model and text as before: the guess only replaces the pass that picked it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OcrEngine } from '../../../src/main/services/documents/ocr-engine';
import { openDocumentFile } from '../../../src/main/services/documents/page-source';
import { readDocumentPage, type DocumentReader } from '../../../src/main/services/documents/read-page';
import { characterErrorRate, fixture, knownText } from '../../helpers/ocr';
import { greyToPng, readGreyPng } from '../../helpers/scan-like';

let engine: OcrEngine;
let reader: DocumentReader;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-script-pass-'));
beforeAll(() => {
  engine = new OcrEngine();
  reader = { open: (file, dpi) => openDocumentFile(file, { dpi }), engine };
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const read = (file: string, language: 'auto' | 'ara' | 'fra' = 'auto') => readDocumentPage(reader, { file, pageIndex: 0, dpi: 300, language, latinModel: 'fra' });

describe('the script pass', () => {
  it.each([
    ['arabic-clean', 'arabic', 'ara'],
    ['french-clean', 'latin', 'fra'],
    ['mixed-clean', 'mixed', 'ara+fra'],
  ] as const)('%s: placed by its lines (%s), OSD never runs, read with %s', async (name, script, model) => {
    const osd = vi.spyOn(engine, 'detectScript');
    const page = await read(fixture(`${name}.png`));
    expect(osd).not.toHaveBeenCalled();
    expect(page).toMatchObject({ script, model });
  }, 60_000);

  it('a page of three lines is too little for the lines: OSD decides, and the page is read', async () => {
    const ara = readGreyPng(fixture('arabic-clean.png'));
    const file = path.join(dir, 'three-lines.png');
    fs.writeFileSync(file, greyToPng({ width: ara.width, height: 180, pixels: ara.pixels.slice(0, ara.width * 180) }));
    const osd = vi.spyOn(engine, 'detectScript');
    const page = await read(file);
    expect(osd).toHaveBeenCalledTimes(1);
    expect(page.text.length).toBeGreaterThan(20);
    expect(['ara', 'ara+fra']).toContain(page.model);
  }, 60_000);

  it("the clerk's model: no pass at all", async () => {
    const osd = vi.spyOn(engine, 'detectScript');
    const page = await read(fixture('french-clean.png'), 'fra');
    expect(osd).not.toHaveBeenCalled();
    expect(page.model).toBe('fra');
    expect(characterErrorRate(page.text, knownText('french-clean'))).toBeLessThan(0.01);
  }, 60_000);
});
