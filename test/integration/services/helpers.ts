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
