// `npm run server -- backup --out FILE` (issue 8, admin CLI): an online copy of the server's SQLite
// file, taken by a real CLI process while a real server process takes pushes from a desk. The copy
// is consistent — it opens, passes integrity_check, its court's audit chain holds, its change log
// has no gap, and every case in it is one applied registration in it — and a backup never replaces
// a file, needs its folder, and is refused on PostgreSQL (pointing to pg_dump) before any
// connection is tried.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { courtLocalNow, runCommand, verifyCourtAuditChain } from '../../../src/domain';
import { httpSyncTransport } from '../../../src/main/services/sync/http-transport';
import { syncOnce } from '../../../src/main/services/sync/sync-once';
import { runAdminCommand } from '../../../src/server/cli';
import { openServerStore } from '../../../src/server/store';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { enrol, freePort, killServer, openEnrolledDesk, prepareServerCourt, serverEnv, signIn, startServer, type EnrolledDesk, type ServerProcess } from '../sync/http-stage';

const REPO = path.resolve(import.meta.dirname, '../../..');
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The admin CLI as its own process, on the server's data folder. */
function backupProcess(dataDir: string, out: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [path.join(REPO, 'scripts/server.mjs'), 'backup', '--out', out], { cwd: REPO, env: serverEnv(dataDir, 0), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out: stdout, err: stderr })));
}

async function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: { MAHKAMA_LANG: 'en', ...env }, readPassword: async () => null });
  return { code, out, err };
}

describe('backup --out FILE', () => {
  it('copies the SQLite file while a real server process takes pushes: the copy is whole and consistent', async () => {
    const dataDir = tempDir('mahkama-backup-');
    const court = await prepareServerCourt(dataDir, 1);
    let server: ServerProcess = await startServer(dataDir, await freePort());
    cleanup.push(async () => killServer(server));
    const enrolled = await enrol(server.url, court.codes[0]!, 'greffe-1');
    const token = await signIn(server.url, court.clerk.username, enrolled);
    const desk: EnrolledDesk = await openEnrolledDesk(enrolled);
    cleanup.push(async () => desk.opened.close());
    const sync = () => syncOnce(desk.db, httpSyncTransport({ serverUrl: server.url, accessToken: async () => token }), { now: () => new Date(), courtId: desk.env.courtId, numbering: 'server' });
    await sync();
    const chamber = await desk.db.selectFrom('chambers').select('id').where('code', '=', 'CIV').executeTakeFirstOrThrow();
    const register = (i: number) =>
      runCommand(desk.db, desk.env, { userId: court.clerk.id, roles: ['clerk'] }, 'registerCase', {
        chamberId: chamber.id,
        caseTypeId: '01900000-0000-7000-8000-000000001101',
        filedOn: courtLocalNow(new Date()).date,
        subject: `قضية ${i}`,
        parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني' } }, role: 'plaintiff' }],
      });

    // The desk keeps the server writing: a few registrations, a push, again, until told to stop.
    let registered = 0;
    const pushedAt: number[] = [];
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        for (let i = 0; i < 5; i++) await register(registered++);
        const round = await sync();
        expect(round.outcomes.applied).toBe(round.pushed);
        pushedAt.push(Date.now());
      }
    })();
    while (pushedAt.length < 3) await new Promise((r) => setTimeout(r, 20));

    const out = path.join(tempDir('mahkama-backup-out-'), 'server-backup.db');
    const startedAt = Date.now();
    const backup = await backupProcess(dataDir, out);
    const endedAt = Date.now();
    stop = true;
    await writer;
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/^Backup written to .*server-backup\.db \([0-9]+ bytes\): the copy opens and passes integrity_check/);
    // The server was writing while the backup ran, and the backup left nothing else behind.
    expect(pushedAt.filter((t) => t > startedAt && t < endedAt).length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['server-backup.db']);

    const copy = await openDatabase(out, { readonly: true });
    try {
      expect(copy.raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(await verifyCourtAuditChain(copy.db, court.courtId)).toMatchObject({ ok: true });
      const seqs = (await copy.db.selectFrom('change_log').select('seq').where('court_id', '=', court.courtId).orderBy('seq').execute()).map((r) => Number(r.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const cases = await copy.db.selectFrom('cases').select('id').execute();
      const applied = await copy.db.selectFrom('mutations').select('mutation_id').where('name', '=', 'registerCase').where('outcome', '=', 'applied').execute();
      expect(cases.length).toBe(applied.length);
      expect(cases.length).toBeGreaterThanOrEqual(15);
    } finally {
      await copy.close();
    }

    // A second backup to the same name replaces nothing.
    const before = fs.readFileSync(out);
    const again = await backupProcess(dataDir, out);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`--out: a file ${out} exists already: a backup never replaces a file`);
    expect(fs.readFileSync(out).equals(before)).toBe(true);
    await killServer(server);
  }, 180_000);

  it('needs an existing folder and --out, and on PostgreSQL refuses before connecting, pointing to pg_dump', async () => {
    const dataDir = tempDir('mahkama-backup-bad-');
    // A folder with no store (a mistyped MAHKAMA_SERVER_DATA_DIR): refused, and no store made there.
    const empty = await cli({ MAHKAMA_SERVER_DATA_DIR: dataDir }, 'backup', '--out', path.join(dataDir, 'b.db'));
    expect(empty.code).toBe(1);
    expect(empty.err.join('\n')).toContain(`There is no database file at ${path.join(dataDir, 'mahkama-server.db')}`);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    await (await openServerStore({ databaseUrl: null, dataDir })).close();
    const noFolder = path.join(dataDir, 'no', 'such', 'folder', 'b.db');
    const missing = await cli({ MAHKAMA_SERVER_DATA_DIR: dataDir }, 'backup', '--out', noFolder);
    expect(missing.code).toBe(1);
    expect(missing.err).toEqual(['Nothing was done:', `  - --out: the folder ${path.dirname(noFolder)} does not exist.`]);
    expect((await cli({ MAHKAMA_SERVER_DATA_DIR: dataDir }, 'backup')).err).toEqual(['Nothing was done:', '  - --out: missing.']);
    // A PostgreSQL that does not even answer: the refusal names pg_dump, not the connection.
    const pg = await cli({ MAHKAMA_SERVER_DATA_DIR: dataDir, DATABASE_URL: 'postgres://mahkama:pw@127.0.0.1:1/mahkama', MAHKAMA_LANG: 'fr' }, 'backup', '--out', path.join(dataDir, 'b.db'));
    expect(pg.code).toBe(1);
    expect(pg.err[0]).toBe('Rien n\u2019a été fait\u00a0:');
    expect(pg.err[1]).toContain('pg_dump --format=custom');
    expect(fs.existsSync(path.join(dataDir, 'b.db'))).toBe(false);
  });
});
