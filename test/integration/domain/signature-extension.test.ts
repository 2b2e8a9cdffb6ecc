// A locked judgment's signed file is extended for long-term validation on the clerk's desk: the
// extension is recorded through the one write path (audited, a synced record of its own whose id
// comes from the file it extends, pushed like any command; no other record changed), each next one
// chains on the previous extension's file, and the
// automatic pass finds the judgments still below a level, oldest lock first. Refused with the
// reason and nothing written: a judgment not yet locked, a file that is no longer the newest, a
// file that is not longer than the one it extends, an unknown judgment, a judge or an admin, and
// with no actor (the server's own extension) on a desk's store.
// Runs on both engines (integration and integration-pg).
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judgmentsBelowLevel, newestJudgmentFile, runCommand, type Actor } from '../../../src/domain';
import { signatureExtensionId } from '../../../src/domain/rules/signature-extension';
import { LOCAL_COMMANDS, type CommandArgsInput } from '../../../src/shared/schemas/commands';
import type { SignatureStep } from '../../../src/shared/schemas/judgment-signing';
import { caseVersion, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const PRINTED = sha('printed');
const JUDGE_FILE = sha('signed by the judge');
const CLERK_FILE = sha('countersigned');
const LTA_1 = sha('extended once');
const LTA_2 = sha('extended twice');
const CLERK_SIZE = 61_000;

let court: TestCourt;

/** A case judged on 6 January 2026 with its judgment recorded; returns the judgment's id. */
async function judgedCase(): Promise<{ caseId: string; judgmentId: string }> {
  const caseId = (await registerSampleCase(court)).caseId;
  court.setNow('2026-01-05T08:00:00Z');
  const h = await runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId, baseVersion: await caseVersion(court, caseId), date: '2026-01-06', time: '09:30' });
  court.setNow('2026-01-06T10:00:00Z');
  const r = await runCommand(court.db, court.env, court.judge, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), hearingId: h.hearingId, pronouncedOn: '2026-01-06', operativePart: 'حكمت المحكمة علنيا ابتدائيا وحضوريا.' });
  return { caseId, judgmentId: r.judgmentId };
}

async function judgmentVersion(judgmentId: string): Promise<number> {
  return Number((await court.db.selectFrom('judgments').select('version').where('id', '=', judgmentId).executeTakeFirstOrThrow()).version);
}

async function sign(actor: Actor, judgmentId: string, step: SignatureStep, file: string, over: string, size: number) {
  return runCommand(court.db, court.env, actor, 'signJudgment', {
    judgmentId,
    baseVersion: await judgmentVersion(judgmentId),
    step,
    file: { sha256: file, size },
    signedOverSha256: over,
    certificate: { subject: `CN=${step}`, issuer: 'CN=Mahkama Test Signing CA', serialNumber: '0a', sha256: sha(step) },
    signedAt: court.env.now().toISOString(),
  });
}

/** Judge and clerk sign (at `at`): the judgment is locked, its newest file the clerk's. */
async function lockedJudgment(tag = '', at = '2026-01-20T10:00:00Z') {
  const j = await judgedCase();
  court.setNow(at);
  await sign(court.judge, j.judgmentId, 'judge', sha(`${JUDGE_FILE}${tag}`), sha(`${PRINTED}${tag}`), 48_000);
  await sign(court.clerk, j.judgmentId, 'clerk', tag ? sha(`${CLERK_FILE}${tag}`) : CLERK_FILE, sha(`${JUDGE_FILE}${tag}`), CLERK_SIZE);
  return j;
}

function extension(judgmentId: string, over: Partial<CommandArgsInput<'recordSignatureExtension'>> = {}): CommandArgsInput<'recordSignatureExtension'> {
  return { judgmentId, fromSha256: CLERK_FILE, file: { sha256: LTA_1, size: CLERK_SIZE + 24_000 }, level: 'B-LTA', extendedAt: '2026-01-21T09:00:00.000Z', ...over };
}

