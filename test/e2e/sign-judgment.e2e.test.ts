// Signing a judgment from the case screen, in the real UI build in Debian Chromium over the browser
// shell, with SoftHSM2 cards (MAHKAMA_PKCS11_MODULE set for the shell, the test CA's root as the
// court's trust anchor) and a local OCSP responder, CRLs and timestamp authority (MAHKAMA_TSA_URL):
// the judge picks her card and certificate, types the PIN and signs; the clerk countersigns; the
// signature panel is green with both signatures, each at level B-T; the locked judgment refuses a
// correction with the reason; the clerk extends the signatures for long-term validation — the TSA
// down first, refused in Arabic, then to B-LTA with the document timestamp shown. Then the chief
// clerk closes the court day from the hearings screen with his own card: the day's register is
// signed and shown closed. Photographed in Arabic and French.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { cardsWithPki } from '../helpers/pki-cards';
import type { PkiServices } from '../helpers/pki-services';
import { SOFTHSM_MODULE, type SoftHsm } from '../helpers/softhsm-tokens';
import { catalogueText as msg, courtDate, documentDirection, horizontalOverflow, login, nextSittingDay, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';

const tid = (id: string) => `[data-testid="${id}"]`;
const CHIEF = { username: 'hassan.chef', displayName: 'حسن الإدريسي', password: 'kalima-sirr-2026' };
const JUDGE = { username: 'samira.juge', displayName: 'سميرة العلوي', password: 'kalima-sirr-2026' };
const CLERK = { username: 'karim.greffe', displayName: 'كريم بناني', password: 'kalima-sirr-2026' };

let hsm: SoftHsm;
let pki: PkiServices;
let desk: Desk;
let caseId = '';
const clock = { t: Date.now() };

async function handle(method: string, input: unknown): Promise<any> {
  const r = await desk.shell.service.handle(method as never, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function openCase(): Promise<void> {
  await desk.page.goto(`${new URL(desk.page.url()).origin}/#/case/${caseId}`);
  await desk.page.waitForSelector(tid('judgment-section'));
}

async function signInAs(who: { username: string; password: string }): Promise<void> {
  await desk.page.click(tid('logout-button'));
  await login(desk.page, who);
  await desk.page.waitForSelector(tid('workspace-container'));
}

async function look(name: string, lang: Language): Promise<void> {
  await desk.page.mouse.move(0, 0);
  await screenshot(desk.page, `${name}-${lang}`);
  expect(await documentDirection(desk.page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  expect((await horizontalOverflow(desk.page)).offenders).toEqual([]);
  const violations = await seriousA11yViolations(desk.page);
  expect(violations.map((v) => `${v.id}: ${v.help} — ${v.targets.join(' ')}`), `${name}-${lang}: axe`).toEqual([]);
}

async function signWithCard(label: string, pin: string, button: string, lang: Language, shot: string): Promise<void> {
  const { page } = desk;
  await page.click(tid(button));
  await page.waitForSelector(tid('sign-submit'));
  await page.getByText(label, { exact: true }).click();
  await page.waitForSelector(tid('certificate-option'));
  await page.fill(tid('pin-input'), pin);
  await look(shot, lang);
  await page.click(tid('sign-submit'));
  await page.waitForSelector(tid('sign-submit'), { state: 'detached', timeout: 60_000 });
}

beforeAll(async () => {
  ({ pki, hsm } = await cardsWithPki(
    [
      { label: 'juge-alaoui', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] },
      { label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] },
      { label: 'greffe-chef', pin: '8642', keys: [{ type: 'RSA', commonName: 'Hassan Idrissi' }] },
    ],
  ));
  // The token service is a child of the shell's process: it finds the test's SoftHSM2 folder here.
  process.env.SOFTHSM2_CONF = hsm.env.SOFTHSM2_CONF;
  const trust = path.join(hsm.dir, 'trust');
  fs.mkdirSync(trust);
  fs.writeFileSync(path.join(trust, 'root.pem'), hsm.ca.rootPem);
  desk = await openDesk({ now: () => new Date(clock.t), config: { pkcs11Module: SOFTHSM_MODULE, trustAnchorsDir: trust, tsaUrl: pki.tsaUrl } });
  await handle('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-FES', nameAr: 'المحكمة الابتدائية بفاس', nameFr: 'Tribunal de première instance de Fès' },
    chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
    user: CHIEF,
  });
  await handle('users.create', { username: JUDGE.username, displayName: JUDGE.displayName, roles: ['judge'], password: JUDGE.password });
  await handle('users.create', { username: CLERK.username, displayName: CLERK.displayName, roles: ['clerk'], password: CLERK.password });
  const ref = await handle('reference.get', {});
  const reg = await handle('cases.register', {
    chamberId: ref.chambers[0].id,
    caseTypeId: ref.caseTypes.find((t: { code: string }) => t.code === '1201').id,
    filedOn: courtDate(new Date(clock.t)),
    subject: 'أداء مبلغ دين تجاري',
    parties: [
      { party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohamed Bennani' } }, role: 'plaintiff' },
      { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس', nameLatin: 'Atlas SARL' } }, role: 'defendant' },
    ],
  });
  caseId = reg.caseId;
  const sitting = nextSittingDay(courtDate(new Date(clock.t)), new Set(ref.holidays.map((h: { date: string }) => h.date)));
  const hearing = await handle('hearings.schedule', { caseId, baseVersion: 1, date: sitting, time: '09:30' });
  // The day of the hearing, 10:30 in Fès: the judgment is pronounced at it.
  clock.t = Date.parse(`${sitting}T09:30:00Z`);
  await handle('session.logout', {});
  await handle('session.login', { username: JUDGE.username, password: JUDGE.password });
  const detail = await handle('cases.getDetail', { caseId });
  await handle('cases.recordJudgment', {
    caseId,
    baseVersion: detail.case.version,
    hearingId: hearing.hearingId,
    pronouncedOn: sitting,
    operativePart: 'حكمت المحكمة علنيا ابتدائيا وحضوريا:\nبأداء المدعى عليها للمدعي مبلغ 20.000 درهم مع الصائر.',
  });
  await handle('session.logout', {});
  await desk.page.goto(desk.shell.url);
  await login(desk.page, JUDGE);
  await desk.page.waitForSelector(tid('workspace-container'));
}, 240_000);

afterAll(async () => {
  await desk?.close();
  await pki?.close();
  hsm?.cleanup();
});

describe('signing a judgment from the case screen', () => {
  it('the judge signs with her card, the clerk countersigns, the panel is green, and the locked judgment refuses a correction', async () => {
    const { page } = desk;
    await openCase();
    expect(await page.isVisible(tid('countersign-judgment-button'))).toBe(false);
    await signWithCard('juge-alaoui', '2468', 'sign-judgment-button', 'ar', 'sign-judgment-dialog');
    await page.waitForSelector(`${tid('signature-panel')}[data-valid="true"]`, { timeout: 30_000 });
    expect(await page.locator(tid('signature-row')).count()).toBe(1);
    // The judge cannot countersign; her text is fixed now.
    expect(await page.isVisible(tid('countersign-judgment-button'))).toBe(false);

    await signInAs(CLERK);
    await openCase();
    await signWithCard('greffe-karim', '1357', 'countersign-judgment-button', 'ar', 'countersign-judgment-dialog');
    await page.waitForSelector(tid('judgment-locked'));
    await page.waitForSelector(`${tid('signature-panel')}[data-valid="true"]`, { timeout: 30_000 });
    const rows = page.locator(tid('signature-row'));
    expect(await rows.count()).toBe(2);
    const panel = await page.textContent(tid('signature-panel'));
    expect(panel).toContain(msg('ar', 'ui.signing.coversWhole'));
    expect(panel).toContain(msg('ar', 'ui.signing.chainTrusted'));
    expect(panel).toContain('Samira Alaoui');
    expect(panel).toContain('Karim Bennani');
    await look('judgment-signed', 'ar');

    // A correction of the locked judgment: refused, with the reason, nothing changed.
    await page.click(tid('edit-judgment-button'));
    await page.waitForSelector(tid('edit-judgment-operative-part'));
    await page.fill(tid('edit-judgment-operative-part'), 'نص آخر للحكم');
    await page.click(tid('edit-judgment-modal-submit'));
    const refusal = await page.waitForSelector(`${tid('error-alert')}[data-code="RULE_VIOLATION"]`);
    const number = (await handle('cases.getDetail', { caseId })).case.number as string;
    expect(await refusal.textContent()).toContain(msg('ar', 'errors.rule.judgmentLocked', { number }).slice(0, 12));
    await look('judgment-locked-refused', 'ar');
    await page.keyboard.press('Escape');
    expect(await page.textContent(tid('judgment-operative-part'))).toContain('20.000');

    // Long-term validation: each signature at B-T (timestamped when signed), and the clerk's button.
    expect(await page.locator(tid('signature-level')).evaluateAll((els) => els.map((e) => e.getAttribute('data-level')))).toEqual(['B-T', 'B-T']);
    // The timestamp authority down: refused in Arabic, nothing changed.
    pki.tsaMode = 'down';
    await page.click(tid('extend-signatures-button'));
    const down = await page.waitForSelector(`${tid('extend-error')}[data-code="TIMESTAMP_FAILED"]`, { timeout: 60_000 });
    expect(await down.textContent()).toContain(msg('ar', 'signing.errors.extendTsaUnreachable').slice(0, 20));
    await page.waitForSelector(`${tid('extend-signatures-button')}:not([data-loading])`);
    await page.locator(tid('extend-signatures-button')).scrollIntoViewIfNeeded();
    await look('judgment-extend-refused', 'ar');
    pki.tsaMode = 'ok';
    await page.click(tid('extend-signatures-button'));
    await page.waitForSelector(tid('signature-extended'), { timeout: 60_000 });
    expect(await page.textContent(tid('signature-extended'))).toContain(msg('ar', 'ui.signing.extended', { level: 'B-LTA' }));
    await page.waitForSelector(`${tid('signature-panel')}[data-level="B-LTA"][data-valid="true"]`);
    expect(await page.locator(tid('signature-level')).evaluateAll((els) => els.map((e) => e.getAttribute('data-level')))).toEqual(['B-LTA', 'B-LTA']);
    expect(await page.locator(`${tid('document-timestamp-row')}[data-valid="true"]`).count()).toBe(1);
    expect(await page.textContent(tid('document-timestamp-row'))).toContain('Mahkama Test TSA');
    // Nothing more to extend here: the button is gone, the error too.
    expect(await page.isVisible(tid('extend-signatures-button'))).toBe(false);
    expect(await page.isVisible(tid('extend-error'))).toBe(false);
    await page.locator(tid('signature-panel')).scrollIntoViewIfNeeded();
    await look('judgment-extended', 'ar');

    // The same screen in French.
    await page.click(tid('nav-settings'));
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await openCase();
    await page.waitForSelector(`${tid('signature-panel')}[data-valid="true"]`);
    const panelFr = await page.textContent(tid('signature-panel'));
    expect(panelFr).toContain(msg('fr', 'ui.signing.allValid'));
    expect(panelFr).toContain(msg('fr', 'ui.signing.documentTimestamp'));
    expect(panelFr).toContain(msg('fr', 'ui.signing.levelName.B-LTA'));
    expect(panelFr).toContain(msg('fr', 'ui.signing.lastExtension', { level: 'B-LTA' }));
    await page.locator(tid('signature-panel')).scrollIntoViewIfNeeded();
    await look('judgment-signed', 'fr');
    expect(desk.pageErrors).toEqual([]);
  });

  it('the chief clerk closes the day from the hearings screen: the register is signed with his card and shown closed', async () => {
    const { page } = desk;
    // A clerk sees whether the day is closed, not the button that closes it.
    await page.click(tid('nav-hearings'));
    await page.waitForSelector(tid('day-register-open'));
    expect(await page.isVisible(tid('day-register-close'))).toBe(false);

    await signInAs(CHIEF);
    await page.click(tid('nav-hearings'));
    await page.waitForSelector(tid('day-register-close'));
    await page.locator(tid('day-register')).scrollIntoViewIfNeeded();
    await look('day-register-open', 'fr');
    await signWithCard('greffe-chef', '8642', 'day-register-close', 'fr', 'day-register-dialog');
    const closed = await page.waitForSelector(tid('day-register-closed'));
    expect(await closed.textContent()).toContain('Hassan Idrissi');
    // The desk trusts the test CA: the register's signer is said to be trusted, not only its signature valid.
    expect(await closed.getAttribute('data-trust')).toBe('trusted');
    expect(await page.textContent(tid('day-register-trust'))).toBe(msg('fr', 'ui.dayRegister.signerTrusted'));
    const today = courtDate(new Date(clock.t));
    expect(await handle('registers.ofDay', { courtDate: today })).toMatchObject({ closed: true, courtDate: today });
    // The button is gone: a day is closed once.
    expect(await page.isVisible(tid('day-register-close'))).toBe(false);

    await page.click(tid('nav-settings'));
    await page.selectOption(tid('settings-language'), 'ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.click(tid('nav-hearings'));
    await page.waitForSelector(tid('day-register-closed'));
    expect(await page.textContent(tid('day-register-closed'))).toContain(msg('ar', 'ui.dayRegister.closed', { count: 0 }).split('(')[0]!.trim());
    await page.locator(tid('day-register')).scrollIntoViewIfNeeded();
    await look('day-register-closed', 'ar');
    expect(desk.pageErrors).toEqual([]);
  });
});
