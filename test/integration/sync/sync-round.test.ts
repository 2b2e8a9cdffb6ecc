// Whole sync rounds between two desks (real SQLite files) and the server (SQLite or PostgreSQL),
// through the sync protocol's schemas (every request and answer goes through JSON and its zod schema, as over the
// wire): both desks work offline, sync, and end with the same synced tables as the server —
// nothing lost, nothing applied twice, no one's edit silently overwritten.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { courtJournal, indexDocumentPages, newestJudgmentFile, quickFind, runCommand, searchCases, serverNumberAuthority, verifyAuditChain, verifyCourtAuditChain, type Actor, type CommandEnv, type Db } from '../../../src/domain';
import { conflictReadings, listSyncProblems } from '../../../src/main/services/sync/sync-problems';
import { syncOnce } from '../../../src/main/services/sync/sync-once';
import type { SyncTransport } from '../../../src/main/services/sync/sync-transport';
import { applyPush } from '../../../src/server/sync/apply-push';
import { pullForDevice } from '../../../src/server/sync/pull-for-device';
import { HlcClock } from '../../../src/shared/hlc';
import { SYNC_PROTOCOL_VERSION, pullRequestSchema, pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../../../src/shared/schemas/sync';
import { makeEnv, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';
import type { TestStore } from '../../helpers/store';
import { deskCopy, serverStoreBeside } from './server-beside-desk';

const SYNCED_TABLES = ['cases', 'parties', 'case_parties', 'hearings', 'judgments', 'judgment_signatures'] as const;

interface Desk {
  db: Db;
  env: CommandEnv;
  sync(): ReturnType<typeof syncOnce>;
}

let base: TestCourt;
let server: TestStore;
let c: TestStore;
let deskA: Desk;
let deskC: Desk;
const now = () => new Date('2026-01-05T15:00:00.000Z');

/** JSON there and back, checked by the protocol's schema on each side, as HTTP will do. */
const wire = <T>(schema: { parse(v: unknown): T }, value: unknown): T => schema.parse(JSON.parse(JSON.stringify(value)));

function serverEnv(): CommandEnv {
  return {
    ...makeEnv({ deviceId: 'server', deviceTag: 'SERVER', courtId: base.courtId, numbering: 'server', now }),
    clock: new HlcClock('server'),
    journal: courtJournal(),
    numbers: serverNumberAuthority,
  };
}

/** The server's functions behind the wire, for a device whose desk has `actor` signed in. */
function transportFor(deviceId: string, actor: Actor = base.clerk): SyncTransport {
  const target = { db: server.db, env: serverEnv(), deviceId };
  return {
    push: async (req) => wire(pushResponseSchema, { outcomes: await applyPush(target, wire(pushRequestSchema, req).mutations) }),
    pull: async (req) => wire(pullResponseSchema, await pullForDevice(target, actor, wire(pullRequestSchema, req))),
  };
}

beforeEach(async () => {
  // Enrolled desks: serials come from blocks the server grants; none yet → provisional numbers.
  // The desks are SQLite files; the server runs on this run's engine (server-beside-desk.ts).
  base = await openTestCourt({ numbering: 'server', engine: 'sqlite' });
  server = await serverStoreBeside(base);
  c = await deskCopy(base, 'desk-c.db');
  deskA = { db: base.db, env: base.env, sync: () => syncOnce(base.db, transportFor(base.env.deviceId), { now, pullPage: 7, courtId: base.courtId, numbering: 'server' }) };
  const cEnv = makeEnv({ deviceId: 'device-test-2', deviceTag: 'TEST02', courtId: base.courtId, numbering: 'server' });
  deskC = { db: c.db, env: cEnv, sync: () => syncOnce(c.db, transportFor(cEnv.deviceId), { now, pullPage: 7, courtId: base.courtId, numbering: 'server' }) };
});
afterEach(async () => {
  await c.close();
  await server.close();
  await base.close();
});

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of SYNCED_TABLES) out[t] = await db.selectFrom(t).selectAll().orderBy('id').execute();
  return out;
}

async function expectConverged(): Promise<void> {
  const s = await dump(server.db);
  expect(await dump(deskA.db)).toEqual(s);
  expect(await dump(deskC.db)).toEqual(s);
  expect(await verifyCourtAuditChain(server.db, base.courtId)).toMatchObject({ ok: true });
  expect(await verifyAuditChain(deskA.db)).toMatchObject({ ok: true });
  expect(await verifyAuditChain(deskC.db)).toMatchObject({ ok: true });
}

