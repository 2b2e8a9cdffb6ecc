// Test stage for the domain: a real store on this run's engine (an SQLite file in a temp folder, or
// a PostgreSQL schema of its own: test/helpers/store.ts), set up through the same
// initializeWorkstation command the app uses, with a clerk, a judge and a chief clerk created by
// the admin, and a controllable "now". Also the "nothing was written" check of every bad-input test.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import { runCommand, verifyAuditChain, type Actor, type AuditHighWater, type AuditVerification, type CommandEnv, type VerifyOptions } from '../../src/domain';
import type { Db } from '../../src/domain/db-schema';
import { openTestStore, type Engine, type TestStore } from './store';
import type { Migration } from '../../src/store/sqlite/migrations/migration';
import type { Role } from '../../src/shared/enums';
import { HlcClock } from '../../src/shared/hlc';
import type { CommandArgsInput } from '../../src/shared/schemas/commands';

/** A well-formed argon2id PHC string; nothing here ever verifies a password against it. */
export const TEST_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';

/** Monday 5 January 2026, 09:00 in Casablanca (UTC+1). */
export const DEFAULT_NOW = '2026-01-05T08:00:00.000Z';

/** Fixed ids of migration 0002, by what they are. */
export const CASE_TYPE = {
  civil: '01900000-0000-7000-8000-000000001101',
  commercial: '01900000-0000-7000-8000-000000001201',
  family: '01900000-0000-7000-8000-000000001301',
  misdemeanour: '01900000-0000-7000-8000-000000002101',
} as const;

export function tempDbFile(name = 'mahkama.db'): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-domain-')), name);
}

export interface TestCourt {
  /** SQLite only: the store's file. */
  file?: string;
  db: Db;
  /** The store on this run's engine: plain SQL, row counts, fingerprints (test/helpers/store.ts). */
  store: TestStore;
  env: CommandEnv;
  courtId: string;
  /** First user: admin + chief clerk (as initializeWorkstation creates it). */
  admin: Actor;
  /** An admin with no other role, to show segregation of duties. */
  pureAdmin: Actor;
  clerk: Actor;
  judge: Actor;
  chiefClerk: Actor;
  chambers: { civil: string; family: string };
  setNow(iso: string): void;
  close(): Promise<void>;
}

export interface TestCourtOptions {
  /** SQLite only: the file (created if absent, kept at close). */
  file?: string;
  now?: string;
  numbering?: CommandEnv['numbering'];
  deviceTag?: string;
  /** SQLite only: open as if this build knew just these migrations (an older schema). */
  migrations?: readonly Migration[];
  /** The engine, when not the run's: a desk beside a server on PostgreSQL is still SQLite. */
  engine?: Engine;
}

export function makeEnv(opts: { deviceId?: string; deviceTag?: string; courtId?: string; numbering?: CommandEnv['numbering']; now?: () => Date; auditHighWater?: AuditHighWater } = {}): CommandEnv {
  const deviceId = opts.deviceId ?? 'device-test-1';
  return {
    deviceId,
    deviceTag: opts.deviceTag ?? 'TEST01',
    courtId: opts.courtId ?? '',
    clock: new HlcClock(deviceId),
    now: opts.now ?? (() => new Date(DEFAULT_NOW)),
    numbering: opts.numbering ?? 'standalone',
    ...(opts.auditHighWater ? { auditHighWater: opts.auditHighWater } : {}),
  };
}

