// A signed PDF received from elsewhere, filed as a document of a case and verified through the app
// service (documents.verifySignatures, documents.exportVerificationReport): a real SQLite file, the
// judgment printed by Debian Chromium and signed by the judge and the clerk on SoftHSM2 tokens (a
// real PKCS#11 module) through the signing calls, then its file imported as a document — as it is,
// tampered with, and with bytes appended after the last signature — beside a scanned image. The
// reports are read back with pdftotext (ar, fr) and the JSON is checked against the CLI's shape.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/domain/db-schema';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import { DocumentFileStore } from '../../../src/main/services/documents/file-store';
import { silentLogger } from '../../../src/main/services/logger';
import { createChromiumPdfMaker } from '../../../src/main/services/print/chromium-pdf-maker';
import { verifyDocument } from '../../../src/main/services/signing/file-verification';
import type { IpcInput, IpcMethod } from '../../../src/shared/ipc/contract';
import type { DocumentVerification, FileVerification } from '../../../src/shared/schemas/signing';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from '../signing/helpers';
import { tamperedCopy } from '../signing/pdf-tools';
import { deskWithJudgedCase, failsOn, okOn, sha256File, tempDir, testConfig } from './helpers';

const PASSWORD = 'Rabat-greffe-2026!';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const FIXTURES = path.resolve(__dirname, '../../fixtures/documents');

let hsm: SoftHsm;
let service: AppService;
let dataDir: string;
let anchors: string;
const clock = { t: Date.parse('2026-04-06T09:00:00Z') };
const ok = <M extends IpcMethod>(method: M, input: IpcInput<M>) => okOn(service, method, input);
const fails = (method: IpcMethod, input: unknown) => failsOn(service, method, input);

let caseId = '';
let judgmentId = '';
let signedFile = '';
const docs = { signed: '', tampered: '', appended: '', scan: '', unsigned: '', brokenXref: '', cut: '' };
const APPENDED = Buffer.from('\n% a note added after the last signature\n', 'latin1');

async function importFile(file: string, title: string): Promise<string> {
  const types = await ok('documents.types', {});
  const { documentId } = await ok('documents.import', {
    source: { kind: 'path', path: file },
    meta: { caseId, documentTypeId: types.types[0]!.id, language: 'ar', title },
  });
  return documentId;
}

function checked(r: DocumentVerification): FileVerification {
  if (r.outcome !== 'checked') throw new Error(`expected a verification, got ${r.outcome}`);
  return r.verification;
}

/** The report the browser shell would download: its bytes, taken once as the shell's route does. */
async function downloaded(r: { outcome: string; url?: string }): Promise<{ file: string; fileName: string }> {
  expect(r.outcome).toBe('download');
  const id = r.url!.split('/').pop()!;
  const taken = await service.takeDownload(id);
  if (!taken.ok) throw new Error(JSON.stringify(taken.error));
  return taken.value;
}

/** The report's text as pdftotext reads it, without the bidi embedding marks it puts around runs. */
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

