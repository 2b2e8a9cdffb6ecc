// A document of a case signed detached from the viewer's call (documents.signDetached) through the
// app service, as the browser shell runs it: a real SQLite file, documents imported into the store
// (a scan and a PDF), SoftHSM2 cards (RSA-2048 judge, EC P-256 clerk). The signature is recorded
// (recordDocumentSignature: the row, the audit entry, the outbox) and its .p7s kept in the store
// before it is delivered; the viewer's list shows it checked against the document's file, and saves
// it again. The .p7s comes as a download; openssl cms and our verifier accept it over the stored file
// and refuse a tampered copy; a wrong PIN, an administrator, an unknown document and a malformed call
// are refused with nothing staged or recorded. As the desktop app runs it (a save dialog): cancelled,
// nothing signed; a record refused (the stored file no longer its name) leaves no file where the
// clerk chose; a delivery that fails after the record leaves the signature recorded, saved again.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentSignatureId } from '../../../src/domain/rules/document-signature';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import { EXPORTS_DIR_NAME } from '../../../src/main/services/documents/export-downloads';
import type { IpcInput, IpcMethod } from '../../../src/shared/ipc/contract';
import { verifyDetached } from '../../../src/signatures/cades-verify';
import { makeSoftHsm, SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { startTokenService } from '../signing/helpers';
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
const docs = { scan: '', pdf: '' };

async function importFile(file: string, title: string): Promise<string> {
  const types = await ok('documents.types', {});
  const { documentId } = await ok('documents.import', { source: { kind: 'path', path: file }, meta: { caseId, documentTypeId: types.types[0]!.id, language: 'ar', title } });
  return documentId;
}

async function downloaded(r: { outcome: string; url?: string }): Promise<{ file: string; fileName: string }> {
  expect(r.outcome).toBe('download');
  const taken = await service.takeDownload(r.url!.split('/').pop()!);
  if (!taken.ok) throw new Error(JSON.stringify(taken.error));
  return taken.value;
}

function opensslVerify(sig: string, content: string): number | null {
  return spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', content, '-CAfile', hsm.ca.rootFile, '-purpose', 'any', '-out', '/dev/null'], { stdio: 'ignore' }).status;
}

/** The desk's file read beside the running service (its rows, its audit chain, its outbox). */
function readDesk<T>(dbFile: string, read: (raw: BetterSqlite3.Database) => T): T {
  const raw = new BetterSqlite3(dbFile, { readonly: true });
  try {
    return read(raw);
  } finally {
    raw.close();
  }
}
const signatureRows = (dbFile: string) => readDesk(dbFile, (raw) => raw.prepare('SELECT * FROM document_signatures ORDER BY signed_at, id').all() as Record<string, unknown>[]);
const outboxCount = (dbFile: string) => readDesk(dbFile, (raw) => (raw.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n);
const storeFiles = (dir: string) => fs.readdirSync(path.join(dir, 'documents'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name)).map((e) => e.name).sort();

const staged = () => (fs.existsSync(path.join(dataDir, EXPORTS_DIR_NAME)) ? fs.readdirSync(path.join(dataDir, EXPORTS_DIR_NAME)) : []);

beforeAll(async () => {
  hsm = makeSoftHsm([
    { label: 'juge-alaoui', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] },
    { label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] },
  ]);
  dataDir = tempDir('mahkama-sign-detached-');
  anchors = path.join(dataDir, 'trust');
  fs.mkdirSync(anchors);
  fs.writeFileSync(path.join(anchors, 'court-root.pem'), hsm.ca.rootPem);
  service = await createAppService({
    dataDir,
    config: testConfig(dataDir, { pkcs11Module: SOFTHSM_MODULE, trustAnchorsDir: anchors }),
    now: () => new Date(clock.t),
    dailySnapshots: false,
    tokenService: startTokenService(hsm.env),
  });
  ({ caseId } = await deskWithJudgedCase(service, clock, PASSWORD));
  // The clerk files the documents; the judge signs first.
  await ok('session.logout', {});
  await ok('session.login', { username: 'karim.greffe', password: PASSWORD });
  docs.scan = await importFile(path.join(FIXTURES, 'arabic-clean.png'), 'تقرير الخبرة الممسوح');
  docs.pdf = await importFile(path.join(FIXTURES, 'text-layer-french.pdf'), 'Rapport d’expertise');
  await ok('session.logout', {});
  await ok('session.login', { username: 'samira.juge', password: PASSWORD });
}, 180_000);