/** A court set up on a fresh store of this run's engine, as the app sets one up. */
export async function openTestCourt(opts: TestCourtOptions = {}): Promise<TestCourt> {
  const store = await openTestStore({ ...(opts.file !== undefined ? { file: opts.file } : {}), ...(opts.migrations ? { migrations: opts.migrations } : {}), ...(opts.engine ? { engine: opts.engine } : {}) });
  let now = new Date(opts.now ?? DEFAULT_NOW);
  const env = makeEnv({ numbering: opts.numbering, deviceTag: opts.deviceTag, now: () => now, auditHighWater: store.auditHighWater });
  const setup = await runCommand(store.db, env, null, 'initializeWorkstation', {
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [
      { code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' },
      { code: 'FAM', nameAr: 'غرفة قضاء الأسرة', nameFr: 'Chambre de la famille' },
    ],
    user: { username: 'amina.admin', displayName: 'أمينة الإدارية', passwordHash: TEST_PASSWORD_HASH },
  });
  env.courtId = setup.courtId;
  const admin: Actor = { userId: setup.userId, roles: ['chief_clerk', 'admin'] };
  const makeUser = async (username: string, displayName: string, roles: Role[]): Promise<Actor> => {
    const { userId } = await runCommand(store.db, env, admin, 'createUser', { username, displayName, roles, passwordHash: TEST_PASSWORD_HASH });
    return { userId, roles };
  };
  const clerk = await makeUser('karim.greffier', 'كريم الكاتب', ['clerk']);
  const judge = await makeUser('samira.juge', 'سميرة القاضية', ['judge']);
  const chiefClerk = await makeUser('hassan.chef', 'حسن رئيس كتابة الضبط', ['chief_clerk']);
  const pureAdmin = await makeUser('it.admin', 'مسؤول المعلوميات', ['admin']);
  const chambers = await store.db.selectFrom('chambers').select(['id', 'code']).where('court_id', '=', setup.courtId).execute();
  return {
    ...(store.file !== undefined ? { file: store.file } : {}),
    db: store.db,
    store,
    env,
    courtId: setup.courtId,
    admin,
    pureAdmin,
    clerk,
    judge,
    chiefClerk,
    chambers: {
      civil: chambers.find((c) => c.code === 'CIV')!.id,
      family: chambers.find((c) => c.code === 'FAM')!.id,
    },
    setNow(iso: string) {
      now = new Date(iso);
    },
    close: () => store.close(),
  };
}

/** verifyAuditChain with the engine's own high-water mark (SQLite's sqlite_sequence, PostgreSQL's audit_high_water). */
export function verifyChain(court: { db: Db; store: Pick<TestStore, 'auditHighWater'> }, opts: Omit<VerifyOptions, 'highWaterSeq'> = {}): Promise<AuditVerification> {
  return verifyAuditChain(court.db, { ...opts, highWaterSeq: court.store.auditHighWater });
}

/**
 * Runs something that must fail with the given typed error, and checks that the database holds
 * exactly what it held before: same row count in every table, same content in every row.
 */
export async function expectRefusedWithoutWrites(
  court: { store: Pick<TestStore, 'tableCounts' | 'fingerprint'> },
  run: () => Promise<unknown>,
  expected: { code: string; i18nKey?: string },
): Promise<{ code: string; i18nKey: string; params?: Record<string, unknown>; fields?: { path: (string | number)[]; i18nKey: string }[] }> {
  const counts = await court.store.tableCounts();
  const fingerprint = await court.store.fingerprint();
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'the command should have been refused').toBeDefined();
  expect(caught).toMatchObject(expected);
  expect(await court.store.tableCounts()).toEqual(counts);
  expect(await court.store.fingerprint()).toBe(fingerprint);
  return caught as never;
}

/**
 * SQLite only, on a raw handle (tests of several SQLite files, outside the domain suite, which uses
 * TestCourt.store): row count of every table of the file, FTS shadow tables included.
 */
export function tableCounts(raw: BetterSqlite3.Database): Record<string, number> {
  const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = (raw.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
  return out;
}

/** SQLite only, on a raw handle: a digest of every row of every table (equal before and after: nothing written). */
export function databaseFingerprint(raw: BetterSqlite3.Database): string {
  const h = createHash('sha256');
  const tables = raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'party_search%' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    h.update(`#${name}\n`);
    for (const row of raw.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY 1`).all()) h.update(JSON.stringify(row));
  }
  return h.digest('hex');
}

/** A civil case between a person and a company, as a clerk registers it at the counter. */
export function sampleCaseArgs(court: TestCourt, overrides: Partial<CommandArgsInput<'registerCase'>> = {}): CommandArgsInput<'registerCase'> {
  return {
    chamberId: court.chambers.civil,
    caseTypeId: CASE_TYPE.civil,
    filedOn: '2026-01-05',
    subject: 'أداء مبلغ دين',
    parties: [
      { party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani', nationalId: 'AB123456' } }, role: 'plaintiff', lawyerName: 'ذ. يوسف العلوي' },
      { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس', nameLatin: 'Société Atlas SARL' } }, role: 'defendant' },
    ],
    ...overrides,
  };
}

export async function registerSampleCase(court: TestCourt, overrides: Partial<CommandArgsInput<'registerCase'>> = {}) {
  return runCommand(court.db, court.env, court.clerk, 'registerCase', sampleCaseArgs(court, overrides));
}

export async function caseVersion(court: TestCourt, caseId: string): Promise<number> {
  const row = await court.db.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
  return row.version;
}

export async function hearingVersion(court: TestCourt, hearingId: string): Promise<number> {
  const row = await court.db.selectFrom('hearings').select('version').where('id', '=', hearingId).executeTakeFirstOrThrow();
  return row.version;
}
