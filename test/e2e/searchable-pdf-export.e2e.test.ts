// A clerk exports a read scan as a searchable PDF from the case's Documents section, in the real
// UI build in Debian Chromium over the browser shell: the button appears once the text is read,
// the click brings a download (streamed by the shell's GET /download/<id>, not through the JSON
// IPC) named after the document, and the PDF it holds is sound (qpdf) with the page's text found
// by pdftotext — a page corrected by the clerk with its correction. Photographed in Arabic and
// French, checked for horizontal overflow and with axe.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { SEED_DOCUMENT_TYPES } from '../../src/store/sqlite/migrations/0018-documents';
import { characterErrorRate, fixture, knownText, writeMultiPageTiff } from '../helpers/ocr';
import { pdfText, renderPages } from '../helpers/pdf';
import { catalogueText as msg, documentDirection, horizontalOverflow, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';
import { MEKNES, registerDeskCase, setUpDeskCourt } from './desk-court';

const tid = (id: string) => `[data-testid="${id}"]`;
const CLERK = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;
const CORRECTED = 'قرار تمهيدي صححه كاتب الضبط بيده';
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

async function exportAndCheck(name: string): Promise<string> {
  const { page } = desk;
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(tid('document-export-pdf'))]);
  expect(download.suggestedFilename()).toBe('مقال افتتاحي.pdf');
  const out = path.join(desk.dataDir, `${name}.pdf`);
  await download.saveAs(out);
  execFileSync('qpdf', ['--check', out]);
  // Sent once, then gone from the shell's folder.
  expect(fs.readdirSync(path.join(desk.dataDir, 'exports'))).toEqual([]);
  return out;
}

beforeAll(async () => {
  desk = await openDesk();
  const service = desk.shell.service;
  const court = await setUpDeskCourt(service, MEKNES, CLERK);
  const reg = await registerDeskCase(service, court, 'أداء واجبات الكراء المتأخرة', [{ party: { newParty: { kind: 'person', nameAr: 'عبد الإله الفاسي', nameLatin: 'Abdelilah El Fassi' } }, role: 'plaintiff' }]);
  caseId = reg.caseId;
  // A two-page scan (Arabic, then French) filed and read; the clerk corrected the second page.
  const tiff = path.join(desk.dataDir, 'scan.tif');
  writeMultiPageTiff(tiff, [fixture('arabic-clean.png'), fixture('french-clean.png')]);
  const status = await service.handle('app.status', {});
  if (!status.ok) throw new Error(JSON.stringify(status.error));
  const imported = await service.documents!.importDocument({ userId: status.value.user!.id, roles: status.value.user!.roles }, tiff, {
    caseId,
    documentTypeId: PETITION,
    language: 'ar',
    title: 'مقال افتتاحي',
  });
  await service.documents!.idle();
  const corrected = await service.handle('documents.correctPage', { documentId: imported.documentId, pageIndex: 1, text: CORRECTED });
  if (!corrected.ok) throw new Error(JSON.stringify(corrected.error));
  await service.handle('session.logout', {});
  const { page } = desk;
  await page.goto(desk.shell.url);
  await page.waitForSelector(tid('login-screen'));
  await page.fill(tid('login-username'), CLERK.username);
  await page.fill(tid('login-password'), CLERK.password);
  await page.click(tid('login-submit'));
  await page.waitForSelector(tid('workspace-container'));
}, 180_000);

afterAll(async () => {
  await desk?.close();
});

describe('exporting a searchable PDF', () => {
  it('in Arabic: the button on the read document brings a PDF whose pages hold their text, the corrected page its correction', async () => {
    const { page } = desk;
    await page.goto(`${new URL(page.url()).origin}/#/case/${caseId}`);
    await page.waitForSelector(tid('document-export-pdf'));
    expect((await page.textContent(tid('document-export-pdf')))?.trim()).toBe(msg('ar', 'ui.documents.exportPdf'));
    await page.locator(tid('documents-table')).scrollIntoViewIfNeeded();
    await checkScreen('documents-export', 'ar');
    const out = await exportAndCheck('export-ar');
    expect(characterErrorRate(pdfText(out, 1), knownText('arabic-clean'))).toBeLessThan(0.1);
    expect(pdfText(out, 2).replace(/[\u202a-\u202e]/g, '')).toContain(CORRECTED);
    renderPages(out, 'e2e-searchable-export', 80);
    expect(await page.$(tid('documents-action-error'))).toBeNull();
  }, 120_000);

  it('in French the button speaks French and the export works the same', async () => {
    const { page } = desk;
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('settings-screen'));
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr' && document.documentElement.lang === 'fr');
    await page.goto(`${new URL(page.url()).origin}/#/case/${caseId}`);
    await page.waitForSelector(tid('document-export-pdf'));
    expect((await page.textContent(tid('document-export-pdf')))?.trim()).toBe(msg('fr', 'ui.documents.exportPdf'));
    await page.locator(tid('documents-table')).scrollIntoViewIfNeeded();
    await checkScreen('documents-export', 'fr');
    const out = await exportAndCheck('export-fr');
    expect(pdfText(out, 2).replace(/[\u202a-\u202e]/g, '')).toContain(CORRECTED);
  }, 120_000);

  it('a download address is used once: asked again it is gone, in the clerk’s language on the API', async () => {
    const { page } = desk;
    const r = await page.evaluate(async () => (await fetch('/download/01900000-0000-7000-8000-0000000000ff')).status);
    expect(r).toBe(404);
  });
});