beforeAll(async () => {
  hsm = makeSoftHsm([
    { label: 'juge-alaoui', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] },
    { label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] },
  ]);
  dataDir = tempDir('mahkama-verify-documents-');
  anchors = path.join(dataDir, 'trust');
  fs.mkdirSync(anchors);
  fs.writeFileSync(path.join(anchors, 'court-root.pem'), hsm.ca.rootPem);
  service = await createAppService({
    dataDir,
    config: testConfig(dataDir, { pkcs11Module: SOFTHSM_MODULE, trustAnchorsDir: anchors }),
    now: () => new Date(clock.t),
    dailySnapshots: false,
    pdfMaker: createChromiumPdfMaker({ chromiumPath: '/usr/bin/chromium', log: silentLogger() }),
    tokenService: startTokenService(hsm.env),
  });
  ({ caseId, judgmentId } = await deskWithJudgedCase(service, clock, PASSWORD));
  const base = { judgmentId, token: { label: 'juge-alaoui' }, keyId: '01', language: 'ar' as const };
  let j = (await ok('cases.getDetail', { caseId })).judgment!;
  await ok('signing.signJudgment', { ...base, baseVersion: j.version, step: 'judge', pin: '2468' });
  await ok('session.logout', {});
  await ok('session.login', { username: 'karim.greffe', password: PASSWORD });
  j = (await ok('cases.getDetail', { caseId })).judgment!;
  const signed = await ok('signing.signJudgment', { ...base, token: { label: 'greffe-karim' }, baseVersion: j.version, step: 'clerk', pin: '1357' });
  const sha = signed.verification.fileSha256!;
  signedFile = path.join(dataDir, 'received.pdf');
  fs.copyFileSync(path.join(dataDir, 'documents', sha.slice(0, 2), sha), signedFile);

  docs.signed = await importFile(signedFile, 'حكم وارد من محكمة أخرى');
  docs.tampered = await importFile(tamperedCopy(signedFile, path.join(dataDir, 'tampered.pdf')), 'نسخة معدلة');
  const appended = path.join(dataDir, 'appended.pdf');
  fs.writeFileSync(appended, Buffer.concat([fs.readFileSync(signedFile), APPENDED]));
  docs.appended = await importFile(appended, 'نسخة أضيف إليها');
  // The judgment as it came from a transfer stopped early: whole up to the judge's revision, then
  // cut a little after the clerk's signature dictionary began (still a file the import takes: its
  // last kilobyte holds the judge revision's end).
  const whole = fs.readFileSync(signedFile);
  const judgeEnd = whole.indexOf('%%EOF', whole.indexOf('/ByteRange')) + '%%EOF'.length;
  const clerkByteRange = whole.indexOf('/ByteRange', judgeEnd);
  expect(clerkByteRange - judgeEnd).toBeLessThan(900);
  const cut = path.join(dataDir, 'cut.pdf');
  fs.writeFileSync(cut, whole.subarray(0, clerkByteRange + 40));
  docs.cut = await importFile(cut, 'نسخة مبتورة');
  docs.scan = await importFile(path.join(FIXTURES, 'arabic-clean.png'), 'محضر ممسوح');
  docs.unsigned = await importFile(path.join(FIXTURES, 'text-layer-french.pdf'), 'Rapport d’expertise');
  // A PDF whose startxref points nowhere: MuPDF repairs it for the viewer, the verifier does not guess.
  const pdf = fs.readFileSync(path.join(FIXTURES, 'text-layer-french.pdf'), 'latin1');
  const at = pdf.lastIndexOf('startxref');
  fs.writeFileSync(path.join(dataDir, 'broken-xref.pdf'), Buffer.from(`${pdf.slice(0, at)}startxref\n17\n%%EOF\n`, 'latin1'));
  docs.brokenXref = await importFile(path.join(dataDir, 'broken-xref.pdf'), 'Rapport abîmé');
}, 240_000);

afterAll(async () => {
  await service?.close();
  hsm?.cleanup();
});