const caseOn = (d: Desk, caseId: string) => d.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();

describe('sync rounds: two desks and the server converge', () => {
  it('each desk gets the other\'s offline registrations, quick find included, and a second round changes nothing', async () => {
    const a1 = await registerSampleCase(base);
    const { hearingId } = await runCommand(deskA.db, deskA.env, base.clerk, 'scheduleHearing', { caseId: a1.caseId, baseVersion: 1, date: '2026-01-06', time: '10:00' });
    await runCommand(deskA.db, deskA.env, base.judge, 'adjournHearing', { hearingId, baseVersion: 1, reason: 'party_absent', newDate: '2026-01-20', newTime: '10:30' });
    await runCommand(deskC.db, deskC.env, base.clerk, 'registerCase', {
      chamberId: base.chambers.family,
      caseTypeId: '01900000-0000-7000-8000-000000001301',
      filedOn: '2026-01-05',
      subject: 'نفقة',
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'زينب الإدريسي', nameLatin: 'Zineb El Idrissi' } }, role: 'plaintiff' }],
    });

    expect(await deskA.sync()).toMatchObject({ pushed: 3, outcomes: { applied: 3, rejected: 0, conflict: 0 } });
    expect(await deskC.sync()).toMatchObject({ pushed: 1, outcomes: { applied: 1 } });
    expect(await deskA.sync()).toMatchObject({ pushed: 0 });
    await expectConverged();
    expect((await quickFind(deskA.db, base.courtId, { text: 'Idrissi', limit: 5, today: '2026-01-05' })).rows.map((r) => r.matchedText)).toEqual(['Zineb El Idrissi']);
    expect((await quickFind(deskC.db, base.courtId, { text: 'بناني', limit: 5, today: '2026-01-05' })).rows).toHaveLength(1);

    // Nothing new anywhere: a round pushes nothing and changes nothing.
    const before = await dump(server.db);
    expect(await deskC.sync()).toMatchObject({ pushed: 0, applied: 0 });
    expect(await dump(server.db)).toEqual(before);
    await expectConverged();
  });

  it('merges edits of different fields of one case made offline on both desks', async () => {
    const { caseId } = await registerSampleCase(base);
    await deskA.sync();
    await deskC.sync();
    await runCommand(deskA.db, deskA.env, base.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'أداء دين تجاري' } });
    await runCommand(deskC.db, deskC.env, base.clerk, 'addParty', { caseId, baseVersion: 1, entry: { party: { newParty: { kind: 'person', nameAr: 'سعاد بناني' } }, role: 'plaintiff' } });
    await deskA.sync();
    expect(await deskC.sync()).toMatchObject({ outcomes: { applied: 1, conflict: 0 } });
    await deskA.sync();
    await expectConverged();
    expect(await caseOn(deskA, caseId)).toMatchObject({ subject: 'أداء دين تجاري', version: 3 });
    expect(await deskA.db.selectFrom('case_parties').select('id').where('case_id', '=', caseId).execute()).toHaveLength(3);
  });

  it('keeps a conflict on the desk that lost the race, shows it base / mine / theirs, and converges on the server\'s value', async () => {
    const { caseId } = await registerSampleCase(base);
    await deskA.sync();
    await deskC.sync();
    await runCommand(deskA.db, deskA.env, base.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'أداء دين تجاري' } });
    await runCommand(deskC.db, deskC.env, base.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'تعويض عن ضرر' } });
    await deskA.sync();
    expect(await deskC.sync()).toMatchObject({ outcomes: { conflict: 1 } });
    await deskA.sync();
    await expectConverged();
    expect((await caseOn(deskC, caseId)).subject).toBe('أداء دين تجاري');
    const kept = await deskC.db.selectFrom('push_outcomes').select(['outcome', 'detail']).where('outcome', '=', 'conflict').executeTakeFirstOrThrow();
    expect(JSON.parse(kept.detail)).toMatchObject({ conflict: { entityId: caseId, fields: [{ field: 'subject', base: 'أداء مبلغ دين', mine: 'تعويض عن ضرر', theirs: 'أداء دين تجاري' }] } });
  });

  it('gives an offline registration its final number on the server, keeps the provisional beside it, and then grants the desk serials of its own', async () => {
    const offline = await registerSampleCase(base);
    expect(offline).toMatchObject({ provisional: true, number: '2026/1101/P-TEST01-1' });
    const round = await deskA.sync();
    expect(round.outcomes).toEqual({ applied: 1, rejected: 0, conflict: 0 });
    const kase = await caseOn(deskA, offline.caseId);
    expect(kase).toMatchObject({ number: '2026/1101/1', provisional: 0, serial: 1, provisional_number: '2026/1101/P-TEST01-1' });
    expect(JSON.parse((await deskA.db.selectFrom('push_outcomes').select('detail').executeTakeFirstOrThrow()).detail)).toEqual({ result: { caseId: offline.caseId, number: '2026/1101/1', provisional: false } });
    // Quick find knows the case by its final number now.
    expect((await quickFind(deskA.db, base.courtId, { text: '2026/1101/1', limit: 5, today: '2026-01-05' })).rows.map((r) => r.id)).toEqual([offline.caseId]);

    // The desk asked for serials while syncing: the next registration is final at once, from its block.
    const blocks = await deskA.db.selectFrom('number_blocks').select(['type_code', 'first_serial', 'last_serial', 'source']).where('type_code', '=', '1101').execute();
    expect(blocks).toEqual([{ type_code: '1101', first_serial: 101, last_serial: 200, source: 'server' }]);
    const next = await registerSampleCase(base, { subject: 'طلب إفراغ' });
    expect(next).toMatchObject({ provisional: false, number: '2026/1101/101' });
    // Desk C got a block of its own, after A's: numbers never collide.
    await deskC.sync();
    expect(await registerSampleCase({ ...base, db: deskC.db, env: deskC.env }, { subject: 'نفقة' })).toMatchObject({ number: '2026/1101/201' });
    await deskA.sync();
    await deskC.sync();
    await deskA.sync();
    await expectConverged();
  });

  it('refuses a final number the server never granted to the device that used it', async () => {
    await deskA.sync(); // A gets civil serials 1–100
    await deskC.sync(); // C gets 101–200
    const own = await registerSampleCase({ ...base, db: deskC.db, env: deskC.env });
    expect(own.number).toBe('2026/1101/101');
    // C's mutation, edited on its disk to carry a serial of A's block.
    await c.run('UPDATE outbox SET generated = replace(generated, ?, ?) WHERE name = ?', ['2026/1101/101', '2026/1101/50', 'registerCase']);
    const round = await deskC.sync();
    expect(round.outcomes).toEqual({ applied: 0, rejected: 1, conflict: 0 });
    const refused = await deskC.db.selectFrom('push_outcomes').select(['outcome', 'detail']).executeTakeFirstOrThrow();
    expect(JSON.parse(refused.detail)).toMatchObject({ error: { code: 'MUTATION_MISMATCH', i18nKey: 'errors.sync.numberNotGranted', params: { number: '2026/1101/50' } } });
    expect(await server.db.selectFrom('cases').select('id').execute()).toHaveLength(0);
  });

  it('pulls in pages that each commit with their cursor: a page applied twice changes nothing', async () => {
    for (let i = 0; i < 4; i++) await registerSampleCase(base, { subject: `قضية ${i}` });
    await deskA.sync();
    const transport = transportFor(deskC.env.deviceId);
    const page = await transport.pull({ protocol: SYNC_PROTOCOL_VERSION, cursor: {}, limit: 5 });
    expect(page).toMatchObject({ more: true, cursor: { [base.courtId]: 5 } });
    const { applyPulledChanges } = await import('../../../src/main/services/sync/apply-pull');
    await applyPulledChanges(deskC.db, page, { courtId: base.courtId, now: now().toISOString() });
    const once = await dump(deskC.db);
    await applyPulledChanges(deskC.db, page, { courtId: base.courtId, now: now().toISOString() });
    expect(await dump(deskC.db)).toEqual(once);
    await deskC.sync();
    await expectConverged();
  });
});

