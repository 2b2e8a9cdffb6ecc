// A second process writing to the same workstation file, for the concurrency and crash tests (run
// with `node --import tsx`). 'burst': register N cases and print their numbers. 'stream': register
// cases and schedule hearings in a loop until killed, printing a line per finished command. 'fill':
// register cases until a command fails (a disk that fills up), then print how many were registered
// and the failures as the app sees them (toAppError), and close.
// Test support only: never imported by the app.
import { runCommand, type Actor } from '../../../../src/domain';
import { openDatabase } from '../../../../src/store/sqlite/open-database';
import { HlcClock } from '../../../../src/shared/hlc';
import { toAppError } from '../../../../src/shared/errors';

interface WorkerArgs {
  file: string;
  mode: 'burst' | 'stream' | 'fill';
  count?: number;
  actor: Actor;
  courtId: string;
  chamberId: string;
  caseTypeId: string;
  deviceId: string;
  deviceTag: string;
  /** fill: registrations sent at once (default 1). */
  parallel?: number;
  /** burst: wait until this epoch ms, so that several workers start writing together. */
  startAt?: number;
}

const args = JSON.parse(process.argv[2]!) as WorkerArgs;
const opened = await openDatabase(args.file);
const env = {
  deviceId: args.deviceId,
  deviceTag: args.deviceTag,
  courtId: args.courtId,
  clock: new HlcClock(args.deviceId),
  now: () => new Date('2026-01-05T08:00:00.000Z'),
  numbering: 'standalone' as const,
};

let n = 0;
async function registerOne(): Promise<{ caseId: string; number: string }> {
  n++;
  return runCommand(opened.db, env, args.actor, 'registerCase', {
    chamberId: args.chamberId,
    caseTypeId: args.caseTypeId,
    filedOn: '2026-01-05',
    subject: `ملف ${process.pid}-${n}`,
    parties: [
      { party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' },
      { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس' } }, role: 'defendant' },
      { party: { newParty: { kind: 'person', nameLatin: 'Hélène Benani' } }, role: 'intervener' },
    ],
  });
}

if (args.mode === 'burst') {
  if (args.startAt !== undefined) await new Promise((r) => setTimeout(r, Math.max(0, args.startAt! - Date.now())));
  const numbers: string[] = [];
  for (let i = 0; i < (args.count ?? 100); i++) {
    numbers.push((await registerOne()).number);
    // A clerk's next command comes a moment later: give the other writer its chance at the lock.
    await new Promise((r) => setTimeout(r, Math.random() * 4));
  }
  await opened.close();
  process.stdout.write(`${JSON.stringify(numbers)}\n`);
} else if (args.mode === 'fill') {
  // `parallel` registrations at a time: the write queue runs them as one group (savepoints).
  const numbers: string[] = [];
  const failures: { code: string; i18nKey: string; cause: string; message: string }[] = [];
  while (failures.length === 0 && numbers.length < (args.count ?? 100_000)) {
    const settled = await Promise.allSettled(Array.from({ length: args.parallel ?? 1 }, () => registerOne()));
    for (const s of settled) {
      if (s.status === 'fulfilled') {
        numbers.push(s.value.number);
        continue;
      }
      const e = toAppError(s.reason);
      const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
      failures.push({ code: e.code, i18nKey: e.i18nKey, cause: String(cause?.code ?? ''), message: String(cause?.message ?? '') });
    }
  }
  // Closing checkpoints the WAL into the file, which may not fit either: the file is then left as
  // a crash would leave it, and the next open recovers it.
  const closed = await opened.close().then(
    () => 'closed',
    (err: unknown) => `not closed: ${toAppError(err).code}`,
  );
  process.stdout.write(`${JSON.stringify({ numbers, failures, closed })}\n`);
} else {
  process.stdout.write('ready\n');
  for (;;) {
    const { caseId } = await registerOne();
    process.stdout.write(`registered ${caseId}\n`);
    await runCommand(opened.db, env, args.actor, 'scheduleHearing', { caseId, baseVersion: 1, date: '2026-01-07', time: '10:00' });
    process.stdout.write(`scheduled ${caseId}\n`);
  }
}
