// A signed judgment extended for long-term validation from the case screen's calls, through the real
// app service: a real SQLite file, the judgment printed by Debian Chromium, SoftHSM2 cards, and a
// local PKI the test starts (test/helpers/pki-services.ts: `openssl ocsp` as the responder, CRLs,
// `openssl ts` as the TSA). The judge signs and the clerk countersigns with timestamps (B-T); the
// timestamp authority down, then the responder and CRLs down, refuse the extension with a typed
// error and nothing recorded or kept; a judge may not extend, a malformed call is refused; the
// clerk extends to B-LTA (our verifier, pdfsig and qpdf agree; the new file starts with the
// countersigned one; both signatures still valid); a second extension chains on the first; two
// extensions of the same file at once leave one, the other refused by the domain as stale with its
// file gone from the store.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import { silentLogger } from '../../../src/main/services/logger';
import { createChromiumPdfMaker } from '../../../src/main/services/print/chromium-pdf-maker';
import { verifyPdf } from '../../../src/signatures/pdf-verify';
import { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import type { IpcInput, IpcMethod } from '../../../src/shared/ipc/contract';
import { entryFork } from '../../helpers/entries';
import { cardsWithPki } from '../../helpers/pki-cards';
import type { PkiServices } from '../../helpers/pki-services';
import { SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { opensslVerifyByteRanges, pdfsig, qpdfCheck } from '../signing/pdf-tools';
import { deskWithJudgedCase, failsOn, okOn, rowCount, sha256File, tempDir, testConfig } from './helpers';

const PASSWORD = 'Rabat-greffe-2026!';

let pki: PkiServices;
let hsm: SoftHsm;
let service: AppService;
let dataDir: string;
let anchors: Buffer[];
const clock = { t: Date.parse('2026-04-06T09:00:00Z') };

const ok = <M extends IpcMethod>(method: M, input: IpcInput<M>) => okOn(service, method, input);
const fails = (method: IpcMethod, input: unknown) => failsOn(service, method, input);
async function signInAs(username: string): Promise<void> {
  await ok('session.logout', {});
  await ok('session.login', { username, password: PASSWORD });
}

let caseId = '';
let judgmentId = '';
const db = () => path.join(dataDir, 'mahkama.db');
const documentsDir = () => path.join(dataDir, 'documents');
const fileOf = (sha: string) => path.join(documentsDir(), sha.slice(0, 2), sha);

/** Every file the desk's store holds (the two-letter folders), and what is left in its incoming folder. */
function storeFiles(): { kept: string[]; incoming: string[] } {
  const kept = fs
    .readdirSync(documentsDir())
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) => fs.readdirSync(path.join(documentsDir(), d)))
    .sort();
  return { kept, incoming: fs.readdirSync(path.join(documentsDir(), 'incoming')) };
}

beforeAll(async () => {
  ({ pki, hsm } = await cardsWithPki(
    [
      { label: 'juge-alaoui', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] },
      { label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] },
    ],
  ));
  dataDir = tempDir('mahkama-extend-judgment-');
  const trust = path.join(dataDir, 'trust');
  fs.mkdirSync(trust);
  fs.writeFileSync(path.join(trust, 'court-root.pem'), hsm.ca.rootPem);
  anchors = [Buffer.from(hsm.ca.rootPem)];
  service = await createAppService({
    dataDir,
    config: testConfig(dataDir, { pkcs11Module: SOFTHSM_MODULE, trustAnchorsDir: trust, tsaUrl: pki.tsaUrl }),
    now: () => new Date(clock.t),
    dailySnapshots: false,
    pdfMaker: createChromiumPdfMaker({ chromiumPath: '/usr/bin/chromium', log: silentLogger() }),
    tokenService: new TokenServiceClient({ ...entryFork('token-service'), env: { ...process.env, ...hsm.env } }),
  });
  ({ caseId, judgmentId } = await deskWithJudgedCase(service, clock, PASSWORD));
}, 180_000);

afterAll(async () => {
  await service?.close();
  await pki?.close();
  hsm?.cleanup();
});

