// The document viewer's service side through the real app service: page images rendered by MuPDF on
// the OCR pool and served behind the desk session (bad id, page out of range, a file removed or cut
// on disk: each a typed error; images bounded in size; cached), the browser shell's image route, the
// correction of a page's text (audited, in the outbox, a stale version refused, the page-text hook
// told), and misfiled signs found after OCR and after a correction.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppService, DB_FILE_NAME, type AppService } from '../../../src/main/services/app-service';
import { OcrPool } from '../../../src/main/services/documents/ocr-pool';
import { createPageImages, PAGE_IMAGE_MAX_SIDE } from '../../../src/main/services/documents/page-images';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import BetterSqlite3 from 'better-sqlite3';
import { LOW_CONFIDENCE_THRESHOLD } from '../../../src/shared/schemas/document-viewer';
import type { PageTextChange, PageTextChangedHook } from '../../../src/main/services/documents/page-text-hook';
import { createShellServer, type ShellServer } from '../../../src/main/shell/server';
import { silentLogger } from '../../../src/main/services/logger';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import type { AppErrorData, Result } from '../../../src/shared/errors';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import { PASSWORD, SETUP } from '../services/desk';
import { rowCount, tempDir, testConfig } from '../services/helpers';
import { writeTextPdf } from '../../helpers/text-pdf';
import { fixture } from '../../helpers/ocr';

const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;
const NO_SUCH_ID = '01900000-0000-7000-8000-0000000000ff';