beforeEach(async () => {
  court = await openTestCourt();
});
afterEach(async () => {
  await court.close();
});

describe('recording the extension of a judgment\'s signatures', () => {
  it('the clerk extends the locked judgment\'s newest file; audited, pushed, no other record changed; a second extension chains on the first', async () => {
    const { caseId, judgmentId } = await lockedJudgment();
    const versionBefore = await judgmentVersion(judgmentId);
    const caseVersionBefore = await caseVersion(court, caseId);
    court.setNow('2026-01-21T09:00:00Z');
    const extensionId = signatureExtensionId(CLERK_FILE);
    expect(await runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(judgmentId))).toEqual({ judgmentId, extensionId, seq: 1, fileSha256: LTA_1 });

    expect(await newestJudgmentFile(court.db, judgmentId)).toEqual({
      sha256: LTA_1,
      size: CLERK_SIZE + 24_000,
      extension: { seq: 1, level: 'B-LTA', extendedAt: '2026-01-21T09:00:00.000Z', byServer: false },
      extensions: 1,
      highestLevel: 'B-LTA',
      lastSeq: 1,
    });
    // A record of its own: the judgment and the case keep their versions (a push based on them still holds).
    expect(await judgmentVersion(judgmentId)).toBe(versionBefore);
    expect(await caseVersion(court, caseId)).toBe(caseVersionBefore);
    expect(LOCAL_COMMANDS).not.toContain('recordSignatureExtension');
    expect(await court.store.value("SELECT count(*) FROM outbox WHERE name = 'recordSignatureExtension' AND status = 'pending'")).toBe(1);
    const audit = await court.store.get<{ changes: string; user_id: string }>("SELECT changes, user_id FROM audit WHERE command = 'recordSignatureExtension'");
    expect(audit!.user_id).toBe(court.clerk.userId);
    expect(JSON.parse(audit!.changes)).toEqual([
      {
        entity: 'signature_extension',
        id: extensionId,
        before: null,
        after: {
          id: extensionId,
          file_sha256: LTA_1,
          judgment_id: judgmentId,
          seq: 1,
          from_sha256: CLERK_FILE,
          file_size: CLERK_SIZE + 24_000,
          level: 'B-LTA',
          extended_at: '2026-01-21T09:00:00.000Z',
          extended_by: court.clerk.userId,
          version: 1,
        },
      },
    ]);
    // The case's timeline names it.
    expect(await court.store.value("SELECT count(*) FROM audit_subjects s JOIN audit a ON a.seq = s.seq WHERE a.command = 'recordSignatureExtension' AND s.case_id = ?", [caseId])).toBe(1);

    // Years later, the chief clerk renews the archive chain on top of the first extension.
    court.setNow('2029-01-21T09:00:00Z');
    const again = await runCommand(court.db, court.env, court.chiefClerk, 'recordSignatureExtension', extension(judgmentId, { fromSha256: LTA_1, file: { sha256: LTA_2, size: CLERK_SIZE + 40_000 }, extendedAt: '2029-01-21T09:00:00.000Z' }));
    expect(again.seq).toBe(2);
    expect(await newestJudgmentFile(court.db, judgmentId)).toMatchObject({ sha256: LTA_2, extensions: 2, extension: { seq: 2 } });
    expect(await court.store.query('SELECT seq, from_sha256, file_sha256, extended_by FROM signature_extensions ORDER BY seq')).toEqual([
      { seq: 1, from_sha256: CLERK_FILE, file_sha256: LTA_1, extended_by: court.clerk.userId },
      { seq: 2, from_sha256: LTA_1, file_sha256: LTA_2, extended_by: court.chiefClerk.userId },
    ]);
    expect(await verifyChain(court)).toEqual({ ok: true, checked: expect.any(Number) });
  });

  it('an extension of a countersigned copy the court then refused extends nothing: the copy that stands is the newest, and is extended next', async () => {
    const { judgmentId } = await lockedJudgment();
    court.setNow('2026-01-21T09:00:00Z');
    await runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(judgmentId));
    // The server kept another desk's countersignature of the judgment (a pull brings it in place of this one's).
    const standing = sha('countersigned on the other desk');
    await court.db.updateTable('judgment_signatures').set({ file_sha256: standing, file_size: CLERK_SIZE + 10 }).where('judgment_id', '=', judgmentId).where('step', '=', 'clerk').execute();
    expect(await newestJudgmentFile(court.db, judgmentId)).toEqual({ sha256: standing, size: CLERK_SIZE + 10, extension: null, extensions: 0, highestLevel: null, lastSeq: 1 });
    // The extension of the refused copy is refused as stale; the standing one is extended, numbered after it.
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(judgmentId, { fromSha256: LTA_1, file: { sha256: LTA_2, size: CLERK_SIZE + 40_000 } })), { code: 'RULE_VIOLATION' });
    expect(await runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(judgmentId, { fromSha256: standing, file: { sha256: LTA_2, size: CLERK_SIZE + 40_000 } }))).toEqual({
      judgmentId,
      extensionId: signatureExtensionId(standing),
      seq: 2,
      fileSha256: LTA_2,
    });
    expect(await newestJudgmentFile(court.db, judgmentId)).toMatchObject({ sha256: LTA_2, extensions: 1, extension: { seq: 2 }, lastSeq: 2 });
  });

  it('refuses a judgment not yet locked, a file no longer the newest, a file no longer than the old one, an unknown judgment: nothing written', async () => {
    const j = await judgedCase();
    court.setNow('2026-01-20T10:00:00Z');
    await sign(court.judge, j.judgmentId, 'judge', JUDGE_FILE, PRINTED, 48_000);
    // Signed by the judge only: the clerk's countersignature is still to be appended.
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(j.judgmentId, { fromSha256: JUDGE_FILE })), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.judgmentNotLockedToExtend',
    });
    await sign(court.clerk, j.judgmentId, 'clerk', CLERK_FILE, JUDGE_FILE, CLERK_SIZE);
    // The judge's file is not the newest: the clerk's is.
    const stale = await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(j.judgmentId, { fromSha256: JUDGE_FILE })), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.signatureExtensionStale',
    });
    expect(stale.fields?.[0]?.path).toEqual(['fromSha256']);
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(j.judgmentId, { file: { sha256: LTA_1, size: CLERK_SIZE } })), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.signatureExtensionNotAppended',
    });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(j.judgmentId, { file: { sha256: CLERK_FILE, size: CLERK_SIZE + 1 } })), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.signatureExtensionNotAppended',
    });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension('01900000-0000-7000-8000-0000000000ff')), { code: 'NOT_FOUND' });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', { ...extension(j.judgmentId), level: 'B-T' } as never), { code: 'VALIDATION_FAILED' });

    // Once extended, the clerk's file is stale in turn: a second desk's extension of it is refused.
    await runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(j.judgmentId));
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.chiefClerk, 'recordSignatureExtension', extension(j.judgmentId, { file: { sha256: LTA_2, size: CLERK_SIZE + 30_000 } })), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.signatureExtensionStale',
    });
  });

  it('the judgment\'s keepers may; a judge and an administrator may not; with no actor (the server\'s own) a desk\'s store refuses', async () => {
    const { judgmentId } = await lockedJudgment();
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.judge, 'recordSignatureExtension', extension(judgmentId)), { code: 'FORBIDDEN' });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.pureAdmin, 'recordSignatureExtension', extension(judgmentId)), { code: 'FORBIDDEN' });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, null, 'recordSignatureExtension', extension(judgmentId)), { code: 'FORBIDDEN', i18nKey: 'errors.setup.notOnDesk' });
    expect((await runCommand(court.db, court.env, court.chiefClerk, 'recordSignatureExtension', extension(judgmentId))).seq).toBe(1);
  });
});

