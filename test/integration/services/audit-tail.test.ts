// Someone with the file cuts the last entries off the audit trail (append-only triggers dropped,
// rows deleted, triggers put back). Before issue 7 the desk went on writing, numbered its next
// entries after the cut, overtook SQLite's high-water mark, and `audit verify` said OK again: the
// cut healed itself. Now the desk refuses to start on such a file, refuses to write when the cut
// happens while it runs, and the cut stays visible — through the outbox even when the high-water
// record (sqlite_sequence) was edited too. Real files, the real app service, the real CLI code.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/domain';
import { runCli } from '../../../src/main/cli';
import { createAppService, DB_FILE_NAME, type AppService } from '../../../src/main/services/app-service';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { checkSnapshot, createSnapshot, restoreSnapshot } from '../../../src/main/services/snapshots';
import type { AppErrorData } from '../../../src/shared/errors';
import { rowCount, sha256File, tempDir, testConfig } from './helpers';

const PASSWORD = 'Meknes-greffe-2026!';
const open: AppService[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** Monday 2 March 2026, 10:00 in Meknès; each desk started later in a test starts an hour later. */
let deskClock = Date.parse('2026-03-02T09:00:00Z');

async function startDesk(dataDir: string): Promise<AppService> {
  const at = (deskClock += 3600_000);
  const service = await createAppService({ dataDir, config: testConfig(dataDir), dailySnapshots: false, now: () => new Date(at) });
  open.push(service);
  return service;
}

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: AppErrorData }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** A desk set up, signed in, with `cases` cases registered; returns what registering another needs. */
async function workingDesk(dataDir: string, cases: number) {
  const service = await startDesk(dataDir);
  const status = await ok(service.handle('app.status', {}));
  if (!status.setUp) {
    await ok(
      service.handle('setup.initialize', {
        language: 'fr',
        court: { code: 'TPI-MEKNES', nameAr: 'المحكمة الابتدائية بمكناس', nameFr: 'Tribunal de première instance de Meknès' },
        chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
        user: { username: 'rachid.alami', displayName: 'Rachid Alami', password: PASSWORD },
      }),
    );
  } else {
    await ok(service.handle('session.login', { username: 'rachid.alami', password: PASSWORD }));
  }
  const ref = await ok(service.handle('reference.get', {}));
  const input = {
    chamberId: ref.chambers[0]!.id,
    caseTypeId: ref.caseTypes.find((t) => t.code === '1101')!.id,
    filedOn: '2026-03-02',
    subject: 'Expulsion pour défaut de paiement',
    parties: [{ party: { newParty: { kind: 'person' as const, nameLatin: 'Said Bennis' } }, role: 'plaintiff' as const }],
  };
  for (let i = 0; i < cases; i++) await ok(service.handle('cases.register', input));
  return { service, register: () => service.handle('cases.register', input) };
}

/**
 * The attacker: deletes the last `n` audit entries with plain SQL (triggers dropped, then put
 * back), and with `editSequence` also moves SQLite's AUTOINCREMENT record back to the new tip.
 */
function cutTail(dbFile: string, n: number, editSequence = false): { first: number; last: number } {
  const raw = new BetterSqlite3(dbFile);
  try {
    raw.pragma('foreign_keys = OFF');
    const trigger = raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_no_delete'").pluck().get() as string;
    const last = raw.prepare('SELECT max(seq) FROM audit').pluck().get() as number;
    raw.transaction(() => {
      raw.exec('DROP TRIGGER audit_no_delete');
      raw.prepare('DELETE FROM audit WHERE seq > ?').run(last - n);
      if (editSequence) raw.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit'").run(last - n);
      raw.exec(trigger);
    })();
    return { first: last - n + 1, last };
  } finally {
    raw.close();
  }
}

async function verifyFile(dbFile: string) {
  const opened = await openDatabase(dbFile, { readonly: true });
  try {
    return await verifyAuditChain(opened.db);
  } finally {
    await opened.close();
  }
}

async function cliVerify(dbFile: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(['audit', 'verify', '--db', dbFile], { out: (l) => (out += `${l}\n`), err: (l) => (out += `${l}\n`), env: { MAHKAMA_LOG_LEVEL: 'silent' } });
  return { code, out: out.trim() };
}

