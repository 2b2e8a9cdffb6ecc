// Migration 0027 on a desk that extended judgments before it: its own extension records (then never
// pushed) become synced records keyed by the file each extends — the id the server gives an
// extension of the same file — with the HLC of the command that recorded them, still chained the
// same way; the commands that recorded them, kept in the outbox, are now pushed (so the court's
// server learns of them), and the server's work list is there, empty. SQLite only: the rows 0027
// re-keys exist only on desks (the server's table was empty; its SQL id is checked by
// test/integration/postgres/signature-extensions-0027.test.ts).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newestJudgmentFile, runCommand } from '../../../src/domain';
import { signatureExtensionId } from '../../../src/domain/rules/signature-extension';
import { pendingMutations } from '../../../src/main/services/sync/outbox-mutations';
import { canonicalJson } from '../../../src/shared/canonical-json';
import { MIGRATIONS } from '../../../src/store/sqlite/migrations';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { caseVersion, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const CLERK_FILE = sha('countersigned');
const LT_FILE = sha('extended to B-LT');
const LTA_FILE = sha('extended to B-LTA');

let dir: string;
let court: TestCourt;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-0027-'));
  court = await openTestCourt({ file: path.join(dir, 'mahkama.db'), migrations: MIGRATIONS.filter((m) => m.version < 27) });
});
afterEach(async () => {
  await court.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migration 0027 on a desk that extended judgments before it', () => {
  it('re-keys its extensions by the file each extends, keeps their chain, and pushes the commands that recorded them', async () => {
    const { caseId } = await registerSampleCase(court);
    court.setNow('2026-01-05T08:00:00Z');
    const h = await runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId, baseVersion: await caseVersion(court, caseId), date: '2026-01-06', time: '09:30' });
    court.setNow('2026-01-06T10:00:00Z');
    const { judgmentId } = await runCommand(court.db, court.env, court.judge, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), hearingId: h.hearingId, pronouncedOn: '2026-01-06', operativePart: 'حكمت المحكمة علنيا.' });
    const version = async () => Number((await court.db.selectFrom('judgments').select('version').where('id', '=', judgmentId).executeTakeFirstOrThrow()).version);
    for (const [actor, step, file, over] of [[court.judge, 'judge', sha('judge'), sha('printed')], [court.clerk, 'clerk', CLERK_FILE, sha('judge')]] as const) {
      await runCommand(court.db, court.env, actor, 'signJudgment', {
        judgmentId, baseVersion: await version(), step, file: { sha256: file, size: 50_000 }, signedOverSha256: over,
        certificate: { subject: `CN=${step}`, issuer: 'CN=CA', serialNumber: '0a', sha256: sha(step) }, signedAt: '2026-01-20T10:00:00.000Z',
      });
    }
    // What the release before 0027 wrote for two extensions on this desk: its local rows, and the
    // commands in its outbox (never pushed then).
    const raw = court.store.sqliteRaw();
    const old = [
      { file: LT_FILE, from: CLERK_FILE, seq: 1, size: 60_000, level: 'B-LT', at: '2026-01-21T09:00:00.000Z', hlc: '001768986000000-00000-DESK1' },
      { file: LTA_FILE, from: LT_FILE, seq: 2, size: 70_000, level: 'B-LTA', at: '2026-02-21T09:00:00.000Z', hlc: '001771664400000-00000-DESK1' },
    ];
    for (const e of old) {
      raw.prepare('INSERT INTO signature_extensions (file_sha256, judgment_id, seq, from_sha256, file_size, level, extended_at, extended_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(e.file, judgmentId, e.seq, e.from, e.size, e.level, e.at, court.clerk.userId);
      const args = canonicalJson({ judgmentId, fromSha256: e.from, file: { sha256: e.file, size: e.size }, level: e.level, extendedAt: e.at });
      raw.prepare("INSERT INTO outbox (name, args, base_versions, generated, hlc, user_id, created_at, status, schema_version) VALUES ('recordSignatureExtension', ?, '{}', ?, ?, ?, ?, 'pending', 2)").run(args, canonicalJson({ ids: {}, numbers: [] }), e.hlc, court.clerk.userId, e.at);
    }
    await court.close();

    const store = await openDatabase(path.join(dir, 'mahkama.db'));
    try {
      expect(store.raw.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(27);
      expect(store.raw.prepare('SELECT id, file_sha256, from_sha256, seq, file_size, level, extended_at, extended_by, version, updated_hlc FROM signature_extensions ORDER BY seq').all()).toEqual(
        old.map((e) => ({ id: signatureExtensionId(e.from), file_sha256: e.file, from_sha256: e.from, seq: e.seq, file_size: e.size, level: e.level, extended_at: e.at, extended_by: court.clerk.userId, version: 1, updated_hlc: e.hlc })),
      );
      expect(await newestJudgmentFile(store.db, judgmentId)).toMatchObject({ sha256: LTA_FILE, extensions: 2, highestLevel: 'B-LTA', extension: { seq: 2, byServer: false } });
      // The commands that recorded them go up with the next push, as they were recorded.
      const pushed = (await pendingMutations(store.db, { limit: 100 })).filter((m) => m.name === 'recordSignatureExtension');
      expect(pushed.map((m) => [m.hlc, (m.args as { fromSha256: string }).fromSha256])).toEqual(old.map((e) => [e.hlc, e.from]));
      expect(store.raw.prepare('SELECT count(*) AS n FROM signature_extension_jobs').get()).toEqual({ n: 0 });
      // One record per file extended: a second row from the same file is refused by the table itself.
      expect(() =>
        store.raw.prepare("INSERT INTO signature_extensions (id, judgment_id, seq, from_sha256, file_sha256, file_size, level, extended_at, extended_by, version, updated_hlc) VALUES (?, ?, 3, ?, ?, 80000, 'B-LTA', 'x', NULL, 1, 'h')").run(signatureExtensionId(sha('other')), judgmentId, CLERK_FILE, sha('another')),
      ).toThrow(/UNIQUE/);
    } finally {
      await store.close();
    }
  });
});
