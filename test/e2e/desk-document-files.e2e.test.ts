// Document files in the header, in the real UI build in Debian Chromium against a real server
// process: a petition scanned on another desk of the court reaches this desk as a record, and the
// header says a file is to fetch while the scanning desk has not sent it (not an error, nothing
// red); once it is sent, a sync brings it down in the background and the header says nothing more.
// Photographed in Arabic and French.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { DocumentFileStore } from '../../src/main/services/documents/file-store';
import { cleanup, clientOf, deskOf, fileAScan, sync, tempDir, type Desk as FileDesk } from '../integration/sync/document-files-stage';
import { PASSWORD, freePort, killServer, prepareServerCourt, startServer, type ServerCourt, type ServerProcess } from '../integration/sync/http-stage';
import { catalogueText as msg, documentDirection, horizontalOverflow, login, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const LOCAL_ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const COURT = { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' };

let server: ServerProcess;
let court: ServerCourt;
let desk: Desk;
let scanner: FileDesk;

async function value<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

async function check(name: string, lang: Language): Promise<void> {
  const { page } = desk;
  await screenshot(page, `${name}-${lang}`);
  expect(await documentDirection(page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  expect((await horizontalOverflow(page)).offenders, `${name}-${lang}`).toEqual([]);
  expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.targets.join(' ')}`), `${name}-${lang}`).toEqual([]);
}

const files = () =>
  desk.page.$eval(tid('header-sync'), (el) => ({ toUpload: el.getAttribute('data-files-to-upload'), toFetch: el.getAttribute('data-files-to-fetch'), problems: el.getAttribute('data-file-problems') }));

beforeAll(async () => {
  const serverDir = tempDir('mahkama-e2e-files-server-');
  court = await prepareServerCourt(serverDir, 2);
  server = await startServer(serverDir, await freePort());
  cleanup.push(() => killServer(server));
  scanner = await deskOf(server.url, court, court.codes[1]!, 'greffe-scan');
  await sync(scanner, server.url);

  desk = await openDesk();
  const service = desk.shell.service;
  await value(service.handle('setup.initialize', { language: 'ar', court: COURT, chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }], user: LOCAL_ADMIN }));
  await value(service.handle('session.login', { username: LOCAL_ADMIN.username, password: LOCAL_ADMIN.password }));
  await value(service.handle('sync.enrol', { serverUrl: server.url, code: court.codes[0]! }));
}, 120_000);

afterAll(async () => {
  await desk?.close();
  for (const c of cleanup.reverse()) await c();
});

describe('a scan of another desk, seen from the header', () => {
  it('a file to fetch while not yet sent; fetched in the background once it is', async () => {
    const { page } = desk;
    await page.goto(desk.shell.url);
    await login(page, { username: court.clerk.username, password: PASSWORD });
    await page.waitForSelector(tid('header-sync'));

    const scan = await fileAScan(scanner, 90_000);
    await sync(scanner, server.url);
    await value(desk.shell.service.handle('sync.now', {}));
    await expect.poll(files, { timeout: 15_000 }).toEqual({ toUpload: '0', toFetch: '1', problems: '0' });
    expect(await page.textContent(tid('header-sync-fetch'))).toBe(msg('ar', 'ui.sync.filesToFetch_one', { count: 1 }));
    expect(await page.$(tid('header-sync-file-problems'))).toBeNull();
    await check('sync-header-file-to-fetch', 'ar');
    await value(desk.shell.service.handle('settings.setLanguage', { language: 'fr' }));
    await page.reload();
    await page.waitForSelector(tid('header-sync-fetch'));
    expect(await page.textContent(tid('header-sync-fetch'))).toBe(msg('fr', 'ui.sync.filesToFetch_one', { count: 1 }));
    await check('sync-header-file-to-fetch', 'fr');
    await value(desk.shell.service.handle('settings.setLanguage', { language: 'ar' }));
    await page.reload();
    await page.waitForSelector(tid('header-sync'));

    await scanner.files.pass(clientOf(scanner, server.url));
    await value(desk.shell.service.handle('sync.now', {}));
    await expect.poll(files, { timeout: 15_000 }).toEqual({ toUpload: '0', toFetch: '0', problems: '0' });
    expect(await page.$(tid('header-sync-fetch'))).toBeNull();
    const store = new DocumentFileStore(desk.dataDir);
    expect(fs.readFileSync(store.pathOf(scan.sha)).equals(scan.bytes)).toBe(true);
    await check('sync-header-files-fetched', 'ar');
    expect(desk.pageErrors).toEqual([]);
  });
});
