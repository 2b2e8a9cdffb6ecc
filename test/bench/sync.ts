// `npm run bench:sync` (issue 8): the sync server on PostgreSQL under load, as ONE JSON document on
// stdout (progress on stderr). The server runs as its own process (`scripts/server.mjs` with
// DATABASE_URL), the load generator is this process, both on this machine, over loopback HTTP.
// PostgreSQL: TEST_DATABASE_URL when set, otherwise an embedded one; the bench works in a schema of
// its own and drops it. Each measurement beside a baseline measured in the same run:
// - one workstation pushes 10,000 mutations (offline registrations, provisional numbers the server
//   replaces) then pulls them back: target < 2 s; baseline: the same rows as one raw batched INSERT;
// - 50 workstations × 200 mutations at once: target ≥ 3,000 applied/s and p95 push < 200 ms;
//   baselines: a naive server (one transaction per mutation behind the court's row lock, 50
//   connections) — the target is also ≥ 1.5× it — and the raw batched INSERT;
// - a fresh workstation pulls 100,000 changes: target < 10 s;
// - the server's RSS after the concurrent rounds (the first warms it up) and after one more (no growth).
// Knobs: BENCH_SYNC_SCALE=0.1 for a quick look (not the issue's figures); BENCH_PUSH_PAGE=N mutations
// a push in the fleet round (50); BENCH_FLEET_ROUNDS=N identical fleet rounds (3); BENCH_OUT=file.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runCommand, type Db } from '../../src/domain';
import { courtLocalNow } from '../../src/domain/rules/court-calendar';
import { syncOnce } from '../../src/main/services/sync/sync-once';
import { httpSyncTransport } from '../../src/main/services/sync/http-transport';
import { hashPassword } from '../../src/server/auth/passwords';
import { issueEnrolmentCode } from '../../src/server/auth/devices';
import { accessTokens } from '../../src/server/auth/tokens';
import { operatorEnv } from '../../src/server/cli';
import { loadServerConfig, Secret } from '../../src/server/config';
import { openServerStore } from '../../src/server/store';
import { encodeHlc } from '../../src/shared/hlc';
import { newId } from '../../src/shared/ids';
import { formatEnrolmentCode, type EnrolResponse } from '../../src/shared/schemas/server-auth';
import { MAX_SEQ, SYNC_PROTOCOL_VERSION, type WireMutation, type PullResponse } from '../../src/shared/schemas/sync';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../helpers/embedded-postgres';
import { enrol, freePort, killServer, openEnrolledDesk, serverEnv, startServer, type ServerProcess } from '../integration/sync/http-stage';
import { measurement, progress, type Measurement } from './report';
import { percentile, round } from './stats';

const SCALE = Number(process.env.BENCH_SYNC_SCALE ?? 1);
const ONE_DESK = Math.round(10_000 * SCALE);
const DESKS = 50;
const PER_DESK = Math.round(200 * SCALE);
const PULL_TARGET = Math.round(100_000 * SCALE);
/** Mutations per push request in the fleet round (knob BENCH_PUSH_PAGE). */
const PUSH_PAGE = Number(process.env.BENCH_PUSH_PAGE ?? 50);
/**
 * Identical fleet rounds (knob BENCH_FLEET_ROUNDS, at least 3): RSS is read after each. The first
 * round is the first time fifty devices push at once, and the server's memory is still growing to
 * its working size after it (287 MiB, then 323 and 333; six rounds read 310, 312, 309, 313, 303,
 * 316): RSS "at the end" is read after the next to last round, and held to after the last.
 */
const FLEET_ROUNDS = Math.max(3, Number(process.env.BENCH_FLEET_ROUNDS ?? 3));
const CIVIL = '01900000-0000-7000-8000-000000001101';

interface Device {
  enrolled: EnrolResponse;
  token: string;
  counter: number;
  /** Serials of its granted blocks it has used. */
  used: Set<string>;
}

