// `npm run bench` (issue 3): builds a court-sized store in a temporary folder and prints ONE JSON
// document on stdout — each measurement with its value, target, pass/fail and a baseline measured
// in this same run, plus the machine and the dataset. Progress goes to stderr. Exit 0 when every
// measurement ran (a missed target is pass:false), 1 when anything failed. Never touches a real desk.
//
// Knobs (environment): BENCH_SCALE=0.1 seeds a tenth of the data (quick look, not the issue's
// figures); BENCH_KEEP=1 keeps the store and prints its path to stderr; BENCH_OUT=file also writes
// the document to that file. (`npm run -s bench` keeps npm's own banner off stdout.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { listCasesForRegistry, quickFind, runCommand, type Actor, type CommandEnv } from '../../src/domain';
import { courtLocalNow } from '../../src/domain/rules/court-calendar';
import { createAppService } from '../../src/main/services/app-service';
import { loadConfig } from '../../src/main/services/config';
import { silentLogger } from '../../src/main/services/logger';
import { openDatabase, type OpenedDatabase } from '../../src/store/sqlite/open-database';
import { HlcClock } from '../../src/shared/hlc';
import { newId } from '../../src/shared/ids';
import type { Role } from '../../src/shared/enums';
import { measureIntegrityCheck } from './integrity-check';
import { measureQuickFind } from './quick-find';
import { measureRegisterCase } from './register-case';
import { measureRegistry } from './registry';
import { progress, type Measurement } from './report';
import { readSeedContext, seedStore, type SeedContext } from './seed';
import { measureServicesStart } from './services-start';
import { msSince, round } from './stats';

const FULL = { cases: 100_000, parties: 300_000, hearings: 500_000 };

function machine(raw: OpenedDatabase['raw']) {
  const require = createRequire(import.meta.url);
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    sqlite: raw.prepare('SELECT sqlite_version()').pluck().get() as string,
    betterSqlite3: (require('better-sqlite3/package.json') as { version: string }).version,
  };
}

