// Sync as a clerk meets it, in the real UI build in Debian Chromium against a real server process
// (`npm run server`, SQLite): an administrator enrols the desk from Settings (a bad address and a
// wrong code first: said in the clerk's language, nothing changed), a clerk signs in with their
// server account, the header shows what waits to be sent and then that it went (pushed to the
// page over the shell's server-sent events, no reload), and a conflict with a second desk is seen
// field by field and resolved on the sync screen; the second desk ends with the clerk's choice.
// Screens photographed in Arabic and French.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { createAppService, type AppService } from '../../src/main/services/app-service';
import { loadConfig } from '../../src/main/services/config';
import { silentLogger } from '../../src/main/services/logger';
import { PASSWORD, freePort, killServer, prepareServerCourt, startServer, type ServerCourt, type ServerProcess } from '../integration/sync/http-stage';
import { catalogueText as msg, documentDirection, horizontalOverflow, login, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const LOCAL_ADMIN = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };
const COURT = { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' };

let serverDir: string;
let server: ServerProcess;
let port: number;
let court: ServerCourt;
let desk: Desk;
let other: AppService;
let otherDir: string;
let caseId = '';

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

/** Switches the desk's language (main persists it) and shows the same screen again. */
async function inLanguage(lang: Language, testId: string): Promise<void> {
  await value(desk.shell.service.handle('settings.setLanguage', { language: lang }));
  await desk.page.reload();
  await desk.page.waitForSelector(tid(testId));
}

const headerSync = () => desk.page.$eval(tid('header-sync'), (el) => ({ state: el.getAttribute('data-state'), pending: el.getAttribute('data-pending'), conflicts: el.getAttribute('data-conflicts') }));

beforeAll(async () => {
  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-e2e-server-'));
  court = await prepareServerCourt(serverDir, 2);
  port = await freePort();
  server = await startServer(serverDir, port);
  desk = await openDesk();
  await value(desk.shell.service.handle('setup.initialize', { language: 'ar', court: COURT, chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }], user: LOCAL_ADMIN }));
  // Set-up signs its first user in; the administrator signs in at the browser instead.
  await value(desk.shell.service.handle('session.logout', {}));
  // A second desk of the court, driven through its service: the other clerk.
  otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-e2e-other-'));
  other = await createAppService({ dataDir: otherDir, config: { ...loadConfig({}), dataDir: otherDir, syncIntervalSeconds: 3600 }, log: silentLogger(), dailySnapshots: false });
  await value(other.handle('setup.initialize', { language: 'ar', court: COURT, chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }], user: LOCAL_ADMIN }));
  await value(other.handle('session.login', { username: LOCAL_ADMIN.username, password: LOCAL_ADMIN.password }));
  await value(other.handle('sync.enrol', { serverUrl: server.url, code: court.codes[1]! }));
  await value(other.handle('session.login', { username: court.clerk.username, password: PASSWORD }));
}, 120_000);

