// The document viewer in the real UI (issue 9, item 2): a scanned 2-page document imported through
// the service and read by the real OCR pipeline, opened at page 2 with an Arabic query typed without
// diacritics: the page image (MuPDF, through the shell's image route) with the hits boxed on it, the
// page's text with the same words marked, right to left; PageUp/PageDown and the page field; a page's
// text corrected in the dialog and shown as corrected. Photographed in Arabic and French, with no
// horizontal overflow and no serious accessibility violation.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_DOCUMENT_TYPES } from '../../src/store/sqlite/migrations/0018-documents';
import { fixture, writeMultiPageTiff } from '../helpers/ocr';
import { writeTextPdf } from '../helpers/text-pdf';
import { catalogueText as msg, documentDirection, horizontalOverflow, login, openDesk, screenshot, seriousA11yViolations, setLanguage, type Desk } from './harness';
import { RABAT, registerDeskCase, setUpDeskCourt } from './desk-court';

const tid = (id: string) => `[data-testid="${id}"]`;
const CLERK = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;
/** «المحكمة» as a clerk types it; the page says «المحكمة» twice. */
const QUERY = 'المحكمه';

let desk: Desk;
let caseId = '';
let documentId = '';
let letterId = '';
const other = { caseId: '', number: '' };

beforeAll(async () => {
  desk = await openDesk();
  const service = desk.shell.service;
  const court = await setUpDeskCourt(service, RABAT, CLERK);
  const registered = await registerDeskCase(service, court, 'أداء واجبات الكراء', [
    { party: { newParty: { kind: 'person', nameAr: 'رشيد الإدريسي' } }, role: 'plaintiff' },
    { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس' } }, role: 'defendant' },
  ]);
  caseId = registered.caseId;
  const otherCase = await registerDeskCase(service, court, 'أداء دين', [
    { party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohamed Bennani' } }, role: 'plaintiff' },
    { party: { newParty: { kind: 'person', nameLatin: 'Youssef Chraibi' } }, role: 'defendant' },
  ]);
  other.caseId = otherCase.caseId;
  other.number = otherCase.number;
  // A scan of two pages: French first, Arabic second.
  const scan = path.join(desk.dataDir, 'scan-2-pages.tiff');
  writeMultiPageTiff(scan, [fixture('french-clean.png'), fixture('arabic-clean.png')]);
  const user = court.user;
  const documents = service.documents!;
  const imported = await documents.importDocument({ userId: user.id, roles: user.roles }, scan, { caseId, documentTypeId: PETITION, language: 'fr', title: 'مقال افتتاحي — Requête' });
  documentId = imported.documentId;
  // A letter filed here that is about the other case: its number on page 1, its party on page 2.
  const letterFile = path.join(desk.dataDir, 'letter.pdf');
  writeTextPdf(letterFile, [
    ['Tribunal de premiere instance de Rabat', `Dossier numero ${other.number}, audience du lundi.`],
    ['Tribunal de premiere instance de Rabat', 'Le demandeur Mohamed Bennani maintient sa demande.'],
  ]);
  letterId = (await documents.importDocument({ userId: user.id, roles: user.roles }, letterFile, { caseId, documentTypeId: PETITION, language: 'fr', title: 'Lettre du demandeur' })).documentId;
  await documents.idle();
  fs.rmSync(scan);
  await service.handle('session.logout', {});
  const { page } = desk;
  await page.goto(desk.shell.url);
  await login(page, CLERK);
  await page.waitForSelector(tid('registry-screen'));
}, 300_000);

afterAll(async () => {
  await desk?.close();
});

async function openViewer(page: Page, pageNumber: number, query?: string, docId = documentId): Promise<void> {
  await page.evaluate((hash) => (window.location.hash = hash), `#/case/${caseId}/document/${docId}/${pageNumber}${query ? `?q=${encodeURIComponent(query)}` : ''}`);
  await page.waitForSelector(`${tid('document-viewer')}[data-document-id="${docId}"][data-page="${pageNumber}"]`);
  await imageShown(page);
}

/** The page image has arrived from the shell's route and is drawn. */
async function imageShown(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="viewer-image"]');
    return img !== null && img.complete && img.naturalWidth > 0;
  });
}

