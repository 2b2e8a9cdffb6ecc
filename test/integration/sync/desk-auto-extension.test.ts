// An enrolled desk extends its locked judgments by itself once online: a real server process, the
// desk's app service on a real SQLite file, SoftHSM2 cards, Debian Chromium for the judgment's PDF,
// and the local OCSP responder, CRLs and TSA (test/helpers/pki-services.ts). The judge signs and the
// clerk countersigns on the desk; with the TSA down, the round after goes through and the automatic
// extension fails quietly (logged, the sync state still online, no error for the clerk); the TSA
// back, the next round after the wait extends the judgment to B-LTA, recorded for the clerk and
// pushed: the court's server holds the extension record (a synced record since migration 0027).
// This court's server has no TSA: the desk renews its own B-LTA file's archive timestamp once the
// TSA certificate of its newest document timestamp expires within the desk's margin (30 days) —
// waiting while the TSA still signs with that certificate, renewing once it has its next one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import { type AppService } from '../../../src/main/services/app-service';
import { DocumentFileStore } from '../../../src/main/services/documents/file-store';
import { createLogger } from '../../../src/main/services/logger';
import { hashPassword } from '../../../src/server/auth/passwords';
import { operatorEnv } from '../../../src/server/cli';
import { openServerStore } from '../../../src/server/store';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import { cardsWithPki } from '../../helpers/pki-cards';
import type { PkiServices } from '../../helpers/pki-services';
import { serverStoreConfig } from '../../helpers/server-database';
import { type SoftHsm } from '../../helpers/softhsm-tokens';
import { newestArchiveTimestamp } from '../../../src/signatures/archive-timestamp';
import { byteRanges, opensslTsVerify, opensslVerifyByteRanges, pdfsig, qpdfCheck } from '../signing/pdf-tools';
import { openEnrolledSigningDesk } from './signing-desk';
import { PASSWORD, freePort, killServer, prepareServerCourt, startServer, type ServerCourt, type ServerProcess } from './http-stage';

let serverDir: string;
let server: ServerProcess;
let court: ServerCourt;
let pki: PkiServices;
let hsm: SoftHsm;
let desk: AppService;
let dataDir: string;
let judgmentId = '';
let caseId = '';
const logs: Record<string, unknown>[] = [];
const clock = { t: Date.parse('2026-04-06T09:00:00Z') };