const TYPE_IDS: Record<string, string> = { '1101': '01900000-0000-7000-8000-000000001101', '1201': '01900000-0000-7000-8000-000000001201' };

const today = courtLocalNow(new Date()).date;
const year = Number(today.slice(0, 4));

/** One offline registration as a desk's outbox row would push it. */
function registration(device: Device, clerkId: string, chamberId: string, number: string, typeCode = '1101'): WireMutation {
  const caseId = newId();
  const partyId = newId();
  const linkId = newId();
  const n = ++device.counter;
  return {
    mutationId: n,
    name: 'registerCase',
    args: {
      chamberId,
      caseTypeId: TYPE_IDS[typeCode]!,
      filedOn: today,
      subject: `أداء مبلغ دين ${n}`,
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani', nationalId: `BK${n}` } }, role: 'plaintiff' }],
    },
    baseVersions: {},
    hlc: encodeHlc({ wallMs: Date.now(), counter: n % 100_000, node: device.enrolled.deviceId }),
    at: new Date().toISOString(),
    userId: clerkId,
    generated: { ids: { case: [caseId], party: [partyId], case_party: [linkId] }, numbers: [number] },
    schemaVersion: SYNC_PROTOCOL_VERSION,
  };
}

async function post<T>(url: string, token: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+([0-9]+) kB/.exec(status)?.[1] ?? 0);
  return round(kb / 1024, 1);
}

/** The rows one registration writes, for the raw baseline: case, party, link, audit entry, 3 changes. */
function rawRows(courtId: string, chamberId: string, clerkId: string, i: number, batch: string) {
  const id = `${batch}-${i}`;
  return {
    cases: [id, courtId, chamberId, CIVIL, '1101', year, null, `${year}/1101/P-RAW-${batch}-${i}`, 1, `subject ${i}`, 'registered', today, '', '', today, clerkId, 1, 'h'],
    parties: [`${id}-p`, courtId, 'person', 'محمد بناني', 'Mohammed Bennani', 'k', 1, 'h'],
    links: [`${id}-l`, id, `${id}-p`, 'plaintiff', 1, 'h'],
  };
}

async function rawBatchedInsert(client: pg.Client, courtId: string, chamberId: string, clerkId: string, n: number, batch: string): Promise<number> {
  const started = performance.now();
  await client.query('BEGIN');
  for (let from = 0; from < n; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - from) }, (_, k) => rawRows(courtId, chamberId, clerkId, from + k, batch));
    const values = (table: 'cases' | 'parties' | 'links') => {
      const params: unknown[] = [];
      const tuples = rows.map((r) => {
        const v = r[table];
        const t = v.map((x) => {
          params.push(x);
          return `$${params.length}`;
        });
        return `(${t.join(',')})`;
      });
      return { sql: tuples.join(','), params };
    };
    const c = values('cases');
    await client.query(
      `INSERT INTO cases (id, court_id, chamber_id, case_type_id, type_code, year, serial, number, provisional, subject, status, filed_on, parties_summary, search_text, created_at, created_by, version, updated_hlc) VALUES ${c.sql}`,
      c.params,
    );
    const p = values('parties');
    await client.query(`INSERT INTO parties (id, court_id, kind, name_ar, name_latin, search_text, version, updated_hlc) VALUES ${p.sql}`, p.params);
    const l = values('links');
    await client.query(`INSERT INTO case_parties (id, case_id, party_id, role, version, updated_hlc) VALUES ${l.sql}`, l.params);
  }
  await client.query('ROLLBACK');
  return (performance.now() - started) / 1000;
}

