// The audit trail as a hash chain (ARCHITECTURE §3): each entry's hash covers the previous hash and
// the canonical JSON of the entry, so changing, removing or reordering any entry behind the app's
// back breaks the chain at that entry. Appending happens only inside a command's transaction;
// this file must never update or delete an entry.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '../shared/canonical-json';
import type { AuditChange } from '../shared/schemas/views';
import { insertRow, runPrepared } from './prepared-queries';
import type { Db, Tx } from './db-schema';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryBody {
  seq: number;
  device_id: string;
  hlc: string;
  wall_time: string;
  user_id: string | null;
  command: string;
  changes: AuditChange[];
}

export function sha256hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** hash = sha256hex(prev_hash + canonicalJson(entry)). */
export function auditEntryHash(prevHash: string, entry: AuditEntryBody): string {
  return sha256hex(
    prevHash +
      canonicalJson({
        seq: entry.seq,
        device_id: entry.device_id,
        hlc: entry.hlc,
        wall_time: entry.wall_time,
        user_id: entry.user_id,
        command: entry.command,
        changes: entry.changes,
      }),
  );
}

/** The last entry of the chain: what the next entry links to. */
export interface AuditTip {
  seq: number;
  hash: string;
}

/**
 * Appends one entry after the current last one; call only inside the command's transaction.
 * `tip` is the last entry when the caller already knows it (the entry this same transaction
 * appended last); otherwise it is read.
 */
export async function appendAuditEntry(trx: Tx, entry: Omit<AuditEntryBody, 'seq'>, tip?: AuditTip): Promise<AuditTip> {
  const last =
    tip ?? (await runPrepared(trx, 'audit-last-entry', (t) => t.selectFrom('audit').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1))).rows[0];
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Serialize the changes once: the stored text and the hashed text are the same bytes
  // (storedEntryHash is what verification recomputes, auditEntryHash agrees with it by test).
  const changes = canonicalJson(entry.changes);
  const row = { seq, device_id: entry.device_id, hlc: entry.hlc, wall_time: entry.wall_time, user_id: entry.user_id, command: entry.command, changes };
  const hash = storedEntryHash(prevHash, row);
  await insertRow(trx, 'audit', { ...row, prev_hash: prevHash, hash });
  return { seq, hash };
}

export type AuditBreak = 'hash_mismatch' | 'prev_mismatch' | 'seq_gap' | 'bad_json';
export type AuditVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; firstBroken: { seq: number; reason: AuditBreak } };

export interface VerifyOptions {
  /** Rows read per query; the chain is streamed, never loaded whole. */
  batchSize?: number;
  /**
   * The highest seq the store ever handed out, to notice entries cut off the end of the chain
   * (which leaves the remaining chain consistent). Defaults to SQLite's AUTOINCREMENT record;
   * another engine passes its own (or null when it has none).
   */
  highWaterSeq?: (db: Db) => Promise<number | null>;
}

/** SQLite only: AUTOINCREMENT remembers the largest seq ever inserted in sqlite_sequence. */
export async function sqliteAuditHighWater(db: Db): Promise<number | null> {
  try {
    const r = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'audit'`.execute(db);
    return r.rows[0]?.seq ?? null;
  } catch {
    // Not SQLite (or no AUTOINCREMENT table yet): no high-water mark to compare with.
    return null;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The hash of an entry as stored, without parsing its changes: the same bytes canonicalJson builds
 * for the entry when `changes` holds canonicalJson(changes) — which is what the runner writes.
 * Any other text in `changes` (even equivalent JSON) gives another hash, as it must.
 */
export function storedEntryHash(prevHash: string, row: Omit<AuditEntryBody, 'changes'> & { changes: string }): string {
  return sha256hex(
    `${prevHash}{"changes":${row.changes},"command":${JSON.stringify(row.command)},"device_id":${JSON.stringify(row.device_id)},` +
      `"hlc":${JSON.stringify(row.hlc)},"seq":${JSON.stringify(row.seq)},"user_id":${row.user_id === null ? 'null' : JSON.stringify(row.user_id)},` +
      `"wall_time":${JSON.stringify(row.wall_time)}}`,
  );
}

/** Walks the chain in seq order and names the first entry that does not hold. */
export async function verifyAuditChain(db: Db, opts: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = opts.batchSize ?? 2000;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  const broken = (seq: number, reason: AuditBreak): AuditVerification => ({ ok: false, checked, firstBroken: { seq, reason } });

  for (;;) {
    const rows = await db.selectFrom('audit').selectAll().where('seq', '>', after).orderBy('seq').limit(batchSize).execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) return broken(expectedSeq, 'seq_gap');
      if (row.prev_hash !== prevHash) return broken(row.seq, 'prev_mismatch');
      if (storedEntryHash(prevHash, row) !== row.hash) return broken(row.seq, isJson(row.changes) ? 'hash_mismatch' : 'bad_json');
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
      checked++;
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.seq;
  }
  const highWater = await (opts.highWaterSeq ?? sqliteAuditHighWater)(db);
  if (highWater !== null && highWater >= expectedSeq) return broken(expectedSeq, 'seq_gap');
  return { ok: true, checked };
}