describe('a signed PDF filed as a document, verified in the viewer', () => {
  it('judge and clerk signatures: both valid, chains to the court root, the judge\'s covered by the clerk\'s revision', async () => {
    const v = checked(await ok('documents.verifySignatures', { documentId: docs.signed }));
    expect(v).toMatchObject({ fileName: 'received.pdf', fileSha256: sha256File(signedFile), size: fs.statSync(signedFile).size, allValid: true, level: 'B-B' });
    expect(v.trustAnchors).toEqual([expect.stringContaining('Root')]);
    expect(v.checkedAt).toBe(new Date(clock.t).toISOString());
    const [judge, clerk] = v.signatures;
    const sound = { valid: true, byteRangeSound: true, digestMatches: true, signatureValid: true, integrity: true, chain: 'trusted', problems: [] };
    expect(judge).toMatchObject({ ...sound, signerCommonNames: ['Samira Alaoui'], coversWholeFile: false });
    expect(judge!.bytesAfter).toBeGreaterThan(0);
    expect(judge!.signerIssuer).toContain('Signing CA');
    expect(clerk).toMatchObject({ ...sound, signerCommonNames: ['Karim Bennani'], coversWholeFile: true, bytesAfter: 0 });
    expect(v.signatures).toHaveLength(2);
  });

  it('without trust anchors configured, the chains are not checked and the verdict is not valid', async () => {
    fs.renameSync(anchors, `${anchors}.away`);
    try {
      const v = checked(await ok('documents.verifySignatures', { documentId: docs.signed }));
      expect(v.trustAnchors).toEqual([]);
      expect(v.allValid).toBe(false);
      for (const s of v.signatures) expect(s).toMatchObject({ chain: 'noTrustAnchors', integrity: true, problems: ['noTrustAnchors'], valid: false });
    } finally {
      fs.renameSync(`${anchors}.away`, anchors);
    }
  });

  it('a tampered copy: the signed bytes no longer match their digest', async () => {
    const v = checked(await ok('documents.verifySignatures', { documentId: docs.tampered }));
    expect(v.allValid).toBe(false);
    for (const s of v.signatures) expect(s).toMatchObject({ byteRangeSound: true, digestMatches: false, integrity: false, valid: false, problems: expect.arrayContaining(['digestMismatch']) });
  });

  it('bytes appended after the last signature: each signature still valid, none covers the whole file', async () => {
    const v = checked(await ok('documents.verifySignatures', { documentId: docs.appended }));
    const clerk = v.signatures[1]!;
    expect(clerk).toMatchObject({ valid: true, coversWholeFile: false, bytesAfter: APPENDED.length });
    expect(v.signatures.every((s) => !s.coversWholeFile)).toBe(true);
  });

  it('a signed PDF cut short: said to be cut, never all valid, its whole signature still shown', async () => {
    const v = checked(await ok('documents.verifySignatures', { documentId: docs.cut }));
    expect(v).toMatchObject({ truncated: true, allValid: false });
    expect(v.signatures).toHaveLength(1);
    expect(v.signatures[0]).toMatchObject({ valid: true });
  });

  it("the judgment's own copy on this desk cut on disk: its panel says cut, never all valid, and is whole again once the file is", async () => {
    const whole = await ok('signing.verifyJudgment', { judgmentId });
    expect(whole).toMatchObject({ truncated: false, allValid: true });
    const stored = path.join(dataDir, 'documents', whole.fileSha256!.slice(0, 2), whole.fileSha256!);
    const bytes = fs.readFileSync(stored);
    try {
      // Cut where the transfer of beforeAll stopped: a little into the clerk's signature dictionary.
      fs.writeFileSync(stored, bytes.subarray(0, fs.statSync(path.join(dataDir, 'cut.pdf')).size));
      const cut = await ok('signing.verifyJudgment', { judgmentId });
      expect(cut).toMatchObject({ fileOnDesk: true, truncated: true, allValid: false });
      expect(cut.signatures).toHaveLength(1);
      expect(cut.signatures[0]).toMatchObject({ valid: true });
    } finally {
      fs.writeFileSync(stored, bytes);
    }
    expect(await ok('signing.verifyJudgment', { judgmentId })).toMatchObject({ truncated: false, allValid: true });
  });

  it('a PDF without signatures: checked, none found; one the verifier cannot read: unreadable, with the reason', async () => {
    const v = checked(await ok('documents.verifySignatures', { documentId: docs.unsigned }));
    expect(v).toMatchObject({ signatures: [], documentTimestamps: [], allValid: false, level: null });
    expect(await ok('documents.verifySignatures', { documentId: docs.brokenXref })).toMatchObject({
      outcome: 'unreadable',
      problem: { code: 'PDF_UNSUPPORTED', i18nKey: 'signing.errors.verifyPdfBrokenXref' },
    });
  });

  it('a scanned image is not a PDF; an unknown id and another court\'s document are NOT_FOUND', async () => {
    expect(await ok('documents.verifySignatures', { documentId: docs.scan })).toEqual({ outcome: 'notPdf', documentId: docs.scan });
    expect(await fails('documents.verifySignatures', { documentId: NO_SUCH_ID })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails('documents.verifySignatures', { documentId: 'not-an-id' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await fails('documents.exportVerificationReport', { of: { kind: 'document', documentId: docs.scan }, format: 'pdf', language: 'fr' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      i18nKey: 'errors.documents.verifyNotPdf',
    });
    // The same document asked for by a desk of another court: the service's court check refuses it.
    const raw = new BetterSqlite3(path.join(dataDir, 'mahkama.db'), { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    try {
      const deps = { db, config: { trustAnchorsDir: anchors }, store: new DocumentFileStore(dataDir), now: () => new Date() };
      await expect(verifyDocument(deps, NO_SUCH_ID, docs.signed)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await db.destroy();
    }
  });
});

describe('the verification report', () => {
  it('as a PDF in Arabic and in French: the file, its SHA-256, the anchors, each signer and verdict', async () => {
    const sha = sha256File(signedFile);
    const ar = await downloaded(await ok('documents.exportVerificationReport', { of: { kind: 'document', documentId: docs.signed }, format: 'pdf', language: 'ar' }));
    expect(ar.fileName).toBe('تقرير-التحقق-received.pdf');
    const arText = pdfText(ar.file);
    for (const shown of ['تقرير التحقق من التوقيعات', 'received.pdf', sha, 'Samira Alaoui', 'Karim Bennani', 'صحيح', 'كل التوقيعات صحيحة', 'Mahkama Test Root']) expect(arText).toContain(shown);
    expect(arText.match(/التوقيع/g)!.length).toBeGreaterThanOrEqual(2);
    // The judge's signature has the clerk's revision after it; the clerk's covers the whole document.
    for (const shown of ['أضيفت بعده تغييرات', 'يشمل الوثيقة كلها']) expect(arText).toContain(shown);
    fs.copyFileSync(ar.file, path.join(dataDir, 'report-ar.pdf'));

    const fr = await downloaded(await ok('documents.exportVerificationReport', { of: { kind: 'document', documentId: docs.signed }, format: 'pdf', language: 'fr' }));
    const frText = pdfText(fr.file);
    for (const shown of ['Rapport de vérification des signatures', sha, 'Samira Alaoui', 'Karim Bennani', 'Signature 1', 'Signature 2', 'VALIDE', 'certificat de confiance', 'couvre tout le document', 'modifications ajoutées après elle']) {
      expect(frText).toContain(shown);
    }
    expect(frText).not.toContain('NON VALIDE');
  }, 60_000);

  it("a tampered copy's report says NOT VALID and why", async () => {
    const r = await ok('documents.exportVerificationReport', { of: { kind: 'document', documentId: docs.tampered }, format: 'pdf', language: 'fr' });
    expect(r).toMatchObject({ allValid: false });
    const text = pdfText((await downloaded(r)).file);
    expect(text).toContain('NON VALIDE');
    expect(text).toContain('les octets signés ont été modifiés');
  }, 60_000);

  it('as JSON: the CLI\'s verify --json with the SHA-256, the check\'s time and the anchors', async () => {
    const r = await ok('documents.exportVerificationReport', { of: { kind: 'document', documentId: docs.appended }, format: 'json', language: 'fr' });
    const { file, fileName } = await downloaded(r);
    expect(fileName).toBe('appended-verification.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> & { signatures: Record<string, unknown>[] };
    expect(Object.keys(json).sort()).toEqual(['allValid', 'checkedAt', 'file', 'sha256', 'signatures', 'size', 'truncated', 'trustAnchors']);
    expect(json).toMatchObject({ file: 'appended.pdf', truncated: false, sha256: sha256File(path.join(dataDir, 'appended.pdf')), allValid: true, trustAnchors: [expect.stringContaining('Root')] });
    expect(json.signatures.map((s) => [s.valid, s.coversWholeFile, s.bytesAfter])).toEqual([
      [true, false, expect.any(Number)],
      [true, false, APPENDED.length],
    ]);
    // The same keys per signature as the CLI prints (the verifier's own SignatureVerdict).
    expect(Object.keys(json.signatures[0]!)).toEqual(expect.arrayContaining(['index', 'kind', 'level', 'signer', 'byteRange', 'byteRangeSound', 'digestMatches', 'signatureValid', 'chain', 'problems']));
  });

  it("of a judgment's signed file, from its panel", async () => {
    const r = await ok('documents.exportVerificationReport', { of: { kind: 'judgment', judgmentId }, format: 'pdf', language: 'fr' });
    const text = pdfText((await downloaded(r)).file);
    const number = (await ok('cases.getDetail', { caseId })).case.number;
    expect(text).toContain(number);
    expect(text).toContain('Karim Bennani');
    expect(await fails('documents.exportVerificationReport', { of: { kind: 'judgment', judgmentId: NO_SUCH_ID }, format: 'json', language: 'fr' })).toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);
});