async function judgment() {
  return (await ok('cases.getDetail', { caseId })).judgment!;
}

describe("a judgment's signatures extended for long-term validation", () => {
  it('the judge signs and the clerk countersigns with timestamps: B-T, an extension to B-LTA is due; not before the lock', async () => {
    const j = await judgment();
    await ok('signing.signJudgment', { judgmentId, baseVersion: j.version, step: 'judge', token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468', language: 'ar' });
    // Signed by the judge only: the clerk's countersignature is still to come.
    await signInAs('karim.greffe');
    expect(await fails('signing.extendJudgment', { judgmentId })).toMatchObject({ code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentNotLockedToExtend' });
    expect((await ok('signing.verifyJudgment', { judgmentId })).extension).toMatchObject({ due: false, reachable: 'B-LTA', count: 0 });

    const signed = await ok('signing.signJudgment', { judgmentId, baseVersion: (await judgment()).version, step: 'clerk', token: { label: 'greffe-karim' }, keyId: '01', pin: '1357', language: 'ar' });
    expect(signed.locked).toBe(true);
    const v = signed.verification;
    expect(v.signatures.map((s) => [s.level, s.valid])).toEqual([
      ['B-T', true],
      ['B-T', true],
    ]);
    expect(v.signatures.every((s) => s.timestampCourt !== null)).toBe(true);
    expect(v).toMatchObject({ level: 'B-T', documentTimestamps: [], allValid: true, extension: { count: 0, last: null, reachable: 'B-LTA', due: true } });
  });

  it('a judge may not extend, and a malformed call is refused before anything runs', async () => {
    await signInAs('samira.juge');
    expect(await fails('signing.extendJudgment', { judgmentId })).toMatchObject({ code: 'FORBIDDEN' });
    await signInAs('karim.greffe');
    expect(await fails('signing.extendJudgment', { judgmentId: 'nope' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await fails('signing.extendJudgment', { judgmentId, level: 'B-LTA' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await fails('signing.extendJudgment', {})).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await fails('signing.extendJudgment', { judgmentId: '01900000-0000-7000-8000-0000000000ff' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(rowCount(db(), 'signature_extensions')).toBe(0);
  });

  it('the timestamp authority down, then the responder and CRLs down: a typed error, nothing recorded, no new file kept', async () => {
    const before = storeFiles();
    const audit = rowCount(db(), 'audit');
    pki.tsaMode = 'down';
    try {
      expect(await fails('signing.extendJudgment', { judgmentId })).toMatchObject({ code: 'TIMESTAMP_FAILED', i18nKey: 'signing.errors.extendTsaUnreachable', params: { url: pki.tsaUrl } });
    } finally {
      pki.tsaMode = 'ok';
    }
    await pki.revocationDown();
    try {
      const refused = await fails('signing.extendJudgment', { judgmentId });
      expect(refused).toMatchObject({ code: 'REVOCATION_UNAVAILABLE', i18nKey: 'signing.errors.revocationUnavailable' });
      // The first certificate asked about: the judge's.
      expect(refused.params?.subject).toContain('Samira Alaoui');
    } finally {
      await pki.revocationUp();
    }
    expect(rowCount(db(), 'signature_extensions')).toBe(0);
    expect(rowCount(db(), 'audit')).toBe(audit);
    expect(storeFiles()).toEqual({ kept: before.kept, incoming: [] });
    expect((await ok('signing.verifyJudgment', { judgmentId })).extension.due).toBe(true);
  });

  it('the clerk extends: B-LTA by our verifier, pdfsig and qpdf; the new file starts with the countersigned one; the earlier signatures still valid', async () => {
    const locked = await judgment();
    const countersigned = locked.signatures[1]!.fileSha256;
    const extended = await ok('signing.extendJudgment', { judgmentId });
    expect(extended.level).toBe('B-LTA');
    expect(extended.fileSha256).not.toBe(countersigned);
    const v = extended.verification;
    expect(v).toMatchObject({ fileSha256: extended.fileSha256, fileOnDesk: true, allValid: true, level: 'B-LTA' });
    expect(v.signatures.map((s) => [s.level, s.valid, s.signerCommonNames])).toEqual([
      ['B-LTA', true, ['Samira Alaoui']],
      ['B-LTA', true, ['Karim Bennani']],
    ]);
    expect(v.documentTimestamps).toHaveLength(1);
    expect(v.documentTimestamps[0]).toMatchObject({ valid: true, coversWholeFile: true, tsaCommonNames: ['Mahkama Test TSA'] });
    expect(v.extension).toMatchObject({ count: 1, last: { level: 'B-LTA' }, reachable: 'B-LTA', due: false });
    // The DSS now answers for each certificate of both signers' chains and the TSA's: none revoked.
    for (const sig of v.signatures) {
      expect(sig.revocation.length).toBeGreaterThanOrEqual(2);
      expect(sig.revocation.filter((r) => r.status !== 'good' || r.source === null)).toEqual([]);
      expect(sig.revocation.map((r) => r.subject).join('\n')).toContain(sig.signerCommonNames[0]);
    }
    // verify() reads the newest file now: the extension's.
    expect(await ok('signing.verifyJudgment', { judgmentId })).toEqual(v);

    const oldFile = fs.readFileSync(fileOf(countersigned));
    const newFile = fileOf(extended.fileSha256);
    expect(sha256File(newFile)).toBe(extended.fileSha256);
    expect(fs.readFileSync(newFile).subarray(0, oldFile.length).equals(oldFile)).toBe(true);
    // Independent tools: both signatures valid, the third entry a document timestamp over the whole file.
    const sigs = pdfsig(newFile);
    expect(sigs).toHaveLength(3);
    expect(sigs.slice(0, 2).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(sigs.slice(0, 2).map((s) => s.commonName)).toEqual(['Samira Alaoui', 'Karim Bennani']);
    expect(sigs[2]!.totalDocument).toBe(true);
    // poppler names no PAdES level and does not check RFC 3161 tokens (ltv.test.ts checks them with openssl ts):
    // what it shows of B-LTA is the document timestamp by the TSA, over the whole file, after the two signatures.
    expect(sigs[2]).toMatchObject({ fieldName: 'DocTimeStamp3', commonName: 'Mahkama Test TSA', subFilter: 'unknown', validation: 'Signature has not yet been verified.' });
    expect(opensslVerifyByteRanges(newFile, hsm.ca.rootFile, tempDir('mahkama-extend-ranges-')).slice(0, 2).map((r) => r.ok)).toEqual([true, true]);
    const q = qpdfCheck(newFile);
    expect(q.output).toContain('No syntax or stream encoding errors found');
    expect(q.status).toBe(0);
    // The countersigned file is still in the store, unchanged, and still verifies on its own.
    expect(sha256File(fileOf(countersigned))).toBe(countersigned);
    expect((await verifyPdf(fileOf(countersigned), anchors)).signatures.map((s) => [s.level, s.valid])).toEqual([
      ['B-T', true],
      ['B-T', true],
    ]);

    expect(rowCount(db(), 'signature_extensions')).toBe(1);
    // A desk-local record on the case's timeline; the judgment's version did not move.
    const detail = await ok('cases.getDetail', { caseId });
    expect(detail.audit.at(-1)).toMatchObject({ command: 'recordSignatureExtension' });
    expect(detail.judgment!.version).toBe(locked.version);
    expect(storeFiles().incoming).toEqual([]);
  });

  it("the report of the extended file says what its DSS keeps of each certificate's revocation, in French and in Arabic", async () => {
    const text = async (language: 'fr' | 'ar') => {
      const r = await ok('documents.exportVerificationReport', { of: { kind: 'judgment', judgmentId }, format: 'pdf', language });
      if (r.outcome !== 'download') throw new Error(`expected a download, got ${r.outcome}`);
      const taken = await service.takeDownload(r.url.split('/').pop()!);
      if (!taken.ok) throw new Error(JSON.stringify(taken.error));
      // Without bidi marks, and with lines joined: the table's cells wrap.
      return execFileSync('pdftotext', [taken.value.file, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');
    };
    const fr = await text('fr');
    expect(fr).toContain('Révocation (conservée dans le fichier)');
    expect(fr.match(/non révoqué/g)!.length).toBeGreaterThanOrEqual(4);
    expect(fr).not.toContain('RÉVOQUÉ');
    expect(fr).toMatch(/\((OCSP|CRL)\)/);
    const ar = await text('ar');
    expect(ar).toContain('الإلغاء (المحفوظ في الملف)');
    expect(ar).toContain('غير ملغاة');
  }, 60_000);

  it('a second extension chains on the first: its file starts with the first extension, a second document timestamp on top', async () => {
    const first = (await ok('signing.verifyJudgment', { judgmentId })).fileSha256!;
    const again = await ok('signing.extendJudgment', { judgmentId });
    expect(again.verification.extension).toMatchObject({ count: 2, last: { level: 'B-LTA' } });
    expect(again.verification.documentTimestamps.map((d) => d.valid)).toEqual([true, true]);
    expect(again.verification.signatures.map((s) => [s.level, s.valid])).toEqual([
      ['B-LTA', true],
      ['B-LTA', true],
    ]);
    const firstBytes = fs.readFileSync(fileOf(first));
    expect(fs.readFileSync(fileOf(again.fileSha256)).subarray(0, firstBytes.length).equals(firstBytes)).toBe(true);
    const sigs = pdfsig(fileOf(again.fileSha256));
    expect(sigs.map((s) => [s.fieldName, s.valid, s.totalDocument])).toEqual([
      ['Signature1', true, false],
      ['Signature2', true, false],
      ['DocTimeStamp3', false, false],
      ['DocTimeStamp4', false, true],
    ]);
    expect(qpdfCheck(fileOf(again.fileSha256)).status).toBe(0);
  });

  it('two extensions of the same file at once: one is recorded, the other refused by the domain as stale, its file gone', async () => {
    const newest = (await ok('signing.verifyJudgment', { judgmentId })).fileSha256!;
    const before = storeFiles().kept;
    const [a, b] = await Promise.all([service.handle('signing.extendJudgment', { judgmentId }), service.handle('signing.extendJudgment', { judgmentId })]);
    const won = [a, b].filter((r) => r.ok);
    const lost = [a, b].filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => !r.ok && r.error)).toEqual([expect.objectContaining({ code: 'RULE_VIOLATION', i18nKey: 'errors.rule.signatureExtensionStale' })]);
    const winner = won[0]!.ok ? won[0]!.value : null;
    // The store holds exactly one more file: the winner's, appended to the file both started from.
    expect(storeFiles().kept).toEqual([...before, winner!.fileSha256].sort());
    expect(storeFiles().incoming).toEqual([]);
    expect(rowCount(db(), 'signature_extensions')).toBe(3);
    const newestBytes = fs.readFileSync(fileOf(newest));
    expect(fs.readFileSync(fileOf(winner!.fileSha256)).subarray(0, newestBytes.length).equals(newestBytes)).toBe(true);
  });

  it('the newest copy gone from the desk (a standalone desk: nowhere to fetch it from): the panel says it is not here, an extension says why, nothing recorded', async () => {
    const newest = (await ok('signing.verifyJudgment', { judgmentId })).fileSha256!;
    const bytes = fs.readFileSync(fileOf(newest));
    fs.rmSync(fileOf(newest));
    try {
      expect(await ok('signing.verifyJudgment', { judgmentId })).toMatchObject({ fileSha256: newest, fileOnDesk: false, signatures: [] });
      const refused = await service.handle('signing.extendJudgment', { judgmentId });
      expect(refused.ok ? null : refused.error).toMatchObject({ code: 'NOT_FOUND', i18nKey: 'signing.errors.extendFileMissing' });
      expect(rowCount(db(), 'signature_extensions')).toBe(3);
    } finally {
      fs.writeFileSync(fileOf(newest), bytes);
    }
  });
});
