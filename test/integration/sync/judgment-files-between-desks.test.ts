// A judgment signed on one desk and countersigned on another (ARCHITECTURE §5 "Files between
// desks", §6): a real server process, two desks' app services on their own SQLite files, SoftHSM2
// cards, Debian Chromium for the judgment's PDF. The judge signs on the chambers' desk; its signed
// file goes up to the court's server after the round; the clerk's desk fetches that very file to
// countersign it (an incremental update: the judge's signature stays valid), and the judge's desk
// fetches the countersigned file to show it verified. A file neither here nor on a reachable
// server is refused with the reason, nothing recorded, and the next try once it is reachable works.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import { type AppService } from '../../../src/main/services/app-service';
import { DocumentFileStore } from '../../../src/main/services/documents/file-store';
import { hashPassword } from '../../../src/server/auth/passwords';
import { operatorEnv } from '../../../src/server/cli';
import { openServerStore } from '../../../src/server/store';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import { serverStoreConfig } from '../../helpers/server-database';
import { makeSoftHsm, type SoftHsm } from '../../helpers/softhsm-tokens';
import { pdfsig } from '../signing/pdf-tools';
import { openEnrolledSigningDesk } from './signing-desk';
import { PASSWORD, freePort, killServer, prepareServerCourt, startServer, type ServerCourt, type ServerProcess } from './http-stage';

const JUDGE = 'samira.juge';

let serverDir: string;
let server: ServerProcess;
let port: number;
let court: ServerCourt;
let hsm: SoftHsm;
const desks: { service: AppService; dataDir: string }[] = [];
/**
 * The desks' clock: fixed on the court's day while the case is registered, heard and judged (a
 * hearing at 09:30 "today" is in the past for most of a real day), then real time again for the
 * signatures (the test CA's certificates are valid from now).
 */
const clock: { fixed: number | null } = { fixed: null };

