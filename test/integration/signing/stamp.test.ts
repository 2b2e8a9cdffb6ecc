// Visible signatures: the judge and then the clerk sign with a stamp (name in Arabic and Latin
// script, role, Gregorian and Hijri date, case number) on the last page of the desk's PDFs, both
// cross-reference kinds. Each output: pdfsig, qpdf --check, openssl cms -verify and our verifier
// say both signatures valid; the stamps do not overlap; poppler extracts the stamp's text as typed
// (ToUnicode) and draws ink inside each stamp's rectangle; a bad page or rectangle writes nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf, type StampOptions } from '../../../src/main/services/signing/pades-sign';
import { PdfFile } from '../../../src/signatures/pdf-file';
import { verifyPdf } from '../../../src/signatures/pdf-verify';
import { findPage, signatureRects, visibleBox, visibleRect, type Rect } from '../../../src/main/services/signing/stamp/stamp-placement';
import type { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { openSigner } from '../../../src/main/services/signing/token-signer';
import { formatHijri } from '../../../src/shared/calendar-format';
import { wallClockAt } from '../../../src/shared/court-time-zone';
import { AppError } from '../../../src/shared/errors';
import { makeJudgmentPdfs, type JudgmentPdfs } from '../../helpers/judgment-pdfs';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from './helpers';
import { opensslVerifyByteRanges, pdfsig, qpdfCheck } from './pdf-tools';

const module = { path: SOFTHSM_MODULE, osLocking: true };
const judgeStamp: StampOptions = { nameArabic: 'محمد العلوي', nameLatin: 'Mohamed Alaoui', roleArabic: 'القاضي', roleLatin: 'Juge', caseNumber: '2026/1201/345' };
const clerkStamp: StampOptions = { nameArabic: 'فاطمة بناني', nameLatin: 'Fatima Bennani', roleArabic: 'كاتبة الضبط', roleLatin: 'Greffière', caseNumber: '2026/1201/345' };

function pageCount(file: string): number {
  return Number(/^Pages:\s+(\d+)$/m.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)![1]);
}

function stampRects(file: string): Rect[] {
  const pdf = PdfFile.open(file);
  try {
    const root = pdf.resolve(pdf.trailer.entries.get('Root'));
    if (root.kind !== 'dict') throw new Error('no catalog');
    return signatureRects(pdf, findPage(pdf, root, 'last').page);
  } finally {
    pdf.close();
  }
}

/** Share of dark pixels inside `rect` of the last page, rendered by pdftoppm at 72 dpi (1 px = 1 pt). */
function inkIn(file: string, rect: Rect, pageHeight: number): number {
  const last = String(pageCount(file));
  const [x0, y0, x1, y1] = rect.map(Math.round) as Rect;
  const r = spawnSync('pdftoppm', ['-f', last, '-l', last, '-r', '72', '-gray', '-x', String(x0), '-y', String(Math.round(pageHeight) - y1), '-W', String(x1 - x0), '-H', String(y1 - y0), file], { maxBuffer: 1 << 24 });
  const pgm = r.stdout;
  // P5 header: four whitespace-separated fields, then the pixels.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString('latin1', 0, 40))!;
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const p of pixels) if (p < 128) dark++;
  return dark / pixels.length;
}

