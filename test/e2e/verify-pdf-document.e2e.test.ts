// A clerk opens a signed PDF received from another court in the document viewer, in the real UI
// build in Debian Chromium over the browser shell: the judgment was signed by a judge and a clerk
// on SoftHSM2 cards (the test CA's root is the court's trust anchor) and filed as a document of a
// case, beside a tampered copy and a scan. The viewer's signature panel gives each signature's
// verdict (both valid, trusted, the judge's followed by the clerk's revision); the tampered copy's
// panel says its signed bytes changed; the scan shows no panel, an unsigned PDF one line. The clerk exports the verification
// report — a download through the shell's GET /download/<id> — and the PDF holds the file's
// SHA-256, both signers and the verdict, and the JSON the CLI's verify --json. Photographed in Arabic and French; the report rendered.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/shared/enums';
import { sha256File } from '../integration/services/helpers';
import { tamperedCopy } from '../integration/signing/pdf-tools';
import { pdfText, renderPages } from '../helpers/pdf';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../helpers/softhsm-tokens';
import { catalogueText as msg, documentDirection, horizontalOverflow, login, openDesk, screenshot, seriousA11yViolations, type Desk } from './harness';
import { deskWithJudgedCase } from '../integration/services/helpers';

const tid = (id: string) => `[data-testid="${id}"]`;
const PASSWORD = 'Rabat-greffe-2026!';
const FIXTURES = path.resolve(__dirname, '../fixtures/documents');

let hsm: SoftHsm;
let desk: Desk;
let caseId = '';
const docs = { signed: '', tampered: '', scan: '', unsigned: '', cut: '' };
let received = '';
/** The judgment's signed file as this desk stores it. */
let judgmentFile = '';
// deskWithJudgedCase registers on Monday 6 April 2026 and moves the clock to now for the cards' certificates.
const clock = { t: Date.parse('2026-04-06T09:00:00Z') };

async function handle(method: string, input: unknown): Promise<any> {
  const r = await desk.shell.service.handle(method as never, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function openDocument(documentId: string): Promise<void> {
  await desk.page.goto(`${new URL(desk.page.url()).origin}/#/case/${caseId}/document/${documentId}/1`);
  await desk.page.waitForSelector(tid('document-viewer'));
}

async function look(name: string, lang: Language): Promise<void> {
  await desk.page.mouse.move(0, 0);
  await screenshot(desk.page, `${name}-${lang}`);
  expect(await documentDirection(desk.page)).toEqual({ dir: lang === 'ar' ? 'rtl' : 'ltr', lang });
  expect((await horizontalOverflow(desk.page)).offenders).toEqual([]);
  const violations = await seriousA11yViolations(desk.page);
  expect(violations.map((v) => `${v.id}: ${v.help} — ${v.targets.join(' ')}`), `${name}-${lang}: axe`).toEqual([]);
}

async function exportReport(name: string): Promise<string> {
  const { page } = desk;
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(tid('verification-report-pdf'))]);
  const out = path.join(desk.dataDir, `${name}.pdf`);
  await download.saveAs(out);
  expect(fs.readdirSync(path.join(desk.dataDir, 'exports'))).toEqual([]);
  return out;
}

const text = (file: string) => pdfText(file).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

