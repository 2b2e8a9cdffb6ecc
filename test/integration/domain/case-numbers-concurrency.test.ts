// Case numbers stay unique and gapless when two processes write to the same SQLite file at the same
// time (SQLite only; fifty commands at once on one store, on both engines: case-numbers-burst.test.ts).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/domain';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { parseCaseNumber } from '../../../src/shared/case-number';
import { CASE_TYPE, openTestCourt, tempDbFile, type TestCourt } from '../../helpers/db';
import { entryArgs } from '../../helpers/entries';

const REPO = path.resolve(import.meta.dirname, '../../..');

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

function runWorker(args: object): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entryArgs('command-stream'), JSON.stringify(args)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('case numbers under concurrency', () => {
  it('two processes registering into the same file at once never share a number and leave no gap', async () => {
    const file = tempDbFile();
    court = await openTestCourt({ file });
    const base = {
      file,
      mode: 'burst',
      count: 120,
      actor: court.clerk,
      courtId: court.courtId,
      chamberId: court.chambers.civil,
      caseTypeId: CASE_TYPE.civil,
      deviceId: 'device-test-1',
      deviceTag: 'TEST01',
    };
    await court.close();
    court = undefined;

    // Both start writing at the same instant, once both have opened the file.
    const startAt = Date.now() + 4000;
    const [a, b] = await Promise.all([runWorker({ ...base, startAt }), runWorker({ ...base, startAt })]);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    expect([a.code, b.code]).toEqual([0, 0]);
    const numbers = [...(JSON.parse(a.stdout) as string[]), ...(JSON.parse(b.stdout) as string[])];
    expect(new Set(numbers).size).toBe(240);
    expect(serialsOf(numbers).sort((x, y) => x - y)).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    // Both really ran at the same time: each got numbers from the other's range.
    const aSerials = serialsOf(JSON.parse(a.stdout) as string[]);
    expect(Math.max(...aSerials) - Math.min(...aSerials)).toBeGreaterThan(119);

    const reopened = await openDatabase(file);
    try {
      expect((reopened.raw.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n).toBe(240);
      expect(reopened.raw.prepare('SELECT first_serial, last_serial, next_serial FROM number_blocks').all()).toEqual([{ first_serial: 1, last_serial: 1000, next_serial: 241 }]);
      expect(await verifyAuditChain(reopened.db)).toMatchObject({ ok: true });
    } finally {
      await reopened.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
