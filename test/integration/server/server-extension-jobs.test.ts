// The server's work list of signed judgments to extend (src/server/ltv), on the server's own store
// (both engines) with its blob store, the worker's passes run by the test: a file that has not
// reached the server waits with its reason and is due as soon as it arrives; a file in the blob
// store that is not what its name says (damaged on disk), not a PDF, or a PDF whose signatures do
// not verify is refused for good with a typed reason, nothing recorded and no file left; and two
// instances sharing the store take each file once.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, type Actor } from '../../../src/domain';
import { hashPassword } from '../../../src/server/auth/passwords';
import { blobPath, createBlobStore, type BlobStore } from '../../../src/server/blobs/blob-store';
import { operatorEnv, runAdminCommand } from '../../../src/server/cli';
import { serverCommandEnvs } from '../../../src/server/command-env';
import { fileArrived } from '../../../src/server/ltv/extension-jobs';
import { startLtvWorker, type LtvWorker } from '../../../src/server/ltv/ltv-worker';
import { createServerLogger } from '../../../src/server/logger';
import { openServerStore } from '../../../src/server/store';
import { serverDatabaseEnv, serverStoreConfig } from '../../helpers/server-database';
import { CASE_TYPE } from '../../helpers/db';
import { PASSWORD, prepareServerCourt } from '../sync/http-stage';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let dir: string;
let store: Awaited<ReturnType<typeof openServerStore>>;
let blobs: BlobStore;
let courtId: string;
let clerk: Actor;
let judge: Actor;
let anchors: string;
const workers: LtvWorker[] = [];
let clock = Date.parse('2026-04-14T10:00:00Z');
const envOf = serverCommandEnvs({ now: () => new Date(clock) });

function worker(owner: string, on: { db: typeof store.db; blobs: BlobStore } = { db: store.db, blobs }): LtvWorker {
  const w = startLtvWorker({
    db: on.db,
    blobs: on.blobs,
    settings: { tsaUrl: null, trustAnchorsDir: anchors, scanIntervalMs: 3_600_000, leaseMs: 60_000, retryMs: 1_000, renewDays: 90 },
    envOf,
    log: createServerLogger('silent'),
    now: () => new Date(clock),
    timer: false,
    owner,
  });
  workers.push(w);
  return w;
}

/** A judgment judge-signed and countersigned on the server's store, its last file named by the hash of `content`. */
async function lockedJudgmentNaming(content: Buffer): Promise<{ judgmentId: string; fileSha256: string }> {
  const env = envOf(courtId);
  const chamberId = (await store.db.selectFrom('chambers').select('id').where('court_id', '=', courtId).where('code', '=', 'CIV').executeTakeFirstOrThrow()).id;
  clock = Date.parse('2026-04-06T09:00:00Z');
  const reg = await runCommand(store.db, env, clerk, 'registerCase', {
    chamberId,
    caseTypeId: CASE_TYPE.civil,
    filedOn: '2026-04-06',
    subject: 'أداء مبلغ دين تجاري',
    parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني' } }, role: 'plaintiff' }],
  });
  const h = await runCommand(store.db, env, clerk, 'scheduleHearing', { caseId: reg.caseId, baseVersion: 1, date: '2026-04-14', time: '09:30' });
  clock = Date.parse('2026-04-14T10:00:00Z');
  const caseVersion = Number((await store.db.selectFrom('cases').select('version').where('id', '=', reg.caseId).executeTakeFirstOrThrow()).version);
  const { judgmentId } = await runCommand(store.db, env, judge, 'recordJudgment', { caseId: reg.caseId, baseVersion: caseVersion, hearingId: h.hearingId, pronouncedOn: '2026-04-14', operativePart: 'حكمت المحكمة علنيا.' });
  const version = async () => Number((await store.db.selectFrom('judgments').select('version').where('id', '=', judgmentId).executeTakeFirstOrThrow()).version);
  const fileSha256 = sha(content);
  const certificate = { subject: 'CN=x', issuer: 'CN=Test CA', serialNumber: '0a', sha256: sha('cert') };
  await runCommand(store.db, env, judge, 'signJudgment', { judgmentId, baseVersion: await version(), step: 'judge', file: { sha256: sha(`judge ${fileSha256}`), size: 100 }, signedOverSha256: sha('printed'), certificate, signedAt: '2026-04-14T10:00:00.000Z' });
  await runCommand(store.db, env, clerk, 'signJudgment', { judgmentId, baseVersion: await version(), step: 'clerk', file: { sha256: fileSha256, size: content.length }, signedOverSha256: sha(`judge ${fileSha256}`), certificate, signedAt: '2026-04-14T10:00:00.000Z' });
  return { judgmentId, fileSha256 };
}