beforeAll(async () => {
  hsm = makeSoftHsm([
    { label: 'juge-alaoui', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] },
    { label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] },
  ]);
  // The token service is a child of the shell's process: it finds the test's SoftHSM2 folder here.
  process.env.SOFTHSM2_CONF = hsm.env.SOFTHSM2_CONF;
  const trust = path.join(hsm.dir, 'trust');
  fs.mkdirSync(trust);
  fs.writeFileSync(path.join(trust, 'root.pem'), hsm.ca.rootPem);
  desk = await openDesk({ now: () => new Date(clock.t), config: { pkcs11Module: SOFTHSM_MODULE, trustAnchorsDir: trust } });
  ({ caseId } = await deskWithJudgedCase(desk.shell.service, clock, PASSWORD));
  // The judgment signed by the judge and countersigned by the clerk: the file another court would send.
  const judgmentId = (await handle('cases.getDetail', { caseId })).judgment.id;
  const base = { judgmentId, keyId: '01', language: 'ar' };
  await handle('signing.signJudgment', { ...base, baseVersion: (await handle('cases.getDetail', { caseId })).judgment.version, step: 'judge', token: { label: 'juge-alaoui' }, pin: '2468' });
  await handle('session.logout', {});
  await handle('session.login', { username: 'karim.greffe', password: PASSWORD });
  const signed = await handle('signing.signJudgment', {
    ...base,
    baseVersion: (await handle('cases.getDetail', { caseId })).judgment.version,
    step: 'clerk',
    token: { label: 'greffe-karim' },
    pin: '1357',
  });
  const sha: string = signed.verification.fileSha256;
  received = path.join(desk.dataDir, 'judgment-from-fes.pdf');
  judgmentFile = path.join(desk.dataDir, 'documents', sha.slice(0, 2), sha);
  fs.copyFileSync(judgmentFile, received);
  const types = await handle('documents.types', {});
  const file = async (source: string, title: string) =>
    (await handle('documents.import', { source: { kind: 'path', path: source }, meta: { caseId, documentTypeId: types.types[0].id, language: 'ar', title } })).documentId as string;
  docs.signed = await file(received, 'حكم وارد من المحكمة الابتدائية بفاس');
  docs.tampered = await file(tamperedCopy(received, path.join(desk.dataDir, 'tampered.pdf')), 'نسخة معدلة من الحكم');
  // The judgment as a transfer stopped early leaves it: whole to the judge's revision, cut just after the clerk's signature began.
  const whole = fs.readFileSync(received);
  const judgeEnd = whole.indexOf('%%EOF', whole.indexOf('/ByteRange')) + '%%EOF'.length;
  fs.writeFileSync(path.join(desk.dataDir, 'cut.pdf'), whole.subarray(0, whole.indexOf('/ByteRange', judgeEnd) + 40));
  docs.cut = await file(path.join(desk.dataDir, 'cut.pdf'), 'نسخة مبتورة من الحكم');
  docs.scan = await file(path.join(FIXTURES, 'arabic-clean.png'), 'محضر ممسوح');
  docs.unsigned = await file(path.join(FIXTURES, 'text-layer-french.pdf'), 'Rapport d’expertise');
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