afterAll(async () => {
  await service?.close();
  hsm?.cleanup();
});

describe('documents.signDetached (browser shell: a download)', { timeout: 120_000 }, () => {
  it('the judge signs a scan on the RSA card: the .p7s verifies over the stored file by openssl and our verifier; a tampered copy fails both', async () => {
    const r = await ok('documents.signDetached', { documentId: docs.scan, token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468' });
    const { file, fileName } = await downloaded(r);
    expect(fileName).toBe('arabic-clean.png.p7s');
    if (r.outcome !== 'download') throw new Error('expected a download');
    expect(r.level).toBe('B-B');
    const stored = path.join(dataDir, 'documents', r.sha256.slice(0, 2), r.sha256);
    expect(fs.readFileSync(stored).equals(fs.readFileSync(path.join(FIXTURES, 'arabic-clean.png')))).toBe(true);
    expect(fs.statSync(file).size).toBe(r.bytes);
    expect(opensslVerify(file, stored)).toBe(0);
    const ours = await verifyDetached(stored, file, [Buffer.from(hsm.ca.rootPem)]);
    expect(ours).toMatchObject({ valid: true, chain: 'trusted', level: 'B-B', problems: [] });
    expect(ours.signer?.commonNames).toContain('Samira Alaoui');

    // Recorded before it was delivered: the row, the .p7s kept in the store, the audit entry, the outbox.
    const p7sSha = sha256File(file);
    expect(r.signatureSha256).toBe(p7sSha);
    expect(r.signatureId).toBe(documentSignatureId(p7sSha));
    const keptP7s = path.join(dataDir, 'documents', p7sSha.slice(0, 2), p7sSha);
    expect(fs.readFileSync(keptP7s).equals(fs.readFileSync(file))).toBe(true);
    const judgeId = (await ok('app.status', {})).user!.id;
    const [row] = signatureRows(service.dbFile);
    expect(row).toMatchObject({
      id: r.signatureId,
      document_id: docs.scan,
      document_sha256: r.sha256,
      signature_sha256: p7sSha,
      signature_size: r.bytes,
      signer_id: judgeId,
      signer_role: 'judge',
      certificate_issuer: expect.stringContaining('Mahkama Test Signing CA'),
      level: 'B-B',
      version: 1,
    });
    expect(row!.certificate_subject).toContain('Samira Alaoui');
    expect(row!.certificate_serial).toMatch(/^[0-9a-f]+$/);
    expect(row!.signed_at).toBe(ours.signingTime);
    const entry = readDesk(service.dbFile, (raw) => raw.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT 1').get() as { command: string; user_id: string; changes: string; seq: number; hlc: string });
    expect(entry).toMatchObject({ command: 'recordDocumentSignature', user_id: judgeId });
    expect(JSON.parse(entry.changes)).toEqual([{ entity: 'document_signature', id: r.signatureId, before: null, after: expect.objectContaining({ signature_sha256: p7sSha, level: 'B-B' }) }]);
    const outbox = readDesk(service.dbFile, (raw) => raw.prepare('SELECT name, hlc FROM outbox ORDER BY mutation_id DESC LIMIT 1').get() as { name: string; hlc: string });
    expect(outbox).toEqual({ name: 'recordDocumentSignature', hlc: entry.hlc });

    // The viewer lists it, checked against the document's file, and saves it again.
    const list = await ok('documents.signatures', { documentId: docs.scan });
    expect(list.signatures).toHaveLength(1);
    expect(list.signatures[0]).toMatchObject({
      id: r.signatureId,
      signerId: judgeId,
      signerDisplayName: 'سميرة العلوي',
      signerRole: 'judge',
      level: 'B-B',
      signatureSha256: p7sSha,
      check: { outcome: 'checked', valid: true, recordAgrees: true, chain: 'trusted', digestMatches: true, signatureValid: true, problems: [] },
    });
    expect(list.signatures[0]!.signedAtCourtTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const again = await downloaded(await ok('documents.saveSignature', { signatureId: r.signatureId }));
    expect(again.fileName).toBe('arabic-clean.png.p7s');
    expect(fs.readFileSync(again.file).equals(fs.readFileSync(file))).toBe(true);
    expect(opensslVerify(again.file, stored)).toBe(0);

    const tampered = path.join(dataDir, 'tampered.png');
    const bytes = fs.readFileSync(stored);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 1;
    fs.writeFileSync(tampered, bytes);
    expect(opensslVerify(file, tampered)).not.toBe(0);
    expect((await verifyDetached(tampered, file, [Buffer.from(hsm.ca.rootPem)])).problems).toContain('digestMismatch');
  });

  it('a clerk signs a PDF on the EC card; a wrong PIN is refused with nothing staged and the next signature works', async () => {
    await ok('session.logout', {});
    await ok('session.login', { username: 'karim.greffe', password: PASSWORD });
    const before = staged();
    const kept = storeFiles(dataDir);
    const queued = outboxCount(service.dbFile);
    const wrong = await fails('documents.signDetached', { documentId: docs.pdf, token: { label: 'greffe-karim' }, keyId: '01', pin: '0000' });
    expect(wrong).toMatchObject({ code: 'PIN_INCORRECT' });
    expect(staged()).toEqual(before);
    expect(signatureRows(service.dbFile)).toHaveLength(1);
    expect(outboxCount(service.dbFile)).toBe(queued);
    expect(storeFiles(dataDir)).toEqual(kept);

    const r = await ok('documents.signDetached', { documentId: docs.pdf, token: { label: 'greffe-karim' }, keyId: '01', pin: '1357' });
    const { file, fileName } = await downloaded(r);
    expect(fileName).toBe('text-layer-french.pdf.p7s');
    if (r.outcome !== 'download') throw new Error('expected a download');
    const stored = path.join(dataDir, 'documents', r.sha256.slice(0, 2), r.sha256);
    expect(opensslVerify(file, stored)).toBe(0);
    expect((await verifyDetached(stored, file, [Buffer.from(hsm.ca.rootPem)])).valid).toBe(true);
    const listed = await ok('documents.signatures', { documentId: docs.pdf });
    expect(listed.signatures.map((x) => [x.signerRole, x.level, x.check.outcome === 'checked' && x.check.valid])).toEqual([['clerk', 'B-B', true]]);
    expect(signatureRows(service.dbFile).map((x) => x.signer_role).sort()).toEqual(['clerk', 'judge']);
  });

  it('refuses an administrator, an unknown document and a malformed call, before touching the card', async () => {
    await ok('session.logout', {});
    await ok('session.login', { username: 'hassan.chef', password: PASSWORD });
    await ok('users.create', { username: 'nadia.admin', displayName: 'نادية المسؤولة', roles: ['admin'], password: PASSWORD });
    await ok('session.logout', {});
    await ok('session.login', { username: 'nadia.admin', password: PASSWORD });
    const before = staged();
    const queued = outboxCount(service.dbFile);
    expect(await fails('documents.signDetached', { documentId: docs.scan, token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468' })).toMatchObject({ code: 'FORBIDDEN' });
    await ok('session.logout', {});
    await ok('session.login', { username: 'samira.juge', password: PASSWORD });
    expect(await fails('documents.signDetached', { documentId: NO_SUCH_ID, token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails('documents.signDetached', { documentId: docs.scan, token: { label: 'juge-alaoui' }, keyId: '01', pin: 2468 })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(staged()).toEqual(before);
    expect(signatureRows(service.dbFile)).toHaveLength(2);
    expect(outboxCount(service.dbFile)).toBe(queued);
    // The list and the save refuse what is not this court's, or malformed.
    expect(await fails('documents.signatures', { documentId: NO_SUCH_ID })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails('documents.saveSignature', { signatureId: NO_SUCH_ID })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails('documents.saveSignature', { signatureId: 'p7s' })).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it("a .p7s edited in the desk's store is not saved again as the court's signature: BLOB_HASH_MISMATCH, nothing staged; put back, it saves", async () => {
    // The EC card: its signatures differ each time (an RSA one of the same file in the same second is the same .p7s, already recorded).
    await ok('session.logout', {});
    await ok('session.login', { username: 'karim.greffe', password: PASSWORD });
    const r = await ok('documents.signDetached', { documentId: docs.scan, token: { label: 'greffe-karim' }, keyId: '01', pin: '1357' });
    const original = await downloaded(r);
    if (r.outcome !== 'download') throw new Error('expected a download');
    const kept = path.join(dataDir, 'documents', r.signatureSha256.slice(0, 2), r.signatureSha256);
    const good = fs.readFileSync(kept);
    const edited = Buffer.from(good);
    edited[edited.length - 10] = edited[edited.length - 10]! ^ 1;
    fs.writeFileSync(kept, edited);
    const before = staged();
    expect(await fails('documents.saveSignature', { signatureId: r.signatureId })).toMatchObject({ code: 'BLOB_HASH_MISMATCH', i18nKey: 'errors.documents.signatureFileDamaged' });
    expect(staged()).toEqual(before);
    fs.writeFileSync(kept, good);
    const again = await downloaded(await ok('documents.saveSignature', { signatureId: r.signatureId }));
    expect(fs.readFileSync(again.file).equals(fs.readFileSync(original.file))).toBe(true);
  });

  it('a record whose signer, time or level is not what its .p7s carries (as a forged push would bring it) is listed as not valid, saying so', async () => {
    const before = (await ok('documents.signatures', { documentId: docs.scan })).signatures;
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => s.check.outcome === 'checked' && s.check.valid && s.check.recordAgrees)).toBe(true);
    const target = before[0]!;
    // Written behind the app's back, as the row a pull would apply: each claim changed in turn.
    const setColumn = (column: string, value: string): string => {
      const raw = new BetterSqlite3(service.dbFile);
      try {
        const was = (raw.prepare(`SELECT ${column} AS v FROM document_signatures WHERE id = ?`).get(target.id) as { v: string }).v;
        raw.prepare(`UPDATE document_signatures SET ${column} = ? WHERE id = ?`).run(value, target.id);
        return was;
      } finally {
        raw.close();
      }
    };
    for (const [column, value] of [
      ['certificate_subject', 'C=MA, O=Mahkama Test, CN=President of the Court'],
      ['signed_at', '2026-01-01T00:00:00.000Z'],
      ['level', target.level === 'B-B' ? 'B-T' : 'B-B'],
    ] as const) {
      const was = setColumn(column, value);
      try {
        const check = (await ok('documents.signatures', { documentId: docs.scan })).signatures.find((x) => x.id === target.id)!.check;
        expect(check, column).toMatchObject({ outcome: 'checked', valid: false, recordAgrees: false, digestMatches: true, signatureValid: true });
      } finally {
        setColumn(column, was);
      }
    }
    expect((await ok('documents.signatures', { documentId: docs.scan })).signatures.find((s) => s.id === target.id)!.check).toMatchObject({ valid: true, recordAgrees: true });
  });
});

describe('documents.signDetached (desktop app: a save dialog)', { timeout: 180_000 }, () => {
  let desk: AppService;
  let deskDir: string;
  const deskClock = { t: Date.parse('2026-04-06T09:00:00Z') };
  /** What the save dialog answers next: a path, or null (cancelled). */
  let chosen: string | null = null;
  const deskOk = <M extends IpcMethod>(method: M, input: IpcInput<M>) => okOn(desk, method, input);
  let scan = '';

  beforeAll(async () => {
    deskDir = tempDir('mahkama-sign-detached-desktop-');
    desk = await createAppService({
      dataDir: deskDir,
      config: testConfig(deskDir, { pkcs11Module: SOFTHSM_MODULE, trustAnchorsDir: anchors }),
      now: () => new Date(deskClock.t),
      dailySnapshots: false,
      tokenService: startTokenService(hsm.env),
      chooseExportFile: async () => chosen,
    });
    const judged = await deskWithJudgedCase(desk, deskClock, PASSWORD);
    await deskOk('session.logout', {});
    await deskOk('session.login', { username: 'karim.greffe', password: PASSWORD });
    const types = await deskOk('documents.types', {});
    ({ documentId: scan } = await deskOk('documents.import', {
      source: { kind: 'path', path: path.join(FIXTURES, 'arabic-clean.png') },
      meta: { caseId: judged.caseId, documentTypeId: types.types[0]!.id, language: 'ar', title: 'تقرير الخبرة الممسوح' },
    }));
    await deskOk('session.logout', {});
    await deskOk('session.login', { username: 'samira.juge', password: PASSWORD });
  }, 180_000);

  afterAll(async () => {
    await desk?.close();
  });

  const card = { token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468' };

  it('cancelled at the dialog: nothing signed, nothing recorded', async () => {
    chosen = null;
    const queued = outboxCount(desk.dbFile);
    expect(await deskOk('documents.signDetached', { documentId: scan, ...card })).toEqual({ outcome: 'cancelled' });
    expect(signatureRows(desk.dbFile)).toHaveLength(0);
    expect(outboxCount(desk.dbFile)).toBe(queued);
  });

  it('a delivery that fails after the record: the signature stays recorded, listed, and is saved again from the viewer', async () => {
    const out = tempDir('mahkama-sign-detached-out-');
    chosen = path.join(out, 'gone', 'rapport.p7s');
    const failed = await failsOn(desk, 'documents.signDetached', { documentId: scan, ...card });
    expect(failed).toMatchObject({ i18nKey: 'errors.documents.signatureRecordedNotDelivered', params: { fileName: 'arabic-clean.png.p7s' } });
    expect(fs.existsSync(path.join(out, 'gone'))).toBe(false);
    const [row] = signatureRows(desk.dbFile);
    expect(row).toMatchObject({ document_id: scan, signer_role: 'judge', level: 'B-B' });
    const kept = path.join(deskDir, 'documents', String(row!.signature_sha256).slice(0, 2), String(row!.signature_sha256));
    expect(sha256File(kept)).toBe(row!.signature_sha256);
    const list = await deskOk('documents.signatures', { documentId: scan });
    expect(list.signatures.map((x) => x.check)).toEqual([{ outcome: 'checked', valid: true, recordAgrees: true, chain: 'trusted', digestMatches: true, signatureValid: true, problems: [] }]);

    chosen = path.join(out, 'rapport.p7s');
    const saved = await deskOk('documents.saveSignature', { signatureId: String(row!.id) });
    expect(saved).toMatchObject({ outcome: 'saved', fileName: 'rapport.p7s', bytes: row!.signature_size });
    const docFile = path.join(deskDir, 'documents', list.signatures[0]!.documentSha256.slice(0, 2), list.signatures[0]!.documentSha256);
    expect(opensslVerify(chosen, docFile)).toBe(0);
  });

  it('a record the command refuses (the stored file no longer matches its name) leaves nothing where the clerk chose, and no .p7s kept', async () => {
    const out = tempDir('mahkama-sign-detached-out-');
    chosen = path.join(out, 'rapport.p7s');
    const docSha = signatureRows(desk.dbFile)[0]!.document_sha256 as string;
    const stored = path.join(deskDir, 'documents', docSha.slice(0, 2), docSha);
    const original = fs.readFileSync(stored);
    const damaged = Buffer.from(original);
    damaged[damaged.length - 10] = damaged[damaged.length - 10]! ^ 1;
    fs.writeFileSync(stored, damaged);
    try {
      const kept = storeFiles(deskDir);
      const queued = outboxCount(desk.dbFile);
      const refused = await failsOn(desk, 'documents.signDetached', { documentId: scan, ...card });
      expect(refused).toMatchObject({ code: 'RULE_VIOLATION', i18nKey: 'errors.rule.documentSignatureOverOtherFile' });
      expect(fs.readdirSync(out)).toEqual([]);
      expect(storeFiles(deskDir)).toEqual(kept);
      expect(signatureRows(desk.dbFile)).toHaveLength(1);
      expect(outboxCount(desk.dbFile)).toBe(queued);
      // The list says the recorded signature no longer matches what the desk holds.
      const list = await deskOk('documents.signatures', { documentId: scan });
      expect(list.signatures[0]!.check).toMatchObject({ outcome: 'checked', valid: false, digestMatches: false });
    } finally {
      fs.writeFileSync(stored, original);
    }
  });
});
