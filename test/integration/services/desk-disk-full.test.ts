// The desk's own disk fills up while a clerk registers cases (SQLite only: the desk's file). A real
// full disk: the store is copied onto a tmpfs a little larger than it, mounted in a mount
// namespace of its own (unshare, as the signing CLI's full-disk test), and a process registers
// cases until a command fails. The failure is DISK_FULL (errors.disk.full, "nothing was saved"),
// never INTERNAL; once space is freed (the tmpfs grown) the next registrations go on from the next
// number; and the file, copied out, holds every registration that was answered and nothing of the
// one that failed: integrity check, audit chain, outbox and numbers agree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/domain';
import { parseCaseNumber } from '../../../src/shared/case-number';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { CASE_TYPE, openTestCourt, tempDbFile, type TestCourt } from '../../helpers/db';
import { runInMountNamespace, workerCommand } from '../../helpers/full-disk';

let court: TestCourt | undefined;
afterEach(async () => {
  await court?.close();
  court = undefined;
});

const serial = (n: string) => {
  const parsed = parseCaseNumber(n);
  if (parsed?.kind !== 'final') throw new Error(`not a final number: ${n}`);
  return parsed.serial;
};

describe('the desk disk fills up while cases are registered', () => {
  it.each([
    ['one at a time', 1],
    ['four at once (one transaction, a savepoint each)', 4],
  ])('%s: the failing registrations are DISK_FULL and leave nothing; after space is freed the desk goes on from the next number', async (_, parallel) => {
    const seed = tempDbFile();
    court = await openTestCourt({ file: seed });
    const args = {
      actor: court.clerk,
      courtId: court.courtId,
      chamberId: court.chambers.civil,
      caseTypeId: CASE_TYPE.civil,
      deviceId: 'device-disk-full',
      deviceTag: 'FULL01',
    };
    await court.close();
    court = undefined;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-disk-full-'));
    const disk = path.join(work, 'disk');
    const out = path.join(work, 'out');
    fs.mkdirSync(disk);
    fs.mkdirSync(out);
    const name = path.basename(seed);
    const file = path.join(disk, name);
    // Room for the store and a few dozen registrations (each writes its rows, index entries, audit
    // entry and outbox row, first to the WAL).
    const sizeKiB = Math.ceil(fs.statSync(seed).size / 1024) + 1536;
    const worker = (mode: string, extra: object = {}) => workerCommand('command-stream', { ...args, ...extra, file, mode });
    const script = [
      `mount -t tmpfs -o size=${sizeKiB}k tmpfs "${disk}" || exit 90`,
      `cp "${seed}" "${file}" || exit 91`,
      `${worker('fill', { parallel })} || exit 92`,
      // Space freed: the same disk, larger.
      `mount -o remount,size=64m "${disk}" || exit 93`,
      `${worker('burst', { count: 3 })} || exit 94`,
      `cp "${disk}/${name}"* "${out}/" || exit 95`,
    ];
    const r = runInMountNamespace(script);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const [fillLine, burstLine] = r.stdout.trim().split('\n');
    type Failure = { code: string; i18nKey: string; cause: string; message: string };
    const fill = JSON.parse(fillLine!) as { numbers: string[]; failures: Failure[]; closed: string };
    const after = JSON.parse(burstLine!) as string[];

    // Some registrations fitted, then the disk was full: DISK_FULL, from SQLite's own SQLITE_FULL.
    expect(fill.numbers.length, fillLine).toBeGreaterThan(3);
    expect(fill.failures[0], fillLine).toMatchObject({ code: 'DISK_FULL', i18nKey: 'errors.disk.full', cause: expect.stringMatching(/^(SQLITE_FULL|ENOSPC)$/) });
    // Every registration refused when the disk filled is refused as a full disk, none as INTERNAL.
    for (const f of fill.failures) expect(f, fillLine).toMatchObject({ code: 'DISK_FULL', i18nKey: 'errors.disk.full' });
    // The failed registration took no number: the next ones follow the last answered one.
    const last = Math.max(...fill.numbers.map(serial));
    expect(after.map(serial)).toEqual([last + 1, last + 2, last + 3]);
    expect(fill.numbers.map(serial).sort((a, b) => a - b)).toEqual(fill.numbers.map((_, i) => 1 + i));

    // The file as the disk left it: whole, every answered registration in it, nothing else.
    const opened = await openDatabase(path.join(out, name));
    try {
      const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(opened.db);
      expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
      const numbers = (await opened.db.selectFrom('cases').select('number').orderBy('number').execute()).map((c) => c.number);
      expect(numbers.map(serial).sort((a, b) => a - b)).toEqual([...fill.numbers, ...after].map(serial));
      const queued = await opened.db.selectFrom('outbox').select('name').where('name', '=', 'registerCase').execute();
      expect(queued).toHaveLength(fill.numbers.length + after.length);
      expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: true });
    } finally {
      await opened.close();
      fs.rmSync(work, { recursive: true, force: true });
      fs.rmSync(path.dirname(seed), { recursive: true, force: true });
    }
  });
});
