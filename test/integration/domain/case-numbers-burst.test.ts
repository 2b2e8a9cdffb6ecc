// Case numbers stay unique and gapless under concurrent registrations: fifty commands started at
// once on one store (group commit shares transactions among them).
import { afterEach, describe, expect, it } from 'vitest';
import { parseCaseNumber } from '../../../src/shared/case-number';
import { openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';

let court: TestCourt | undefined;
afterEach(async () => {
  await court?.close();
  court = undefined;
});

function serialsOf(numbers: string[]): number[] {
  return numbers.map((n) => {
    const parsed = parseCaseNumber(n);
    if (parsed?.kind !== 'final') throw new Error(`not a final number: ${n}`);
    return parsed.serial;
  });
}

describe('case numbers under concurrency', () => {
  it('fifty registrations started at once on one store get fifty consecutive numbers', async () => {
    court = await openTestCourt();
    const c = court;
    const results = await Promise.all(Array.from({ length: 50 }, () => registerSampleCase(c)));
    const serials = serialsOf(results.map((r) => r.number)).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await c.store.query('SELECT first_serial, next_serial FROM number_blocks')).toEqual([{ first_serial: 1, next_serial: 51 }]);
    expect(await verifyChain(c)).toMatchObject({ ok: true });
  });
});
