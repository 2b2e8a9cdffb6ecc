// A judgment is signed by the judge, then countersigned by a clerk on the judge's very file; the
// last signature locks it. Its text may be corrected only before anyone signed; a signature out of
// order, by the wrong role, twice, or on a locked judgment is refused with its reason and nothing
// is written. Runs on both engines (integration and integration-pg).
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCaseDetail, runCommand, type Actor } from '../../../src/domain';
import type { CommandArgsInput } from '../../../src/shared/schemas/commands';
import type { SignatureStep } from '../../../src/shared/schemas/judgment-signing';
import { caseVersion, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';

const OPERATIVE = 'حكمت المحكمة علنيا ابتدائيا وحضوريا:\nفي الموضوع: بأداء المدعى عليها للمدعي مبلغ 20.000 درهم.';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const PRINTED = sha('the judgment as printed');
const JUDGE_FILE = sha('signed by the judge');
const CLERK_FILE = sha('countersigned by the clerk');

let court: TestCourt;
let caseId: string;
let judgmentId: string;
beforeEach(async () => {
  court = await openTestCourt();
  caseId = (await registerSampleCase(court)).caseId;
  // Heard on Tuesday 6 January, reserved for judgment, pronounced at that hearing's end.
  const h = await runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId, baseVersion: await caseVersion(court, caseId), date: '2026-01-06', time: '09:30' });
  court.setNow('2026-01-06T10:00:00Z');
  const r = await runCommand(court.db, court.env, court.judge, 'recordJudgment', {
    caseId,
    baseVersion: await caseVersion(court, caseId),
    hearingId: h.hearingId,
    pronouncedOn: '2026-01-06',
    operativePart: OPERATIVE,
  });
  court.setNow('2026-01-20T10:00:00Z');
  judgmentId = r.judgmentId;
});
afterEach(async () => {
  await court.close();
});

async function judgmentVersion(): Promise<number> {
  return Number((await court.db.selectFrom('judgments').select('version').where('id', '=', judgmentId).executeTakeFirstOrThrow()).version);
}

async function signArgs(step: SignatureStep, file: string, over: string): Promise<CommandArgsInput<'signJudgment'>> {
  return {
    judgmentId,
    baseVersion: await judgmentVersion(),
    step,
    file: { sha256: file, size: 48_213 },
    signedOverSha256: over,
    certificate: { subject: `CN=${step === 'judge' ? 'سميرة القاضية' : 'Karim Greffier'}, O=Tribunal, C=MA`, issuer: 'CN=Mahkama Test Signing CA, O=Mahkama Test, C=MA', serialNumber: '1a2b3c', sha256: sha(step) },
    signedAt: '2026-01-20T10:05:00.000Z',
  };
}

async function sign(actor: Actor, step: SignatureStep, file: string, over: string) {
  return runCommand(court.db, court.env, actor, 'signJudgment', await signArgs(step, file, over));
}

async function edit(actor: Actor, operativePart = `${OPERATIVE}\nوتحميلها الصائر.`) {
  return runCommand(court.db, court.env, actor, 'updateJudgment', { judgmentId, baseVersion: await judgmentVersion(), operativePart });
}