describe('verifying a received signed PDF in the viewer', () => {
  it('in Arabic: both signatures valid and trusted, the judge\'s followed by the clerk\'s revision; the report downloaded holds them', async () => {
    const { page } = desk;
    await openDocument(docs.signed);
    const panel = page.locator(tid('document-signatures'));
    await panel.waitFor();
    expect(await panel.getAttribute('data-outcome')).toBe('signed');
    expect(await panel.getAttribute('data-valid')).toBe('true');
    expect((await page.textContent(tid('document-signatures-verdict')))?.trim()).toBe(msg('ar', 'ui.signing.allValid'));
    const rows = page.locator(tid('document-signature-row'));
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-covers-whole')).toBe('false');
    expect(await rows.nth(1).getAttribute('data-covers-whole')).toBe('true');
    for (const i of [0, 1]) expect(await rows.nth(i).getAttribute('data-chain')).toBe('trusted');
    expect(await rows.nth(0).textContent()).toContain('Samira Alaoui');
    expect(await rows.nth(1).textContent()).toContain('Karim Bennani');
    expect(await rows.nth(0).textContent()).toContain(msg('ar', 'ui.signing.changesAppended', { bytes: 0 }).split('(')[0]!.trim());
    await look('verify-document', 'ar');

    const report = await exportReport('verification-report-ar');
    const t = text(report);
    for (const shown of [msg('ar', 'print.verification.title'), sha256File(received), 'judgment-from-fes.pdf', 'Samira Alaoui', 'Karim Bennani', msg('ar', 'ui.signing.allValid')]) expect(t).toContain(shown);
    renderPages(report, 'e2e-verification-report-ar', 80);
  }, 120_000);

  it('a tampered copy: the panel says the signed bytes changed; a scan shows no panel, an unsigned PDF one line', async () => {
    const { page } = desk;
    await openDocument(docs.tampered);
    await page.locator(tid('document-signatures')).waitFor();
    expect(await page.getAttribute(tid('document-signatures'), 'data-valid')).toBe('false');
    expect(await page.locator(`${tid('check-digest')}[data-ok="false"]`).count()).toBe(2);
    expect(await page.textContent(tid('document-signatures'))).toContain(msg('ar', 'signing.problems.digestMismatch'));
    await look('verify-document-tampered', 'ar');

    // A copy cut short: said to be cut, not valid, the judge's whole signature still listed.
    await openDocument(docs.cut);
    await page.locator(tid('document-signatures-cut')).waitFor();
    expect(await page.getAttribute(tid('document-signatures'), 'data-valid')).toBe('false');
    expect(await page.textContent(tid('document-signatures-cut'))).toContain(msg('ar', 'ui.signing.fileCut'));
    expect(await page.locator(tid('document-signature-row')).count()).toBe(1);
    await look('verify-document-cut', 'ar');

    // The judgment's own copy on this desk cut the same way on disk: its panel on the case says so.
    const whole = fs.readFileSync(judgmentFile);
    try {
      fs.copyFileSync(path.join(desk.dataDir, 'cut.pdf'), judgmentFile);
      await page.goto(`${new URL(page.url()).origin}/#/case/${caseId}`);
      await page.locator(tid('signature-panel-cut')).waitFor();
      expect(await page.getAttribute(tid('signature-panel'), 'data-valid')).toBe('false');
      expect(await page.textContent(tid('signature-panel-cut'))).toContain(msg('ar', 'ui.signing.fileCut'));
      await page.locator(tid('signature-panel')).scrollIntoViewIfNeeded();
      await look('judgment-panel-cut', 'ar');
    } finally {
      fs.writeFileSync(judgmentFile, whole);
    }

    await openDocument(docs.scan);
    await page.waitForSelector(tid('viewer-image-pane'));
    await page.waitForTimeout(500);
    expect(await page.$(tid('document-signatures'))).toBeNull();

    // A PDF that carries no signature: one discreet line.
    await openDocument(docs.unsigned);
    await page.locator(tid('document-signatures')).waitFor();
    expect(await page.getAttribute(tid('document-signatures'), 'data-outcome')).toBe('notSigned');
    expect((await page.textContent(tid('document-signatures')))?.trim()).toBe(msg('ar', 'ui.signing.notSigned'));
  }, 120_000);

  it('in French the panel and the report speak French', async () => {
    const { page } = desk;
    await page.click(tid('nav-settings'));
    await page.waitForSelector(tid('settings-screen'));
    await page.selectOption(tid('settings-language'), 'fr');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr' && document.documentElement.lang === 'fr');
    await openDocument(docs.signed);
    await page.locator(tid('document-signatures')).waitFor();
    expect((await page.textContent(tid('document-signatures-verdict')))?.trim()).toBe(msg('fr', 'ui.signing.allValid'));
    expect((await page.textContent(tid('verification-report-pdf')))?.trim()).toBe(msg('fr', 'ui.signing.exportReport'));
    await look('verify-document', 'fr');

    const report = await exportReport('verification-report-fr');
    const t = text(report);
    for (const shown of [msg('fr', 'print.verification.title'), sha256File(received), 'Samira Alaoui', 'Karim Bennani', 'VALIDE', msg('fr', 'ui.signing.chainTrusted')]) expect(t).toContain(shown);
    expect(t).not.toContain('NON VALIDE');
    renderPages(report, 'e2e-verification-report-fr', 80);

    // The JSON: the CLI's verify --json, downloaded the same way.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(tid('verification-report-json'))]);
    expect(download.suggestedFilename()).toBe('judgment-from-fes-verification.json');
    const out = path.join(desk.dataDir, 'verification-report.json');
    await download.saveAs(out);
    const json = JSON.parse(fs.readFileSync(out, 'utf8')) as { file: string; sha256: string; allValid: boolean; signatures: { valid: boolean; signer: { commonNames: string[] } }[] };
    expect(json).toMatchObject({ file: 'judgment-from-fes.pdf', sha256: sha256File(received), allValid: true });
    expect(json.signatures.map((s) => [s.valid, s.signer.commonNames])).toEqual([
      [true, ['Samira Alaoui']],
      [true, ['Karim Bennani']],
    ]);
  }, 120_000);
});
