// The two other ways a scan reaches a case (issue 9: "drag and drop, file dialog or a watched
// scanner folder"), in the real UI build in Debian Chromium over the browser shell: a file dropped
// on the case's drop zone opens the same filing dialog as the file button and is filed; a file the
// scanner writes into this workstation's scanner folder is listed on the case page once it stops
// changing, filed from there, and moved to the folder's filed/ subfolder. Photographed in Arabic.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILED_DIR_NAME } from '../../src/main/services/documents/scanner-inbox';
import { fixture } from '../helpers/ocr';
import { horizontalOverflow, login, openDesk, screenshot, type Desk } from './harness';
import { FES, registerDeskCase, setUpDeskCourt } from './desk-court';

const tid = (id: string) => `[data-testid="${id}"]`;
const CLERK = { username: 'youssef.bennani', displayName: 'يوسف بناني', password: 'kalima-sirr-2026' };
const scannerFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-e2e-scanner-'));
let desk: Desk;
let caseId = '';

beforeAll(async () => {
  desk = await openDesk({ config: { scannerFolder } });
  const service = desk.shell.service;
  const court = await setUpDeskCourt(service, FES, CLERK);
  caseId = (
    await registerDeskCase(service, court, 'إفراغ محل للسكنى', [{ party: { newParty: { kind: 'person', nameAr: 'سعاد المريني', nameLatin: 'Souad El Merini' } }, role: 'plaintiff' }])
  ).caseId;
  await service.handle('session.logout', {});
  await desk.page.goto(desk.shell.url);
  await login(desk.page, CLERK);
  await desk.page.waitForSelector(tid('workspace-container'));
  await desk.page.goto(`${new URL(desk.page.url()).origin}/#/case/${caseId}`);
  await desk.page.waitForSelector(tid('documents-section'));
});

afterAll(async () => {
  await desk?.close();
  fs.rmSync(scannerFolder, { recursive: true, force: true });
});

/** The filing dialog is open for `name`: give it a title and file it; the row is listed. */
async function fileThroughDialog(expectedTitle: string, title: string): Promise<void> {
  const { page } = desk;
  await page.waitForSelector(tid('import-documents-submit'));
  expect(await page.inputValue(tid('import-title'))).toBe(expectedTitle);
  await page.fill(tid('import-title'), title);
  await page.click(tid('import-documents-submit'));
  await page.waitForSelector(tid('import-documents-submit'), { state: 'detached', timeout: 60_000 });
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('[data-testid="document-row"] [data-testid="document-open"]')].some((a) => a.textContent === t),
    title,
  );
}

describe('a scan dropped on the case, or left in the scanner folder', () => {
  it('a file dragged from the desktop onto the drop zone is filed through the same dialog', async () => {
    const { page } = desk;
    const bytes = fs.readFileSync(fixture('english-clean.png')).toString('base64');
    await page.locator(tid('documents-drop')).scrollIntoViewIfNeeded();
    // What a drag from the file manager delivers: a drop event carrying the file.
    const transfer = await page.evaluateHandle((b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], 'english-clean.png', { type: 'image/png' }));
      return dt;
    }, bytes);
    await page.dispatchEvent(tid('documents-drop'), 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent(tid('documents-drop'), 'drop', { dataTransfer: transfer });
    await fileThroughDialog('english-clean', 'Expert report');
  });

  it('a file the scanner writes is listed once it stops changing, filed from the list, and moved to filed/', async () => {
    const { page } = desk;
    fs.copyFileSync(fixture('arabic-clean.png'), path.join(scannerFolder, 'scan-0001.png'));
    await page.waitForSelector(`${tid('scanner-file')}[data-file-name="scan-0001.png"]`, { timeout: 30_000 });
    await page.locator(tid('scanner-inbox')).scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-scanner-inbox-ar');
    expect((await horizontalOverflow(page)).offenders).toEqual([]);
    await page.click(`${tid('scanner-file')}[data-file-name="scan-0001.png"] ${tid('scanner-file-here')}`);
    await fileThroughDialog('scan-0001', 'محضر معاينة');
    // Filed: gone from the list and from the folder's top, kept under filed/.
    await page.waitForSelector(`${tid('scanner-file')}[data-file-name="scan-0001.png"]`, { state: 'detached', timeout: 30_000 });
    expect(fs.existsSync(path.join(scannerFolder, 'scan-0001.png'))).toBe(false);
    expect(fs.readdirSync(path.join(scannerFolder, FILED_DIR_NAME))).toContain('scan-0001.png');
    expect(await page.locator(tid('document-row')).count()).toBe(2);
  });
});