describe('signing a judgment', () => {
  it('the judge signs, the clerk countersigns the same file, and the judgment is locked', async () => {
    const first = await sign(court.judge, 'judge', JUDGE_FILE, PRINTED);
    expect(first).toMatchObject({ judgmentId, locked: false });
    const second = await sign(court.clerk, 'clerk', CLERK_FILE, JUDGE_FILE);
    expect(second).toMatchObject({ judgmentId, locked: true });

    const detail = await getCaseDetail(court.db, court.courtId, { caseId });
    expect(detail.judgment?.lockedAt).toBe('2026-01-20T10:00:00.000Z');
    expect(detail.judgment?.signatures.map((s) => [s.step, s.signerId, s.signerRole, s.fileSha256])).toEqual([
      ['judge', court.judge.userId, 'judge', JUDGE_FILE],
      ['clerk', court.clerk.userId, 'clerk', CLERK_FILE],
    ]);
    expect(detail.judgment?.signatures[0]).toMatchObject({ signerDisplayName: 'سميرة القاضية', certificateSerial: '1a2b3c', fileSize: 48_213, signedAt: '2026-01-20T10:05:00.000Z' });

    // Each signature went through the one write path: audited, in the outbox, chain intact.
    const outbox = await court.db.selectFrom('outbox').select('name').where('name', '=', 'signJudgment').execute();
    expect(outbox).toHaveLength(2);
    const audit = (await court.store.value("SELECT changes FROM audit WHERE command = 'signJudgment' ORDER BY seq DESC LIMIT 1")) as string;
    expect(JSON.parse(audit)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'judgment_signature', before: null, after: expect.objectContaining({ step: 'clerk', file_sha256: CLERK_FILE, signer_id: court.clerk.userId }) }),
        expect.objectContaining({ entity: 'judgment', id: judgmentId, after: expect.objectContaining({ locked_at: '2026-01-20T10:00:00.000Z' }) }),
      ]),
    );
    expect(await verifyChain(court)).toEqual({ ok: true, checked: expect.any(Number) });
  });

  it('a chief clerk may countersign too', async () => {
    await sign(court.judge, 'judge', JUDGE_FILE, PRINTED);
    const r = await sign(court.chiefClerk, 'clerk', CLERK_FILE, JUDGE_FILE);
    expect(r.locked).toBe(true);
    expect(await court.store.value('SELECT signer_role FROM judgment_signatures WHERE step = ?', ['clerk'])).toBe('chief_clerk');
  });

  it('refuses the clerk before the judge, the wrong role, the same step twice, and a countersignature on another file', async () => {
    await expectRefusedWithoutWrites(court, () => sign(court.clerk, 'clerk', CLERK_FILE, PRINTED), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentSignatureOutOfOrder' });
    await expectRefusedWithoutWrites(court, () => sign(court.clerk, 'judge', JUDGE_FILE, PRINTED), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentSignatureNotYourStep' });
    await sign(court.judge, 'judge', JUDGE_FILE, PRINTED);
    await expectRefusedWithoutWrites(court, () => sign(court.judge, 'judge', JUDGE_FILE, PRINTED), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentStepAlreadySigned' });
    await expectRefusedWithoutWrites(court, () => sign(court.judge, 'clerk', CLERK_FILE, JUDGE_FILE), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentSignatureNotYourStep' });
    await expectRefusedWithoutWrites(court, () => sign(court.clerk, 'clerk', CLERK_FILE, PRINTED), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentSignedOverOtherFile' });
    // The admin never touches case records.
    await expectRefusedWithoutWrites(court, () => sign(court.pureAdmin, 'clerk', CLERK_FILE, JUDGE_FILE), { code: 'FORBIDDEN' });
  });

  it('refuses a signature on a locked judgment, and a stale version', async () => {
    await sign(court.judge, 'judge', JUDGE_FILE, PRINTED);
    const stale = await signArgs('clerk', CLERK_FILE, JUDGE_FILE);
    await sign(court.clerk, 'clerk', CLERK_FILE, JUDGE_FILE);
    await expectRefusedWithoutWrites(court, () => sign(court.chiefClerk, 'clerk', sha('another'), JUDGE_FILE), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentLocked' });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'signJudgment', stale), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentLocked' });
  });

  it('refuses bad input with nothing written: unknown judgment, malformed hashes, control characters', async () => {
    const good = await signArgs('judge', JUDGE_FILE, PRINTED);
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.judge, 'signJudgment', { ...good, judgmentId: '01900000-0000-7000-8000-0000000000ff' }), { code: 'NOT_FOUND' });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.judge, 'signJudgment', { ...good, file: { sha256: 'XYZ', size: 1 } }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.judge, 'signJudgment', { ...good, file: { sha256: JUDGE_FILE, size: 0 } }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.judge, 'signJudgment', { ...good, certificate: { ...good.certificate, subject: 'CN=a\u0000b' } }),
      { code: 'VALIDATION_FAILED' },
    );
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.judge, 'signJudgment', { ...good, file: { sha256: PRINTED, size: 10 } }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.judgmentSignedOverOtherFile',
    });
  });
});

describe('editing a judgment', () => {
  it('its operative part may be corrected before anyone signed', async () => {
    const r = await edit(court.clerk);
    expect(r.judgmentId).toBe(judgmentId);
    const detail = await getCaseDetail(court.db, court.courtId, { caseId });
    expect(detail.judgment?.operativePart).toMatch(/وتحميلها الصائر\.$/);
  });

  it('is refused once the judge signed, and once locked, with the reason', async () => {
    await sign(court.judge, 'judge', JUDGE_FILE, PRINTED);
    await expectRefusedWithoutWrites(court, () => edit(court.clerk), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentBeingSigned' });
    await sign(court.clerk, 'clerk', CLERK_FILE, JUDGE_FILE);
    const err = await expectRefusedWithoutWrites(court, () => edit(court.judge), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.judgmentLocked' });
    expect(err.params).toMatchObject({ number: expect.any(String) });
  });
});