describe('sync rounds: a signed judgment', () => {
  it('the judge\'s signature reaches the other desk; two clerks countersign offline: the first locks it everywhere, the second is refused', async () => {
    const { caseId } = await registerSampleCase(base);
    const { hearingId } = await runCommand(deskA.db, deskA.env, base.clerk, 'scheduleHearing', { caseId, baseVersion: 1, date: '2026-01-05', time: '10:00' });
    base.setNow('2026-01-05T10:00:00.000Z');
    const { judgmentId } = await runCommand(deskA.db, deskA.env, base.judge, 'recordJudgment', { caseId, baseVersion: 2, hearingId, pronouncedOn: '2026-01-05', operativePart: 'حكمت المحكمة برفض الطلب.' });
    const hex = (ch: string) => ch.repeat(64);
    const certificate = { subject: 'CN=Samira Juge, C=MA', issuer: 'CN=Mahkama Test Signing CA', serialNumber: '0a', sha256: hex('c') };
    await runCommand(deskA.db, deskA.env, base.judge, 'signJudgment', { judgmentId, baseVersion: 1, step: 'judge', file: { sha256: hex('b'), size: 900 }, signedOverSha256: hex('a'), certificate, signedAt: '2026-01-05T10:05:00.000Z' });
    await deskA.sync();
    await deskC.sync();
    await expectConverged();
    expect(await deskC.db.selectFrom('judgment_signatures').select(['step', 'file_sha256']).execute()).toEqual([{ step: 'judge', file_sha256: hex('b') }]);

    // Both desks countersign the judge's file, neither having seen the other's.
    const countersign = (d: Desk, file: string) =>
      runCommand(d.db, d.env, base.clerk, 'signJudgment', { judgmentId, baseVersion: 2, step: 'clerk', file: { sha256: hex(file), size: 950 }, signedOverSha256: hex('b'), certificate, signedAt: '2026-01-05T10:10:00.000Z' });
    await countersign(deskA, 'd');
    await countersign(deskC, 'e');
    // C's clerk also extends C's copy for long-term validation before C hears of A's.
    await runCommand(deskC.db, deskC.env, base.clerk, 'recordSignatureExtension', { judgmentId, fromSha256: hex('e'), file: { sha256: hex('f'), size: 990 }, level: 'B-LTA', extendedAt: '2026-01-05T10:12:00.000Z' });
    expect(await newestJudgmentFile(deskC.db, judgmentId)).toMatchObject({ sha256: hex('f'), extensions: 1 });
    expect(await deskA.sync()).toMatchObject({ outcomes: { applied: 1 } });
    // Both of C's are refused: its countersignature (the judgment is locked by A's), and its
    // extension, pushed since extensions are synced records (its file is not the newest).
    expect(await deskC.sync()).toMatchObject({ outcomes: { applied: 0, rejected: 2 } });
    const refused = await deskC.db.selectFrom('push_outcomes').select('detail').where('outcome', '=', 'rejected').orderBy('mutation_id').execute();
    expect(refused.map((r) => (JSON.parse(r.detail) as { error: { i18nKey: string } }).error.i18nKey)).toEqual(['errors.rule.judgmentLocked', 'errors.rule.signatureExtensionStale']);
    await deskA.sync();
    await expectConverged();
    const locked = await server.db.selectFrom('judgments').select('locked_at').where('id', '=', judgmentId).executeTakeFirstOrThrow();
    expect(locked.locked_at).not.toBeNull();
    expect(await server.db.selectFrom('judgment_signatures').select(['step', 'file_sha256']).orderBy('step', 'desc').execute()).toEqual([
      { step: 'judge', file_sha256: hex('b') },
      { step: 'clerk', file_sha256: hex('d') },
    ]);
    // On C, the copy that stands is A's; C's extension of its refused copy, which the server never
    // held, is gone with the resync (its file stays in C's store).
    expect(await newestJudgmentFile(deskC.db, judgmentId)).toMatchObject({ sha256: hex('d'), extensions: 0, extension: null });
    expect(await deskC.db.selectFrom('signature_extensions').select('id').execute()).toEqual([]);
    expect(await server.db.selectFrom('signature_extensions').select('id').execute()).toEqual([]);
  });
});

