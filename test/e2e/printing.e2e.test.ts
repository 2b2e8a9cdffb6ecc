// Printing at the desk, in the real UI build in Debian Chromium over the browser shell: a clerk
// registers a case and saves the receipt from the green banner, saves the case sheet in French
// from the case page, saves the day's roll, and "Print" opens the PDF in a tab for the browser's
// own print. Every download is a real PDF read back with poppler; the screens with the print
// buttons are photographed in Arabic and French and checked for overflow and with axe.
import fs from 'node:fs';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { comparable, pdfInfo, pdfText, renderPages } from '../helpers/pdf';
import { catalogueText as msg, courtDate, documentDirection, horizontalOverflow, nextSittingDay, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const CLERK = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
let desk: Desk;
let caseNumber = '';
let caseId = '';
let sitting = '';


async function checkScreen(name: string, lang: Language): Promise<void> {
  const { page } = desk;
  // The pointer rests where the last click was; a button that happens to sit there now would be
  // judged in its hover colours.
  await page.mouse.move(0, 0);
  await screenshot(page, `${name}-${lang}`);
  expect(await documentDirection(page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  const overflow = await horizontalOverflow(page);
  expect(overflow.offenders, `${name}-${lang}: elements leaving the viewport`).toEqual([]);
  const violations = await seriousA11yViolations(page);
  expect(violations.map((v) => `${v.id}: ${v.help} — ${v.targets.join(' ')}`), `${name}-${lang}: axe`).toEqual([]);
}

/** Clicks a PDF button and keeps what the browser downloaded; returns the file, its suggested name and text. */
async function download(page: Page, button: string, name: string): Promise<{ file: string; suggested: string; text: string; pages: number }> {
  const [dl] = (await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(tid(button))])) as [Download, void];
  const file = path.join(desk.dataDir, `${name}.pdf`);
  await dl.saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const info = pdfInfo(file);
  expect(info.pageSizeName).toBe('A4');
  expect(renderPages(file, name)).toHaveLength(info.pages);
  return { file, suggested: dl.suggestedFilename(), text: comparable(pdfText(file)), pages: info.pages };
}

beforeAll(async () => {
  desk = await openDesk();
  const setup = await desk.shell.service.handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-MEKNES', nameAr: 'المحكمة الابتدائية بمكناس', nameFr: 'Tribunal de première instance de Meknès' },
    chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
    user: CLERK,
  });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  await desk.shell.service.handle('session.logout', {});
  await desk.page.goto(desk.shell.url);
  await desk.page.waitForSelector(tid('login-screen'));
  await desk.page.fill(tid('login-username'), CLERK.username);
  await desk.page.fill(tid('login-password'), CLERK.password);
  await desk.page.click(tid('login-submit'));
  await desk.page.waitForSelector(tid('workspace-container'));
});

afterAll(async () => {
  await desk?.close();
});

