// A push on PostgreSQL with the server's write path at full stretch (ARCHITECTURE §3 write-behind,
// §4): a group's new rows and number-block moves are written together before the transaction's
// next other statement, and the court journal records the rows as the commands wrote them instead
// of reading them back. What must not change: every change-log row is the record exactly as
// stored at that version, a record touched twice in one transaction is logged at both versions,
// a mutation that fails only when the rows are written (a case number taken twice) fails alone,
// and the court's chain verifies. And the round trips it saves are counted.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtJournal, runCommand, serverNumberAuthority, verifyCourtAuditChain, type CommandEnv } from '../../../src/domain';
import { hashPassword } from '../../../src/server/auth/passwords';
import { operatorEnv } from '../../../src/server/cli';
import { applyPush } from '../../../src/server/sync/apply-push';
import { pullForDevice } from '../../../src/server/sync/pull-for-device';
import { canonicalJson } from '../../../src/shared/canonical-json';
import { encodeHlc, HlcClock } from '../../../src/shared/hlc';
import { newId } from '../../../src/shared/ids';
import { SYNC_PROTOCOL_VERSION, type PushedMutation } from '../../../src/shared/schemas/sync';
import { openPostgres, type OpenedPostgres } from '../../../src/store/postgres';
import { testDatabaseUrl } from '../../helpers/store';

const schema = `push_write_behind_${process.pid}`;
const DEVICE = 'device-wb';
let s: OpenedPostgres;
let courtId: string;
let clerkId: string;
let chamberId: string;
let env: CommandEnv;

beforeAll(async () => {
  s = await openPostgres(testDatabaseUrl(), { schema });
  const created = await runCommand(s.db, operatorEnv(newId()), null, 'createCourt', {
    court: { code: 'TPI-WB', nameAr: 'المحكمة الابتدائية', nameFr: 'Tribunal de première instance' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    admin: { username: 'wb.admin', displayName: 'Admin', passwordHash: await hashPassword('correct horse battery staple') },
  });
  courtId = created.courtId;
  clerkId = (await runCommand(s.db, operatorEnv(courtId), null, 'createCourtUser', { username: 'wb.clerk', displayName: 'Clerk', roles: ['clerk'], passwordHash: await hashPassword('correct horse battery staple') })).userId;
  chamberId = (await s.db.selectFrom('chambers').select('id').executeTakeFirstOrThrow()).id;
  env = { deviceId: 'server', deviceTag: 'SERVER', courtId, clock: new HlcClock('server-wb'), now: () => new Date(), numbering: 'server', journal: courtJournal(), numbers: serverNumberAuthority };
}, 60_000);

afterAll(async () => {
  await s.close();
  const c = new pg.Client({ connectionString: testDatabaseUrl() });
  await c.connect();
  await c.query(`DROP SCHEMA "${schema}" CASCADE`);
  await c.end();
});

let counter = 0;
function registration(number: string, ids = { case: newId(), party: newId(), link: newId() }): PushedMutation {
  const i = ++counter;
  return {
    mutationId: i,
    name: 'registerCase',
    args: {
      chamberId,
      caseTypeId: '01900000-0000-7000-8000-000000001101',
      filedOn: '2026-11-02',
      subject: `قضية ${i}`,
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani', nationalId: `WB${i}` } }, role: 'plaintiff' }],
    },
    baseVersions: {},
    hlc: encodeHlc({ wallMs: Date.parse('2026-11-02T09:00:00.000Z'), counter: i, node: DEVICE }),
    at: '2026-11-02T09:00:00.000Z',
    userId: clerkId,
    generated: { ids: { case: [ids.case], party: [ids.party], case_party: [ids.link] }, numbers: [number] },
  };
}

/** Statements the store sends while `fn` runs (every one goes through pg's Client#query). */
async function countStatements<T>(fn: () => Promise<T>): Promise<{ value: T; statements: number }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let statements = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
  try {
    return { value: await fn(), statements };
  } finally {
    proto.query = original;
  }
}

