// One working round of an enrolled desk, in a process of its own so a test can kill it (SIGKILL)
// at any point: register a few cases and correct one, then sync with the server over HTTP. Prints
// "syncing" just before the sync starts and "synced <json>" after; a server that does not answer
// ends the round with "offline <code>" (exit 0: that is a normal day, not a failure).
import { courtLocalNow, runCommand, type CommandEnv } from '../../../../src/domain';
import { httpSyncTransport } from '../../../../src/main/services/sync/http-transport';
import { syncOnce } from '../../../../src/main/services/sync/sync-once';
import { toAppError } from '../../../../src/shared/errors';
import { HlcClock } from '../../../../src/shared/hlc';
import { openDatabase } from '../../../../src/store/sqlite/open-database';

interface Args {
  file: string;
  serverUrl: string;
  token: string;
  deviceId: string;
  deviceTag: string;
  courtId: string;
  clerkId: string;
  registrations: number;
  /** Only sync: no new work (the test's final rounds). */
  quiet?: boolean;
}

const args = JSON.parse(process.argv[2]!) as Args;
const opened = await openDatabase(args.file);
const db = opened.db;
const env: CommandEnv = { deviceId: args.deviceId, deviceTag: args.deviceTag, courtId: args.courtId, clock: new HlcClock(args.deviceId), now: () => new Date(), numbering: 'server' };
const clerk = { userId: args.clerkId, roles: ['clerk' as const] };
const today = courtLocalNow(new Date()).date;
const chamber = await db.selectFrom('chambers').select('id').where('code', '=', 'CIV').executeTakeFirst();
if (chamber && !args.quiet) {
  for (let i = 0; i < args.registrations; i++) {
    await runCommand(db, env, clerk, 'registerCase', {
      chamberId: chamber.id,
      caseTypeId: '01900000-0000-7000-8000-000000001101',
      filedOn: today,
      subject: `قضية ${args.deviceTag} ${Date.now()} ${i}`,
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' }],
    });
  }
  // A correction of the oldest case this desk holds (it may be another desk's: a merge or a conflict).
  const oldest = await db.selectFrom('cases').select(['id', 'version']).orderBy('id').limit(1).executeTakeFirst();
  if (oldest) {
    await runCommand(db, env, clerk, 'updateCaseParticulars', { caseId: oldest.id, baseVersion: oldest.version, changes: { subject: `تصحيح ${args.deviceTag} ${Date.now()}` } });
  }
}
process.stdout.write('syncing\n');
// The app's event loop never empties; this process's would, when a server killed at the wrong
// moment leaves fetch waiting on a socket that is gone: Node then exits 13 (top-level await never
// settled) before the transport's own deadline (unref'd) can fire. Kept alive, the round ends as
// the app's would: offline, at that deadline.
const keepAlive = setInterval(() => undefined, 1_000);
try {
  const round = await syncOnce(db, httpSyncTransport({ serverUrl: args.serverUrl, accessToken: async () => args.token, timeoutMs: 10_000 }), {
    now: () => new Date(),
    courtId: args.courtId,
    numbering: 'server',
  });
  process.stdout.write(`synced ${JSON.stringify(round)}\n`);
} catch (err) {
  process.stdout.write(`offline ${toAppError(err).code}\n`);
} finally {
  clearInterval(keepAlive);
}
await opened.close();
