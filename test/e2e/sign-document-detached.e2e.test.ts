// A clerk signs a scanned expert report with a detached signature from the document viewer, in the
// real UI build in Debian Chromium over the browser shell, on a SoftHSM2 card (EC P-256): the
// judgment's card dialog (a wrong PIN first: its error in the dialog, nothing downloaded), then the
// .p7s downloaded through the shell's GET /download/<id>, checked by `openssl cms -verify` over the
// document's file and by our verifier. The signature is then listed in the viewer (signer, role,
// court time, level, checked against the scan: valid, the court's root being a trust anchor) and its
// .p7s downloaded again from there, the same bytes. Photographed in Arabic and French.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { verifyDetached } from '../../src/signatures/cades-verify';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../helpers/softhsm-tokens';
import { deskWithJudgedCase } from '../integration/services/helpers';
import { catalogueText as msg, documentDirection, horizontalOverflow, login, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const PASSWORD = 'Rabat-greffe-2026!';
const FIXTURES = path.resolve(__dirname, '../fixtures/documents');
const SCAN = path.join(FIXTURES, 'arabic-clean.png');

let hsm: SoftHsm;
let desk: Desk;
let caseId = '';
let scanId = '';
const clock = { t: Date.parse('2026-04-06T09:00:00Z') };

async function handle(method: string, input: unknown): Promise<any> {
  const r = await desk.shell.service.handle(method as never, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function look(name: string, lang: Language): Promise<void> {
  await desk.page.mouse.move(0, 0);
  await screenshot(desk.page, `${name}-${lang}`);
  expect(await documentDirection(desk.page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  expect((await horizontalOverflow(desk.page)).offenders).toEqual([]);
  const violations = await seriousA11yViolations(desk.page);
  expect(violations.map((v) => `${v.id}: ${v.help} — ${v.targets.join(' ')}`), `${name}-${lang}: axe`).toEqual([]);
}

async function openScan(): Promise<void> {
  await desk.page.goto(`${new URL(desk.page.url()).origin}/#/case/${caseId}/document/${scanId}/1`);
  await desk.page.waitForSelector(tid('viewer-sign-detached'));
}

async function chooseCard(pin: string): Promise<void> {
  const { page } = desk;
  await page.click(tid('viewer-sign-detached'));
  await page.waitForSelector(tid('sign-submit'));
  await page.getByText('greffe-karim', { exact: true }).click();
  await page.waitForSelector(tid('certificate-option'));
  await page.fill(tid('pin-input'), pin);
}

function opensslVerify(sig: string): number | null {
  return spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', SCAN, '-CAfile', hsm.ca.rootFile, '-purpose', 'any', '-out', '/dev/null'], { stdio: 'ignore' }).status;
}

beforeAll(async () => {
  hsm = makeSoftHsm([{ label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] }]);
  // The token service is a child of the shell's process: it finds the test's SoftHSM2 folder here.
  process.env.SOFTHSM2_CONF = hsm.env.SOFTHSM2_CONF;
  const trust = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-e2e-trust-'));
  fs.writeFileSync(path.join(trust, 'court-root.pem'), hsm.ca.rootPem);
  desk = await openDesk({ now: () => new Date(clock.t), config: { pkcs11Module: SOFTHSM_MODULE, trustAnchorsDir: trust } });
  ({ caseId } = await deskWithJudgedCase(desk.shell.service, clock, PASSWORD));
  await handle('session.logout', {});
  await handle('session.login', { username: 'karim.greffe', password: PASSWORD });
  const types = await handle('documents.types', {});
  scanId = (await handle('documents.import', { source: { kind: 'path', path: SCAN }, meta: { caseId, documentTypeId: types.types[0].id, language: 'ar', title: 'تقرير الخبرة الممسوح' } })).documentId;
  await desk.shell.service.documents!.idle();
  await handle('session.logout', {});
  await desk.page.goto(desk.shell.url);
  await login(desk.page, { username: 'karim.greffe', password: PASSWORD });
  await desk.page.waitForSelector(tid('workspace-container'));
}, 240_000);

afterAll(async () => {
  await desk?.close();
  hsm?.cleanup();
});

describe('signing a document detached from the viewer', () => {
  it('in Arabic: a wrong PIN is said in the dialog; the right one downloads a .p7s that openssl and our verifier accept over the scan', async () => {
    const { page } = desk;
    await openScan();
    expect((await page.textContent(tid('viewer-sign-detached')))?.trim()).toBe(msg('ar', 'ui.viewer.signDetached'));
    await chooseCard('0000');
    await look('sign-detached-dialog', 'ar');
    await page.click(tid('sign-submit'));
    await page.waitForSelector(tid('sign-error'), { timeout: 60_000 });
    expect(await page.textContent(tid('sign-error'))).toContain(msg('ar', 'signing.errors.pinIncorrectCountLow').slice(0, 12));
    expect(fs.existsSync(path.join(desk.dataDir, 'exports')) ? fs.readdirSync(path.join(desk.dataDir, 'exports')) : []).toEqual([]);

    await page.fill(tid('pin-input'), '1357');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(tid('sign-submit'))]);
    expect(download.suggestedFilename()).toBe('arabic-clean.png.p7s');
    const sig = path.join(desk.dataDir, 'scan.p7s');
    await download.saveAs(sig);
    await page.waitForSelector(tid('viewer-sign-detached-saved'));
    expect(await page.textContent(tid('viewer-sign-detached-saved'))).toContain('arabic-clean.png.p7s');
    await look('sign-detached-saved', 'ar');

    expect(opensslVerify(sig)).toBe(0);
    const ours = await verifyDetached(SCAN, sig, [Buffer.from(hsm.ca.rootPem)]);
    expect(ours).toMatchObject({ valid: true, chain: 'trusted', contentAttached: false });
    expect(ours.signer?.commonNames).toEqual(['Karim Bennani']);

    // Recorded: listed in the viewer with who, as what, when and at what level, checked valid.
    await page.waitForSelector(`${tid('detached-signatures')}[data-count="1"]`);
    const row = page.locator(tid('detached-signature-row'));
    expect(await row.getAttribute('data-valid')).toBe('true');
    expect(await row.getAttribute('data-level')).toBe('B-B');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('كريم بناني');
    expect(text).toContain(msg('ar', 'enums.role.clerk'));
    expect(text).toContain(msg('ar', 'ui.viewer.detachedValid'));
    expect(await page.textContent(tid('detached-signatures'))).toContain(msg('ar', 'ui.viewer.detachedTitle'));
    await look('sign-detached-listed', 'ar');
    const [again] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(tid('detached-signature-save'))]);
    expect(again.suggestedFilename()).toBe('arabic-clean.png.p7s');
    const saved = path.join(desk.dataDir, 'scan-again.p7s');
    await again.saveAs(saved);
    expect(fs.readFileSync(saved).equals(fs.readFileSync(sig))).toBe(true);
  }, 180_000);

  it('in French the button and the dialog speak French', async () => {
    const { page } = desk;
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('settings-screen'));
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr' && document.documentElement.lang === 'fr');
    await openScan();
    expect((await page.textContent(tid('viewer-sign-detached')))?.trim()).toBe(msg('fr', 'ui.viewer.signDetached'));
    await chooseCard('1357');
    expect(await page.textContent(tid('sign-detached-modal'))).toContain(msg('fr', 'ui.viewer.signDetachedTitle'));
    await look('sign-detached-dialog', 'fr');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(tid('sign-submit'))]);
    const sig = path.join(desk.dataDir, 'scan-fr.p7s');
    await download.saveAs(sig);
    expect(opensslVerify(sig)).toBe(0);
    await page.waitForSelector(`${tid('detached-signatures')}[data-count="2"]`);
    expect(await page.locator(tid('detached-signature-row')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-valid')))).toEqual(['true', 'true']);
    const text = (await page.textContent(tid('detached-signatures'))) ?? '';
    expect(text).toContain(msg('fr', 'ui.viewer.detachedTitle'));
    expect(text).toContain(msg('fr', 'enums.role.clerk'));
    await look('sign-detached-listed', 'fr');
  }, 180_000);
});