describe('visible signature stamps (SoftHSM2; pdfsig, qpdf, openssl, poppler and our verifier)', { timeout: 120_000 }, () => {
  let hsm: SoftHsm;
  let client: TokenServiceClient;
  let pdfs: JudgmentPdfs;
  let work: string;

  beforeAll(async () => {
    hsm = makeSoftHsm([
      { label: 'judge', pin: '2468', keys: [{ type: 'RSA', commonName: 'محمد العلوي Mohamed Alaoui' }] },
      { label: 'clerk', pin: '1357', keys: [{ type: 'EC', commonName: 'فاطمة بناني Fatima Bennani' }] },
    ]);
    client = startTokenService(hsm.env);
    work = path.join(hsm.dir, 'stamp');
    fs.mkdirSync(work);
    pdfs = await makeJudgmentPdfs(work);
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    hsm?.cleanup();
  });

  it.each(['classic', 'xrefStream'] as const)('%s: judge then clerk stamp the last page, apart, both valid everywhere', async (kind) => {
    const once = path.join(work, `${kind}-judge.pdf`);
    const twice = path.join(work, `${kind}-judge-clerk.pdf`);
    // Now (the test certificates were made a moment ago and must be valid at the signing time).
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
    const clock = wallClockAt(signingTime);
    const courtDay = `${clock.year}-${clock.month}-${clock.day}`;
    const judge = await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' });
    await signPdf(pdfs[kind], once, judge, { stamp: judgeStamp, signingTime, reason: 'حكم' });
    const clerk = await openSigner(client, { module, token: { label: 'clerk' }, pin: '1357' });
    await signPdf(once, twice, clerk, { stamp: { ...clerkStamp, latinLanguage: 'en' }, signingTime });

    expect(fs.readFileSync(twice).subarray(0, fs.statSync(once).size).equals(fs.readFileSync(once))).toBe(true);
    expect(pdfsig(twice).map((s) => [s.fieldName, s.validation])).toEqual([
      ['Signature1', 'Signature is Valid.'],
      ['Signature2', 'Signature is Valid.'],
    ]);
    const q = qpdfCheck(twice);
    expect(q.output).toContain('No syntax or stream encoding errors found');
    expect(q.status).toBe(0);
    expect(opensslVerifyByteRanges(twice, hsm.ca.rootFile, work).map((r) => r.ok)).toEqual([true, true]);
    const ours = await verifyPdf(twice, [Buffer.from(hsm.ca.rootPem)]);
    expect(ours.signatures.map((s) => s.problems)).toEqual([[], []]);
    expect(ours.signatures.map((s) => s.valid)).toEqual([true, true]);

    // Two stamps on the last page, the clerk's above the judge's.
    const [judgeRect, clerkRect] = stampRects(twice) as [Rect, Rect];
    expect(stampRects(twice)).toHaveLength(2);
    expect(clerkRect[1]).toBeGreaterThan(judgeRect[3]);

    // The stamp's text extracts as typed (ToUnicode), Arabic words whole, dates in both calendars.
    const last = String(pageCount(twice));
    // pdftotext wraps runs in bidi embedding marks and may break a line between words: those are layout, not text.
    const text = spawnSync('pdftotext', ['-f', last, '-l', last, twice, '-'], { encoding: 'utf8' })
      .stdout.replace(/[\u202a-\u202e]/g, '')
      .replace(/\s+/g, ' ');
    for (const expected of ['محمد العلوي', 'Mohamed Alaoui', 'القاضي', 'Juge', 'فاطمة بناني', 'Fatima Bennani', 'كاتبة الضبط', 'Greffière', `${clock.day}/${clock.month}/${clock.year} ${clock.hour}:${clock.minute}`, '2026/1201/345', 'Signé électroniquement par', 'Signed electronically by', formatHijri(courtDay, 'fr'), formatHijri(courtDay, 'en')]) {
      expect(text, expected).toContain(expected);
    }
    // The Arabic Hijri month, shaped and extracted whole (its day and year are numbers poppler may place apart).
    expect(text).toContain(formatHijri(courtDay, 'ar').replace(/[\d\s]+/g, ' ').trim().split(' ')[0]);

    // Ink inside each stamp's rectangle beyond what the page had there before.
    const pageHeight = 841.89;
    for (const rect of [judgeRect, clerkRect]) expect(inkIn(twice, rect, pageHeight)).toBeGreaterThan(inkIn(pdfs[kind], rect, pageHeight) + 0.01);
  });

  it('a name with harakat: drawn with its marks, and pdftotext gives it back as typed', async () => {
    const judge = await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' });
    // A blank page: the desk's judgment has text where the stamp goes, which pdftotext would merge
    // into the stamp's lines. qpdf writes its xref (one classic, one stream).
    const raw = path.join(work, 'harakat-raw.pdf');
    fs.writeFileSync(raw, '%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\ntrailer <</Size 4/Root 1 0 R>>\n%%EOF\n');
    const blank = path.join(work, 'harakat-blank.pdf');
    const blankStream = path.join(work, 'harakat-blank-xref-stream.pdf');
    spawnSync('qpdf', [raw, blank]);
    spawnSync('qpdf', ['--object-streams=generate', raw, blankStream]);
    /** pdftotext of the stamp's rectangle, lines kept; `leadingMarks` moves marks that start a line to its end (see below). */
    const stampText = (file: string, leadingMarks = false) => {
      const [x0, y0, x1, y1] = stampRects(file)[0]!.map(Math.round) as Rect;
      const last = String(pageCount(file));
      const crop = ['-x', String(x0), '-y', String(842 - y1), '-W', String(x1 - x0), '-H', String(y1 - y0)];
      return spawnSync('pdftotext', ['-f', last, '-l', last, ...crop, file, '-'], { encoding: 'utf8' })
        .stdout.split('\n')
        .map((line) => line.replace(/[\u202a-\u202e]/g, '').trim())
        .map((line) => (leadingMarks ? line.replace(/^([\u064b-\u065f\u0670]+)(.*)$/u, '$2$1') : line))
        .join(' ')
        .replace(/\s+/g, ' ');
    };
    const short = path.join(work, 'harakat-short.pdf');
    await signPdf(blank, short, judge, { stamp: { ...judgeStamp, nameArabic: 'محمّد بنّاني', nameLatin: 'Mohammed Bennani' } });
    expect(pdfsig(short).map((s) => s.validation)).toEqual(['Signature is Valid.']);
    expect(qpdfCheck(short).status).toBe(0);
    // Exactly as typed: every shadda after its letter, no space or line break inside the name.
    expect(stampText(short)).toContain('محمّد بنّاني');

    // A long name: shrunk to its column, marks on the Allah ligature and on the line's last letter.
    const long = path.join(work, 'harakat-long.pdf');
    const name = 'عبدُ اللهِ بنُ محمّدٍ الإدريسيّ الحسنيّ';
    await signPdf(blankStream, long, judge, { stamp: { ...judgeStamp, nameArabic: name, nameLatin: 'Abdallah ben Mohammed El Idrissi El Hassani' } });
    expect(pdfsig(long).map((s) => s.validation)).toEqual(['Signature is Valid.']);
    // Normalized: poppler (22.12) writes the marks of the line's leftmost letter (the name's last)
    // at the start of the line — its reordering takes the leading characters that are not
    // right-to-left letters as a left-to-right section — so marks that start a line are put back
    // at its end. Everything else comes out as typed.
    const normalized = stampText(long, true);
    expect(normalized).toContain(name);
    // Only that mark moves: un-normalized, the rest of the name is as typed.
    expect(stampText(long)).toContain(name.slice(0, -1));
  });

  it('puts the stamp on the page and rectangle asked for', async () => {
    const judge = await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' });
    const out = path.join(work, 'first-page.pdf');
    const rect: Rect = [50, 700, 330, 780];
    await signPdf(pdfs.classic, out, judge, { stamp: { ...judgeStamp, page: 1, rect } });
    const pdf = PdfFile.open(out);
    try {
      const root = pdf.resolve(pdf.trailer.entries.get('Root'));
      if (root.kind !== 'dict') throw new Error('no catalog');
      expect(signatureRects(pdf, findPage(pdf, root, 1).page)).toEqual([rect]);
    } finally {
      pdf.close();
    }
    expect(pdfsig(out).map((s) => s.valid)).toEqual([true]);
    expect(spawnSync('pdftotext', ['-f', '1', '-l', '1', out, '-'], { encoding: 'utf8' }).stdout).toContain('Mohamed Alaoui');
  });

  it('on a turned page (/Rotate 90, 180, 270): bottom right as the page is shown, reading upright like the stamp on an unturned page', async () => {
    // A blank page (A4 in whole points, so every crop falls on whole pixels), so that what is under
    // the stamp is the same on every copy; qpdf writes its xref.
    const body = '%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\ntrailer <</Size 4/Root 1 0 R>>\n%%EOF\n';
    fs.writeFileSync(path.join(work, 'blank-raw.pdf'), body);
    const blank = path.join(work, 'blank.pdf');
    spawnSync('qpdf', [path.join(work, 'blank-raw.pdf'), blank]);
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
    const judge = await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' });
    /** The stamp's place as the page is shown, and its pixels there (pdftoppm shows the page turned). */
    const shownStamp = (file: string) => {
      const pdf = PdfFile.open(file);
      let shown: Rect;
      let width: number;
      let height: number;
      try {
        const root = pdf.resolve(pdf.trailer.entries.get('Root'));
        if (root.kind !== 'dict') throw new Error('no catalog');
        const page = findPage(pdf, root, 'last');
        const [rect] = signatureRects(pdf, page.page) as [Rect];
        shown = visibleRect(page.box, page.rotate, rect);
        [, , width, height] = visibleBox(page.box, page.rotate);
      } finally {
        pdf.close();
      }
      const [x0, y0, x1, y1] = shown.map(Math.round) as Rect;
      const r = spawnSync('pdftoppm', ['-r', '72', '-gray', '-x', String(x0), '-y', String(Math.round(height) - y1), '-W', String(x1 - x0), '-H', String(y1 - y0), file], { maxBuffer: 1 << 24 });
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(r.stdout.toString('latin1', 0, 40))!;
      return { shown, width, height, pixels: r.stdout.subarray(header[0].length) };
    };
    const meanDifference = (a: Uint8Array, b: Uint8Array) => {
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
      return sum / a.length;
    };
    const upright = path.join(work, 'blank-0-signed.pdf');
    await signPdf(blank, upright, judge, { stamp: judgeStamp, signingTime });
    const reference = shownStamp(upright);
    const inked = reference.pixels.filter((p) => p < 128).length / reference.pixels.length;
    expect(inked).toBeGreaterThan(0.02);
    // The measure tells a stamp turned upside down from an upright one.
    expect(meanDifference(reference.pixels, Uint8Array.from(reference.pixels).reverse())).toBeGreaterThan(10);
    for (const turn of [90, 180, 270]) {
      const turned = path.join(work, `blank-${turn}.pdf`);
      spawnSync('qpdf', [blank, turned, `--rotate=+${turn}:1`]);
      const signed = path.join(work, `blank-${turn}-signed.pdf`);
      await signPdf(turned, signed, judge, { stamp: judgeStamp, signingTime });
      expect(pdfsig(signed).map((s) => s.validation)).toEqual(['Signature is Valid.']);
      expect(qpdfCheck(signed).status).toBe(0);
      const stamp = shownStamp(signed);
      // Bottom right inside the margin, as shown, and as wide as on an unturned page.
      expect(stamp.shown.map((v) => Math.round(v))).toEqual([Math.round(stamp.width - 36 - 300), 36, Math.round(stamp.width - 36), 120]);
      expect(stamp.pixels.length).toBe(reference.pixels.length);
      // The same pixels as the stamp on the unturned page (measured: identical).
      expect(meanDifference(stamp.pixels, reference.pixels), `turned ${turn}`).toBeLessThan(1);
    }
  });

  it.each([
    ['a page the document does not have', { page: 9 }],
    ['a rectangle off the page', { rect: [500, 10, 900, 90] as Rect }],
    ['a rectangle upside down', { rect: [300, 100, 100, 50] as Rect }],
  ])('refuses %s with PDF_UNSUPPORTED and writes nothing', async (_what, placement) => {
    const judge = await openSigner(client, { module, token: { label: 'judge' }, pin: '2468' });
    const out = path.join(work, 'refused.pdf');
    const err = await signPdf(pdfs.classic, out, judge, { stamp: { ...judgeStamp, ...placement } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'PDF_UNSUPPORTED', i18nKey: 'signing.errors.stampTooLarge' });
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