describe('printing from the desk', () => {
  it('right after registering, the green banner saves the registration receipt as a PDF, in Arabic', async () => {
    const { page } = desk;
    await page.click(tid('nav-register'));
    await page.waitForSelector(tid('register-screen'));
    const caseType = await page.$eval(tid('register-case-type'), (s) => (s as HTMLSelectElement).options[1]!.value);
    await page.selectOption(tid('register-case-type'), caseType);
    await page.fill(tid('register-subject'), 'أداء واجبات الكراء المتأخرة');
    await page.fill(tid('party-0-name-ar'), 'عبد الإله الفاسي');
    await page.fill(tid('party-0-name-latin'), 'Abdelilah El Fassi');
    await page.fill(tid('party-1-name-latin'), 'Société Immobilière Zitoune');
    await page.selectOption(tid('party-1-kind'), 'organisation');
    await page.click(tid('register-submit'));
    await page.waitForSelector(tid('case-registered-banner'));
    caseNumber = (await page.textContent(tid('registered-number')))!.trim();
    caseId = (await page.getAttribute(tid('case-detail'), 'data-case-id'))!;
    expect(await page.isVisible(tid('banner-print-receipt-pdf'))).toBe(true);
    await checkScreen('case-print-banner', 'ar');

    const receipt = await download(page, 'banner-print-receipt-pdf', 'e2e-receipt-ar');
    expect(receipt.suggested).toBe(`وصل-التسجيل-${caseNumber.replaceAll('/', '-')}.pdf`);
    expect(receipt.pages).toBe(1);
    for (const words of ['وصل التسجيل', 'المحكمة الابتدائية بمكناس', caseNumber, 'عبد الإله الفاسي', 'Société Immobilière Zitoune', 'أمينة العلوي']) {
      expect(receipt.text).toContain(comparable(words));
    }
  });

  it('the case page saves the case sheet in the language the clerk picks (French here) while the screen stays Arabic', async () => {
    const { page } = desk;
    expect(await page.inputValue(tid('print-language'))).toBe('ar');
    await page.selectOption(tid('print-language'), 'fr');
    const sheet = await download(page, 'print-case-sheet-pdf', 'e2e-case-sheet-fr');
    expect(sheet.suggested).toBe(`fiche-dossier-${caseNumber.replaceAll('/', '-')}.pdf`);
    for (const words of ['Fiche du dossier', 'Tribunal de première instance de Meknès', caseNumber, 'Abdelilah El Fassi', msg('fr', 'enums.caseStatus.registered')]) {
      expect(sheet.text).toContain(comparable(words));
    }
    expect(await documentDirection(page)).toEqual({ dir: 'rtl', lang: 'ar' });
    await page.selectOption(tid('print-language'), 'ar');
  });

  it('“Print” in the browser shell opens the PDF in a new tab, where the browser’s own viewer prints it', async () => {
    const { page, context } = desk;
    expect((await desk.shell.service.handle('app.status', {})).ok).toBe(true);
    const [tab] = await Promise.all([context.waitForEvent('page', { timeout: 60_000 }), page.click(tid('print-receipt-paper'))]);
    await expect.poll(() => tab.url(), { timeout: 60_000 }).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
    await tab.close();
    expect(await page.isVisible(tid('print-error'))).toBe(false);
  });

  it('the day’s roll saves the hearings of the date and chamber on screen', async () => {
    const { page } = desk;
    const ref = await desk.shell.service.handle('reference.get', {});
    if (!ref.ok) throw new Error(JSON.stringify(ref.error));
    sitting = nextSittingDay(courtDate(), new Set(ref.value.holidays.map((h) => h.date)));
    const detail = await desk.shell.service.handle('cases.getDetail', { caseId });
    if (!detail.ok) throw new Error(JSON.stringify(detail.error));
    const scheduled = await desk.shell.service.handle('hearings.schedule', { caseId, baseVersion: detail.value.case.version, date: sitting, time: '09:30', room: 'القاعة 2' });
    expect(scheduled.ok).toBe(true);

    await page.click(tid('nav-hearings'));
    await page.waitForSelector(tid('hearings-screen'));
    await page.fill(tid('day-date'), sitting);
    await page.selectOption(tid('day-chamber'), ref.value.chambers[0]!.id);
    await page.waitForSelector(`${tid('roll-row')}[data-case-number="${caseNumber}"]`);
    await checkScreen('roll-print', 'ar');
    const roll = await download(page, 'print-roll-pdf', 'e2e-roll-ar');
    expect(roll.suggested).toBe(`جدول-الجلسات-${sitting}-CIV1.pdf`);
    for (const words of ['جدول الجلسات', 'الغرفة المدنية الأولى', caseNumber, '09:30', 'القاعة 2', sitting.split('-').reverse().join('/')]) {
      expect(roll.text).toContain(comparable(words));
    }
  });

  it('in French the buttons speak French, the documents default to French, and the layout holds', async () => {
    const { page } = desk;
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('settings-screen'));
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr' && document.documentElement.lang === 'fr');

    await page.click(tid('nav-hearings'));
    await page.waitForSelector(tid('hearings-screen'));
    await page.fill(tid('day-date'), sitting);
    await page.waitForSelector(`${tid('roll-row')}[data-case-number="${caseNumber}"]`);
    expect(await page.inputValue(tid('print-language'))).toBe('fr');
    expect(await page.textContent(tid('print-roll-paper'))).toBe(msg('fr', 'ui.print.print'));
    await checkScreen('roll-print', 'fr');
    const roll = await download(page, 'print-roll-pdf', 'e2e-roll-fr');
    expect(roll.suggested).toBe(`role-audience-${sitting}.pdf`);
    expect(roll.text).toContain(comparable('Rôle d’audience'));
    expect(roll.text).toContain(comparable('Toutes les chambres'));

    await page.click(`${tid('roll-case-link')}`);
    await page.waitForSelector(tid('case-detail'));
    await page.waitForSelector(tid('case-print'));
    await checkScreen('case-print', 'fr');
    const receipt = await download(page, 'print-receipt-pdf', 'e2e-receipt-fr');
    expect(receipt.text).toContain(comparable('Récépissé d’enregistrement'));

    await page.click(tid('nav-settings'));
    await page.selectOption(tid('settings-language'), 'ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.goto(`${new URL(page.url()).origin}/#/case/${caseId}`);
    await page.waitForSelector(tid('case-print'));
    await checkScreen('case-print', 'ar');
  });
});