/** First-run setup through the domain (court, chambers, first user), as setup.initialize does. */
async function initialize(store: OpenedDatabase, deviceId: string, deviceTag: string): Promise<{ courtId: string; actor: Actor }> {
  const clock = new HlcClock(deviceId);
  const setupEnv: CommandEnv = { deviceId, deviceTag, courtId: '', clock, now: () => new Date(), numbering: 'standalone' };
  const chambers = [
    { code: '1', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' },
    { code: '2', nameAr: 'الغرفة التجارية', nameFr: 'Chambre commerciale' },
    { code: '3', nameAr: 'غرفة الأسرة', nameFr: 'Chambre de la famille' },
    { code: '4', nameAr: 'الغرفة العقارية', nameFr: 'Chambre immobilière' },
    { code: '5', nameAr: 'الغرفة الاجتماعية', nameFr: 'Chambre sociale' },
    { code: '6', nameAr: 'الغرفة الجنحية', nameFr: 'Chambre correctionnelle' },
  ];
  const { courtId, userId } = await runCommand(store.db, setupEnv, null, 'initializeWorkstation', {
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers,
    // A well-formed argon2id string: the bench never signs in, so no real hash is worth the time.
    user: { username: 'greffier.chef', displayName: 'رئيس كتابة الضبط', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0$YmVuY2hoYXNo' },
  });
  // The desk settings the app service persists at setup, so createAppService finds a set-up desk.
  const put = store.raw.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
  for (const [k, v] of [
    ['court_id', courtId],
    ['device_id', deviceId],
    ['device_tag', deviceTag],
    ['numbering_mode', 'standalone'],
    ['language', 'ar'],
  ] as const) {
    put.run(k, v);
  }
  const roles = JSON.parse(store.raw.prepare('SELECT roles FROM users WHERE id = ?').pluck().get(userId) as string) as Role[];
  return { courtId, actor: { userId, roles } };
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be in (0, 1], got ${process.env.BENCH_SCALE}`);
  const counts = { cases: Math.round(FULL.cases * scale), parties: Math.round(FULL.parties * scale), hearings: Math.round(FULL.hearings * scale) };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-bench-'));
  const file = path.join(dir, 'mahkama.db');
  const keep = process.env.BENCH_KEEP === '1';
  const measurements: Measurement[] = [];
  let store: OpenedDatabase | null = null;
  try {
    progress(`store ${file}; seeding ${counts.cases} cases, ${counts.parties} parties, ${counts.hearings} hearings`);
    store = await openDatabase(file);
    const machineInfo = machine(store.raw);
    const deviceId = newId();
    const deviceTag = 'BENCH1';
    const { courtId, actor } = await initialize(store, deviceId, deviceTag);
    const today = courtLocalNow(new Date()).date;
    const ctx: SeedContext = { ...readSeedContext(store.raw, today, deviceId), courtId };
    const seed = seedStore(store.raw, ctx, counts, progress);
    progress(`seeded in ${(seed.ms / 1000).toFixed(1)} s`);
    await store.close();
    store = null;

    // Services start first, on the freshly seeded and already-migrated file, with nothing else open.
    measurements.push(
      ...(await measureServicesStart({
        file,
        appServiceStart: async (dbFile, dataDir) => {
          const config = loadConfig({ MAHKAMA_DATA_DIR: dataDir, MAHKAMA_LOG_LEVEL: 'silent' });
          const app = await createAppService({ dataDir, dbFile, config, log: silentLogger(), dailySnapshots: false });
          if (app.startupError) throw app.startupError;
          const status = await app.handle('app.status', {});
          if (!status.ok || !status.value.setUp) throw new Error(`app service did not start set up: ${JSON.stringify(status)}`);
          return () => app.close();
        },
      })),
    );

    measurements.push(...(await measureIntegrityCheck(file)));

    store = await openDatabase(file);
    const db = store.db;
    measurements.push(
      await measureRegistry({ raw: store.raw, ctx, list: (args) => listCasesForRegistry(db, courtId, args) }),
    );
    measurements.push(...(await measureQuickFind({ raw: store.raw, find: (args) => quickFind(db, courtId, { ...args, today }) })));

    const env: CommandEnv = { deviceId, deviceTag, courtId, clock: new HlcClock(deviceId), now: () => new Date(), numbering: 'standalone' };
    measurements.push(
      await measureRegisterCase({
        raw: store.raw,
        ctx,
        register: (input) => runCommand(db, env, actor, 'registerCase', input),
        count: Math.max(500, Math.round(5000 * scale)),
      }),
    );
    const fileBytes = fs.statSync(file).size;
    await store.close();
    store = null;

    const doc = {
      benchmark: 'mahkama issue 3: workstation store',
      date: new Date().toISOString(),
      allPass: measurements.every((m) => m.pass),
      summary: Object.fromEntries(measurements.map((m) => [m.name, { value: m.value, unit: m.unit, target: `${m.target.op} ${m.target.value} ${m.target.unit}`, pass: m.pass, baseline: m.baseline.value }])),
      machine: machineInfo,
      dataset: {
        scale,
        seeded: seed.rows,
        seedMs: round(seed.ms),
        seedRowsPerSecond: seed.rowsPerSecond,
        storeBytesAfterRun: fileBytes,
        note: 'seeded by raw batched INSERTs (denormalized columns from the domain helpers, FTS by the schema triggers, one registerCase-sized audit entry per case but none per hearing, no outbox); court, chambers and user by initializeWorkstation',
      },
      measurements,
      totalSeconds: round(msSince(started) / 1000, 1),
    };
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, text);
    process.stdout.write(text);
  } finally {
    if (store) await store.close().catch(() => undefined);
    if (keep) progress(`kept ${file}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    const cause = (err as { cause?: unknown }).cause;
    if (cause) process.stderr.write(`caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    process.exit(1);
  },
);