function pngSize(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

interface Viewer {
  service: AppService;
  dataDir: string;
  changes: PageTextChange[];
  ok<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>>;
  fails(method: IpcMethod, input: unknown): Promise<AppErrorData>;
}

const opened: AppService[] = [];
const shells: ShellServer[] = [];
afterEach(async () => {
  for (const s of shells.splice(0)) await s.close();
  for (const s of opened.splice(0)) await s.close();
});

async function openViewer(onPageTextChanged?: PageTextChangedHook): Promise<Viewer> {
  const dataDir = tempDir('mahkama-viewer-');
  const changes: PageTextChange[] = [];
  const service = await createAppService({
    dataDir,
    config: testConfig(dataDir),
    dailySnapshots: false,
    ocrPool: new OcrPool({ size: 1 }),
    onPageTextChanged: onPageTextChanged ?? (async (change) => void changes.push(change)),
  });
  opened.push(service);
  const ok = async <M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> => {
    const r: Result<IpcOutput<M>> = await service.handle(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  const fails = async (method: IpcMethod, input: unknown): Promise<AppErrorData> => {
    const r = await service.handle(method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
    return r.error;
  };
  await ok('setup.initialize', SETUP);
  return { service, dataDir, changes, ok, fails };
}

async function registerCase(v: Viewer, parties: { nameLatin: string; nameAr?: string }[]): Promise<{ caseId: string; number: string }> {
  const ref = await v.ok('reference.get', {});
  const r = await v.ok('cases.register', {
    chamberId: ref.chambers[0]!.id,
    caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
    filedOn: '2026-03-02',
    subject: 'أداء دين تجاري',
    parties: parties.map((p, i) => ({ party: { newParty: { kind: 'person' as const, ...p } }, role: i === 0 ? ('plaintiff' as const) : ('defendant' as const) })),
  });
  return { caseId: r.caseId, number: r.number };
}

async function importPdf(v: Viewer, caseId: string, pages: string[][], title = 'Requête'): Promise<{ documentId: string; sha256: string }> {
  const file = path.join(v.dataDir, `source-${Math.random().toString(36).slice(2)}.pdf`);
  writeTextPdf(file, pages);
  const status = await v.ok('app.status', {});
  const documents = v.service.documents!;
  const imported = await documents.importDocument({ userId: status.user!.id, roles: status.user!.roles }, file, { caseId, documentTypeId: PETITION, language: 'fr', title });
  await documents.idle();
  return imported;
}

/** The court of the desk whose database is `dbFile`. */
function court(dbFile: string): string {
  const raw = new BetterSqlite3(dbFile, { readonly: true });
  try {
    return (raw.prepare('SELECT id FROM courts LIMIT 1').get() as { id: string }).id;
  } finally {
    raw.close();
  }
}

const FILLER = 'Vu la requete introductive deposee par le demandeur.';

describe('page images', () => {
  it('renders a page on the pool, bounded in size, cached by content; typed errors for a bad id, a page out of range, a file removed or cut', async () => {
    const v = await openViewer();
    const { caseId } = await registerCase(v, [{ nameLatin: 'Karim Tazi' }, { nameLatin: 'Leila Fassi' }]);
    const doc = await importPdf(v, caseId, [[FILLER, 'Page un.'], [FILLER, 'Page deux.']]);

    const first = await v.service.pageImage(doc.documentId, 1);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    const size = pngSize(first.value.png);
    expect(size).toEqual({ width: first.value.width, height: first.value.height });
    expect(Math.max(size.width, size.height)).toBe(PAGE_IMAGE_MAX_SIDE);
    // A4 portrait: the longer side is the height.
    expect(size.height).toBeGreaterThan(size.width);
    expect(first.value.png.byteLength).toBeLessThan(4 * 1024 * 1024);
    const again = await v.service.pageImage(doc.documentId, 1);
    expect(again.ok && again.value).toBe(first.value);

    expect(await v.service.pageImage(NO_SUCH_ID, 0)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', i18nKey: 'errors.notFound' } });
    expect(await v.service.pageImage(doc.documentId, 2)).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.pageOutOfRange', params: { page: 3, pages: 2 } } });
    expect(await v.service.pageImage(doc.documentId, -1)).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION' } });

    // Cut on disk (a half-copied restore): named as such, even for a page the cache does not hold.
    const file = v.service.documents!.store.pathOf(doc.sha256);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await v.service.pageImage(doc.documentId, 0)).toMatchObject({ ok: false, error: { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.truncated' } });
    // …and for the page it does hold: the viewer never shows what the desk no longer has whole.
    expect(await v.service.pageImage(doc.documentId, 1)).toMatchObject({ ok: false, error: { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.truncated' } });
    fs.rmSync(file);
    expect(await v.service.pageImage(doc.documentId, 0)).toMatchObject({ ok: false, error: { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.vanished' } });
    expect(await v.service.pageImage(doc.documentId, 1)).toMatchObject({ ok: false, error: { code: 'DOCUMENT_UNREADABLE', i18nKey: 'errors.documents.vanished' } });
    // The file put back whole: the page is rendered again from it.
    fs.writeFileSync(file, whole);
    const back = await v.service.pageImage(doc.documentId, 1);
    if (!back.ok) throw new Error(JSON.stringify(back.error));
    expect(back.value).not.toBe(first.value);
    expect(pngSize(back.value.png)).toEqual(size);
  });

  it('keeps rendered pages under its byte budget, least recently used out first', async () => {
    const v = await openViewer();
    const { caseId } = await registerCase(v, [{ nameLatin: 'Karim Tazi' }, { nameLatin: 'Leila Fassi' }]);
    const doc = await importPdf(v, caseId, [[FILLER, 'Un.'], [FILLER, 'Deux.'], [FILLER, 'Trois.']]);
    const dbFile = path.join(v.dataDir, DB_FILE_NAME);
    const store = await openDatabase(dbFile);
    const pool = new OcrPool({ size: 1 });
    try {
      const sizes = createPageImages({ db: store.db, store: v.service.documents!.store, pool, maxSide: 600 });
      const one = await sizes.pageImage(court(dbFile), doc.documentId, 0);
      // Room for about two pages: the third pushes out the least recently used.
      const budget = Math.floor(one.png.byteLength * 2.5);
      const images = createPageImages({ db: store.db, store: v.service.documents!.store, pool, maxSide: 600, cacheBytes: budget });
      const p0 = await images.pageImage(court(dbFile), doc.documentId, 0);
      const p1 = await images.pageImage(court(dbFile), doc.documentId, 1);
      expect(await images.pageImage(court(dbFile), doc.documentId, 0)).toBe(p0);
      await images.pageImage(court(dbFile), doc.documentId, 2);
      expect(images.cachedBytes()).toBeLessThanOrEqual(budget);
      // Page 1 was the least recently used: rendered again (a new object); page 0 is still held.
      expect(await images.pageImage(court(dbFile), doc.documentId, 0)).toBe(p0);
      expect(await images.pageImage(court(dbFile), doc.documentId, 1)).not.toBe(p1);
      expect(Math.max(p0.width, p0.height)).toBe(600);
      // Two asks at once for one page share one render.
      const [a, b] = await Promise.all([images.pageImage(court(dbFile), doc.documentId, 2), images.pageImage(court(dbFile), doc.documentId, 2)]);
      expect(a).toBe(b);
    } finally {
      await pool.close();
      await store.close();
    }
  });

  it('only for a signed-in, unlocked user; the shell serves them on its route, with typed errors', async () => {
    const v = await openViewer();
    const { caseId } = await registerCase(v, [{ nameLatin: 'Karim Tazi' }, { nameLatin: 'Leila Fassi' }]);
    const doc = await importPdf(v, caseId, [[FILLER]]);
    const shell = await createShellServer({ service: v.service, rendererDir: tempDir(), port: 0, log: silentLogger() });
    shells.push(shell);
    const open = await fetch(shell.url, { redirect: 'manual' });
    const cookie = open.headers.get('set-cookie')!.split(';')[0]!;
    // Opening a browser session locks the desk: the image waits for the password.
    expect(await v.service.pageImage(doc.documentId, 0)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    const locked = await fetch(`${shell.origin}/page-image/${doc.documentId}/1`, { headers: { cookie } });
    expect(locked.status).toBe(401);
    await v.ok('session.unlock', { password: PASSWORD });

    const image = await fetch(`${shell.origin}/page-image/${doc.documentId}/1`, { headers: { cookie } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('no-store');
    pngSize(new Uint8Array(await image.arrayBuffer()));
    expect((await fetch(`${shell.origin}/page-image/${doc.documentId}/1`)).status).toBe(401);
    const beyond = await fetch(`${shell.origin}/page-image/${doc.documentId}/2`, { headers: { cookie } });
    expect(beyond.status).toBe(404);
    expect(await beyond.json()).toMatchObject({ ok: false, error: { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.pageOutOfRange' } });
    for (const bad of [`${doc.documentId}/0`, `${doc.documentId}/x`, 'not-an-id/1', `${doc.documentId}/1/extra`, `..%2F..%2Fmahkama.db/1`]) {
      const r = await fetch(`${shell.origin}/page-image/${bad}`, { headers: { cookie } });
      expect(r.status, bad).toBe(404);
      expect(r.headers.get('content-type'), bad).toContain('application/json');
    }
    expect((await fetch(`${shell.origin}/page-image/${doc.documentId}/1`, { method: 'POST', headers: { cookie } })).status).toBe(405);

    await v.ok('session.lock', {});
    expect(await v.service.pageImage(doc.documentId, 0)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });
});

describe('viewing and correcting a page', () => {
  it('shows the page with its flags; a correction is audited, in the outbox, refused when stale, and tells the page-text hook', async () => {
    const v = await openViewer();
    const { caseId } = await registerCase(v, [{ nameLatin: 'Karim Tazi' }, { nameLatin: 'Leila Fassi' }]);
    const doc = await importPdf(v, caseId, [[FILLER, 'Premiere page.'], [FILLER, 'Deuxieme page.']]);

    const view = await v.ok('documents.viewPage', { documentId: doc.documentId, pageIndex: 1 });
    expect(view.document).toMatchObject({ id: doc.documentId, caseId, pageCount: 2, title: 'Requête' });
    expect(view.page).toMatchObject({ pageIndex: 1, ocrStatus: 'done', confidence: 100, lowConfidence: false, corrected: false, correctionVersion: null });
    expect(view.page.text).toContain('Deuxieme page.');
    expect(view.pages.map((p) => p.ocrStatus)).toEqual(['done', 'done']);
    expect(await v.fails('documents.viewPage', { documentId: doc.documentId, pageIndex: 2 })).toMatchObject({ code: 'RULE_VIOLATION', i18nKey: 'errors.rule.pageOutOfRange' });
    expect(await v.fails('documents.viewPage', { documentId: NO_SUCH_ID, pageIndex: 0 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await v.fails('documents.viewPage', { documentId: 'x', pageIndex: 0 })).toMatchObject({ code: 'VALIDATION_FAILED' });

    const dbFile = path.join(v.dataDir, DB_FILE_NAME);
    const auditBefore = rowCount(dbFile, 'audit');
    const outboxBefore = rowCount(dbFile, 'outbox');
    const corrected = await v.ok('documents.correctPage', { documentId: doc.documentId, pageIndex: 1, text: 'Deuxième page, relue.' });
    expect(corrected).toMatchObject({ documentId: doc.documentId, pageIndex: 1, version: 1 });
    expect(rowCount(dbFile, 'audit')).toBe(auditBefore + 1);
    expect(rowCount(dbFile, 'outbox')).toBe(outboxBefore + 1);
    expect(v.changes).toEqual([{ documentId: doc.documentId, pageIndex: 1 }]);
    const after = await v.ok('documents.viewPage', { documentId: doc.documentId, pageIndex: 1 });
    expect(after.page).toMatchObject({ text: 'Deuxième page, relue.', corrected: true, correctionVersion: 1 });
    expect(after.pages[1]!.corrected).toBe(true);

    // Opened before that correction (no base version), or based on an older one: refused, nothing written.
    const auditNow = rowCount(dbFile, 'audit');
    expect(await v.fails('documents.correctPage', { documentId: doc.documentId, pageIndex: 1, text: 'Autre texte.' })).toMatchObject({ code: 'STALE_VERSION' });
    expect(await v.fails('documents.correctPage', { documentId: doc.documentId, pageIndex: 1, text: 'Autre texte.', baseVersion: 7 })).toMatchObject({ code: 'STALE_VERSION' });
    expect(await v.fails('documents.correctPage', { documentId: doc.documentId, pageIndex: 5, text: 'Autre texte.' })).toMatchObject({ code: 'RULE_VIOLATION' });
    expect(await v.fails('documents.correctPage', { documentId: doc.documentId, pageIndex: 1, text: '' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(rowCount(dbFile, 'audit')).toBe(auditNow);
    expect(v.changes).toHaveLength(1);
    expect((await v.ok('documents.viewPage', { documentId: doc.documentId, pageIndex: 1 })).page.text).toBe('Deuxième page, relue.');

    const second = await v.ok('documents.correctPage', { documentId: doc.documentId, pageIndex: 1, text: 'Deuxième page.', baseVersion: 1 });
    expect(second.version).toBe(2);
    expect(v.changes).toHaveLength(2);
  });
});

describe('a page-text hook that fails', () => {
  it('does not undo the correction, and the misfiled check of the page still runs', async () => {
    const v = await openViewer(async () => {
      throw new Error('index unavailable');
    });
    const other = await registerCase(v, [{ nameLatin: 'Mohamed Bennani' }, { nameLatin: 'Youssef Chraibi' }]);
    const { caseId } = await registerCase(v, [{ nameLatin: 'Karim Tazi' }, { nameLatin: 'Leila Fassi' }]);
    const doc = await importPdf(v, caseId, [[FILLER, 'Rien ici.']]);
    await v.ok('documents.correctPage', { documentId: doc.documentId, pageIndex: 0, text: `Affaire ${other.number}` });
    const view = await v.ok('documents.viewPage', { documentId: doc.documentId, pageIndex: 0 });
    expect(view.page).toMatchObject({ text: `Affaire ${other.number}`, corrected: true });
    expect(view.misfiled.map((m) => m.caseNumber)).toEqual([other.number]);
  });
});

describe('pages to review', () => {
  it('flags a page OCR read with low confidence (an Arabic scan read with the English model), with its word boxes in the frame it read', async () => {
    const v = await openViewer();
    const { caseId } = await registerCase(v, [{ nameLatin: 'Karim Tazi' }, { nameLatin: 'Leila Fassi' }]);
    const status = await v.ok('app.status', {});
    const documents = v.service.documents!;
    const wrong = await documents.importDocument({ userId: status.user!.id, roles: status.user!.roles }, fixture('arabic-askew.png'), {
      caseId,
      documentTypeId: PETITION,
      language: 'en',
      ocrLanguage: 'eng',
      title: 'Scan',
    });
    await documents.idle();
    const view = await v.ok('documents.viewPage', { documentId: wrong.documentId, pageIndex: 0 });
    expect(view.page.ocrStatus).toBe('done');
    expect(view.page.confidence).toBeLessThan(LOW_CONFIDENCE_THRESHOLD);
    expect(view.page.lowConfidence).toBe(true);
    expect(view.pages[0]!.lowConfidence).toBe(true);
    expect(view.page.width).toBeGreaterThan(0);
    for (const w of view.page.words) {
      expect(w.box[0]).toBeGreaterThanOrEqual(0);
      expect(w.box[2]).toBeLessThanOrEqual(view.page.width!);
      expect(w.box[3]).toBeLessThanOrEqual(view.page.height!);
    }
  });
});

describe('misfiled pages', () => {
  it('after OCR, a page naming another case (its number, or a party of it) is flagged; a correction re-checks the page; the document stays where it was filed', async () => {
    const v = await openViewer();
    const other = await registerCase(v, [{ nameLatin: 'Mohamed Bennani' }, { nameLatin: 'Youssef Chraibi' }]);
    const here = await registerCase(v, [{ nameLatin: 'Karim Tazi' }, { nameLatin: 'Leila Fassi' }]);
    const doc = await importPdf(v, here.caseId, [
      [FILLER, 'Karim Tazi contre Leila Fassi.'],
      [FILLER, `Affaire numero ${other.number}, audience du 2 mars.`],
      [FILLER, 'Le demandeur Mohamed Bennani expose ses moyens.'],
    ]);
    const view = await v.ok('documents.viewPage', { documentId: doc.documentId, pageIndex: 0 });
    expect(view.misfiled.map((s) => [s.pageIndex, s.caseId, s.caseNumber, s.reasons.map((r) => r.kind)])).toEqual([
      [1, other.caseId, other.number, ['caseNumber']],
      [2, other.caseId, other.number, ['partyName']],
    ]);
    const ofCase = await v.ok('documents.misfiledOfCase', { caseId: here.caseId });
    expect(ofCase.documents).toHaveLength(1);
    expect(ofCase.documents[0]).toMatchObject({ documentId: doc.documentId, title: 'Requête' });
    expect(ofCase.documents[0]!.signs.map((s) => s.pageIndex)).toEqual([1, 2]);
    expect((await v.ok('documents.misfiledOfCase', { caseId: other.caseId })).documents).toEqual([]);

    // The clerk reads page 3 again: it named the wrong person. Its sign goes; page 2's stays.
    await v.ok('documents.correctPage', { documentId: doc.documentId, pageIndex: 2, text: 'Le demandeur Karim Tazi expose ses moyens.' });
    const afterCorrection = await v.ok('documents.viewPage', { documentId: doc.documentId, pageIndex: 2 });
    expect(afterCorrection.misfiled.map((s) => s.pageIndex)).toEqual([1]);
    // Never moved: still filed in the case it was filed in.
    expect(afterCorrection.document.caseId).toBe(here.caseId);
    expect(await v.fails('documents.misfiledOfCase', { caseId: NO_SUCH_ID })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