afterAll(async () => {
  await other?.close();
  await desk?.close();
  if (server) await killServer(server);
  for (const d of [serverDir, otherDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('a desk joins its court server and syncs', () => {
  it('an administrator enrols the desk from Settings; a bad address and a wrong code are said in the clerk’s language', async () => {
    const { page } = desk;
    await page.goto(desk.shell.url);
    await login(page, LOCAL_ADMIN);
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('enrol-form'));
    // A standalone desk shows no sync status in its header.
    expect(await page.$(tid('header-sync'))).toBeNull();
    await check('sync-enrol', 'ar');
    await inLanguage('fr', 'enrol-form');
    await check('sync-enrol', 'fr');
    await inLanguage('ar', 'enrol-form');

    await page.fill(tid('enrol-server-url'), 'mahkama.court.ma');
    await page.fill(tid('enrol-code'), court.codes[0]!);
    await page.click(tid('enrol-submit'));
    await expect.poll(() => page.getAttribute(tid('enrol-server-url'), 'aria-invalid')).toBe('true');
    expect(await page.textContent(tid('enrol-form'))).toContain(msg('ar', 'errors.enrolment.badServerUrl'));

    await page.fill(tid('enrol-server-url'), server.url);
    await page.fill(tid('enrol-code'), 'ABCD-EFGH-JKMN-PQRS');
    await page.click(tid('enrol-submit'));
    await page.waitForSelector(tid('enrol-error'));
    expect(await page.textContent(tid('enrol-error'))).toContain(msg('ar', 'errors.enrolment.codeUnknown'));
    await check('sync-enrol-refused', 'ar');

    await page.fill(tid('enrol-code'), court.codes[0]!);
    await page.click(tid('enrol-submit'));
    // The court is the server's now: the clerk signs in with their server account.
    await login(page, { username: court.clerk.username, password: PASSWORD });
    await page.waitForSelector(tid('header-sync'));
    await expect.poll(headerSync).toEqual({ state: 'online', pending: '0', conflicts: '0' });
    expect(await page.textContent(tid('header-court'))).toBe(COURT.nameAr);
  });

  it('the header shows work waiting while the server is away, and synced once it is back', async () => {
    const { page } = desk;
    await killServer(server);
    const chamber = (await value(desk.shell.service.handle('reference.get', {}))).chambers.find((c) => c.code === 'CIV')!;
    const reg = await value(
      desk.shell.service.handle('cases.register', {
        chamberId: chamber.id,
        caseTypeId: '01900000-0000-7000-8000-000000001101',
        filedOn: (await value(desk.shell.service.handle('app.status', {}))).courtToday,
        subject: 'أداء مبلغ دين',
        parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' }],
      }),
    );
    caseId = reg.caseId;
    // Pushed by the shell's event stream: no reload, no click.
    await expect.poll(headerSync, { timeout: 15_000 }).toEqual({ state: 'offline', pending: '1', conflicts: '0' });
    await check('sync-header-offline', 'ar');
    await inLanguage('fr', 'header-sync');
    await expect.poll(headerSync, { timeout: 15_000 }).toMatchObject({ pending: '1' });
    await check('sync-header-offline', 'fr');
    await inLanguage('ar', 'header-sync');

    // Signed out and in again while the server is away: an offline sign-in, with no server session.
    await value(desk.shell.service.handle('session.logout', {}));
    await page.reload();
    await login(page, { username: court.clerk.username, password: PASSWORD });
    await page.waitForSelector(tid('header-sync'));
    await expect.poll(headerSync, { timeout: 15_000 }).toEqual({ state: 'signedOut', pending: '1', conflicts: '0' });
    await page.click(tid('header-sync'));
    await page.waitForSelector(tid('sync-reconnect'));
    await check('sync-reconnect', 'ar');
    await inLanguage('fr', 'sync-reconnect');
    await check('sync-reconnect', 'fr');
    await inLanguage('ar', 'sync-reconnect');

    // The network is back: the clerk connects again with their password, from the sync screen.
    server = await startServer(serverDir, port);
    await page.fill(tid('sync-reconnect-password'), 'not my password');
    await page.click(tid('sync-reconnect-submit'));
    await page.waitForSelector(tid('sync-reconnect-error'));
    expect(await page.textContent(tid('sync-reconnect-error'))).toContain(msg('ar', 'errors.auth.badPassword'));
    await page.fill(tid('sync-reconnect-password'), PASSWORD);
    await page.click(tid('sync-reconnect-submit'));
    await expect.poll(headerSync, { timeout: 15_000 }).toEqual({ state: 'online', pending: '0', conflicts: '0' });
    await page.waitForSelector(tid('sync-reconnect'), { state: 'detached' });
    await page.click(tid('sync-now'));
    await expect.poll(headerSync, { timeout: 15_000 }).toEqual({ state: 'online', pending: '0', conflicts: '0' });
    await check('sync-header-synced', 'ar');
  });

  it('a conflict with the other desk is shown field by field and resolved by the clerk; both desks end equal', async () => {
    const { page } = desk;
    await value(other.handle('sync.now', {}));
    const base = await value(other.handle('cases.getDetail', { caseId }));
    await value(desk.shell.service.handle('cases.updateParticulars', { caseId, baseVersion: base.case.version, changes: { subject: 'أداء مبلغ دين تجاري' } }));
    await value(other.handle('cases.updateParticulars', { caseId, baseVersion: base.case.version, changes: { subject: 'أداء مبلغ كراء محل' } }));
    await value(other.handle('sync.now', {}));
    await page.click(tid('sync-now'));
    await expect.poll(headerSync, { timeout: 15_000 }).toEqual({ state: 'online', pending: '0', conflicts: '1' });
    await page.waitForSelector(tid('sync-conflict'));
    const cells = await page.$$eval(`${tid('sync-conflict-fields')} tbody td`, (tds) => tds.map((td) => (td.textContent ?? '').trim()));
    expect(cells).toEqual(['أداء مبلغ دين', 'أداء مبلغ دين تجاري', 'أداء مبلغ كراء محل']);
    await check('sync-conflicts', 'ar');
    await inLanguage('fr', 'sync-conflict');
    await check('sync-conflicts', 'fr');
    await inLanguage('ar', 'sync-conflict');

    // Nothing chosen yet: nothing to send.
    expect(await page.isDisabled(tid('sync-resolve'))).toBe(true);
    await page.click(tid('sync-choice-subject-mine'));
    await page.click(tid('sync-resolve'));
    await page.waitForSelector(tid('sync-conflict'), { state: 'detached' });
    await page.click(tid('sync-now'));
    await expect.poll(headerSync, { timeout: 15_000 }).toEqual({ state: 'online', pending: '0', conflicts: '0' });
    await value(other.handle('sync.now', {}));
    expect((await value(other.handle('cases.getDetail', { caseId }))).case.subject).toBe('أداء مبلغ دين تجاري');
    // Resolved, and still on record.
    await page.click(tid('sync-include-settled'));
    await page.waitForSelector(tid('sync-conflict'));
    // What was kept stays shown, and cannot be changed any more.
    expect(await page.isChecked(tid('sync-choice-subject-mine'))).toBe(true);
    expect(await page.isDisabled(tid('sync-choice-subject-theirs'))).toBe(true);
    await check('sync-conflicts-resolved', 'ar');
    expect(desk.pageErrors).toEqual([]);
  });
});