describe('the judgments the automatic pass looks at', () => {
  it('are the locked ones never extended to the level, oldest lock first, a page at a time', async () => {
    // Locked in the order first, third, second (made in the order first, second, third).
    const first = await lockedJudgment('a', '2026-01-20T10:00:00Z');
    const second = await lockedJudgment('b', '2026-02-03T10:00:00Z');
    const third = await lockedJudgment('c', '2026-02-02T10:00:00Z');
    // Signed by the judge only: not locked, not looked at.
    const open = await judgedCase();
    court.setNow('2026-02-04T10:00:00Z');
    await sign(court.judge, open.judgmentId, 'judge', sha('open'), sha('open printed'), 48_000);

    const page = { after: null, limit: 10 };
    expect((await judgmentsBelowLevel(court.db, court.courtId, 'B-LTA', page)).map((j) => j.judgmentId)).toEqual([first.judgmentId, third.judgmentId, second.judgmentId]);
    // The second extended to B-LT: still below B-LTA, no longer below B-LT; its newest file is the extension's.
    await runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(second.judgmentId, { fromSha256: sha(`${CLERK_FILE}b`), file: { sha256: LTA_2, size: CLERK_SIZE + 9_000 }, level: 'B-LT' }));
    const belowLta = await judgmentsBelowLevel(court.db, court.courtId, 'B-LTA', page);
    expect(belowLta.map((j) => [j.judgmentId, j.newestSha256])).toEqual([
      [first.judgmentId, sha(`${CLERK_FILE}a`)],
      [third.judgmentId, sha(`${CLERK_FILE}c`)],
      [second.judgmentId, LTA_2],
    ]);
    expect((await judgmentsBelowLevel(court.db, court.courtId, 'B-LT', page)).map((j) => j.judgmentId)).toEqual([first.judgmentId, third.judgmentId]);
    // The first to B-LTA: out of both lists.
    await runCommand(court.db, court.env, court.clerk, 'recordSignatureExtension', extension(first.judgmentId, { fromSha256: sha(`${CLERK_FILE}a`) }));
    expect((await judgmentsBelowLevel(court.db, court.courtId, 'B-LTA', page)).map((j) => j.judgmentId)).toEqual([third.judgmentId, second.judgmentId]);
    // Paged by lock time, then id.
    const one = await judgmentsBelowLevel(court.db, court.courtId, 'B-LTA', { after: null, limit: 1 });
    expect(one.map((j) => j.judgmentId)).toEqual([third.judgmentId]);
    const next = await judgmentsBelowLevel(court.db, court.courtId, 'B-LTA', { after: { lockedAt: one[0]!.lockedAt, judgmentId: one[0]!.judgmentId }, limit: 1 });
    expect(next.map((j) => j.judgmentId)).toEqual([second.judgmentId]);
    expect(await judgmentsBelowLevel(court.db, court.courtId, 'B-LTA', { after: { lockedAt: next[0]!.lockedAt, judgmentId: next[0]!.judgmentId }, limit: 1 })).toEqual([]);

    // The first's countersigned copy was refused by the court and another's stands: its B-LTA
    // extension is of no copy that counts, so the first is below B-LTA again, its newest file the one that stands.
    const standing = sha('countersigned on the other desk');
    await court.db.updateTable('judgment_signatures').set({ file_sha256: standing }).where('judgment_id', '=', first.judgmentId).where('step', '=', 'clerk').execute();
    expect((await judgmentsBelowLevel(court.db, court.courtId, 'B-LTA', page)).map((j) => [j.judgmentId, j.newestSha256])).toEqual([
      [first.judgmentId, standing],
      [third.judgmentId, sha(`${CLERK_FILE}c`)],
      [second.judgmentId, LTA_2],
    ]);
  });
});