/** The naive server: one transaction per mutation behind the court's row lock, from `clients` connections. */
async function naiveServer(url: string, courtId: string, chamberId: string, clerkId: string, total: number, clients: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = await pool.connect();
      try {
        for (let i = next++; i < total; i = next++) {
          const r = rawRows(courtId, chamberId, clerkId, i, 'naive');
          await c.query('BEGIN');
          const head = await c.query('UPDATE court_heads SET audit_seq = audit_seq WHERE court_id = $1 RETURNING audit_seq, change_seq', [courtId]);
          const { audit_seq: seq, change_seq: cs } = head.rows[0] as { audit_seq: number; change_seq: number };
          await c.query(
            'INSERT INTO cases (id, court_id, chamber_id, case_type_id, type_code, year, serial, number, provisional, subject, status, filed_on, parties_summary, search_text, created_at, created_by, version, updated_hlc) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)',
            r.cases,
          );
          await c.query('INSERT INTO parties (id, court_id, kind, name_ar, name_latin, search_text, version, updated_hlc) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)', r.parties);
          await c.query('INSERT INTO case_parties (id, case_id, party_id, role, version, updated_hlc) VALUES ($1,$2,$3,$4,$5,$6)', r.links);
          await c.query(
            "INSERT INTO court_audit (court_id, seq, device_id, hlc, wall_time, user_id, command, changes, prev_hash, hash) VALUES ($1,$2,'naive','h',$3,NULL,'registerCase','[]','p','h')",
            [courtId, Number(seq) + 1, today],
          );
          for (let k = 1; k <= 3; k++) {
            await c.query("INSERT INTO change_log (court_id, seq, entity, entity_id, version, hlc, device_id, changed, row) VALUES ($1,$2,'case',$3,1,'h','naive','{}','{}')", [courtId, Number(cs) + k, `${r.cases[0]}-${k}`]);
          }
          await c.query('UPDATE court_heads SET audit_seq = $2, change_seq = $3 WHERE court_id = $1', [courtId, Number(seq) + 1, Number(cs) + 3]);
          await c.query('ROLLBACK');
        }
      } finally {
        c.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return total / seconds;
}

async function main(): Promise<void> {
  let embedded: EmbeddedPostgresHandle | undefined;
  const baseUrl = process.env.TEST_DATABASE_URL ?? (embedded = await startEmbeddedPostgres('mahkama_bench')).url;
  const schema = `bench_sync_${process.pid}`;
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-bench-sync-'));
  let server: ServerProcess | undefined;
  try {
    progress('sync bench: court, users and enrolment codes');
    const store = await openServerStore({ databaseUrl: new Secret(url.toString()), dataDir });
    const courtId = newId();
    const created = await runCommand(store.db, operatorEnv(courtId), null, 'createCourt', {
      court: { code: 'TPI-BENCH', nameAr: 'المحكمة الابتدائية', nameFr: 'Tribunal de première instance' },
      chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
      admin: { username: 'bench.admin', displayName: 'Admin', passwordHash: await hashPassword('correct horse battery staple') },
    });
    const clerk = await runCommand(store.db, operatorEnv(created.courtId), null, 'createCourtUser', { username: 'bench.clerk', displayName: 'Clerk', roles: ['clerk'], passwordHash: await hashPassword('correct horse battery staple') });
    const codes: string[] = [];
    for (let i = 0; i < DESKS + 3; i++) codes.push(formatEnrolmentCode((await issueEnrolmentCode(store.db, { courtId: created.courtId, deviceName: `bench-${i}`, createdBy: 'cli:bench', ttlHours: 24, now: new Date() })).code));
    const chamberId = (await store.db.selectFrom('chambers').select('id').executeTakeFirstOrThrow()).id;
    await store.close();

    const port = await freePort();
    server = await startServer(dataDir, port, { DATABASE_URL: url.toString(), MAHKAMA_SERVER_BODY_LIMIT_BYTES: String(8 * 1024 * 1024), MAHKAMA_SERVER_ENROL_PER_MINUTE: '1000', MAHKAMA_SERVER_LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn' });
    const config = loadServerConfig({ ...serverEnv(dataDir, port), DATABASE_URL: url.toString() });
    const tokens = accessTokens(config.jwt);
    const rawClient = new pg.Client({ connectionString: url.toString() });
    await rawClient.connect();
    // Tokens signed with the server's own key for each device, each with its session stored as a
    // sign-in stores it: 50 sign-ins from one address would (rightly) meet the login rate limit;
    // the token check on every request is the same.
    const device = async (code: string): Promise<Device> => {
      const enrolled = await enrol(server!.url, code, 'bench');
      const sid = newId();
      const at = new Date();
      await rawClient.query(
        'INSERT INTO refresh_tokens (id, family_id, user_id, device_id, token_hash, created_at, expires_at, rotated_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL)',
        [newId(), sid, clerk.userId, enrolled.deviceId, randomUUID(), at.toISOString(), new Date(at.getTime() + 86_400_000).toISOString()],
      );
      const { token } = await tokens.sign({ sub: clerk.userId, court: created.courtId, roles: ['clerk'], device: enrolled.deviceId, sid }, at);
      return { enrolled, token, counter: 0, used: new Set() };
    };
    const push = (d: Device, mutations: WireMutation[]) => post<{ outcomes: { outcome: string }[] }>(`${server!.url}/v1/sync/push`, d.token, { protocol: SYNC_PROTOCOL_VERSION, mutations });
    const pullAll = async (d: Device): Promise<number> => {
      let cursor: Record<string, number> = {};
      let n = 0;
      for (;;) {
        const page = await post<PullResponse>(`${server!.url}/v1/sync/pull`, d.token, { protocol: SYNC_PROTOCOL_VERSION, cursor });
        n += page.changes.length;
        cursor = page.cursor;
        if (!page.more) return n;
      }
    };
    const measurements: Measurement[] = [];

    // 1. One workstation, 10,000 offline registrations pushed then pulled.
    progress(`sync bench: one workstation pushes ${ONE_DESK} mutations, then pulls`);
    const solo = await device(codes[0]!);
    const soloMutations = Array.from({ length: ONE_DESK }, (_, i) => registration(solo, clerk.userId, chamberId, `${year}/1101/P-${solo.enrolled.deviceTag}-${i + 1}`));
    let started = performance.now();
    let applied = 0;
    for (let i = 0; i < soloMutations.length; i += 500) applied += (await push(solo, soloMutations.slice(i, i + 500))).outcomes.filter((o) => o.outcome === 'applied').length;
    const pushSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const soloPulled = await pullAll(solo);
    const pullSeconds = (performance.now() - started) / 1000;
    const rawSolo = await rawBatchedInsert(rawClient, created.courtId, chamberId, clerk.userId, ONE_DESK, 'solo');
    measurements.push(
      measurement({
        name: 'sync.oneWorkstation.pushThenPull',
        description: `one workstation pushes ${ONE_DESK} offline registrations (pages of 500; provisional numbers replaced by the server) and pulls the changes back, over loopback HTTP, PostgreSQL`,
        value: round(pushSeconds + pullSeconds, 2),
        unit: 's',
        target: { metric: 'seconds', op: '<', value: 2, unit: 's' },
        baseline: { description: 'the same case, party and link rows as raw batched INSERTs (1,000 rows a statement, one transaction)', value: round(rawSolo, 3), unit: 's' },
        details: { applied, pushSeconds: round(pushSeconds, 2), pullSeconds: round(pullSeconds, 2), pulledChanges: soloPulled, mutationsPerSecond: round(ONE_DESK / pushSeconds, 0) },
      }),
    );

    // 2. 50 workstations × 200 mutations at once, three times (RSS after each round).
    const fleet: Device[] = [];
    for (let i = 0; i < DESKS; i++) fleet.push(await device(codes[1 + i]!));
    /** Final numbers from blocks the server granted the device, asking (as its desk would while pulling) until it holds enough. */
    const serialsFor = async (d: Device, need: number): Promise<{ typeCode: string; number: string }[]> => {
      const out: { typeCode: string; number: string }[] = [];
      for (let ask = 0; ask < 8 && out.length < need; ask++) {
        out.length = 0;
        const page = await post<PullResponse>(`${server!.url}/v1/sync/pull`, d.token, {
          protocol: SYNC_PROTOCOL_VERSION,
          cursor: { [created.courtId]: MAX_SEQ },
          wantBlocks: [{ typeCode: '1101', year }, { typeCode: '1201', year }],
        });
        for (const b of page.blocks) {
          for (let serial = b.firstSerial; serial <= b.lastSerial && out.length < need; serial++) {
            const number = `${b.year}/${b.typeCode}/${serial}`;
            if (!d.used.has(number)) out.push({ typeCode: b.typeCode, number });
          }
        }
      }
      if (out.length < need) throw new Error(`only ${out.length} serials granted, ${need} needed`);
      for (const o of out) d.used.add(o.number);
      return out;
    };
    const rounds: { seconds: number; pushLatenciesMs: number[]; applied: number; rssMiB: number }[] = [];
    for (let r = 0; r < FLEET_ROUNDS; r++) {
      progress(`sync bench: ${DESKS} workstations × ${PER_DESK} mutations at once, round ${r + 1}`);
      const serials = await Promise.all(fleet.map((d) => serialsFor(d, PER_DESK)));
      const batches = fleet.map((d, k) => serials[k]!.map((s) => registration(d, clerk.userId, chamberId, s.number, s.typeCode)));
      const latencies: number[] = [];
      let ok = 0;
      const t0 = performance.now();
      await Promise.all(
        fleet.map(async (d, k) => {
          const mine = batches[k]!;
          for (let i = 0; i < mine.length; i += PUSH_PAGE) {
            const t = performance.now();
            const res = await push(d, mine.slice(i, i + PUSH_PAGE));
            latencies.push(performance.now() - t);
            ok += res.outcomes.filter((o) => o.outcome === 'applied').length;
          }
        }),
      );
      rounds.push({ seconds: (performance.now() - t0) / 1000, pushLatenciesMs: latencies, applied: ok, rssMiB: rssMiB(server.child.pid!) });
    }
    progress('sync bench: naive server baseline');
    const naive = await naiveServer(url.toString(), created.courtId, chamberId, clerk.userId, DESKS * PER_DESK, DESKS);
    const rawFleet = await rawBatchedInsert(rawClient, created.courtId, chamberId, clerk.userId, DESKS * PER_DESK, 'fleet');
    const first = rounds[0]!;
    const perSecond = first.applied / first.seconds;
    const p95 = percentile(first.pushLatenciesMs, 95);
    measurements.push(
      measurement({
        name: 'sync.fleet.appliedPerSecond',
        description: `${DESKS} workstations push ${PER_DESK} registrations each at once (pages of ${PUSH_PAGE}; final numbers from the blocks the server granted each), load generator on the same machine; applied mutations per second`,
        value: round(perSecond, 0),
        unit: 'mutations/s',
        target: { metric: 'mutationsPerSecond', op: '>=', value: Math.max(3000, 1.5 * naive), unit: 'mutations/s' },
        baseline: { description: `naive server: one transaction per mutation behind the court's row lock, ${DESKS} connections, the same rows`, value: round(naive, 0), unit: 'mutations/s', rawBatchedInsertRowsPerSecond: round((DESKS * PER_DESK * 3) / rawFleet, 0) },
        details: { applied: first.applied, seconds: round(first.seconds, 2), timesNaive: round(perSecond / naive, 2), secondRound: { applied: rounds[1]!.applied, seconds: round(rounds[1]!.seconds, 2) } },
      }),
    );
    measurements.push(
      measurement({
        name: 'sync.fleet.pushP95',
        description: `p95 latency of one push request (${PUSH_PAGE} mutations) while ${DESKS} workstations push at once`,
        value: round(p95, 1),
        unit: 'ms',
        target: { metric: 'p95Ms', op: '<', value: 200, unit: 'ms' },
        baseline: { description: 'p50 of the same requests', value: round(percentile(first.pushLatenciesMs, 50), 1), unit: 'ms' },
        details: {
          requests: first.pushLatenciesMs.length,
          p99: round(percentile(first.pushLatenciesMs, 99), 1),
          max: round(Math.max(...first.pushLatenciesMs), 1),
          // Little's law: every workstation always has one push waiting, so a push waits on average
          // for all of them — mutations in flight over mutations applied per second — however the
          // server orders them. Below 200 ms only with smaller pushes or a faster server.
          meanFloorMs: round(((DESKS * PUSH_PAGE) / perSecond) * 1000, 1),
          pushPage: PUSH_PAGE,
        },
      }),
    );
    measurements.push(
      measurement({
        name: 'sync.server.rss',
        description: `resident memory of the server process after ${FLEET_ROUNDS - 1} concurrent rounds (the first warms it up) and after one more identical round (no growth)`,
        value: rounds.at(-1)!.rssMiB,
        unit: 'MiB',
        target: { metric: 'lastRoundMiB', op: '<=', value: round(rounds.at(-2)!.rssMiB * 1.1, 1), unit: 'MiB' },
        baseline: { description: 'RSS after the round before', value: rounds.at(-2)!.rssMiB, unit: 'MiB' },
        details: { rssMiBAfterEachRound: rounds.map((r) => r.rssMiB) },
      }),
    );

    // 3. A fresh workstation pulls 100,000 changes into its own SQLite file.
    const filler = await device(codes[DESKS + 1]!);
    for (let total = soloPulled + FLEET_ROUNDS * DESKS * PER_DESK * 3; total < PULL_TARGET; total += 500 * 3) {
      await push(filler, Array.from({ length: 500 }, () => registration(filler, clerk.userId, chamberId, `${year}/1101/P-${filler.enrolled.deviceTag}-${filler.counter + 1}`)));
    }
    progress('sync bench: a fresh workstation pulls everything');
    const fresh = await device(codes[DESKS + 2]!);
    const desk = await openEnrolledDesk(fresh.enrolled);
    started = performance.now();
    const pulledRound = await syncOnce(desk.db, httpSyncTransport({ serverUrl: server.url, accessToken: async () => fresh.token }), { now: () => new Date(), courtId: created.courtId, numbering: 'standalone' });
    const freshSeconds = (performance.now() - started) / 1000;
    const cases = await (desk.db as Db).selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await desk.opened.close();
    fs.rmSync(path.dirname(desk.file), { recursive: true, force: true });
    measurements.push(
      measurement({
        name: 'sync.freshWorkstation.pull',
        description: `a fresh workstation pulls every change of its court (≥ ${PULL_TARGET}) into its own SQLite file, over loopback HTTP`,
        value: round(freshSeconds, 2),
        unit: 's',
        target: { metric: 'seconds', op: '<', value: 10, unit: 's' },
        baseline: { description: 'the pull without applying: the solo workstation fetching its changes', value: round(pullSeconds, 2), unit: 's', changes: soloPulled },
        details: { pulled: pulledRound.pulled, applied: pulledRound.applied, casesOnDesk: Number(cases.n), changesPerSecond: round(pulledRound.pulled / freshSeconds, 0) },
      }),
    );
    await rawClient.end();

    const doc = {
      benchmark: 'mahkama sync (issue 8)',
      scale: SCALE,
      postgres: process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'embedded-postgres',
      machine: { node: process.version, cores: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30, 1) },
      measurements,
      allPass: measurements.every((m) => m.pass),
    };
    const text = JSON.stringify(doc, null, 2);
    process.stdout.write(`${text}\n`);
    if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, text);
  } catch (err) {
    if (server) {
      // The server logs asynchronously: give its last lines a moment before showing them.
      await new Promise((r) => setTimeout(r, 1000));
      process.stderr.write(`server output:\n${server.output().slice(-4000)}\n`);
    }
    throw err;
  } finally {
    if (server) await killServer(server);
    await admin.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => {});
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (embedded) await embedded.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