async function ok<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> {
  const r = await desk.handle(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function signInAs(username: string): Promise<void> {
  await ok('session.logout', {});
  await ok('session.login', { username, password: PASSWORD });
}

const failuresLogged = () => logs.filter((l) => l.msg === 'automatic extension failed; tried again later');

beforeAll(async () => {
  ({ pki, hsm } = await cardsWithPki(
    [
      { label: 'juge-alaoui', pin: '2468', keys: [{ type: 'RSA', commonName: 'Samira Alaoui' }] },
      { label: 'greffe-karim', pin: '1357', keys: [{ type: 'EC', commonName: 'Karim Bennani' }] },
    ],
  ));

  serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-auto-extend-server-'));
  court = await prepareServerCourt(serverDir, 1);
  // The court's judge, made by the operator as the clerk was.
  const store = await openServerStore(await serverStoreConfig(serverDir));
  try {
    await runCommand(store.db, operatorEnv(court.courtId), null, 'createCourtUser', { username: 'samira.juge', displayName: 'سميرة العلوي', roles: ['judge'], passwordHash: await hashPassword(PASSWORD) });
  } finally {
    await store.close();
  }
  server = await startServer(serverDir, await freePort());

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-auto-extend-desk-'));
  const trust = path.join(dataDir, 'trust');
  fs.mkdirSync(trust);
  fs.writeFileSync(path.join(trust, 'court-root.pem'), hsm.ca.rootPem);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  desk = await openEnrolledSigningDesk({
    dataDir,
    serverUrl: server.url,
    code: court.codes[0]!,
    hsmEnv: hsm.env,
    config: { trustAnchorsDir: trust, tsaUrl: pki.tsaUrl },
    log: createLogger('info', sink),
    now: () => new Date(clock.t),
  });
  await signInAs(court.clerk.username);

  // Registered on Monday 6 April, heard and judged on Tuesday 14 April 2026.
  const ref = await ok('reference.get', {});
  const reg = await ok('cases.register', {
    chamberId: ref.chambers.find((c) => c.code === 'CIV')!.id,
    caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
    filedOn: '2026-04-06',
    subject: 'أداء مبلغ دين تجاري',
    parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohamed Bennani' } }, role: 'plaintiff' }],
  });
  caseId = reg.caseId;
  const hearing = await ok('hearings.schedule', { caseId: reg.caseId, baseVersion: 1, date: '2026-04-14', time: '09:30' });
  clock.t = Date.parse('2026-04-14T10:00:00Z');
  await signInAs('samira.juge');
  const detail = await ok('cases.getDetail', { caseId: reg.caseId });
  judgmentId = (await ok('cases.recordJudgment', { caseId: reg.caseId, baseVersion: detail.case.version, hearingId: hearing.hearingId, pronouncedOn: '2026-04-14', operativePart: 'حكمت المحكمة علنيا ابتدائيا وحضوريا.' })).judgmentId;
  // The test CA's certificates are valid from today: the signatures are made today.
  clock.t = Date.now();
  if ((await ok('app.status', {})).locked) await ok('session.unlock', { password: PASSWORD });
  const judgment = async () => (await ok('cases.getDetail', { caseId: reg.caseId })).judgment!;
  await ok('signing.signJudgment', { judgmentId, baseVersion: (await judgment()).version, step: 'judge', token: { label: 'juge-alaoui' }, keyId: '01', pin: '2468', language: 'ar' });
  await signInAs(court.clerk.username);
  const signed = await ok('signing.signJudgment', { judgmentId, baseVersion: (await judgment()).version, step: 'clerk', token: { label: 'greffe-karim' }, keyId: '01', pin: '1357', language: 'ar' });
  expect(signed.locked).toBe(true);
}, 240_000);

afterAll(async () => {
  await desk?.close();
  if (server) await killServer(server);
  await pki?.close();
  hsm?.cleanup();
  for (const d of [serverDir, dataDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

describe('an enrolled desk extends its judgments by itself once online', () => {
  it('the TSA down: the round goes through, the extension fails quietly and waits; the TSA back, the next round after the wait extends to B-LTA, pushed to the server', async () => {
    expect((await ok('signing.verifyJudgment', { judgmentId })).extension).toMatchObject({ count: 0, due: true, reachable: 'B-LTA' });

    pki.tsaMode = 'down';
    try {
      expect(await ok('sync.now', {})).toMatchObject({ state: 'online', lastError: null });
      await desk.extensionsSettled();
    } finally {
      pki.tsaMode = 'ok';
    }
    expect(failuresLogged()).toHaveLength(1);
    expect(failuresLogged()[0]).toMatchObject({ judgmentId, code: 'TIMESTAMP_FAILED', i18nKey: 'signing.errors.extendTsaUnreachable', tries: 1 });
    // Nothing for the clerk to see: the sync is online with no error, and the judgment is as it was.
    expect(await ok('sync.status', {})).toMatchObject({ state: 'online', lastError: null, pending: 0 });
    expect((await ok('signing.verifyJudgment', { judgmentId })).extension).toMatchObject({ count: 0, due: true });

    // A round within the wait leaves the judgment alone.
    await ok('sync.now', {});
    await desk.extensionsSettled();
    expect(failuresLogged()).toHaveLength(1);
    expect((await ok('signing.verifyJudgment', { judgmentId })).extension.count).toBe(0);

    // After the wait (a minute at most, after one failure), the next round extends it.
    clock.t += 2 * 60_000;
    await ok('sync.now', {});
    await desk.extensionsSettled();
    const v = await ok('signing.verifyJudgment', { judgmentId });
    expect(v).toMatchObject({ allValid: true, level: 'B-LTA', extension: { count: 1, last: { level: 'B-LTA' }, due: false } });
    expect(v.documentTimestamps).toHaveLength(1);
    expect(logs.filter((l) => l.msg === 'judgment signatures extended automatically').map((l) => [l.judgmentId, l.level])).toEqual([[judgmentId, 'B-LTA']]);
    // Recorded for the clerk signed in, on the case's timeline; pushed with the next round and
    // applied by the server, which holds the same record.
    const detail = await ok('cases.getDetail', { caseId });
    expect(detail.audit.at(-1)).toMatchObject({ command: 'recordSignatureExtension', userId: court.clerk.id });
    expect(await ok('sync.now', {})).toMatchObject({ state: 'online', pending: 0, rejected: 0, conflicts: 0 });
    const onServer = await openServerStore(await serverStoreConfig(serverDir));
    try {
      const rows = await onServer.db.selectFrom('signature_extensions').select(['judgment_id', 'level', 'extended_by', 'file_sha256']).execute();
      expect(rows).toEqual([{ judgment_id: judgmentId, level: 'B-LTA', extended_by: court.clerk.id, file_sha256: v.fileSha256 }]);
    } finally {
      await onServer.close();
    }
    // Once extended, the next rounds leave it alone.
    await desk.extensionsSettled();
    expect((await ok('signing.verifyJudgment', { judgmentId })).extension.count).toBe(1);
  });

  it('the archive timestamp\'s TSA certificate expires within the margin: the pass waits while the TSA still signs with it, then renews it (the chain\'s next extension), pushed to the server', async () => {
    // The TSA on a certificate that expires in 20 days; the clerk extends once more by hand (no renewal check):
    // the newest document timestamp is now by that certificate.
    pki.rollTsaCertificate(20);
    const byHand = await ok('signing.extendJudgment', { judgmentId });
    expect(byHand.verification.extension).toMatchObject({ count: 2, last: { level: 'B-LTA' }, due: false });
    expect(Date.parse(newestArchiveTimestamp(new DocumentFileStore(dataDir).pathOf(byHand.fileSha256))!.tsaCertificateExpiresAt) - clock.t).toBeLessThan(21 * 86_400_000);

    // The next round's pass renews it; the TSA answers with the same certificate: nothing kept, logged, waits.
    const failed = failuresLogged().length;
    await ok('sync.now', {});
    await desk.extensionsSettled();
    expect(failuresLogged()).toHaveLength(failed + 1);
    expect(failuresLogged().at(-1)).toMatchObject({ judgmentId, code: 'TIMESTAMP_FAILED', i18nKey: 'signing.errors.renewalTsaExpiring', tries: 1 });
    expect((await ok('signing.verifyJudgment', { judgmentId })).extension.count).toBe(2);

    // The TSA's next certificate (a year); after the wait the next round renews it.
    pki.rollTsaCertificate(365);
    clock.t += 2 * 60_000;
    await ok('sync.now', {});
    await desk.extensionsSettled();
    const v = await ok('signing.verifyJudgment', { judgmentId });
    expect(v).toMatchObject({ allValid: true, level: 'B-LTA', extension: { count: 3, last: { level: 'B-LTA' }, due: false } });
    expect(v.documentTimestamps.map((d) => d.valid)).toEqual([true, true, true]);
    expect(logs.filter((l) => l.msg === 'archive timestamp of a judgment renewed automatically').map((l) => [l.judgmentId, l.level])).toEqual([[judgmentId, 'B-LTA']]);
    const file = new DocumentFileStore(dataDir).pathOf(v.fileSha256!);
    expect(Date.parse(newestArchiveTimestamp(file)!.tsaCertificateExpiresAt) - clock.t).toBeGreaterThan(300 * 86_400_000);
    const previous = fs.readFileSync(new DocumentFileStore(dataDir).pathOf(byHand.fileSha256));
    expect(fs.readFileSync(file).subarray(0, previous.length).equals(previous)).toBe(true);

    // Every tool over the renewed file.
    expect(qpdfCheck(file).status).toBe(0);
    expect(opensslVerifyByteRanges(file, hsm.ca.rootFile, dataDir).slice(0, 2).map((r) => r.ok)).toEqual([true, true]);
    const untrusted = path.join(dataDir, 'untrusted.pem');
    fs.writeFileSync(untrusted, hsm.ca.intermediatePem + pki.tsaCertPems().join(''));
    const ranges = byteRanges(file);
    expect(ranges).toHaveLength(5);
    for (const r of ranges.slice(2)) expect(opensslTsVerify(r.contents, { data: r.signed }, hsm.ca.rootFile, untrusted, dataDir)).toBe(true);
    expect(pdfsig(file).slice(0, 2).map((x) => x.validation)).toEqual(['Signature is Valid.', 'Signature is Valid.']);

    // Pushed: the server holds the chain of three; renewed, the next rounds leave it alone.
    expect(await ok('sync.now', {})).toMatchObject({ state: 'online', pending: 0, rejected: 0, conflicts: 0 });
    const onServer = await openServerStore(await serverStoreConfig(serverDir));
    try {
      const rows = await onServer.db.selectFrom('signature_extensions').select(['seq', 'level', 'file_sha256']).where('judgment_id', '=', judgmentId).orderBy('seq').execute();
      expect(rows.map((r) => [Number(r.seq), r.level])).toEqual([
        [1, 'B-LTA'],
        [2, 'B-LTA'],
        [3, 'B-LTA'],
      ]);
      expect(rows[2]!.file_sha256).toBe(v.fileSha256);
    } finally {
      await onServer.close();
    }
    await desk.extensionsSettled();
    expect((await ok('signing.verifyJudgment', { judgmentId })).extension.count).toBe(3);
  });
});
