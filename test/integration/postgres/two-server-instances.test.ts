// Two server instances on one PostgreSQL (issue 8: "several instances must give the same results as
// one"): two stores opened on the same schema — two pools, two command runners, nothing shared in
// memory — take pushes from different devices of one court at once, and the same push twice at
// once. Every mutation is applied exactly once, the court's audit chain and change log do not
// fork (numbers without gaps, in commit order), and blocks of serials never overlap.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtJournal, runCommand, serverNumberAuthority, verifyCourtAuditChain, type CommandEnv, type Db } from '../../../src/domain';
import { hashPassword } from '../../../src/server/auth/passwords';
import { operatorEnv } from '../../../src/server/cli';
import { applyPush } from '../../../src/server/sync/apply-push';
import { pullForDevice } from '../../../src/server/sync/pull-for-device';
import { encodeHlc, HlcClock } from '../../../src/shared/hlc';
import { newId } from '../../../src/shared/ids';
import type { PushedMutation } from '../../../src/shared/schemas/sync';
import { openPostgres, type OpenedPostgres } from '../../../src/store/postgres';
import { SYNC_PROTOCOL_VERSION } from '../../../src/shared/schemas/sync';
import { testDatabaseUrl } from '../../helpers/store';

const schema = `two_instances_${process.pid}`;
let a: OpenedPostgres;
let b: OpenedPostgres;
let courtId: string;
let clerkId: string;
let chamberId: string;

beforeAll(async () => {
  a = await openPostgres(testDatabaseUrl(), { schema });
  b = await openPostgres(testDatabaseUrl(), { schema });
  const created = await runCommand(a.db, operatorEnv(newId()), null, 'createCourt', {
    court: { code: 'TPI-TWO', nameAr: 'المحكمة الابتدائية', nameFr: 'Tribunal de première instance' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    admin: { username: 'two.admin', displayName: 'Admin', passwordHash: await hashPassword('correct horse battery staple') },
  });
  courtId = created.courtId;
  clerkId = (await runCommand(a.db, operatorEnv(courtId), null, 'createCourtUser', { username: 'two.clerk', displayName: 'Clerk', roles: ['clerk'], passwordHash: await hashPassword('correct horse battery staple') })).userId;
  chamberId = (await a.db.selectFrom('chambers').select('id').executeTakeFirstOrThrow()).id;
}, 60_000);

afterAll(async () => {
  await a.close();
  await b.close();
  const c = new pg.Client({ connectionString: testDatabaseUrl() });
  await c.connect();
  await c.query(`DROP SCHEMA "${schema}" CASCADE`);
  await c.end();
});

/** One server instance's environment: its own clock and journal; several writers on PostgreSQL. */
function instanceEnv(name: string): CommandEnv {
  return { deviceId: 'server', deviceTag: 'SERVER', courtId, clock: new HlcClock(name), now: () => new Date(), numbering: 'server', journal: courtJournal(), numbers: serverNumberAuthority, writeConcurrency: 4 };
}

function registrations(deviceId: string, from: number, count: number, number: (i: number) => string): PushedMutation[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return {
      mutationId: i,
      name: 'registerCase',
      args: {
        chamberId,
        caseTypeId: '01900000-0000-7000-8000-000000001101',
        filedOn: '2026-11-02',
        subject: `قضية ${deviceId} ${i}`,
        parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني' } }, role: 'plaintiff' }],
      },
      baseVersions: {},
      hlc: encodeHlc({ wallMs: Date.now(), counter: i, node: deviceId }),
      at: '2026-11-02T09:00:00.000Z',
      userId: clerkId,
      generated: { ids: { case: [newId()], party: [newId()], case_party: [newId()] }, numbers: [number(i)] },
    };
  });
}

async function count(db: Db, table: 'cases' | 'mutations' | 'court_audit' | 'change_log'): Promise<number> {
  return Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

describe('two server instances on one PostgreSQL', () => {
  it('apply pushes of several devices at once without forking the chain, and grant serials that never overlap', async () => {
    const envA = instanceEnv('server-a');
    const envB = instanceEnv('server-b');
    const clerk = { userId: clerkId, roles: ['clerk' as const] };
    // Four devices ask both instances for serials at once: the blocks granted never overlap.
    const devices = ['dev-1', 'dev-2', 'dev-3', 'dev-4'];
    const granted = await Promise.all(
      devices.map((d, i) => pullForDevice({ db: (i % 2 ? b : a).db, env: i % 2 ? envB : envA, deviceId: d }, clerk, { protocol: SYNC_PROTOCOL_VERSION, cursor: {}, wantBlocks: [{ typeCode: '1101', year: 2026 }] })),
    );
    const ranges = granted.flatMap((g) => g.blocks.map((bl) => [bl.firstSerial, bl.lastSerial] as const)).sort((x, y) => x[0] - y[0]);
    expect(ranges).toHaveLength(4);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThan(ranges[i - 1]![1]);

    // Each device pushes 30 registrations numbered from its block, alternately to either instance,
    // plus 10 offline ones with provisional numbers; one device's push is sent to both at once.
    const pushes = devices.flatMap((d, i) => {
      const first = granted[i]!.blocks[0]!.firstSerial;
      const finals = registrations(d, 1, 30, (k) => `2026/1101/${first + k - 1}`);
      const provisionals = registrations(d, 31, 10, (k) => `2026/1101/P-DEV${i + 1}-${k}`);
      return [
        { d, on: a, env: envA, m: finals.slice(0, 15) },
        { d, on: b, env: envB, m: finals.slice(15) },
        { d, on: i % 2 ? a : b, env: i % 2 ? envA : envB, m: provisionals },
      ];
    });
    const twice = pushes[0]!;
    const results = await Promise.all([...pushes, { ...twice, on: b, env: envB }].map((p) => applyPush({ db: p.on.db, env: p.env, deviceId: p.d }, p.m)));
    for (const r of results) expect(r.map((o) => o.outcome)).toEqual(r.map(() => 'applied'));
    expect(results.at(-1)).toEqual(results[0]);

    expect(await count(a.db, 'cases')).toBe(devices.length * 40);
    expect(await count(a.db, 'mutations')).toBe(devices.length * 40);
    expect(await verifyCourtAuditChain(b.db, courtId)).toMatchObject({ ok: true });
    const seqs = (await a.db.selectFrom('change_log').select('seq').where('court_id', '=', courtId).orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // The provisional numbers became final ones of the server's own pool, none twice.
    const numbers = (await a.db.selectFrom('cases').select(['number', 'provisional_number']).execute());
    expect(new Set(numbers.map((n) => n.number)).size).toBe(numbers.length);
    expect(numbers.filter((n) => n.provisional_number !== null)).toHaveLength(devices.length * 10);

    // A record asked for again comes from either instance as the court holds it; one the court never had is null.
    const someCase = await a.db.selectFrom('cases').select(['id', 'number', 'version']).orderBy('id').executeTakeFirstOrThrow();
    const missing = newId();
    const again = await pullForDevice({ db: b.db, env: envB, deviceId: 'dev-1' }, clerk, { protocol: SYNC_PROTOCOL_VERSION, cursor: { [courtId]: 2_000_000 }, refetch: [{ entity: 'case', id: someCase.id }, { entity: 'case', id: missing }] });
    expect(again.records.map((r) => [r.entityId, r.row === null ? null : { number: r.row.number, version: r.row.version }])).toEqual([
      [someCase.id, { number: someCase.number, version: Number(someCase.version) }],
      [missing, null],
    ]);
  }, 120_000);
});