/** A petition's record filed on desk A (its file is a blob: not needed for these rounds). */
function attachOnA(caseId: string, doc: { language: 'ar' | 'fr'; ocrLanguage?: 'ara'; title: string; fileName: string; sha256: string; pageCount: number }) {
  return runCommand(deskA.db, deskA.env, base.clerk, 'attachDocument', { caseId, documentTypeId: '01900000-0000-7000-8000-00000000d001', size: 4096, mime: 'application/pdf', ...doc });
}

describe('sync rounds: documents', () => {
  it('a document filed on one desk and a page corrected on the other reach the server and each other; a correction made without seeing the other is refused there', async () => {
    const { caseId } = await registerSampleCase(base);
    const { documentId } = await attachOnA(caseId, { language: 'ar', title: 'مقال افتتاحي', fileName: 'petition.pdf', sha256: 'b'.repeat(64), pageCount: 2 });
    await deskA.sync();
    await deskC.sync();
    // Desk A has the file and read it (its OCR's rows, as the pipeline writes them), so its search finds the pages.
    await deskA.db
      .insertInto('ocr_jobs')
      .values({ id: '01900000-0000-7000-8000-0000000000b1', document_id: documentId, status: 'done', language: 'auto', dpi: 300, attempts: 1, pages_total: 2, pages_done: 2, created_at: now().toISOString(), finished_at: now().toISOString() })
      .execute();
    await deskA.db
      .insertInto('document_pages')
      .values([0, 1].map((i) => ({ document_id: documentId, page_index: i, ocr_status: 'done', text: i === 0 ? 'مقال افتتاحي للدعوى' : 'نص مقروء خطأ', words: '[]', corrected: 0 })))
      .execute();
    await indexDocumentPages(deskA.db, documentId);
    const foundOnA = async (text: string) => (await searchCases(deskA.db, base.courtId, { text, limit: 10 })).rows.flatMap((r) => (r.page ? [r.page.pageNumber] : []));
    expect(await foundOnA('مقروء')).toEqual([2]);
    await runCommand(deskC.db, deskC.env, base.clerk, 'correctPageText', { documentId, pageIndex: 1, text: 'نص مصحح' });
    await runCommand(deskA.db, deskA.env, base.clerk, 'correctPageText', { documentId, pageIndex: 1, text: 'نص آخر' });
    expect(await deskC.sync()).toMatchObject({ outcomes: { applied: 1 } });
    // Desk A corrected the same page (same record: its id comes from the page) without having seen
    // C's correction: refused as stale on the server, and A takes C's text.
    expect(await deskA.sync()).toMatchObject({ outcomes: { applied: 0, rejected: 1 } });
    await deskA.sync();
    const docs = async (db: Db) => ({
      documents: await db.selectFrom('documents').selectAll().orderBy('id').execute(),
      page_corrections: await db.selectFrom('page_corrections').selectAll().orderBy('id').execute(),
    });
    const onServer = await docs(server.db);
    expect(onServer.documents).toHaveLength(1);
    expect(onServer.page_corrections).toMatchObject([{ document_id: documentId, page_index: 1, text: 'نص مصحح', version: 1 }]);
    expect(await docs(deskC.db)).toEqual(onServer);
    expect(await docs(deskA.db)).toEqual(onServer);
    expect(await verifyCourtAuditChain(server.db, base.courtId)).toMatchObject({ ok: true });
    // A's search follows the correction that came down, never its own refused one.
    expect(await foundOnA('مصحح')).toEqual([2]);
    expect(await foundOnA('مقروء')).toEqual([]);
    expect(await foundOnA('آخر')).toEqual([]);
    expect(await foundOnA('افتتاحي')).toEqual([1]);
  });

  it('languages chosen for two pages on one desk reach the server and the other desk; the other desk\'s choice made without seeing them is kept as a conflict there, never applied silently', async () => {
    const { caseId } = await registerSampleCase(base);
    const { documentId } = await attachOnA(caseId, { language: 'fr', ocrLanguage: 'ara', title: 'Requête', fileName: 'requete.pdf', sha256: 'c'.repeat(64), pageCount: 2 });
    await deskA.sync();
    await deskC.sync();
    await runCommand(deskA.db, deskA.env, base.clerk, 'chooseOcrLanguage', { documentId, baseVersion: 1, ocrLanguage: 'ara+fra', pageIndex: 1 });
    await runCommand(deskA.db, deskA.env, base.clerk, 'chooseOcrLanguage', { documentId, baseVersion: 2, ocrLanguage: 'fra', pageIndex: 0 });
    // Desk C asks too, without having seen A's choices.
    await runCommand(deskC.db, deskC.env, base.clerk, 'chooseOcrLanguage', { documentId, baseVersion: 1, ocrLanguage: 'eng' });
    expect(await deskA.sync()).toMatchObject({ outcomes: { applied: 2 } });
    expect(await deskC.sync()).toMatchObject({ outcomes: { applied: 0, conflict: 1 } });
    await deskC.sync();
    const kept = await deskC.db.selectFrom('push_outcomes').select(['outcome', 'detail']).where('outcome', '=', 'conflict').executeTakeFirstOrThrow();
    expect(JSON.parse(kept.detail)).toMatchObject({ conflict: { entityId: documentId, fields: [{ field: 'page_ocr_languages', base: '{}', mine: '{}', theirs: '{"0":"fra","1":"ara+fra"}' }] } });
    // What the clerk is shown of it: the document's conflict, its values as stored (the screen reads them).
    const listed = (await listSyncProblems(deskC.db, { includeSettled: false })).conflicts;
    expect(listed).toMatchObject([{ command: 'chooseOcrLanguage', conflict: { entity: 'document', entityId: documentId }, courtTimes: {}, people: {} }]);
    const row = async (db: Db) => db.selectFrom('documents').select(['ocr_language', 'page_ocr_languages', 'version']).where('id', '=', documentId).executeTakeFirstOrThrow();
    expect(await row(server.db)).toEqual({ ocr_language: 'ara', page_ocr_languages: '{"0":"fra","1":"ara+fra"}', version: 3 });
    expect(await row(deskC.db)).toEqual(await row(server.db));
    expect(await row(deskA.db)).toEqual(await row(server.db));
    expect(await verifyCourtAuditChain(server.db, base.courtId)).toMatchObject({ ok: true });
  });

  it('a reading language chosen on one desk has the other desk read those pages again with it; a page corrected anywhere keeps its correction', async () => {
    const { caseId } = await registerSampleCase(base);
    const { documentId } = await attachOnA(caseId, { language: 'ar', title: 'محضر', fileName: 'minutes.pdf', sha256: 'e'.repeat(64), pageCount: 3 });
    await deskA.sync();
    await deskC.sync();
    // Desk C read its copy (the rows its OCR writes); desk A has not read it.
    await deskC.db
      .insertInto('document_pages')
      .values([0, 1, 2].map((i) => ({ document_id: documentId, page_index: i, ocr_status: 'done', text: `صفحة ${i}`, words: '[]', corrected: 0 })))
      .execute();
    const marks = async () =>
      (await deskC.db.selectFrom('document_pages').select(['page_index', 'reread_language']).where('document_id', '=', documentId).orderBy('page_index').execute()).map((p) => p.reread_language);

    await runCommand(deskA.db, deskA.env, base.clerk, 'correctPageText', { documentId, pageIndex: 2, text: 'نص مصحح' });
    await runCommand(deskA.db, deskA.env, base.clerk, 'chooseOcrLanguage', { documentId, baseVersion: 1, ocrLanguage: 'ara+fra', pageIndex: 1 });
    await deskA.sync();
    expect(await deskC.sync()).toMatchObject({ documentsToReread: [documentId] });
    expect(await marks()).toEqual([null, 'ara+fra', null]);

    // The whole document's choice ends the page's own: every page read with it, but the corrected one.
    await runCommand(deskA.db, deskA.env, base.clerk, 'chooseOcrLanguage', { documentId, baseVersion: 2, ocrLanguage: 'fra', confirmed: ['correctedPagesKept'] });
    await deskA.sync();
    expect(await deskC.sync()).toMatchObject({ documentsToReread: [documentId] });
    expect(await marks()).toEqual(['fra', 'fra', null]);

    // Desk A's own choices come back to it as they are: nothing to read again there; nor on C when nothing changed.
    expect(await deskA.sync()).toMatchObject({ documentsToReread: [] });
    await runCommand(deskA.db, deskA.env, base.clerk, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'موضوع آخر' } });
    await deskA.sync();
    expect(await deskC.sync()).toMatchObject({ applied: 1, documentsToReread: [] });
    await expectConverged();
  });

  it('a conflict that names instants and people is shown with their court time and names, read on the desk', async () => {
    const fields = [
      { field: 'text', base: 'أ', mine: 'ب', theirs: 'ج' },
      // 23:30 UTC on the last day of the year is already the next day in Casablanca (UTC+1).
      { field: 'corrected_at', base: null, mine: '2026-12-31T23:30:00.000Z', theirs: 'not a time' },
      { field: 'corrected_by', base: null, mine: base.clerk.userId, theirs: '01900000-0000-7000-8000-00000000ffff' },
    ];
    expect(await conflictReadings(deskC.db, fields)).toEqual({ courtTimes: { '2026-12-31T23:30:00.000Z': '2027-01-01 00:30' }, people: { [base.clerk.userId]: 'كريم الكاتب' } });
    expect(await conflictReadings(deskC.db, [{ field: 'subject', base: 'x', mine: 'y', theirs: 'z' }])).toEqual({ courtTimes: {}, people: {} });
  });
});