/** The court comes to hold `content` as a blob (as an upload would leave it). */
async function holdBlob(content: Buffer): Promise<string> {
  await fs.promises.mkdir(blobs.workDir, { recursive: true });
  const file = path.join(blobs.workDir, `test-${sha(content)}`);
  fs.writeFileSync(file, content);
  return (await blobs.storeFile({ courtId, deviceId: 'desk-1' }, file)).sha256;
}

const jobOf = (from: string) => store.db.selectFrom('signature_extension_jobs').selectAll().where('from_sha256', '=', from).executeTakeFirstOrThrow();
const nothingRecorded = async () => expect(await store.db.selectFrom('signature_extensions').select('id').execute()).toEqual([]);
const blobsHeld = async () => (await store.db.selectFrom('blobs').select('sha256').orderBy('sha256').execute()).map((b) => b.sha256);

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-ltv-jobs-'));
  const court = await prepareServerCourt(dir, 0);
  courtId = court.courtId;
  store = await openServerStore(await serverStoreConfig(dir));
  clerk = { userId: court.clerk.id, roles: ['clerk'] };
  const j = await runCommand(store.db, operatorEnv(courtId), null, 'createCourtUser', { username: 'samira.juge', displayName: 'سميرة العلوي', roles: ['judge'], passwordHash: await hashPassword(PASSWORD) });
  judge = { userId: j.userId, roles: ['judge'] };
  blobs = createBlobStore({ db: store.db, settings: { dir: path.join(dir, 'blobs'), maxBlobBytes: 1 << 30, chunkBytes: 1 << 20, maxOpenUploadsPerDevice: 8, uploadExpiryMs: 3_600_000 } });
  await blobs.init();
  anchors = path.join(dir, 'trust');
  fs.mkdirSync(anchors);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'root.key'), '-out', path.join(anchors, 'root.pem'), '-days', '30', '-subj', '/CN=Court Root', '-addext', 'basicConstraints=critical,CA:TRUE'], { stdio: 'pipe' });
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the server\'s work list of judgments to extend', () => {
  it('a file not yet on the server waits with its reason; once it arrives it is due at once; a file that is not a PDF is refused for good, nothing recorded', async () => {
    const content = Buffer.from('%PDF-1.7\nthis is not a PDF that anyone could read\n');
    const { judgmentId, fileSha256 } = await lockedJudgmentNaming(content);
    const w = worker('one');

    expect(await w.runOnce()).toEqual({ added: 1, outcomes: ['retry'] });
    expect(await jobOf(fileSha256)).toMatchObject({ judgment_id: judgmentId, court_id: courtId, state: 'waiting', tries: 1, problem_code: 'NOT_FOUND', problem_key: 'signing.errors.serverFileNotYetHere', lease_owner: null });
    expect(Date.parse((await jobOf(fileSha256)).next_try_at)).toBeGreaterThan(clock);
    // Not due again before its wait.
    expect(await w.runOnce()).toEqual({ added: 0, outcomes: [] });

    // The desk's upload completes: the row is due now, and the file is read — and refused.
    await holdBlob(content);
    expect(await fileArrived(store.db, fileSha256, new Date(clock))).toBe(1);
    expect(await w.runOnce()).toEqual({ added: 0, outcomes: ['refused'] });
    expect(await jobOf(fileSha256)).toMatchObject({ state: 'refused', tries: 2, problem_code: 'PDF_UNSUPPORTED', lease_owner: null, file_sha256: null });
    await nothingRecorded();
    expect(await blobsHeld()).toEqual([fileSha256]);
    // Refused for good: never tried again, never listed again.
    clock += 7 * 3_600_000;
    expect(await w.runOnce()).toEqual({ added: 0, outcomes: [] });
  });

  it('the operator lists the work not done (waiting with its last problem, refused with its reason) and tries a refused file again', async () => {
    const cli = async (lang: 'en' | 'ar' | 'fr', ...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runAdminCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: { MAHKAMA_SERVER_DATA_DIR: dir, MAHKAMA_LANG: lang, ...(await serverDatabaseEnv(dir)) }, readPassword: async () => null, now: () => new Date(clock) });
      return { code, out, err };
    };
    expect((await cli('en', 'list-extension-jobs')).out).toEqual(['Long-term validation on the server: 0 waiting, 0 refused, 0 done.']);
    const content = Buffer.from('%PDF-1.7\nnot a PDF anyone could read\n');
    const { judgmentId, fileSha256 } = await lockedJudgmentNaming(content);
    const caseNumber = (await store.db.selectFrom('judgments as g').innerJoin('cases as k', 'k.id', 'g.case_id').select('k.number').where('g.id', '=', judgmentId).executeTakeFirstOrThrow()).number;
    const w = worker('one');
    expect(await w.runOnce()).toEqual({ added: 1, outcomes: ['retry'] });

    const waiting = await cli('en', 'list-extension-jobs', '--court', 'TPI-RABAT');
    expect(waiting.code, waiting.err.join('\n')).toBe(0);
    expect(waiting.out).toEqual([
      expect.stringMatching(new RegExp(`^TPI-RABAT  case ${caseNumber.replace(/[/]/g, '\\/')}  judgment ${judgmentId}  file ${fileSha256}: waiting, 1 tries, next try 2026-.*Last problem: (?!.*\\{\\{).*${caseNumber.replace(/[/]/g, '\\/')}`)),
      'Long-term validation on the server: 1 waiting, 0 refused, 0 done.',
    ]);
    // Retrying a waiting file makes it due now; the file arrives and is refused for good.
    expect((await cli('en', 'retry-extension-job', '--file', fileSha256.toUpperCase())).code).toBe(0);
    await holdBlob(content);
    expect(await w.runOnce()).toEqual({ added: 0, outcomes: ['refused'] });
    const refused = await cli('ar', 'list-extension-jobs');
    expect(refused.out[0]).toMatch(new RegExp(`^TPI-RABAT  الملف .*: مرفوض بعد 1 محاولة: `));
    expect(refused.out[1]).toBe('التحقق الطويل الأمد على الخادم: 0 في الانتظار، 1 مرفوض، 0 منجز.');

    // Bad input: a hash no job has, a malformed one, a missing option, an unknown court: typed, nothing changed.
    const before = await jobOf(fileSha256);
    const none = await cli('en', 'retry-extension-job', '--file', 'a'.repeat(64));
    expect([none.code, none.err]).toEqual([1, ['Nothing was done:', `  - --file: no extension job is for the file ${'a'.repeat(64)} (give the full SHA-256 that list-extension-jobs prints).`]]);
    expect((await cli('en', 'retry-extension-job', '--file', fileSha256.slice(0, 12))).code).toBe(1);
    expect((await cli('en', 'retry-extension-job')).err).toEqual(['Nothing was done:', '  - --file: missing.']);
    expect((await cli('en', 'list-extension-jobs', '--court', 'TPI-NOPE')).err).toEqual(['Nothing was done:', '  - --court: no court has the code TPI-NOPE.']);
    expect((await cli('en', 'retry-extension-job', '--file', fileSha256, '--court', 'TPI-RABAT')).code).toBe(2);
    expect(await jobOf(fileSha256)).toEqual(before);

    // The operator fixed the cause: the refused file waits again from zero tries, is tried at the next pass.
    const retried = await cli('fr', 'retry-extension-job', '--file', fileSha256);
    expect(retried.out).toEqual([`L'extension du fichier ${fileSha256} attend de nouveau et sera tentée au prochain passage du serveur.`]);
    expect(await jobOf(fileSha256)).toMatchObject({ state: 'waiting', tries: 0, problem_code: null, problem_key: null, next_try_at: new Date(clock).toISOString() });
    expect(await w.runOnce()).toEqual({ added: 0, outcomes: ['refused'] });
    expect(await jobOf(fileSha256)).toMatchObject({ state: 'refused', tries: 1, problem_code: 'PDF_UNSUPPORTED' });
  });

  it('a PDF whose signatures do not verify (none here) is refused, typed; nothing recorded, no file left', async () => {
    const pdf = path.join(dir, 'empty.pdf');
    execFileSync('qpdf', ['--empty', pdf]);
    const content = fs.readFileSync(pdf);
    const { fileSha256 } = await lockedJudgmentNaming(content);
    await holdBlob(content);
    expect(await worker('one').runOnce()).toEqual({ added: 1, outcomes: ['refused'] });
    expect(await jobOf(fileSha256)).toMatchObject({ state: 'refused', problem_code: 'SIGNING_FAILED', problem_key: 'signing.errors.serverNotAllValid' });
    await nothingRecorded();
    expect(await blobsHeld()).toEqual([fileSha256]);
    expect(fs.readdirSync(blobs.workDir)).toEqual([]);
  });

  it('a blob damaged on the server\'s disk (no longer its hash) is refused before it is read, typed; nothing recorded', async () => {
    const pdf = path.join(dir, 'empty.pdf');
    execFileSync('qpdf', ['--empty', pdf]);
    const content = fs.readFileSync(pdf);
    const { fileSha256 } = await lockedJudgmentNaming(content);
    await holdBlob(content);
    const onDisk = blobPath(blobs.dir, fileSha256);
    const damaged = fs.readFileSync(onDisk);
    damaged[20] = damaged[20]! ^ 0x20;
    fs.writeFileSync(onDisk, damaged);
    expect(await worker('one').runOnce()).toEqual({ added: 1, outcomes: ['refused'] });
    expect(await jobOf(fileSha256)).toMatchObject({ state: 'refused', problem_code: 'BLOB_HASH_MISMATCH', problem_key: 'signing.errors.serverFileDamaged' });
    await nothingRecorded();
  });

  it('a try killed after storing its file and before recording it: the next try takes that file back first', async () => {
    const content = Buffer.from('not a PDF either');
    const { fileSha256 } = await lockedJudgmentNaming(content);
    const w = worker('one');
    expect(await w.runOnce()).toEqual({ added: 1, outcomes: ['retry'] });
    // What such a try leaves: its new file stored as the court's blob, its hash noted in the row, no record.
    await fs.promises.mkdir(blobs.workDir, { recursive: true });
    const made = path.join(blobs.workDir, `ltv-${fileSha256}-dead`);
    fs.writeFileSync(made, 'an extended file nobody recorded');
    const left = (await blobs.storeFile({ courtId, deviceId: 'server' }, made)).sha256;
    await store.db.updateTable('signature_extension_jobs').set({ file_sha256: left }).where('from_sha256', '=', fileSha256).execute();
    expect(await blobsHeld()).toEqual([left]);

    clock += 60_000;
    expect(await w.runOnce()).toEqual({ added: 0, outcomes: ['retry'] });
    expect(await blobsHeld()).toEqual([]);
    expect(fs.existsSync(blobPath(blobs.dir, left))).toBe(false);
    expect(await jobOf(fileSha256)).toMatchObject({ state: 'waiting', file_sha256: null, problem_key: 'signing.errors.serverFileNotYetHere' });
    await nothingRecorded();
  });

  it('two instances sharing the store (each its own connections) take each file once', async () => {
    const contents = [0, 1, 2, 3, 4, 5].map((i) => Buffer.from(`not a PDF, number ${i}`));
    const files: string[] = [];
    for (const c of contents) {
      files.push((await lockedJudgmentNaming(c)).fileSha256);
      await holdBlob(c);
    }
    // The second instance: its own store handle (its own pool on PostgreSQL) and blob store on the same folder.
    const other = await openServerStore(await serverStoreConfig(dir));
    try {
      const otherBlobs = createBlobStore({ db: other.db, settings: blobs.settings });
      const [a, b] = [worker('instance-a'), worker('instance-b', { db: other.db, blobs: otherBlobs })];
      const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
      expect(ra.added + rb.added).toBe(6);
      expect([...ra.outcomes, ...rb.outcomes]).toEqual(Array(6).fill('refused'));
      for (const f of files) expect(await jobOf(f)).toMatchObject({ state: 'refused', tries: 1 });
      await b.stop();
    } finally {
      await other.close();
    }
  });
});
