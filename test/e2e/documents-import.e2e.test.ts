// A clerk files a scanned petition in a case, in the real UI build in Debian Chromium over the
// browser shell: the file is picked in the case's Documents section, streamed to the shell
// (POST /upload), filed with its type and title, and listed at once while its text is read; the
// progress bar moves to done on the push channel's events, with the workspace's overall bar shown
// while it reads. Once read, the page is found from the Search screen by a phrase typed without
// hamza or ta marbuta, and opens in the viewer with the words boxed; in a two-page scan a phrase of its
// second page opens the viewer on page 2. A file the desk cannot read
// (an encrypted PDF) is refused in the dialog with its reason and nothing is filed. Screens photographed in Arabic and French, checked for horizontal
// overflow and with axe.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { fixture, writeEncryptedPdf, writeMultiPageTiff } from '../helpers/ocr';
import { catalogueText as msg, documentDirection, horizontalOverflow, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';
import { MEKNES, registerDeskCase, setUpDeskCourt } from './desk-court';

const tid = (id: string) => `[data-testid="${id}"]`;
const CLERK = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
let desk: Desk;
let caseId = '';

async function checkScreen(name: string, lang: Language): Promise<void> {
  const { page } = desk;
  await page.mouse.move(0, 0);
  await screenshot(page, `${name}-${lang}`);
  expect(await documentDirection(page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  const overflow = await horizontalOverflow(page);
  expect(overflow.offenders, `${name}-${lang}: elements leaving the viewport`).toEqual([]);
  const violations = await seriousA11yViolations(page);
  expect(violations.map((v) => `${v.id}: ${v.help} — ${v.targets.join(' ')}`), `${name}-${lang}: axe`).toEqual([]);
}

beforeAll(async () => {
  desk = await openDesk();
  const service = desk.shell.service;
  const court = await setUpDeskCourt(service, MEKNES, CLERK);
  const reg = await registerDeskCase(service, court, 'أداء واجبات الكراء المتأخرة', [
    { party: { newParty: { kind: 'person', nameAr: 'عبد الإله الفاسي', nameLatin: 'Abdelilah El Fassi' } }, role: 'plaintiff' },
    { party: { newParty: { kind: 'organisation', nameLatin: 'Société Immobilière Zitoune' } }, role: 'defendant' },
  ]);
  caseId = reg.caseId;
  await service.handle('session.logout', {});
  const { page } = desk;
  await page.goto(desk.shell.url);
  await page.waitForSelector(tid('login-screen'));
  await page.fill(tid('login-username'), CLERK.username);
  await page.fill(tid('login-password'), CLERK.password);
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('workspace-container'));
});

afterAll(async () => {
  await desk?.close();
});

describe('filing a scanned document', () => {
  it('a scanned PDF picked on the case page is filed at once and its progress bar moves to done', async () => {
    const { page } = desk;
    await page.goto(`${new URL(page.url()).origin}/#/case/${caseId}`);
    await page.waitForSelector(tid('documents-section'));
    await page.waitForSelector(tid('no-documents'));
    await page.locator(tid('documents-section')).scrollIntoViewIfNeeded();
    await page.setInputFiles(`${tid('documents-section')} input[type="file"]`, fixture('scanned-arabic.pdf'));
    await page.waitForSelector(tid('import-documents-submit'));
    expect(await page.inputValue(tid('import-title'))).toBe('scanned-arabic');
    await page.fill(tid('import-title'), 'مقال افتتاحي للدعوى');
    await page.click(tid('import-documents-submit'));
    await page.waitForSelector(tid('import-documents-submit'), { state: 'detached', timeout: 60_000 });
    await page.waitForSelector(tid('document-row'));
    expect(await page.textContent(`${tid('document-row')} ${tid('document-open')}`)).toBe('مقال افتتاحي للدعوى');
    expect(await page.getAttribute(`${tid('document-row')} ${tid('document-open')}`, 'href')).toMatch(new RegExp(`^#/case/${caseId}/document/[0-9a-f-]{36}/1$`));

    // Watch the bar: states and pages seen until it is done.
    const seen: string[] = [];
    let overallSeen = false;
    const deadline = Date.now() + 180_000;
    for (;;) {
      const state = (await page.getAttribute(tid('document-state'), 'data-state')) ?? '';
      const done = (await page.getAttribute(tid('document-progress'), 'data-done')) ?? '';
      const total = (await page.getAttribute(tid('document-progress'), 'data-total')) ?? '';
      const step = `${state}:${done}/${total}`;
      if (seen.at(-1) !== step) seen.push(step);
      if (state !== 'done' && (await page.$(tid('documents-overall')))) {
        overallSeen = true;
        if (seen.length === 1) {
          await page.locator(tid('documents-table')).scrollIntoViewIfNeeded();
          await checkScreen('documents-reading', 'ar');
        }
      }
      if (state === 'done' || state === 'failed' || Date.now() > deadline) break;
      await page.waitForTimeout(100);
    }
    expect(seen.at(-1)).toBe('done:1/1');
    // Listed before it was read: the clerk was not kept waiting for OCR.
    expect(seen[0]).toMatch(/^(queued|running):0\/1$/);
    expect(overallSeen).toBe(true);
    await page.waitForSelector(tid('documents-overall'), { state: 'detached' });
    expect(await page.getAttribute(`${tid('document-progress')} [role="progressbar"]`, 'aria-valuenow')).toBe('100');
    expect(await page.textContent(tid('document-state'))).toBe(msg('ar', 'ui.documents.state.done'));
    // The thumbnail of the first page is shown.
    await page.waitForSelector(`${tid('document-row')} img[src^="data:image/png;base64,"]`);
    await page.locator(tid('documents-table')).scrollIntoViewIfNeeded();
    await checkScreen('documents-done', 'ar');
  });

  it('the scanned page is found by a phrase typed the hurried way, and opens in the viewer with the words boxed', async () => {
    const { page } = desk;
    // Typed as a clerk types in a hurry: no hamza on the alef, ه for ة. The page reads «أداء الوجيبة الكرائية».
    const typed = 'اداء الوجيبه الكرائيه';
    await page.keyboard.press('Alt+Digit4');
    await page.waitForSelector(tid('search-screen'));
    await page.fill(tid('search-text'), typed);
    const result = tid('search-page-result');
    await page.waitForSelector(result, { timeout: 30_000 });
    expect(await page.$$eval(`${result} mark`, (els) => els.map((e) => e.textContent))).toEqual(['أداء', 'الوجيبة', 'الكرائية']);
    await page.click(result);
    await page.waitForSelector(`${tid('document-viewer')}[data-page="1"]`);
    expect(await page.evaluate(() => window.location.hash)).toMatch(new RegExp(`^#/case/${caseId}/document/[0-9a-f-]{36}/1\\?q=`));
    // The words read from the scan are boxed on the page image, and marked in its text.
    await page.waitForSelector('.viewer-hit');
    expect(await page.$$eval('.viewer-hit', (els) => els.length)).toBeGreaterThanOrEqual(3);
    expect(await page.$$eval(`${tid('viewer-text-pane')} mark`, (els) => els.map((e) => e.textContent))).toEqual(['أداء', 'الوجيبة', 'الكرائية']);
    await checkScreen('documents-found-in-viewer', 'ar');
    await page.goto(`${new URL(page.url()).origin}/#/case/${caseId}`);
    await page.waitForSelector(tid('document-row'));
  });

  it('a two-page scan (French, then Arabic): a phrase typed without hamza or ta marbuta opens the viewer on page 2', async () => {
    const { page } = desk;
    const tiff = path.join(desk.dataDir, 'two-pages.tif');
    writeMultiPageTiff(tiff, [fixture('french-clean.png'), fixture('arabic-clean.png')]);
    await page.setInputFiles(`${tid('documents-section')} input[type="file"]`, tiff);
    await page.waitForSelector(tid('import-documents-submit'));
    await page.fill(tid('import-title'), 'مذكرة جوابية من صفحتين');
    await page.click(tid('import-documents-submit'));
    await page.waitForSelector(tid('import-documents-submit'), { state: 'detached', timeout: 60_000 });
    const row = page.locator(tid('document-row')).filter({ hasText: 'مذكرة جوابية من صفحتين' });
    await row.locator(`${tid('document-state')}[data-state="done"]`).waitFor({ timeout: 180_000 });
    expect(await row.locator(tid('document-progress')).getAttribute('data-total')).toBe('2');

    // Page 2 reads «تأجيل النظر في القضية»; typed with a bare alef and ه for ة. The first document has it too:
    // the two-page scan's result names its page, and opens there.
    await page.keyboard.press('Alt+Digit4');
    await page.waitForSelector(tid('search-screen'));
    await page.fill(tid('search-text'), 'تاجيل النظر في القضيه');
    const result = page.locator(tid('search-page-result')).filter({ hasText: 'مذكرة جوابية من صفحتين' });
    await result.waitFor({ timeout: 30_000 });
    expect(await result.locator(tid('search-page-number')).textContent()).toBe(msg('ar', 'ui.search.page', { page: 2 }));
    await result.click();
    await page.waitForSelector(`${tid('document-viewer')}[data-page="2"]`);
    expect(await page.evaluate(() => window.location.hash)).toMatch(new RegExp(`^#/case/${caseId}/document/[0-9a-f-]{36}/2\\?q=`));
    await page.waitForSelector('.viewer-hit');
    expect(await page.$$eval(`${tid('viewer-text-pane')} mark`, (els) => els.map((e) => e.textContent))).toEqual(expect.arrayContaining(['تأجيل', 'النظر', 'القضية']));
    await page.goto(`${new URL(page.url()).origin}/#/case/${caseId}`);
    await page.waitForSelector(tid('document-row'));
  });

  it('an encrypted PDF is refused in the dialog with its reason, and nothing is filed', async () => {
    const { page } = desk;
    const locked = path.join(desk.dataDir, 'locked.pdf');
    writeEncryptedPdf(fixture('text-layer-french.pdf'), locked);
    await page.setInputFiles(`${tid('documents-section')} input[type="file"]`, locked);
    await page.waitForSelector(tid('import-documents-submit'));
    await page.click(tid('import-documents-submit'));
    await page.waitForSelector(tid('import-error'), { timeout: 60_000 });
    expect(await page.getAttribute(tid('import-error'), 'data-code')).toBe('DOCUMENT_UNREADABLE');
    expect((await page.textContent(tid('import-error')))?.trim()).toBe(msg('ar', 'errors.documents.encrypted'));
    await checkScreen('documents-refused', 'ar');
    await page.click(tid('import-documents-cancel'));
    expect(await page.$$(tid('document-row'))).toHaveLength(2);
    expect(fs.readdirSync(path.join(desk.dataDir, 'uploads'))).toEqual([]);
  });

  it('in French the section speaks French and the layout holds', async () => {
    const { page } = desk;
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('settings-screen'));
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr' && document.documentElement.lang === 'fr');
    await page.goto(`${new URL(page.url()).origin}/#/case/${caseId}`);
    await page.waitForSelector(tid('document-row'));
    expect(await page.textContent('#documents-title')).toBe(msg('fr', 'ui.documents.title'));
    expect(await page.textContent(tid('document-state'))).toBe(msg('fr', 'ui.documents.state.done'));
    await page.waitForSelector(`${tid('document-row')} img[src^="data:image/png;base64,"]`);
    await page.locator(tid('documents-table')).scrollIntoViewIfNeeded();
    await checkScreen('documents-done', 'fr');
    await page.setInputFiles(`${tid('documents-section')} input[type="file"]`, fixture('french-clean.png'));
    await page.waitForSelector(tid('import-documents-submit'));
    await checkScreen('documents-dialog', 'fr');
    await page.click(tid('import-documents-cancel'));
  });
});
