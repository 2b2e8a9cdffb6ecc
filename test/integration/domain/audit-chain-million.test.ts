// verifyAuditChain streams: a chain of a million entries (about a year of a busy court office) and
// the outbox beside it are walked batch by batch without ever holding either whole, and a break
// near the very end of either is still found.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, storedEntryHash, verifyAuditChain } from '../../../src/domain';
import { openDatabase, type OpenedDatabase } from '../../../src/store/sqlite/open-database';
import { canonicalJson } from '../../../src/shared/canonical-json';
import { tempDbFile } from '../../helpers/db';

const ENTRIES = 1_000_000;
let opened: OpenedDatabase;

beforeAll(async () => {
  opened = await openDatabase(tempDbFile());
  const insert = opened.raw.prepare(
    'INSERT INTO audit (seq, device_id, hlc, wall_time, user_id, command, changes, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const outbox = opened.raw.prepare(
    "INSERT INTO outbox (mutation_id, name, args, base_versions, hlc, user_id, created_at, status) VALUES (?, ?, '{}', '{}', ?, ?, ?, 'pushed')",
  );
  // Written straight into the tables (not through commands) so the test takes seconds; the hashes
  // are those the runner writes (audit-hash.test.ts shows the two computations agree), and each
  // entry has its outbox row, as the runner writes them.
  const changesOf = Array.from({ length: 5000 }, (_, i) =>
    canonicalJson([{ entity: 'case', id: `case-${i}`, before: { version: 1 }, after: { version: 2, subject: 'أداء دين' } }]),
  );
  opened.raw.transaction(() => {
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= ENTRIES; seq++) {
      const changes = changesOf[seq % 5000]!;
      const entry = { seq, device_id: 'dev-1', hlc: `${String(seq).padStart(15, '0')}-00000-dev-1`, wall_time: '2026-01-05T08:00:00.000Z', user_id: 'u-1', command: 'updateCaseParticulars', changes };
      const hash = storedEntryHash(prev, entry);
      insert.run(seq, entry.device_id, entry.hlc, entry.wall_time, entry.user_id, entry.command, changes, prev, hash);
      outbox.run(seq, entry.command, entry.hlc, entry.user_id, entry.wall_time);
      prev = hash;
    }
  })();
}, 120_000);

afterAll(async () => {
  await opened.close();
  fs.rmSync(path.dirname(opened.file), { recursive: true, force: true });
});

describe('a million audit entries', () => {
  it('verify in bounded batches, never loading the chain whole', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const result = await verifyAuditChain(opened.db, { batchSize: 2000 });
    clearInterval(timer);
    expect(result).toEqual({ ok: true, checked: ENTRIES });
    // A million rows of ~300 bytes held at once would be several hundred MB of JS objects.
    expect(peak - heapBefore).toBeLessThan(150 * 1024 * 1024);
  }, 120_000);

  it('a change to the 999,999th entry is found', async () => {
    opened.raw.exec('BEGIN; DROP TRIGGER audit_no_update;');
    try {
      opened.raw.prepare("UPDATE audit SET user_id = 'u-2' WHERE seq = 999999").run();
      expect(await verifyAuditChain(opened.db)).toEqual({ ok: false, checked: 999_998, firstBroken: { seq: 999_999, reason: 'hash_mismatch' } });
    } finally {
      opened.raw.exec('ROLLBACK');
    }
  }, 120_000);

  it('the 999,999th outbox row gone (its entry intact) is found', async () => {
    opened.raw.exec('BEGIN');
    try {
      opened.raw.prepare('DELETE FROM outbox WHERE mutation_id = 999999').run();
      expect(await verifyAuditChain(opened.db)).toEqual({ ok: false, checked: 999_998, firstBroken: { seq: 999_999, reason: 'outbox_mismatch' } });
    } finally {
      opened.raw.exec('ROLLBACK');
    }
  }, 120_000);
});