describe('the last audit entries cut off while the desk was closed', () => {
  it('the desk refuses to start, naming the missing entries, and the cut stays visible', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const { service } = await workingDesk(dataDir, 5);
    await service.close();
    const cut = cutTail(dbFile, 3);
    expect(await verifyFile(dbFile)).toMatchObject({ ok: false, firstBroken: { seq: cut.first, reason: 'seq_gap' } });
    const before = sha256File(dbFile);

    const again = await startDesk(dataDir);
    const status = await ok(again.handle('app.status', {}));
    expect(status.startupError).toEqual({ code: 'DB_CORRUPT', i18nKey: 'errors.db.auditTailCut', params: { first: cut.first, last: cut.last } });
    expect(await again.handle('session.login', { username: 'rachid.alami', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT', i18nKey: 'errors.db.auditTailCut' } });
    await again.close();

    // Nothing was written, so nothing could heal the chain: verify still names the cut.
    expect(sha256File(dbFile)).toBe(before);
    expect(await cliVerify(dbFile)).toEqual({ code: 1, out: `audit chain BROKEN at entry #${cut.first} (seq_gap)` });
  });
});

describe('the last audit entries cut off while the desk runs', () => {
  it('the next write is refused with a typed error (not INTERNAL), nothing is written, and it stays refused', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const { register } = await workingDesk(dataDir, 4);
    const cut = cutTail(dbFile, 2);
    const auditRows = rowCount(dbFile, 'audit');
    const outboxRows = rowCount(dbFile, 'outbox');
    const cases = rowCount(dbFile, 'cases');

    for (let i = 0; i < 4; i++) {
      const r = await register();
      expect(r).toEqual({ ok: false, error: { code: 'DB_CORRUPT', i18nKey: 'errors.db.auditTailCut', params: { first: cut.first, last: cut.last } } });
    }
    // Several clerks at once (one group commit): each is refused the same way.
    const together = await Promise.all(Array.from({ length: 5 }, () => register()));
    for (const r of together) expect(r).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT', i18nKey: 'errors.db.auditTailCut' } });

    expect([rowCount(dbFile, 'audit'), rowCount(dbFile, 'outbox'), rowCount(dbFile, 'cases')]).toEqual([auditRows, outboxRows, cases]);
    expect(await verifyFile(dbFile)).toMatchObject({ ok: false, firstBroken: { seq: cut.first } });
  });
});

describe('the tail cut and the high-water record (sqlite_sequence) edited to match', () => {
  it('audit verify names the cut through the outbox, before and after the desk writes more', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const { service } = await workingDesk(dataDir, 5);
    await service.close();
    const cut = cutTail(dbFile, 3, true);
    expect(await cliVerify(dbFile)).toEqual({ code: 1, out: `audit chain BROKEN at entry #${cut.first} (outbox_mismatch)` });

    // The high-water mark agrees with the tip, so the desk cannot tell at start (see
    // ARCHITECTURE §3: the chain is not anchored yet); what it writes next does not hide the cut.
    const { register } = await workingDesk(dataDir, 0);
    for (let i = 0; i < 5; i++) expect((await register()).ok).toBe(true);
    const outcome = await verifyFile(dbFile);
    expect(outcome).toMatchObject({ ok: false, firstBroken: { seq: cut.first, reason: 'outbox_mismatch' } });
  });

  it('a snapshot of such a file is refused by checkSnapshot and by restore, and the current database is kept', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const { service } = await workingDesk(dataDir, 5);
    await service.close();
    // The snapshot that will be offered for restore: taken, then cut (tail and record) in the copy.
    const source = await openDatabase(dbFile);
    const snap = await createSnapshot(source.raw, path.join(dataDir, 'snapshots'), 'manual');
    await source.close();
    const cut = cutTail(snap.file, 2, true);

    await expect(checkSnapshot(snap.file)).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', i18nKey: 'errors.snapshot.auditBroken', params: { seq: cut.first } });
    const before = sha256File(dbFile);
    const listing = fs.readdirSync(dataDir).sort();
    await expect(restoreSnapshot(snap.file, dbFile)).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID' });
    expect(sha256File(dbFile)).toBe(before);
    expect(fs.readdirSync(dataDir).sort()).toEqual(listing);
  });

  it('a snapshot whose tail alone was cut (record left as it was) is refused too', async () => {
    const dataDir = tempDir();
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const { service } = await workingDesk(dataDir, 3);
    await service.close();
    const source = await openDatabase(dbFile);
    const snap = await createSnapshot(source.raw, path.join(dataDir, 'snapshots'), 'manual');
    await source.close();
    const cut = cutTail(snap.file, 1);
    await expect(restoreSnapshot(snap.file, dbFile)).rejects.toMatchObject({ code: 'SNAPSHOT_INVALID', params: { seq: cut.first } });
  });
});
