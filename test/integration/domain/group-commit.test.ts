// Group commit (src/domain/command-runner.ts): commands that arrive together share one transaction.
// When all of them hold, the group runs once with no savepoints; when one fails — before writing
// or after it has written rows — that attempt is rolled back whole and the group runs again with
// a savepoint per command, so only the failing command fails and nothing of it remains.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import { CASE_TYPE, openTestCourt, registerSampleCase, sampleCaseArgs, verifyChain, type TestCourt } from '../../helpers/db';

let court: TestCourt;
beforeEach(async () => {
  court = await openTestCourt();
});
afterEach(async () => {
  await court.close();
});

function settledErrors(results: PromiseSettledResult<unknown>[]) {
  return results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : null));
}

describe('commands that arrive together', () => {
  it('share one transaction with no savepoint when all of them hold', async () => {
    const { value, begins, savepoints } = await court.store.countStatements(() => Promise.all(Array.from({ length: 8 }, () => registerSampleCase(court))));
    expect(value.map((r) => r.number)).toEqual(Array.from({ length: 8 }, (_, i) => `2026/1101/${i + 1}`));
    expect(begins).toBe(1);
    expect(savepoints).toBe(0);
    expect(await verifyChain(court)).toEqual({ ok: true, checked: expect.any(Number) });
  });

  it('one refused inside the transaction fails alone; the others are written with no gap in numbers or audit', async () => {
    const auditBefore = (await court.store.get('SELECT max(seq) AS seq FROM audit')) as { seq: number };
    const args = Array.from({ length: 6 }, (_, i) =>
      // The third names a chamber that does not exist, the fifth is filed tomorrow: both found by the command itself.
      i === 2 ? sampleCaseArgs(court, { chamberId: '01900000-0000-7000-8000-00000000dead' }) : i === 4 ? sampleCaseArgs(court, { filedOn: '2026-01-06' }) : sampleCaseArgs(court),
    );
    const { value: results, begins, savepoints } = await court.store.countStatements(() =>
      Promise.allSettled(args.map((a) => runCommand(court.db, court.env, court.clerk, 'registerCase', a))),
    );
    expect(settledErrors(results)).toEqual([null, null, 'NOT_FOUND', null, 'RULE_VIOLATION', null]);
    const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.number] : []));
    expect(numbers).toEqual(['2026/1101/1', '2026/1101/2', '2026/1101/3', '2026/1101/4']);
    // The all-or-nothing attempt, then the group again with one savepoint per command.
    expect(begins).toBe(2);
    expect(savepoints).toBe(6);

    expect(await court.store.tableCounts()).toMatchObject({ cases: 4, parties: 8, case_parties: 8 });
    const audit = (await court.store.query('SELECT seq, command FROM audit WHERE seq > ? ORDER BY seq', [auditBefore.seq])) as { seq: number }[];
    expect(audit.map((a) => a.seq)).toEqual([1, 2, 3, 4].map((i) => auditBefore.seq + i));
    expect(await court.store.get("SELECT count(*) AS n FROM outbox WHERE name = 'registerCase'")).toEqual({ n: 4 });
    expect(await verifyChain(court)).toEqual({ ok: true, checked: auditBefore.seq + 4 });
  });

  it('one that fails after writing rows leaves none of them, and the others still commit', async () => {
    // A commercial case takes serial 1; the block is then wound back by plain SQL, so the next
    // commercial registration writes its parties and the block, then clashes on the case number.
    await registerSampleCase(court, { caseTypeId: CASE_TYPE.commercial });
    await court.store.run("UPDATE number_blocks SET next_serial = first_serial WHERE type_code = '1201'");
    const before = await court.store.tableCounts();

    const results = await Promise.allSettled([
      registerSampleCase(court),
      registerSampleCase(court, { caseTypeId: CASE_TYPE.commercial }),
      registerSampleCase(court),
    ]);
    expect(settledErrors(results)).toEqual([null, 'CONFLICT', null]);
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.number] : []))).toEqual(['2026/1101/1', '2026/1101/2']);

    const after = await court.store.tableCounts();
    expect(after.cases).toBe(before.cases! + 2);
    expect(after.parties).toBe(before.parties! + 4);
    expect(after.case_parties).toBe(before.case_parties! + 4);
    expect(after.outbox).toBe(before.outbox! + 2);
    expect(await court.store.get("SELECT next_serial FROM number_blocks WHERE type_code = '1201'")).toEqual({ next_serial: 1 });
    expect(await verifyChain(court)).toMatchObject({ ok: true });
  });
});
