// The court's server extends signed judgments for long-term validation (ARCHITECTURE §6, "On the
// server"): a real server process configured with the court's trust anchors and the local TSA, a
// desk's app service on a real SQLite file that has no TSA of its own, SoftHSM2 cards, Debian
// Chromium for the judgment's PDF, and the local OCSP responder, CRLs and TSA
// (test/helpers/pki-services.ts). The desk signs without a timestamp (B-B) and syncs; the server, off
// the request path, extends the countersigned file to B-LTA — two revisions: the first document
// timestamp gives the signatures their trusted time, the second covers that timestamp's validation
// data — and records the level its verifier reads; the desk pulls the record and fetches the file,
// whose signatures the desk's verifier reads B-LTA too, and which pdfsig, qpdf and openssl check.
// Then the faults: the server's TSA down (nothing recorded, no file left, tried again; the desk,
// with no TSA, cannot give a B-B signature a trusted time and is refused), the server extending
// first while a desk away extends the same file with its own TSA (the desk's push is refused, its
// record comes back to the server's, both files kept), and
// the server killed mid-extension (the job is taken again after its lease, extended once, nothing
// left behind). Last, the archive timestamp renewed: the TSA on a certificate that expires within
// the server's margin, the server's B-LTA file is due for renewal at once; while the TSA still signs
// with that certificate the renewal would not outlast it (tried again, nothing recorded); once the
// TSA has its next certificate, the server renews it — the chain's next extension, which the desk
// pulls and every tool checks. Runs on both engines (the server's store; the desk is always SQLite).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import { signatureExtensionId } from '../../../src/domain/rules/signature-extension';
import { createAppService, DB_FILE_NAME, type AppService } from '../../../src/main/services/app-service';
import { DocumentFileStore } from '../../../src/main/services/documents/file-store';
import { silentLogger } from '../../../src/main/services/logger';
import { createChromiumPdfMaker } from '../../../src/main/services/print/chromium-pdf-maker';
import { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { hashPassword } from '../../../src/server/auth/passwords';
import { blobPath } from '../../../src/server/blobs/blob-store';
import { operatorEnv } from '../../../src/server/cli';
import { openServerStore } from '../../../src/server/store';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import { entryFork } from '../../helpers/entries';
import { cardsWithPki } from '../../helpers/pki-cards';
import type { PkiServices } from '../../helpers/pki-services';
import { serverStoreConfig } from '../../helpers/server-database';
import { SOFTHSM_MODULE, type SoftHsm } from '../../helpers/softhsm-tokens';
import { testConfig } from '../services/helpers';
import { newestArchiveTimestamp } from '../../../src/signatures/archive-timestamp';
import { byteRanges, opensslTsVerify, opensslVerifyByteRanges, pdfsig, qpdfCheck } from '../signing/pdf-tools';
import { PASSWORD, freePort, killServer, prepareServerCourt, startServer, type ServerCourt, type ServerProcess } from './http-stage';

const JUDGE = 'samira.juge';

let serverDir: string;
let serverTrust: string;
let port: number;
let server: ServerProcess;
let serverStore: Awaited<ReturnType<typeof openServerStore>>;
let court: ServerCourt;
let pki: PkiServices;
let hsm: SoftHsm;
let desk: AppService;
let dataDir: string;
let work: string;
let untrusted: string;
let deskTrustDir: string;
let deskConfig: ReturnType<typeof testConfig>;
/** The desk's clock: fixed while the cases are registered and judged (days the court sits), then real time (the test CA's certificates are valid from today). */
const clock: { fixed: number | null } = { fixed: null };
const judgments: { caseId: string; judgmentId: string }[] = [];

async function ok<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> {
  const r = await desk.handle(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function signInAs(username: string): Promise<void> {
  if ((await ok('app.status', {})).user) await ok('session.logout', {});
  await ok('session.login', { username, password: PASSWORD });
}

async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${server?.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const serverEnv = () => ({
  MAHKAMA_SERVER_TRUST_ANCHORS: serverTrust,
  MAHKAMA_SERVER_TSA_URL: pki.tsaUrl,
  MAHKAMA_SERVER_LTV_SCAN_SECONDS: '1',
  MAHKAMA_SERVER_LTV_LEASE_SECONDS: '5',
  MAHKAMA_SERVER_LTV_RETRY_SECONDS: '1',
  MAHKAMA_SERVER_LOG_LEVEL: 'info',
});

/** The job's row once it has ended (its record is committed a moment before the row is). */
const endedJob = (fromSha256: string) =>
  until(async () => {
    const j = await jobOf(fromSha256);
    return j && j.state !== 'waiting' && j;
  }, 'the job to end');

/** The server's extension records of a judgment, oldest first. */
const extensionsOnServer = (judgmentId: string) =>
  serverStore.db.selectFrom('signature_extensions').select(['id', 'from_sha256', 'file_sha256', 'file_size', 'level', 'extended_by', 'seq']).where('judgment_id', '=', judgmentId).orderBy('seq').execute();
const jobOf = (fromSha256: string) => serverStore.db.selectFrom('signature_extension_jobs').selectAll().where('from_sha256', '=', fromSha256).executeTakeFirst();
const countersignedFile = async (judgmentId: string) =>
  (await serverStore.db.selectFrom('judgment_signatures').select(['file_sha256', 'file_size']).where('judgment_id', '=', judgmentId).where('step', '=', 'clerk').executeTakeFirstOrThrow());

/**
 * Every blob the court holds is a file a record names (a signed file or an extension), present on
 * disk whole: the server never keeps a half file, nor one that no record names.
 */
async function blobsAllNamed(opts: { idle: boolean } = { idle: true }): Promise<void> {
  const held = await serverStore.db.selectFrom('blob_courts as c').innerJoin('blobs as b', 'b.sha256', 'c.sha256').select(['c.sha256', 'b.size']).where('c.court_id', '=', court.courtId).execute();
  const named = new Set([
    ...(await serverStore.db.selectFrom('judgment_signatures').select('file_sha256').execute()).map((r) => r.file_sha256),
    ...(await serverStore.db.selectFrom('signature_extensions').select('file_sha256').execute()).map((r) => r.file_sha256),
  ]);
  for (const b of held) {
    expect(named.has(b.sha256), `blob ${b.sha256} is named by a record`).toBe(true);
    expect(fs.statSync(blobPath(path.join(serverDir, 'blobs'), b.sha256)).size).toBe(Number(b.size));
  }
  // Nothing left in the work folder once no try is under way.
  if (opts.idle) expect(fs.readdirSync(path.join(serverDir, 'blobs', 'work'))).toEqual([]);
}

const version = async (caseId: string) => (await ok('cases.getDetail', { caseId })).judgment!.version;

/** The clerk countersigns (the judge signed them all before): the judgment is locked. */
async function countersign(judgmentId: string, caseId: string): Promise<void> {
  const signed = await ok('signing.signJudgment', { judgmentId, baseVersion: await version(caseId), step: 'clerk', token: { label: 'greffe-karim' }, keyId: '01', pin: '1357', language: 'ar' });
  expect(signed.locked).toBe(true);
}

/**
 * The desk's trust anchors, there only while the story needs the desk to verify or extend: without
 * them the desk's own automatic pass extends nothing (it reaches no level), so what extends a
 * judgment in these stories is the server, or the clerk's explicit extension. (The clerk stays
 * signed in: the server allows five sign-ins a minute.)
 */
function deskTrusts(on: boolean): void {
  const file = path.join(deskTrustDir, 'court-root.pem');
  if (on) fs.writeFileSync(file, hsm.ca.rootPem);
  else fs.rmSync(file, { force: true });
}

/** Push, then wait until the server holds every file this desk made. */
async function syncAndSend(): Promise<void> {
  expect(await ok('sync.now', {})).toMatchObject({ state: 'online', lastError: null });
  await until(async () => (await ok('sync.status', {})).filesToUpload === 0, 'the files to be sent');
}

/** The desk's own database, read beside the running service (WAL: a reader does not disturb it). */
function deskRows<T>(query: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ({ pki, hsm } = await cardsWithPki([
    { label: 'juge-alaoui', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] },
    { label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] },
  ]));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-server-extension-work-'));
  untrusted = path.join(work, 'untrusted.pem');
  fs.writeFileSync(untrusted, hsm.ca.intermediatePem + pki.tsaCertPem());

  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-server-extension-server-'));
  serverTrust = path.join(serverDir, 'trust');
  fs.mkdirSync(serverTrust);
  fs.writeFileSync(path.join(serverTrust, 'court-root.pem'), hsm.ca.rootPem);
  court = await prepareServerCourt(serverDir, 1);
  serverStore = await openServerStore(await serverStoreConfig(serverDir));
  await runCommand(serverStore.db, operatorEnv(court.courtId), null, 'createCourtUser', { username: JUDGE, displayName: 'سميرة العلوي', roles: ['judge'], passwordHash: await hashPassword(PASSWORD) });
  port = await freePort();
  server = await startServer(serverDir, port, serverEnv());

  // The desk has no timestamp authority of its own; its trust anchors come and go (deskTrusts).
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-server-extension-desk-'));
  deskTrustDir = path.join(dataDir, 'trust');
  fs.mkdirSync(deskTrustDir);
  // No timer rounds: the story decides when the desk syncs.
  deskConfig = testConfig(dataDir, { syncIntervalSeconds: 3600, pkcs11Module: SOFTHSM_MODULE, trustAnchorsDir: deskTrustDir, tsaUrl: null });
  desk = await createAppService({
    dataDir,
    config: deskConfig,
    log: silentLogger(),
    now: () => (clock.fixed === null ? new Date() : new Date(clock.fixed)),
    dailySnapshots: false,
    pdfMaker: createChromiumPdfMaker({ chromiumPath: '/usr/bin/chromium', log: silentLogger() }),
    tokenService: new TokenServiceClient({ ...entryFork('token-service'), env: { ...process.env, ...hsm.env } }),
  });
  await ok('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    user: { username: 'admin.local', displayName: 'مسؤول محلي', password: 'local-admin-pass-2026' },
  });
  await ok('session.login', { username: 'admin.local', password: 'local-admin-pass-2026' });
  await ok('sync.enrol', { serverUrl: server.url, code: court.codes[0]! });

  // Five cases registered on Monday 6 April 2026, heard and judged on Tuesday 14 April.
  clock.fixed = Date.parse('2026-04-06T09:00:00Z');
  await signInAs(court.clerk.username);
  const ref = await ok('reference.get', {});
  const cases: { caseId: string; hearingId: string }[] = [];
  for (const name of ['محمد بناني', 'فاطمة الزهراء', 'حسن التازي', 'سعاد العلوي', 'يوسف الإدريسي']) {
    const reg = await ok('cases.register', {
      chamberId: ref.chambers.find((c) => c.code === 'CIV')!.id,
      caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
      filedOn: '2026-04-06',
      subject: 'أداء مبلغ دين تجاري',
      parties: [{ party: { newParty: { kind: 'person', nameAr: name } }, role: 'plaintiff' }],
    });
    const hearing = await ok('hearings.schedule', { caseId: reg.caseId, baseVersion: 1, date: '2026-04-14', time: '09:30' });
    cases.push({ caseId: reg.caseId, hearingId: hearing.hearingId });
  }
  clock.fixed = Date.parse('2026-04-14T10:00:00Z');
  await signInAs(JUDGE);
  for (const c of cases) {
    const detail = await ok('cases.getDetail', { caseId: c.caseId });
    const { judgmentId } = await ok('cases.recordJudgment', { caseId: c.caseId, baseVersion: detail.case.version, hearingId: c.hearingId, pronouncedOn: '2026-04-14', operativePart: 'حكمت المحكمة علنيا ابتدائيا وحضوريا.' });
    judgments.push({ caseId: c.caseId, judgmentId });
  }
  // The judge signs the five (not locked yet: the server has nothing to extend); the clerk then
  // stays signed in and countersigns each when its story begins.
  clock.fixed = null;
  if ((await ok('app.status', {})).locked) await ok('session.unlock', { password: PASSWORD });
  for (const j of judgments) {
    await ok('signing.signJudgment', { judgmentId: j.judgmentId, baseVersion: await version(j.caseId), step: 'judge', token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468', language: 'ar' });
  }
  await syncAndSend();
  await signInAs(court.clerk.username);
  expect(await serverStore.db.selectFrom('signature_extension_jobs').select('from_sha256').execute()).toEqual([]);
}, 300_000);

afterAll(async () => {
  await desk?.close();
  if (server) await killServer(server);
  await serverStore?.close();
  await pki?.close();
  hsm?.cleanup();
  for (const d of [serverDir, dataDir, work]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('the court server extends signed judgments for long-term validation', { timeout: 240_000 }, () => {
  it('a desk without a TSA signs; the server extends to B-LTA off the request path; the desk pulls the record and fetches the file, which pdfsig, qpdf and openssl check', async () => {
    const { caseId, judgmentId } = judgments[0]!;
    await countersign(judgmentId, caseId);
    await syncAndSend();
    const signed = await countersignedFile(judgmentId);

    // The server extends once the file has reached it: recorded with no user (the court's server).
    const [ext] = await until(async () => {
      const rows = await extensionsOnServer(judgmentId);
      return rows.length > 0 && rows;
    }, 'the server to extend the judgment');
    expect(ext).toMatchObject({ id: signatureExtensionId(signed.file_sha256), from_sha256: signed.file_sha256, level: 'B-LTA', extended_by: null, seq: 1 });
    // Done (a try before the file had come up, if the record came first, waited for it: tries may be 2).
    expect(await endedJob(signed.file_sha256)).toMatchObject({ state: 'done', level: 'B-LTA', file_sha256: ext!.file_sha256, lease_owner: null, problem_code: null });
    await blobsAllNamed();

    // The desk pulls the record, then fetches the file when it verifies the judgment.
    await ok('sync.now', {});
    deskTrusts(true);
    const v = await ok('signing.verifyJudgment', { judgmentId });
    deskTrusts(false);
    // What the record says is what the desk's verifier reads: the B-B signatures are B-LTA now,
    // their trusted time the first document timestamp's.
    expect(v).toMatchObject({ fileSha256: ext!.file_sha256, fileOnDesk: true, allValid: true, level: 'B-LTA', extension: { count: 1, last: { level: 'B-LTA', byServer: true }, due: false } });
    expect(v.documentTimestamps).toHaveLength(2);
    expect(v.documentTimestamps.map((d) => [d.valid, d.coversWholeFile])).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(v.signatures.map((s) => [s.valid, s.chain, s.level, s.timestampCourt !== null])).toEqual([
      [true, 'trusted', 'B-LTA', true],
      [true, 'trusted', 'B-LTA', true],
    ]);

    // The desk's copy is the server's file byte for byte, and starts with the countersigned file.
    const file = new DocumentFileStore(dataDir).pathOf(ext!.file_sha256);
    const bytes = fs.readFileSync(file);
    expect(bytes.equals(fs.readFileSync(blobPath(path.join(serverDir, 'blobs'), ext!.file_sha256)))).toBe(true);
    const before = fs.readFileSync(new DocumentFileStore(dataDir).pathOf(signed.file_sha256));
    expect(bytes.subarray(0, before.length).equals(before)).toBe(true);
    expect(bytes.subarray(before.length).toString('latin1')).toContain('/Type /DocTimeStamp');

    // Independent tools: qpdf, openssl over each signature's range, openssl ts over each document timestamp, pdfsig.
    const q = qpdfCheck(file);
    expect(q.output).toContain('No syntax or stream encoding errors found');
    expect(q.status).toBe(0);
    expect(opensslVerifyByteRanges(file, hsm.ca.rootFile, work).slice(0, 2).map((r) => r.ok)).toEqual([true, true]);
    const ranges = byteRanges(file);
    expect(ranges).toHaveLength(4);
    for (const r of ranges.slice(2)) expect(opensslTsVerify(r.contents, { data: r.signed }, hsm.ca.rootFile, untrusted, work)).toBe(true);
    const sigs = pdfsig(file);
    expect(sigs).toHaveLength(4);
    expect(sigs.slice(0, 2).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(sigs.slice(0, 2).map((s) => s.commonName)).toEqual(['Samira Alaoui', 'Karim Bennani']);
  });

  it('the server\'s TSA down: nothing recorded, no file left, tried again; the desk without a TSA cannot give the B-B signatures a trusted time and is refused; the TSA back, the server extends', async () => {
    const { caseId, judgmentId } = judgments[1]!;
    pki.tsaMode = 'down';
    await countersign(judgmentId, caseId);
    await syncAndSend();
    const signed = await countersignedFile(judgmentId);
    const job = await until(async () => {
      const j = await jobOf(signed.file_sha256);
      return j && j.tries >= 2 && j;
    }, 'two failed tries of the server');
    expect(job).toMatchObject({ state: 'waiting', problem_code: 'TIMESTAMP_FAILED', file_sha256: null });
    expect(await extensionsOnServer(judgmentId)).toEqual([]);
    // The server keeps trying meanwhile: its work folder may hold the try under way.
    await blobsAllNamed({ idle: false });

    // The desk has no TSA: an extension could add the validation data but no trusted time, so the
    // signatures would stay B-B — not offered, and refused when asked, nothing kept or recorded.
    deskTrusts(true);
    const before = await ok('signing.verifyJudgment', { judgmentId });
    expect(before).toMatchObject({ level: 'B-B', allValid: true, extension: { count: 0, reachable: 'B-LT', due: false } });
    const storeFiles = () => fs.readdirSync(path.join(dataDir, 'documents'), { recursive: true }).length;
    const held = storeFiles();
    const refused = await desk.handle('signing.extendJudgment', { judgmentId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatchObject({ code: 'SIGNING_FAILED', i18nKey: 'signing.errors.extendNeedsTimestamp' });
    expect(storeFiles()).toBe(held);
    expect(deskRows('SELECT id FROM signature_extensions WHERE judgment_id = ?', judgmentId)).toEqual([]);

    // The TSA back: the server extends the countersigned file to B-LTA.
    pki.tsaMode = 'ok';
    const rows = await until(async () => {
      const r = await extensionsOnServer(judgmentId);
      return r.length === 1 && r;
    }, 'the server to extend the judgment');
    expect(rows[0]).toMatchObject({ from_sha256: signed.file_sha256, level: 'B-LTA', extended_by: null, seq: 1 });
    expect(await endedJob(signed.file_sha256)).toMatchObject({ state: 'done', level: 'B-LTA', file_sha256: rows[0]!.file_sha256 });
    await blobsAllNamed();
    await ok('sync.now', {});
    const v = await ok('signing.verifyJudgment', { judgmentId });
    deskTrusts(false);
    expect(v).toMatchObject({ fileSha256: rows[0]!.file_sha256, allValid: true, level: 'B-LTA', extension: { count: 1, last: { level: 'B-LTA', byServer: true }, due: false } });
  });

  it('the server extends first while the desk, away from it, extends the same file: the desk\'s push is refused, its record comes back to the server\'s, both files kept', async () => {
    const { caseId, judgmentId } = judgments[2]!;
    await countersign(judgmentId, caseId);
    await syncAndSend();
    const signed = await countersignedFile(judgmentId);
    const [theirs] = await until(async () => {
      const r = await extensionsOnServer(judgmentId);
      return r.length > 0 && r;
    }, 'the server to extend the judgment');
    expect(theirs).toMatchObject({ from_sha256: signed.file_sha256, extended_by: null });

    // The server goes away before the desk pulls; the clerk extends the file the desk knows as
    // newest, with a TSA of the desk's own for once (without one, B-B signatures cannot be extended).
    await killServer(server);
    deskTrusts(true);
    deskConfig.tsaUrl = pki.tsaUrl;
    const mine = await ok('signing.extendJudgment', { judgmentId }).finally(() => {
      deskConfig.tsaUrl = null;
    });
    expect(mine.level).toBe('B-LTA');
    expect(mine.fileSha256).not.toBe(theirs!.file_sha256);

    server = await startServer(serverDir, port, serverEnv());
    // The desk's session outlived the server's restart: the next round goes through.
    await until(async () => {
      const st = await ok('sync.now', {});
      return st.state === 'online' && st.pending === 0 && st;
    }, 'a round with the server back');
    await ok('sync.now', {});
    expect(await ok('sync.status', {})).toMatchObject({ rejected: 1, conflicts: 0, pending: 0 });
    const refused = deskRows<{ name: string; detail: string }>("SELECT o.name, p.detail FROM push_outcomes p JOIN outbox o ON o.mutation_id = p.mutation_id WHERE p.outcome = 'rejected'");
    expect(refused.map((r) => [r.name, (JSON.parse(r.detail) as { error: { i18nKey: string } }).error.i18nKey])).toEqual([['recordSignatureExtension', 'errors.rule.signatureExtensionStale']]);

    // One chain: the server's record alone, on the server and on the desk (same id, its values).
    expect(await extensionsOnServer(judgmentId)).toEqual([theirs]);
    expect(deskRows('SELECT id, file_sha256, extended_by FROM signature_extensions WHERE judgment_id = ?', judgmentId)).toEqual([{ id: theirs!.id, file_sha256: theirs!.file_sha256, extended_by: null }]);
    const v = await ok('signing.verifyJudgment', { judgmentId });
    expect(v).toMatchObject({ fileSha256: theirs!.file_sha256, allValid: true, extension: { count: 1, last: { level: 'B-LTA', byServer: true }, due: false } });
    // No file lost: the desk keeps its own extended copy beside the server's.
    expect(fs.existsSync(new DocumentFileStore(dataDir).pathOf(mine.fileSha256))).toBe(true);
    expect(fs.existsSync(new DocumentFileStore(dataDir).pathOf(theirs!.file_sha256))).toBe(true);
    deskTrusts(false);
    await blobsAllNamed();
  });

  it('the server killed mid-extension (its TSA hanging): after a restart the job is taken again once its lease ran out; extended once, nothing left behind', async () => {
    const { caseId, judgmentId } = judgments[3]!;
    pki.tsaMode = 'hang';
    const asked = pki.tsaRequests;
    await countersign(judgmentId, caseId);
    await syncAndSend();
    const signed = await countersignedFile(judgmentId);
    // The server is inside the extension: it asked the TSA, which does not answer.
    await until(async () => pki.tsaRequests > asked, 'the server to ask the TSA');
    const held = (await jobOf(signed.file_sha256))!;
    expect(held).toMatchObject({ state: 'waiting' });
    expect(held.lease_owner).not.toBeNull();
    await killServer(server);
    pki.tsaMode = 'ok';
    expect(await extensionsOnServer(judgmentId)).toEqual([]);

    server = await startServer(serverDir, port, serverEnv());
    const rows = await until(async () => {
      const r = await extensionsOnServer(judgmentId);
      return r.length > 0 && r;
    }, 'the restarted server to extend the judgment');
    expect(rows).toEqual([expect.objectContaining({ from_sha256: signed.file_sha256, level: 'B-LTA', extended_by: null })]);
    // The try the kill cut counts for nothing; a later one ends it (how many tries the row shows
    // depends on whether one ran before the file had come up, or met a PKI service still busy).
    const ended = await endedJob(signed.file_sha256);
    expect(ended).toMatchObject({ state: 'done', lease_owner: null, file_sha256: rows[0]!.file_sha256, problem_code: null });
    expect(ended.tries).toBeGreaterThan(held.tries);
    await blobsAllNamed();
    await ok('sync.now', {});
    expect((await ok('signing.verifyJudgment', { judgmentId })).extension).toMatchObject({ count: 1, last: { level: 'B-LTA', byServer: true } });
  });

  it('the archive timestamp renewed before its TSA\'s certificate expires: waits while the TSA still signs with that certificate, then the server appends the chain\'s next extension', async () => {
    const { caseId, judgmentId } = judgments[4]!;
    // The TSA's certificate now expires in 20 days: within the server's 90-day margin.
    pki.rollTsaCertificate(20);
    await countersign(judgmentId, caseId);
    await syncAndSend();
    const signed = await countersignedFile(judgmentId);
    const [first] = await until(async () => {
      const r = await extensionsOnServer(judgmentId);
      return r.length > 0 && r;
    }, 'the server to extend the judgment');
    expect(first).toMatchObject({ from_sha256: signed.file_sha256, level: 'B-LTA', extended_by: null, seq: 1 });

    // Due for renewal at once; the TSA answers with the same certificate: nothing recorded, tried again.
    const waiting = await until(async () => {
      const j = await jobOf(first!.file_sha256);
      return j && j.tries >= 1 && j.state === 'waiting' && j;
    }, 'a renewal try with the TSA still on its certificate');
    expect(waiting).toMatchObject({ problem_code: 'TIMESTAMP_FAILED', problem_key: 'signing.errors.renewalTsaExpiring', file_sha256: null });
    expect(await extensionsOnServer(judgmentId)).toHaveLength(1);

    // The TSA's next certificate (a year): the renewal goes through — seq 2, on top of the first.
    pki.rollTsaCertificate(365);
    const rows = await until(async () => {
      const r = await extensionsOnServer(judgmentId);
      return r.length === 2 && r;
    }, 'the server to renew the archive timestamp');
    expect(rows[1]).toMatchObject({ from_sha256: first!.file_sha256, level: 'B-LTA', extended_by: null, seq: 2 });
    expect(await endedJob(first!.file_sha256)).toMatchObject({ state: 'done', level: 'B-LTA', file_sha256: rows[1]!.file_sha256, problem_code: null });
    await blobsAllNamed();

    // The desk pulls the record and the file: B-LTA, three document timestamps, the newest by the TSA's new certificate.
    await ok('sync.now', {});
    deskTrusts(true);
    const v = await ok('signing.verifyJudgment', { judgmentId });
    deskTrusts(false);
    expect(v).toMatchObject({ fileSha256: rows[1]!.file_sha256, allValid: true, level: 'B-LTA', extension: { count: 2, last: { level: 'B-LTA', byServer: true }, due: false } });
    expect(v.documentTimestamps.map((d) => d.valid)).toEqual([true, true, true]);
    const file = new DocumentFileStore(dataDir).pathOf(rows[1]!.file_sha256);
    const renewed = newestArchiveTimestamp(file)!;
    expect(Date.parse(renewed.tsaCertificateExpiresAt) - Date.now()).toBeGreaterThan(300 * 86_400_000);
    const before = fs.readFileSync(new DocumentFileStore(dataDir).pathOf(first!.file_sha256));
    expect(fs.readFileSync(file).subarray(0, before.length).equals(before)).toBe(true);

    // Independent tools over the renewed file.
    const q = qpdfCheck(file);
    expect(q.output).toContain('No syntax or stream encoding errors found');
    expect(q.status).toBe(0);
    expect(opensslVerifyByteRanges(file, hsm.ca.rootFile, work).slice(0, 2).map((r) => r.ok)).toEqual([true, true]);
    const allTsaCerts = path.join(work, 'untrusted-all-tsa.pem');
    fs.writeFileSync(allTsaCerts, hsm.ca.intermediatePem + pki.tsaCertPems().join(''));
    const ranges = byteRanges(file);
    expect(ranges).toHaveLength(5);
    for (const r of ranges.slice(2)) expect(opensslTsVerify(r.contents, { data: r.signed }, hsm.ca.rootFile, allTsaCerts, work)).toBe(true);
    const sigs = pdfsig(file);
    expect(sigs.slice(0, 2).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);
    expect(sigs.at(-1)!.totalDocument).toBe(true);

    // Renewed, it is no longer due: no further row for its file.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await jobOf(rows[1]!.file_sha256)).toBeUndefined();
  });
});