/** Every hit box lies inside the page image, and is a small box (a word), not the page. */
async function boxesOnImage(page: Page): Promise<{ count: number; inside: boolean; small: boolean }> {
  return page.evaluate(() => {
    const img = document.querySelector('[data-testid="viewer-image"]')!.getBoundingClientRect();
    const boxes = Array.from(document.querySelectorAll('[data-testid="viewer-hit-box"]')).map((b) => b.getBoundingClientRect());
    return {
      count: boxes.length,
      inside: boxes.every((b) => b.left >= img.left - 1 && b.right <= img.right + 1 && b.top >= img.top - 1 && b.bottom <= img.bottom + 1),
      small: boxes.every((b) => b.width > 4 && b.height > 4 && b.width < img.width / 3 && b.height < img.height / 10),
    };
  });
}

describe('the document viewer', () => {
  it('opens page 2 with the query: boxes drawn on the image and the same words marked in the text, right to left', async () => {
    const { page } = desk;
    await openViewer(page, 2, QUERY);
    await page.waitForSelector(tid('viewer-hit-box'));
    const boxes = await boxesOnImage(page);
    expect(boxes.count).toBeGreaterThanOrEqual(1);
    expect(boxes.inside).toBe(true);
    expect(boxes.small).toBe(true);
    const marked = await page.$$eval(tid('viewer-text-hit'), (els) => els.map((e) => e.textContent));
    expect(marked.length).toBeGreaterThanOrEqual(1);
    for (const word of marked) expect(word).toContain('المحكمة');
    expect(await page.getAttribute(tid('viewer-text'), 'dir')).toBe('rtl');
    expect(await page.textContent(tid('viewer-page-count'))).toBe(msg('ar', 'ui.viewer.pageOf', { count: 2 }));
    // The page list's flags are the service's: no page of this clean scan needs review.
    const flags = await page.$$eval(tid('viewer-page-link'), (els) => els.map((e) => [e.getAttribute('data-page'), e.getAttribute('aria-current'), e.hasAttribute('data-low-confidence')]));
    expect(flags).toEqual([
      ['1', null, false],
      ['2', 'page', false],
    ]);
    await screenshot(page, 'document-viewer-ar');
    expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`)).toEqual([]);
  });

  it('turns pages with PageUp/PageDown and the page field, keeping the query; zooms in and back to the width', async () => {
    const { page } = desk;
    await page.click(tid('viewer-image-pane'));
    await page.keyboard.press('PageUp');
    await page.waitForSelector(`${tid('document-viewer')}[data-page="1"]`);
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/case/${caseId}/document/${documentId}/1?q=${encodeURIComponent(QUERY)}`);
    expect(await page.getAttribute(tid('viewer-text'), 'dir')).toBe('ltr');
    // The French page has no word of the Arabic query.
    expect(await page.$$(tid('viewer-hit-box'))).toHaveLength(0);
    await page.keyboard.press('PageUp');
    expect(await page.getAttribute(tid('document-viewer'), 'data-page')).toBe('1');
    await page.keyboard.press('PageDown');
    await page.waitForSelector(`${tid('document-viewer')}[data-page="2"]`);
    await page.fill(tid('viewer-page-field'), '1');
    await page.press(tid('viewer-page-field'), 'Enter');
    await page.waitForSelector(`${tid('document-viewer')}[data-page="1"]`);
    await page.click(`${tid('viewer-page-link')}[data-page="2"]`);
    await page.waitForSelector(`${tid('document-viewer')}[data-page="2"]`);

    const width = async () => page.$eval(tid('viewer-page'), (e) => e.getBoundingClientRect().width);
    const fit = await width();
    // The zoom level reads before the buttons that change it (at their start edge in either direction).
    expect(await page.$$eval(`${tid('viewer-zoom-level')}, ${tid('viewer-zoom-out')}`, ([level, out]) => level!.compareDocumentPosition(out!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
    await page.click(tid('viewer-zoom-in'));
    expect(await width()).toBeGreaterThan(fit * 1.2);
    expect((await boxesOnImage(page)).inside).toBe(true);
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    await page.click(tid('viewer-fit-width'));
    expect(Math.round(await width())).toBe(Math.round(fit));
  });

  it('corrects the page’s text: the dialog saves it, the text pane shows it marked as corrected', async () => {
    const { page } = desk;
    await page.click(tid('viewer-correct'));
    await page.waitForSelector(tid('correct-page-text'));
    expect(await page.inputValue(tid('correct-page-text'))).toContain('المحكمة');
    const corrected = 'المملكة المغربية وزارة العدل المحكمة الابتدائية بالرباط\nنص مصحح يدويا من طرف كتابة الضبط';
    await page.fill(tid('correct-page-text'), corrected);
    await page.click(tid('correct-page-modal-submit'));
    await page.waitForSelector(tid('viewer-corrected'));
    await page.waitForSelector(tid('correct-page-text'), { state: 'detached' });
    expect(await page.textContent(tid('viewer-text'))).toBe(corrected);
    expect(await page.getAttribute(`${tid('viewer-page-link')}[data-page="2"]`, 'data-corrected')).toBe('true');
    // The query's word is still marked in the corrected text.
    expect(await page.$$eval(tid('viewer-text-hit'), (els) => els.map((e) => e.textContent))).toEqual(['المحكمة']);
    await screenshot(page, 'document-viewer-corrected-ar');
  });

  it('warns on the case and in the viewer of pages that seem to belong to another case, with a link to it', async () => {
    const { page } = desk;
    await page.evaluate((hash) => (window.location.hash = hash), `#/case/${caseId}`);
    await page.waitForSelector(tid('case-misfiled-documents'));
    const items = await page.$$eval(tid('case-misfiled-case'), (els) => els.map((e) => e.textContent));
    expect(items).toEqual([other.number, other.number]);
    await screenshot(page, 'document-misfiled-case-ar');
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    await page.click(tid('case-misfiled-page'));
    await page.waitForSelector(`${tid('document-viewer')}[data-document-id="${letterId}"][data-page="1"]`);
    await imageShown(page);
    await page.waitForSelector(tid('viewer-misfiled'));
    expect(await page.textContent(tid('viewer-misfiled'))).toContain(other.number);
    expect(await page.textContent(tid('viewer-misfiled-elsewhere'))).toContain('2');
    await screenshot(page, 'document-viewer-misfiled-ar');
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`)).toEqual([]);
    await page.click(tid('viewer-misfiled-open'));
    await page.waitForSelector(`${tid('case-detail')}[data-case-id="${other.caseId}"]`);
  });

  it('reads in French: the same page, the Arabic text still right to left, nothing overflows', async () => {
    const { page } = desk;
    await setLanguage(page, 'fr');
    await openViewer(page, 2, QUERY);
    await page.waitForSelector(tid('viewer-hit-box'));
    expect(await page.getAttribute(tid('viewer-text'), 'dir')).toBe('rtl');
    expect(await page.textContent(tid('viewer-corrected'))).toBe(msg('fr', 'ui.viewer.corrected'));
    await screenshot(page, 'document-viewer-fr');
    expect(await documentDirection(page)).toEqual({ dir: 'ltr', lang: 'fr' });
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`)).toEqual([]);
    await page.click(tid('viewer-correct'));
    await page.waitForSelector(tid('correct-page-text'));
    await screenshot(page, 'document-viewer-correct-dialog-fr');
    await page.click(tid('correct-page-modal-cancel'));
    await openViewer(page, 2, undefined, letterId);
    await page.waitForSelector(tid('viewer-misfiled'));
    expect(await page.textContent(tid('viewer-misfiled'))).toContain('Mohamed Bennani');
    await screenshot(page, 'document-viewer-misfiled-fr');
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    await setLanguage(page, 'ar');
  });
});