async function ok<M extends IpcMethod>(desk: AppService, method: M, input: IpcInput<M>): Promise<IpcOutput<M>> {
  const r = await desk.handle(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function signInAs(desk: AppService, username: string): Promise<void> {
  if ((await ok(desk, 'app.status', {})).user) await ok(desk, 'session.logout', {});
  await ok(desk, 'session.login', { username, password: PASSWORD });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A desk of the court enrolled with the server (its own SQLite file, token service and trust anchors). */
async function enrolledDesk(code: string): Promise<{ service: AppService; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-judgment-files-desk-'));
  const trust = path.join(dataDir, 'trust');
  fs.mkdirSync(trust);
  fs.writeFileSync(path.join(trust, 'court-root.pem'), hsm.ca.rootPem);
  const service = await openEnrolledSigningDesk({
    dataDir,
    serverUrl: server.url,
    code,
    hsmEnv: hsm.env,
    config: { trustAnchorsDir: trust },
    now: () => (clock.fixed === null ? new Date() : new Date(clock.fixed)),
  });
  const desk = { service, dataDir };
  desks.push(desk);
  return desk;
}

const fileOn = (desk: { dataDir: string }, sha256: string) => new DocumentFileStore(desk.dataDir).pathOf(sha256);
const sentAll = (desk: AppService) => until(async () => (await ok(desk, 'sync.status', {})).filesToUpload === 0, 'the files to be sent');

beforeAll(async () => {
  hsm = makeSoftHsm([
    { label: 'juge-alaoui', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] },
    { label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] },
  ]);
  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-judgment-files-server-'));
  court = await prepareServerCourt(serverDir, 2);
  const store = await openServerStore(await serverStoreConfig(serverDir));
  try {
    await runCommand(store.db, operatorEnv(court.courtId), null, 'createCourtUser', { username: JUDGE, displayName: 'سميرة العلوي', roles: ['judge'], passwordHash: await hashPassword(PASSWORD) });
  } finally {
    await store.close();
  }
  port = await freePort();
  server = await startServer(serverDir, port);
  await enrolledDesk(court.codes[0]!);
  await enrolledDesk(court.codes[1]!);
}, 240_000);

afterAll(async () => {
  for (const d of desks) await d.service.close();
  if (server) await killServer(server);
  hsm?.cleanup();
  for (const d of [serverDir, ...desks.map((x) => x.dataDir)]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('a judgment signed on one desk, countersigned on another', () => {
  it('the judge’s file goes up, the clerk’s desk countersigns that very file, and the judge’s desk verifies the result', { timeout: 180_000 }, async () => {
    const [chambers, greffe] = desks as [(typeof desks)[0], (typeof desks)[0]];
    // The clerk registers and schedules on the chambers' desk; the judge records and signs there.
    await signInAs(chambers.service, court.clerk.username);
    const ref = await ok(chambers.service, 'reference.get', {});
    const today = (await ok(chambers.service, 'app.status', {})).courtToday;
    // 06:00 UTC is 06:00 or 07:00 in Morocco: before the hearing, on the same court day.
    clock.fixed = Date.parse(`${today}T06:00:00Z`);
    // Run at night (before 06:00 UTC) that moves the desk's clock hours ahead of the sign-in, which
    // the idle lock counts as hours away: sign in again at the desk's new time.
    await signInAs(chambers.service, court.clerk.username);
    const reg = await ok(chambers.service, 'cases.register', {
      chamberId: ref.chambers.find((c) => c.code === 'CIV')!.id,
      caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
      filedOn: today,
      subject: 'أداء مبلغ دين تجاري',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohamed Bennani' } }, role: 'plaintiff' }],
    });
    const hearing = await ok(chambers.service, 'hearings.schedule', { caseId: reg.caseId, baseVersion: 1, date: today, time: '09:30' });
    // After the hearing; and no earlier than now, so that going back to real time below is not a
    // jump forward that the idle lock would take for an absence.
    clock.fixed = Math.max(Date.parse(`${today}T11:00:00Z`), Date.now());
    await signInAs(chambers.service, JUDGE);
    const detail = await ok(chambers.service, 'cases.getDetail', { caseId: reg.caseId });
    const { judgmentId } = await ok(chambers.service, 'cases.recordJudgment', { caseId: reg.caseId, baseVersion: detail.case.version, hearingId: hearing.hearingId, pronouncedOn: today, operativePart: 'حكمت المحكمة علنيا ابتدائيا وحضوريا.' });
    clock.fixed = null;
    const judgmentOn = async (desk: AppService) => (await ok(desk, 'cases.getDetail', { caseId: reg.caseId })).judgment!;
    await ok(chambers.service, 'signing.signJudgment', { judgmentId, baseVersion: (await judgmentOn(chambers.service)).version, step: 'judge', token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468', language: 'ar' });
    await ok(chambers.service, 'sync.now', {});
    await sentAll(chambers.service);

    // The clerk's desk has the records, and brings the judge's file when it countersigns.
    await signInAs(greffe.service, court.clerk.username);
    await ok(greffe.service, 'sync.now', {});
    const judgeFile = (await ok(greffe.service, 'signing.verifyJudgment', { judgmentId })).fileSha256!;
    expect(fs.existsSync(fileOn(greffe, judgeFile))).toBe(true);

    // Taken away here and the server gone: refused with the reason, nothing recorded, no PIN try spent.
    fs.rmSync(fileOn(greffe, judgeFile));
    await killServer(server);
    const version = (await judgmentOn(greffe.service)).version;
    const refused = await greffe.service.handle('signing.signJudgment', { judgmentId, baseVersion: version, step: 'clerk', token: { label: 'greffe-karim' }, keyId: '01', pin: '1357', language: 'ar' });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'NOT_FOUND', i18nKey: 'signing.errors.judgmentFileMissing', params: { number: reg.number } });
    expect((await judgmentOn(greffe.service)).version).toBe(version);
    expect((await ok(greffe.service, 'sync.status', {})).pending).toBe(0);

    // The server back: the countersignature is appended to the judge's very file, fetched again.
    server = await startServer(serverDir, port);
    await signInAs(greffe.service, court.clerk.username);
    const signed = await ok(greffe.service, 'signing.signJudgment', { judgmentId, baseVersion: version, step: 'clerk', token: { label: 'greffe-karim' }, keyId: '01', pin: '1357', language: 'ar' });
    expect(signed.locked).toBe(true);
    expect(signed.verification.signatures.map((s) => s.valid)).toEqual([true, true]);
    const finalFile = signed.verification.fileSha256!;
    const countersigned = fs.readFileSync(fileOn(greffe, finalFile));
    expect(countersigned.subarray(0, fs.statSync(fileOn(greffe, judgeFile)).size).equals(fs.readFileSync(fileOn(greffe, judgeFile)))).toBe(true);
    await ok(greffe.service, 'sync.now', {});
    await sentAll(greffe.service);

    // The judge's desk: the countersigned file comes down when the judgment is shown, both signatures valid.
    // (The pass after the round may already be bringing it: the verification waits for that one.)
    await ok(chambers.service, 'sync.now', {});
    const seen = await ok(chambers.service, 'signing.verifyJudgment', { judgmentId });
    expect(seen.fileSha256).toBe(finalFile);
    expect(seen.signatures.map((s) => s.valid)).toEqual([true, true]);
    expect(seen.allValid).toBe(true);
    expect(fs.readFileSync(fileOn(chambers, finalFile)).equals(countersigned)).toBe(true);
    expect(pdfsig(fileOn(chambers, finalFile)).map((s) => s.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);

    // The server keeps both files for the court.
    const store = await openServerStore(await serverStoreConfig(serverDir));
    try {
      const blobs = await store.db.selectFrom('blobs').select('sha256').where('sha256', 'in', [judgeFile, finalFile]).execute();
      expect(blobs.map((b) => b.sha256).sort()).toEqual([judgeFile, finalFile].sort());
    } finally {
      await store.close();
    }
  });
});
