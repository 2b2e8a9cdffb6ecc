// "Read again with…" in the real UI (issue 9, item 3: the clerk overrides the language a page was
// read with): a French page filed as Arabic and read by the real OCR pipeline shows garbage; the
// clerk opens the dialog in the viewer, picks French for this page, and the page's text becomes the
// French it holds, read with `fra`, once the OCR queue has read it (followed on the push channel).
// The dialog with the combined model's hint in French. Photographed in Arabic and French, with no
// horizontal overflow and no serious accessibility violation.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_DOCUMENT_TYPES } from '../../src/store/sqlite/migrations/0018-documents';
import { fixture, writeMultiPageTiff } from '../helpers/ocr';
import { catalogueText as msg, documentDirection, horizontalOverflow, login, openDesk, screenshot, seriousA11yViolations, setLanguage, type Desk } from './harness';
import { RABAT, registerDeskCase, setUpDeskCourt } from './desk-court';

const tid = (id: string) => `[data-testid="${id}"]`;
const CLERK = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;

let desk: Desk;
let caseId = '';
let documentId = '';

beforeAll(async () => {
  desk = await openDesk();
  const service = desk.shell.service;
  const court = await setUpDeskCourt(service, RABAT, CLERK);
  const registered = await registerDeskCase(service, court, 'أداء واجبات الكراء', [
    { party: { newParty: { kind: 'person', nameAr: 'رشيد الإدريسي' } }, role: 'plaintiff' },
    { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس' } }, role: 'defendant' },
  ]);
  caseId = registered.caseId;
  // Two pages in French, filed as Arabic by mistake.
  const scan = path.join(desk.dataDir, 'requete.tiff');
  writeMultiPageTiff(scan, [fixture('french-clean.png'), fixture('french-clean.png')]);
  const user = court.user;
  const documents = service.documents!;
  documentId = (await documents.importDocument({ userId: user.id, roles: user.roles }, scan, { caseId, documentTypeId: PETITION, language: 'fr', ocrLanguage: 'ara', title: 'Requête introductive' })).documentId;
  await documents.idle();
  await service.handle('session.logout', {});
  const { page } = desk;
  await page.goto(desk.shell.url);
  await login(page, CLERK);
  await page.waitForSelector(tid('registry-screen'));
}, 300_000);

afterAll(async () => {
  await desk?.close();
});

async function openViewer(page: Page, pageNumber: number): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), `#/case/${caseId}/document/${documentId}/${pageNumber}`);
  await page.waitForSelector(`${tid('document-viewer')}[data-document-id="${documentId}"][data-page="${pageNumber}"]`);
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="viewer-image"]');
    return img !== null && img.complete && img.naturalWidth > 0;
  });
}

describe('reading a page again with another language, in the viewer', () => {
  it('the clerk picks French for this page: its garbage becomes the French it holds, read with fra', async () => {
    const { page } = desk;
    await openViewer(page, 1);
    expect(await page.textContent(tid('viewer-read-with'))).toBe(msg('ar', 'ui.viewer.readWith', { model: msg('ar', 'ui.documents.ocr.ara') }));
    expect(await page.textContent(tid('viewer-text'))).not.toContain('bail commercial');
    await page.click(tid('viewer-read-again'));
    await page.waitForSelector(tid('read-again-language'));
    expect(await page.inputValue(tid('read-again-language'))).toBe('ara');
    await page.selectOption(tid('read-again-language'), 'fra');
    expect(await page.isChecked(`${tid('read-again-page')}`)).toBe(true);
    await screenshot(page, 'read-again-dialog-ar');
    expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`)).toEqual([]);
    await page.click(tid('read-again-modal-submit'));
    await page.waitForSelector(tid('read-again-language'), { state: 'detached' });
    // The progress counts the one page asked for, not the document's two.
    // (Shown with the dialog's closing, in the same render; a page takes Tesseract a second or more.)
    const progress = await page.textContent(tid('viewer-rereading'), { timeout: 1_000 });
    expect([0, 1].map((done) => msg('ar', 'ui.viewer.rereading', { done, total: 1 }))).toContain(progress);
    // Read by the OCR queue; the page is shown again once its new text is written.
    await page.waitForFunction(() => document.querySelector('[data-testid="viewer-text"]')?.textContent?.includes('bail commercial') ?? false, undefined, { timeout: 90_000 });
    await page.waitForSelector(tid('viewer-rereading'), { state: 'detached', timeout: 30_000 });
    expect(await page.textContent(tid('viewer-read-with'))).toBe(msg('ar', 'ui.viewer.readWith', { model: msg('ar', 'ui.documents.ocr.fra') }));
    expect(await page.getAttribute(tid('viewer-text'), 'dir')).toBe('ltr');
    expect(await page.$(tid('viewer-reread-waiting'))).toBeNull();
    await screenshot(page, 'read-again-done-ar');
    expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`)).toEqual([]);
    // Page 2 was not asked for: still read with Arabic.
    await openViewer(page, 2);
    expect(await page.textContent(tid('viewer-read-with'))).toBe(msg('ar', 'ui.viewer.readWith', { model: msg('ar', 'ui.documents.ocr.ara') }));
  }, 150_000);

  it('in French: the dialog offers the combined model with its hint, for the whole document', async () => {
    const { page } = desk;
    await setLanguage(page, 'fr');
    await openViewer(page, 2);
    await page.click(tid('viewer-read-again'));
    await page.waitForSelector(tid('read-again-language'));
    await page.selectOption(tid('read-again-language'), 'ara+fra');
    await page.check(tid('read-again-document'));
    expect(await page.textContent(tid('read-again-mixed-hint'))).toBe(msg('fr', 'ui.viewer.readAgainMixedHint'));
    await screenshot(page, 'read-again-dialog-fr');
    expect(await documentDirection(page)).toEqual({ dir: 'ltr', lang: 'fr' });
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`)).toEqual([]);
    await page.click(tid('read-again-modal-cancel'));
    await page.waitForSelector(tid('read-again-language'), { state: 'detached' });
    await screenshot(page, 'read-again-viewer-fr');
    await setLanguage(page, 'ar');
  });
});
