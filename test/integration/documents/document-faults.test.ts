// Bad files never take the OCR pool down: each is refused with a typed reason the clerk reads in
// Arabic, French or English — an empty file, one cut short (PDF, PNG, JPEG, multi-page TIFF), an encrypted or malformed PDF, a page
// of 20,000 × 20,000 pixels (refused from its header, before any decoder allocates it), a type we
// do not read, a file pulled away while it is being read, a worker thread that dies holding a page
// — and the next document is read as usual.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DocumentFileStore } from '../../../src/main/services/documents/file-store';
import { OcrPool } from '../../../src/main/services/documents/ocr-pool';
import { readDocument } from '../../../src/main/services/documents/read-document';
import { AppError } from '../../../src/shared/errors';
import { catalogueMessage } from '../../../src/shared/i18n/message';
import { characterErrorRate, fixture, knownText, writeEncryptedPdf, writeJpeg, writeMalformedPdf, writeMultiPageTiff, writePngClaiming, writeTruncated } from '../../helpers/ocr';

let pool: OcrPool;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-faults-'));
beforeAll(() => {
  pool = new OcrPool({ size: 1 });
});
afterAll(async () => {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

const file = (name: string) => path.join(dir, name);

describe('faulty files through the OCR pool', () => {
  const cases: [string, () => string, string][] = [
    ['an empty file', () => (fs.writeFileSync(file('empty.pdf'), ''), file('empty.pdf')), 'empty'],
    ['a truncated PDF', () => (writeTruncated(fixture('scanned-arabic.pdf'), file('cut.pdf')), file('cut.pdf')), 'truncated'],
    ['a truncated PNG', () => (writeTruncated(fixture('arabic-clean.png'), file('cut.png')), file('cut.png')), 'truncated'],
    // A real JPEG (libjpeg's) cut before its end-of-image marker, as a copy interrupted leaves it.
    ['a truncated JPEG (no EOI)', () => (writeJpeg(fixture('arabic-clean.png'), file('whole.jpg')), writeTruncated(file('whole.jpg'), file('cut.jpg')), file('cut.jpg')), 'truncated'],
    // A TIFF has no end marker: three pages cut in the second one's pixels, its IFD gone with them.
    [
      'a truncated multi-page TIFF',
      () => (writeMultiPageTiff(file('three.tif'), [fixture('french-clean.png'), fixture('arabic-clean.png'), fixture('english-clean.png')]), writeTruncated(file('three.tif'), file('cut.tif'), 0.5), file('cut.tif')),
      'truncated',
    ],
    ['an encrypted PDF', () => (writeEncryptedPdf(fixture('text-layer-french.pdf'), file('locked.pdf')), file('locked.pdf')), 'encrypted'],
    ['a malformed PDF', () => (writeMalformedPdf(file('bad.pdf')), file('bad.pdf')), 'damaged'],
    ['a 20,000 × 20,000 image', () => (writePngClaiming(file('huge.png'), 20_000, 20_000), file('huge.png')), 'tooLarge'],
    ['a type we do not read (a text file named .pdf)', () => (fs.writeFileSync(file('notes.pdf'), 'just some notes\n'.repeat(100)), file('notes.pdf')), 'unsupportedType'],
    ['a file that is not there', () => file('gone.pdf'), 'vanished'],
    ['a folder', () => (fs.mkdirSync(file('a-folder'), { recursive: true }), file('a-folder')), 'notAFile'],
  ];
  for (const [what, make, reason] of cases) {
    it(`${what}: refused with reason ${reason}, in every language`, async () => {
      const err = await refusal(() => readDocument(pool, make()));
      expect(err).toMatchObject({ code: 'DOCUMENT_UNREADABLE', i18nKey: `errors.documents.${reason}`, params: { reason } });
      for (const lang of ['ar', 'fr', 'en'] as const) {
        const message = catalogueMessage(lang, err.i18nKey, err.params);
        expect(message).not.toContain('errors.');
        expect(message).not.toContain('{{');
      }
    });
  }

  it('the huge image is refused without decoding it: the worker\'s memory does not grow by its 400 MB', async () => {
    writePngClaiming(file('huge2.png'), 20_000, 20_000);
    const before = process.memoryUsage().rss;
    await refusal(() => readDocument(pool, file('huge2.png')));
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('after all of these, the next document is read as usual', async () => {
    const { pages } = await readDocument(pool, fixture('english-clean.png'), { language: 'eng' });
    expect(pages[0]!.text).toContain('Kingdom of Morocco');
  });
});

describe('a file pulled away while it is imported', () => {
  function bigFile(name: string): string {
    // Starts as a PNG (the sniffed type), 4 MB long: the store reads it in several chunks.
    const bytes = Buffer.concat([fs.readFileSync(fixture('arabic-clean.png')), Buffer.alloc(4 * 1024 * 1024, 7)]);
    fs.writeFileSync(file(name), bytes);
    return file(name);
  }

  it('cut short mid-read (the scanner rewrites it): vanished, nothing left in the store', async () => {
    const store = new DocumentFileStore(path.join(dir, 'data1'));
    const source = bigFile('rewritten.png');
    const err = await refusal(() => store.put(source, { onProgress: () => fs.truncateSync(source, 1000) }));
    expect(err).toMatchObject({ code: 'DOCUMENT_UNREADABLE', params: { reason: 'vanished' } });
    expect(fs.readdirSync(path.join(store.root, 'incoming'))).toEqual([]);
  });

  it('removed mid-read: vanished', async () => {
    const store = new DocumentFileStore(path.join(dir, 'data2'));
    const source = bigFile('removed.png');
    let removed = false;
    const err = await refusal(() =>
      store.put(source, {
        onProgress: () => {
          if (!removed) fs.rmSync(source);
          removed = true;
        },
      }),
    );
    expect(err).toMatchObject({ code: 'DOCUMENT_UNREADABLE', params: { reason: 'vanished' } });
  });

  it('a whole file is stored under its SHA-256, streamed, its type from its bytes whatever its name', async () => {
    const store = new DocumentFileStore(path.join(dir, 'data3'));
    fs.copyFileSync(fixture('scanned-arabic.pdf'), file('scan.png'));
    const stored = await store.put(file('scan.png'));
    expect(stored.mime).toBe('application/pdf');
    expect(fs.readFileSync(store.pathOf(stored.sha256))).toEqual(fs.readFileSync(fixture('scanned-arabic.pdf')));
    const again = await store.put(fixture('scanned-arabic.pdf'));
    expect(again.sha256).toBe(stored.sha256);
  });
});

describe('an OCR worker that dies in the middle of a page', () => {
  it('fails that page with a reason naming it, and the pool starts a new worker for the next one', async () => {
    const alone = new OcrPool({ size: 1 });
    try {
      const reading = alone.run({ kind: 'page', file: fixture('french-clean.png'), pageIndex: 0, dpi: 300, language: 'fra', latinModel: 'fra' });
      const outcome = reading.then(
        () => null,
        (e: unknown) => e,
      );
      // The pool's worker thread, ended from outside while it holds the page (as a crash of the
      // WebAssembly engine or an out-of-memory abort would end it): the thread really exits.
      const slots = (alone as unknown as { slots: { worker: Worker; busy: unknown }[] }).slots;
      await vi.waitFor(() => expect(slots[0]?.busy).toBeTruthy());
      const dying = slots[0]!.worker;
      const exited = new Promise<void>((resolve) => dying.once('exit', () => resolve()));
      await dying.terminate();
      await exited;
      const err = await outcome;
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.ocrFailed', params: { reason: 'ocrFailed', page: 1 } });
      const e = err as AppError;
      expect(catalogueMessage('fr', e.i18nKey, e.params)).toContain('1');
      // The next page goes to a new worker and is read as usual.
      const next = await alone.run({ kind: 'page', file: fixture('french-clean.png'), pageIndex: 0, dpi: 300, language: 'fra', latinModel: 'fra' });
      expect(characterErrorRate(next.reading.text, knownText('french-clean'))).toBeLessThan(0.05);
      expect(slots).toHaveLength(1);
      expect(slots[0]!.worker).not.toBe(dying);
    } finally {
      await alone.close();
    }
  }, 120_000);

  it('the pool is sized to the machine, one core left to the clerk', () => {
    expect(new OcrPool().size).toBe(Math.max(1, os.availableParallelism() - 1));
    expect(new OcrPool({ size: 0 }).size).toBe(1);
  });
});
