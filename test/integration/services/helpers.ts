// Shared set-up for the services' integration tests: temp folders that are removed afterwards, a
// test configuration, and real workstation databases made through the real write path.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll } from 'vitest';
import { runCommand, type CommandEnv } from '../../../src/domain';
import { HlcClock } from '../../../src/shared/hlc';
import { newId } from '../../../src/shared/ids';
import { hashPassword } from '../../../src/main/services/auth';
import type { AppService } from '../../../src/main/services/app-service';
import type { WorkstationConfig } from '../../../src/main/services/config';
import type { AppErrorData } from '../../../src/shared/errors';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import { openDatabase } from '../../../src/store/sqlite/open-database';

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'mahkama-test-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

export function testConfig(dataDir: string, overrides: Partial<WorkstationConfig> = {}): WorkstationConfig {
  return {
    dataDir,
    snapshotRetentionDays: 30,
    shellPort: 0,
    idleLockMinutes: 10,
    logLevel: 'silent',
    cliLanguage: 'en',
    updateFeedUrl: null,
    openBrowser: false,
    chromiumPath: null,
    offlineLoginDays: 7,
    syncIntervalSeconds: 60,
    syncFilesKiBps: 0,
    pkcs11Module: null,
    pkcs11OsLocking: true,
    scannerFolder: null,
    tsaUrl: null,
    trustAnchorsDir: null,
    ltvRenewDays: 30,
    ocrDpi: 300,
    tokenSignTimeoutSeconds: 120,
    production: false,
    allowSoftToken: false,
    ...overrides,
  };
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export const PASSWORD = 'correct horse battery staple';
let hashOnce: Promise<string> | null = null;
export function passwordHash(): Promise<string> {
  hashOnce ??= hashPassword(PASSWORD);
  return hashOnce;
}

export function commandEnv(courtId = ''): CommandEnv {
  const deviceId = newId();
  return { deviceId, deviceTag: 'TEST01', courtId, clock: new HlcClock(deviceId), now: () => new Date(), numbering: 'standalone' };
}

/** A workstation database set up through the real command (court, two chambers, first user). */
export async function seedWorkstationDb(file: string): Promise<{ courtId: string; userId: string }> {
  const opened = await openDatabase(file);
  try {
    return await runCommand(opened.db, commandEnv(), null, 'initializeWorkstation', {
      court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
      chambers: [
        { code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' },
        { code: 'COM', nameAr: 'الغرفة التجارية', nameFr: 'Chambre commerciale' },
      ],
      user: { username: 'greffier.chef', displayName: 'Samira Alaoui', passwordHash: await passwordHash() },
    });
  } finally {
    await opened.close();
  }
}

export function rowCount(file: string, table: string): number {
  // A separate read-only connection: what is on disk, not what a handle has cached.
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** An IPC call through the service that must succeed: its value, or the test fails with the error. */
export async function okOn<M extends IpcMethod>(service: AppService, method: M, input: IpcInput<M>): Promise<IpcOutput<M>> {
  const r = await service.handle(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** An IPC call through the service that must be refused: its typed error. */
export async function failsOn(service: AppService, method: IpcMethod, input: unknown): Promise<AppErrorData> {
  const r = await service.handle(method, input);
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
  return r.error;
}

/**
 * A freshly set-up desk of a court with its chief clerk (signed in by set-up), a judge and a clerk,
 * and one case registered on Monday 6 April 2026, heard and judged by the judge on Tuesday 14
 * April: what the signing tests start from. Every account has `password`. `clock` is the
 * service's clock; it is left at now, since the test CA's certificates are valid from today. The
 * judge is signed in at the end.
 */
export async function deskWithJudgedCase(service: AppService, clock: { t: number }, password: string): Promise<{ caseId: string; judgmentId: string }> {
  const ok = <M extends IpcMethod>(method: M, input: IpcInput<M>) => okOn(service, method, input);
  await ok('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    user: { username: 'hassan.chef', displayName: 'حسن رئيس كتابة الضبط', password },
  });
  await ok('users.create', { username: 'samira.juge', displayName: 'سميرة العلوي', roles: ['judge'], password });
  await ok('users.create', { username: 'karim.greffe', displayName: 'كريم بناني', roles: ['clerk'], password });
  const ref = await ok('reference.get', {});
  const reg = await ok('cases.register', {
    chamberId: ref.chambers[0]!.id,
    caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
    filedOn: '2026-04-06',
    subject: 'أداء مبلغ دين تجاري',
    parties: [
      { party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohamed Bennani' } }, role: 'plaintiff' },
      { party: { newParty: { kind: 'organisation', nameAr: 'شركة الأطلس', nameLatin: 'Atlas SARL' } }, role: 'defendant' },
    ],
  });
  const h = await ok('hearings.schedule', { caseId: reg.caseId, baseVersion: 1, date: '2026-04-14', time: '09:30' });
  clock.t = Date.parse('2026-04-14T10:00:00Z');
  await ok('session.logout', {});
  await ok('session.login', { username: 'samira.juge', password });
  const detail = await ok('cases.getDetail', { caseId: reg.caseId });
  const { judgmentId } = await ok('cases.recordJudgment', {
    caseId: reg.caseId,
    baseVersion: detail.case.version,
    hearingId: h.hearingId,
    pronouncedOn: '2026-04-14',
    operativePart: 'حكمت المحكمة علنيا ابتدائيا وحضوريا بأداء المدعى عليها للمدعي مبلغ 20.000 درهم.',
  });
  // The test CA's certificates are valid from today for 30 days: the signatures are made today.
  clock.t = Date.now();
  if ((await ok('app.status', {})).locked) await ok('session.unlock', { password });
  return { caseId: reg.caseId, judgmentId };
}