describe('a push on PostgreSQL', () => {
  it('logs every record exactly as stored, at each version, and a number taken twice fails alone', async () => {
    const clerk = { userId: clerkId, roles: ['clerk' as const] };
    const [block] = (await pullForDevice({ db: s.db, env, deviceId: DEVICE }, clerk, { protocol: SYNC_PROTOCOL_VERSION, cursor: {}, wantBlocks: [{ typeCode: '1101', year: 2026 }] })).blocks;
    const serial = (k: number) => `2026/1101/${block!.firstSerial + k}`;

    // 40 registrations (final numbers from the device's block, and provisional ones) in one push:
    // two groups, with rows kept behind, then one statement per table.
    const batch = Array.from({ length: 40 }, (_, k) => registration(k % 4 === 3 ? `2026/1101/P-WBDEV-${k}` : serial(k)));
    const { value: outcomes, statements } = await countStatements(() => applyPush({ db: s.db, env, deviceId: DEVICE }, batch));
    expect(outcomes.map((o) => o.outcome)).toEqual(batch.map(() => 'applied'));
    // Before: eleven statements per registration (each row written, read back, the lock again).
    expect(statements / batch.length).toBeLessThan(1.5);

    // A case registered and given a hearing in the same push (touched twice in one transaction),
    // and a number taken twice: caught only when the rows are written, it fails alone.
    const first = registration(serial(40));
    const caseId = first.generated.ids.case![0]!;
    const hearing: PushedMutation = {
      mutationId: ++counter,
      name: 'scheduleHearing',
      args: { caseId, baseVersion: 1, date: '2026-11-09', time: '10:00' },
      baseVersions: { [caseId]: 1 },
      hlc: encodeHlc({ wallMs: Date.parse('2026-11-02T09:05:00.000Z'), counter: counter, node: DEVICE }),
      at: '2026-11-02T09:05:00.000Z',
      userId: clerkId,
      generated: { ids: { hearing: [newId()] }, numbers: [] },
    };
    const twice = registration(serial(40));
    const after = registration(serial(41));
    const mixed = await applyPush({ db: s.db, env, deviceId: DEVICE }, [first, hearing, twice, after]);
    expect(mixed.map((o) => o.outcome)).toEqual(['applied', 'applied', 'rejected', 'applied']);
    expect(mixed[2]).toMatchObject({ outcome: 'rejected', error: { code: 'CONFLICT' } });
    expect(await s.db.selectFrom('cases').select('id').where('id', '=', twice.generated.ids.case![0]!).execute()).toEqual([]);

    // Each record's log entries carry its versions in order, and the last one is the row as stored.
    const log = await s.db.selectFrom('change_log').select(['entity', 'entity_id', 'version', 'row']).where('court_id', '=', courtId).orderBy('seq').execute();
    const caseVersions = log.filter((l) => l.entity_id === caseId).map((l) => Number(l.version));
    expect(caseVersions).toEqual([1, 2]);
    const last = new Map(log.map((l) => [l.entity_id, l]));
    const tables = { case: 'cases', party: 'parties', case_party: 'case_parties', hearing: 'hearings' } as const;
    let compared = 0;
    for (const [id, l] of last) {
      const table = tables[l.entity as keyof typeof tables];
      if (!table) continue;
      const stored = (await s.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as Record<string, unknown>;
      expect(l.row).toBe(canonicalJson(stored));
      compared++;
    }
    expect(compared).toBe(42 * 3 + 1);
    expect(await verifyCourtAuditChain(s.db, courtId)).toMatchObject({ ok: true });
    // The block moved past the last serial used, once, whatever the order the rows were written in.
    const moved = await s.db.selectFrom('number_blocks').select('next_serial').where('device_id', '=', DEVICE).executeTakeFirstOrThrow();
    expect(moved.next_serial).toBe(block!.firstSerial + 42);
  }, 120_000);
});
