// The workstation CLI as a person runs it (`npm run cli -- …`, a real child process): the audit
// chain verified read-only and a row changed behind the app's back named by its seq; snapshots
// listed, created and restored; errors printed from the catalogues with exit code 2.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../../src/main/services/app-service';
import { MIGRATIONS } from '../../../src/store/sqlite/migrations';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { listSnapshots } from '../../../src/main/services/snapshots';
import { entryArgs } from '../../helpers/entries';
import { sha256File, tempDir, testConfig } from './helpers';

const repo = path.resolve(import.meta.dirname, '../../..');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [...entryArgs('cli'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MAHKAMA_LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const PASSWORD = 'Casablanca-greffe-1!';

/** A data folder whose database holds a set-up court and one registered case (four audit entries or so). */
async function courtDataDir(): Promise<{ dataDir: string; dbFile: string; entries: number }> {
  const dataDir = tempDir();
  const now = () => new Date('2026-03-02T09:00:00Z');
  const service = await createAppService({ dataDir, config: testConfig(dataDir), now, dailySnapshots: false });
  const ok = async (m: Parameters<typeof service.handle>[0], input: unknown) => {
    const r = await service.handle(m, input);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as never;
  };
  await ok('setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-CASA', nameAr: 'المحكمة الابتدائية بالدار البيضاء', nameFr: 'Tribunal de première instance de Casablanca' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    user: { username: 'nadia.berrada', displayName: 'Nadia Berrada', password: PASSWORD },
  });
  const ref = (await ok('reference.get', {})) as { chambers: { id: string }[]; caseTypes: { id: string; code: string }[] };
  await ok('cases.register', {
    chamberId: ref.chambers[0]!.id,
    caseTypeId: ref.caseTypes.find((t) => t.code === '1101')!.id,
    filedOn: '2026-03-02',
    subject: 'Résiliation de bail',
    parties: [{ party: { newParty: { kind: 'person', nameLatin: 'Hicham Ouazzani' } }, role: 'plaintiff' }],
  });
  await service.close();
  const dbFile = path.join(dataDir, 'mahkama.db');
  const raw = new BetterSqlite3(dbFile, { readonly: true });
  const entries = (raw.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
  raw.close();
  return { dataDir, dbFile, entries };
}

let court: Awaited<ReturnType<typeof courtDataDir>>;
beforeAll(async () => {
  court = await courtDataDir();
});

describe('mahkama audit verify', () => {
  it('an intact chain: "audit chain OK: N entries", exit 0, and the file is not touched', () => {
    const before = sha256File(court.dbFile);
    const r = cli(['audit', 'verify'], { MAHKAMA_DATA_DIR: court.dataDir });
    expect(r.err).toBe('');
    expect(r.out.trim()).toBe(`audit chain OK: ${court.entries} entries`);
    expect(r.code).toBe(0);
    expect(sha256File(court.dbFile)).toBe(before);
  });

  it('an audit row changed with plain SQL behind the app’s back is named by its seq, exit 1', async () => {
    const { dbFile, entries } = await courtDataDir();
    expect(entries).toBeGreaterThanOrEqual(2);
    const attacker = new BetterSqlite3(dbFile);
    attacker.exec('DROP TRIGGER audit_no_update');
    attacker.prepare("UPDATE audit SET changes = replace(changes, 'Hicham', 'Hamid') WHERE seq = 2").run();
    const changed = attacker.prepare('SELECT changes FROM audit WHERE seq = 2').get() as { changes: string };
    attacker.close();
    expect(changed.changes).toContain('Hamid');
    const r = cli(['audit', 'verify', '--db', dbFile]);
    expect(r.out.trim()).toBe('audit chain BROKEN at entry #2 (hash_mismatch)');
    expect(r.code).toBe(1);
  });

  it('an attacker who also recomputes that entry’s hash is caught at the next entry', async () => {
    const { dbFile } = await courtDataDir();
    const { auditEntryHash } = await import('../../../src/domain');
    const attacker = new BetterSqlite3(dbFile);
    attacker.exec('DROP TRIGGER audit_no_update');
    const row = attacker.prepare('SELECT * FROM audit WHERE seq = 1').get() as Record<string, string | number | null>;
    const forged = auditEntryHash(row.prev_hash as string, {
      seq: 1,
      device_id: row.device_id as string,
      hlc: row.hlc as string,
      wall_time: '2025-01-01T00:00:00.000Z',
      user_id: row.user_id as string | null,
      command: row.command as string,
      changes: JSON.parse(row.changes as string),
    });
    attacker.prepare("UPDATE audit SET wall_time = '2025-01-01T00:00:00.000Z', hash = ? WHERE seq = 1").run(forged);
    attacker.close();
    const r = cli(['audit', 'verify', '--db', dbFile]);
    expect(r.out.trim()).toBe('audit chain BROKEN at entry #2 (prev_mismatch)');
    expect(r.code).toBe(1);
  });

  it('never migrates: a database of an older schema is refused read-only and left as it was', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'old.db');
    await (await openDatabase(dbFile, { migrations: MIGRATIONS.slice(0, 1) })).close();
    const before = sha256File(dbFile);
    const r = cli(['audit', 'verify', '--db', dbFile]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('DB_UNAVAILABLE');
    expect(r.err).toContain('needs a migration');
    expect(sha256File(dbFile)).toBe(before);
  });

  it('a missing or corrupt file is an error from the catalogue, in the language asked for, exit 2', () => {
    const dir = tempDir();
    const missing = cli(['audit', 'verify', '--db', path.join(dir, 'none.db')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('The database file could not be opened.');
    expect(fs.existsSync(path.join(dir, 'none.db'))).toBe(false);
    const corrupt = path.join(dir, 'corrupt.db');
    fs.writeFileSync(corrupt, 'this is not a database at all, just text that fills a page'.repeat(100));
    const fr = cli(['audit', 'verify', '--db', corrupt], { MAHKAMA_LANG: 'fr' });
    expect(fr.code).toBe(2);
    expect(fr.err).toContain('DB_CORRUPT');
    expect(fr.err).toContain("n'est pas une base de données");
  });
});

describe('mahkama snapshot', () => {
  it('create → list → restore brings back the database as it was at the snapshot', async () => {
    const { dataDir, dbFile } = await courtDataDir();
    const env = { MAHKAMA_DATA_DIR: dataDir };
    const created = cli(['snapshot', 'create'], env);
    expect(created.code).toBe(0);
    const snap = listSnapshots(path.join(dataDir, 'snapshots'))[0]!;
    expect(snap.reason).toBe('manual');
    expect(created.out).toContain(snap.file);
    const listed = cli(['snapshot', 'list'], env);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(snap.name);

    // Later a case is closed... or damaged: here, the court's name is changed by hand.
    const raw = new BetterSqlite3(dbFile);
    raw.prepare("UPDATE courts SET name_fr = 'changed' ").run();
    raw.close();

    const restored = cli(['snapshot', 'restore', snap.file], env);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/previous database kept at .*mahkama\.db\.before-restore-/);
    const after = new BetterSqlite3(dbFile, { readonly: true });
    expect((after.prepare('SELECT name_fr FROM courts').get() as { name_fr: string }).name_fr).toBe('Tribunal de première instance de Casablanca');
    after.close();
    expect(cli(['audit', 'verify'], env).code).toBe(0);
  });

  it('restoring a file that is not a Mahkama database is refused and the current database is unchanged', async () => {
    const { dataDir, dbFile } = await courtDataDir();
    const foreign = path.join(tempDir(), 'photos.db');
    const db = new BetterSqlite3(foreign);
    db.exec('CREATE TABLE photos(id INTEGER PRIMARY KEY, path TEXT)');
    db.close();
    const before = sha256File(dbFile);
    const r = cli(['snapshot', 'restore', foreign, '--db', dbFile], { MAHKAMA_LANG: 'ar' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('DB_FOREIGN');
    expect(r.err).toContain('ليس قاعدة بيانات');
    expect(sha256File(dbFile)).toBe(before);
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('before-restore'))).toEqual([]);
  });
});

describe('mahkama usage', () => {
  it('an unknown command or a missing argument prints the usage, exit 2', () => {
    const unknown = cli(['audit', 'repair']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('usage:');
    expect(cli(['snapshot', 'restore']).code).toBe(2);
    expect(cli(['audit', 'verify', '--dbb', 'x']).code).toBe(2);
    expect(cli(['--help']).code).toBe(0);
  });

  it('a bad configuration lists every problem, exit 2', () => {
    const r = cli(['snapshot', 'list'], { MAHKAMA_SNAPSHOT_RETENTION_DAYS: '0', MAHKAMA_IDLE_LOCK_MINUTES: 'ten' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('CONFIG_INVALID');
    expect(r.err).toContain('MAHKAMA_SNAPSHOT_RETENTION_DAYS');
    expect(r.err).toContain('MAHKAMA_IDLE_LOCK_MINUTES');
    // In the language asked for, though another setting is wrong.
    const fr = cli(['snapshot', 'list'], { MAHKAMA_LANG: 'fr', MAHKAMA_SHELL_PORT: '-1' });
    expect(fr.code).toBe(2);
    expect(fr.err).toContain("CONFIG_INVALID: La configuration du poste n'est pas valide (problèmes relevés\u00a0: 1)");
  });
});
