// The audit trail as a hash chain (ARCHITECTURE §3): each entry's hash covers the previous hash and
// the canonical JSON of the entry, so changing, removing or reordering any entry behind the app's
// back breaks the chain at that entry — unless whoever edits also recomputes every later hash: the
// chain has no anchor outside the file yet (ARCHITECTURE §3, "What the chain proves"). Appending
// happens only inside a command's transaction, and never after a tip that was cut off; this file
// must never update or delete an entry.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '../shared/canonical-json';
import { AppError } from '../shared/errors';
import type { AuditChange } from '../shared/schemas/views';
import { insertRow, runPrepared } from './prepared-queries';
import type { Db, Tx } from './db-schema';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryBody {
  seq: number;
  device_id: string;
  hlc: string;
  wall_time: string;
  /**
   * When the entry was recorded in this store, when that is not wall_time (a mutation re-run after
   * it ran on its device). Hashed only when present, so entries without it hash as they always did.
   */
  recorded_at?: string | null;
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
        ...(entry.recorded_at != null ? { recorded_at: entry.recorded_at } : {}),
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
 * The highest seq the store ever handed out, which outlives the entries themselves: entries cut
 * off the end of the chain leave the rest consistent, and only this record still remembers them.
 * null when the engine keeps no such record. SQLite: `sqliteAuditHighWater`; another engine
 * passes its own (through CommandEnv.auditHighWater and VerifyOptions.highWaterSeq).
 */
export type AuditHighWater = (db: Db) => Promise<number | null>;

/** Entries first..last were cut off the end of the chain: the store must not be written to. */
export function auditTailCut(first: number, last: number): AppError {
  return new AppError('DB_CORRUPT', 'errors.db.auditTailCut', { params: { first, last } });
}

/**
 * The chain's last entry (undefined while it is empty), refused with `auditTailCut` when it lies
 * below the high-water mark: appending there would reuse the numbers of the entries that were cut
 * and overtake the mark, and the cut would no longer show (issue 7, item 2).
 */
export async function readAuditTip(db: Db | Tx, highWater: AuditHighWater = sqliteAuditHighWater): Promise<AuditTip | undefined> {
  const lastEntry = (q: Db | Tx) => q.selectFrom('audit').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1);
  // In a command's transaction (once per transaction) the compiled query is reused.
  const last = db.isTransaction ? (await runPrepared(db as Tx, 'audit-last-entry', lastEntry)).rows[0] : await lastEntry(db).executeTakeFirst();
  const mark = await highWater(db);
  const seq = last?.seq ?? 0;
  if (mark !== null && mark > seq) throw auditTailCut(seq + 1, mark);
  return last;
}

/**
 * Appends one entry after `tip`, the chain's last entry as `readAuditTip` read it in this same
 * transaction, or the entry this transaction appended last (null or undefined: the chain is
 * empty). Call only inside the command's transaction, which holds the write lock.
 */
export async function appendAuditEntry(trx: Tx, entry: Omit<AuditEntryBody, 'seq'>, tip: AuditTip | undefined): Promise<AuditTip> {
  const seq = (tip?.seq ?? 0) + 1;
  const prevHash = tip?.hash ?? GENESIS_HASH;
  // Serialize the changes once: the stored text and the hashed text are the same bytes
  // (storedEntryHash is what verification recomputes, auditEntryHash agrees with it by test).
  const changes = canonicalJson(entry.changes);
  const row = {
    seq,
    device_id: entry.device_id,
    hlc: entry.hlc,
    wall_time: entry.wall_time,
    recorded_at: entry.recorded_at ?? null,
    user_id: entry.user_id,
    command: entry.command,
    changes,
  };
  const hash = storedEntryHash(prevHash, row);
  await insertRow(trx, 'audit', { ...row, prev_hash: prevHash, hash });
  return { seq, hash };
}

/**
 * Why the chain does not hold at an entry: its hash, its link to the previous one, a number
 * missing (an entry deleted, or cut off the end below the high-water mark), changes that are not
 * JSON, or the outbox disagreeing with it (an entry without its outbox row, or an outbox row whose
 * entry is gone: entries cut off the end while the high-water record was edited too).
 */
export type AuditBreak = 'hash_mismatch' | 'prev_mismatch' | 'seq_gap' | 'bad_json' | 'outbox_mismatch';
export type AuditVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; firstBroken: { seq: number; reason: AuditBreak } };

export interface VerifyOptions {
  /** Rows read per query; the chain (and the outbox) are streamed, never loaded whole. */
  batchSize?: number;
  /**
   * The highest seq the store ever handed out, to notice entries cut off the end of the chain
   * (which leaves the remaining chain consistent). Defaults to SQLite's AUTOINCREMENT record;
   * another engine passes its own (or null when it has none).
   */
  highWaterSeq?: AuditHighWater;
  /**
   * Compare the chain with the outbox (default true: a workstation writes one outbox row per
   * command, in the same transaction, with the entry's HLC and command name). A store without an
   * outbox (the server) passes false.
   */
  withOutbox?: boolean;
}

/** SQLite only: AUTOINCREMENT remembers the largest seq ever inserted in sqlite_sequence. */
export async function sqliteAuditHighWater(db: Db): Promise<number | null> {
  try {
    const r = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'audit'`.execute(db);
    return r.rows[0]?.seq ?? null;
  } catch (err) {
    // No AUTOINCREMENT table yet (an empty store): nothing to compare with. Anything else is real.
    if (/no such table/i.test(String((err as Error).message))) return null;
    throw err;
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
      `"hlc":${JSON.stringify(row.hlc)},${row.recorded_at != null ? `"recorded_at":${JSON.stringify(row.recorded_at)},` : ''}"seq":${JSON.stringify(row.seq)},"user_id":${row.user_id === null ? 'null' : JSON.stringify(row.user_id)},` +
      `"wall_time":${JSON.stringify(row.wall_time)}}`,
  );
}

/** Outbox rows in commit order (mutation id), read batch by batch as the chain's walk needs them. */
function outboxStream(db: Db, batchSize: number) {
  let buffer: { mutation_id: number; hlc: string; name: string }[] = [];
  let index = 0;
  let after = 0;
  let exhausted = false;
  return async function next(): Promise<{ hlc: string; name: string } | undefined> {
    if (index >= buffer.length) {
      if (exhausted) return undefined;
      buffer = await db.selectFrom('outbox').select(['mutation_id', 'hlc', 'name']).where('mutation_id', '>', after).orderBy('mutation_id').limit(batchSize).execute();
      index = 0;
      if (buffer.length < batchSize) exhausted = true;
      if (buffer.length === 0) return undefined;
      after = buffer[buffer.length - 1]!.mutation_id;
    }
    return buffer[index++];
  };
}

type StoredEntry = Omit<AuditEntryBody, 'changes'> & { changes: string; prev_hash: string; hash: string };

/** Where a walk of a chain stopped: broken at an entry, or whole up to `expectedSeq - 1`. */
type Walked = { broken: AuditVerification } | { broken: null; prevHash: string; expectedSeq: number; checked: number };

/**
 * Walks a chain batch by batch in seq order: numbers without a gap from 1, each entry linked to the
 * one before and hashed as stored; `alsoCheck` may name a further break of an entry (the desk's
 * outbox beside it). Shared by the desk's chain and the server's chain of each court.
 */
async function walkChain(
  batch: (after: number, limit: number) => Promise<StoredEntry[]>,
  batchSize: number,
  alsoCheck?: (row: StoredEntry) => Promise<AuditBreak | null>,
): Promise<Walked> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let after = 0;
  const broken = (seq: number, reason: AuditBreak): Walked => ({ broken: { ok: false, checked, firstBroken: { seq, reason } } });
  for (;;) {
    const rows = await batch(after, batchSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) return broken(expectedSeq, 'seq_gap');
      if (row.prev_hash !== prevHash) return broken(row.seq, 'prev_mismatch');
      if (storedEntryHash(prevHash, row) !== row.hash) return broken(row.seq, isJson(row.changes) ? 'hash_mismatch' : 'bad_json');
      const more = alsoCheck ? await alsoCheck(row) : null;
      if (more) return broken(row.seq, more);
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
      checked++;
    }
    if (rows.length < batchSize) return { broken: null, prevHash, expectedSeq, checked };
    after = rows[rows.length - 1]!.seq;
  }
}

/**
 * Walks the chain in seq order and names the first entry that does not hold. With the outbox
 * (the default), the n-th entry must have the n-th outbox row beside it — same HLC, same command —
 * and no outbox row may be left over after the last entry: both are written by the same
 * transaction, in the same order, and neither is ever deleted.
 */
export async function verifyAuditChain(db: Db, opts: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = opts.batchSize ?? 2000;
  const nextOutbox = opts.withOutbox === false ? null : outboxStream(db, batchSize);
  const walked = await walkChain(
    (after, limit) => db.selectFrom('audit').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute(),
    batchSize,
    nextOutbox
      ? async (row) => {
          const outbox = await nextOutbox();
          return !outbox || outbox.hlc !== row.hlc || outbox.name !== row.command ? 'outbox_mismatch' : null;
        }
      : undefined,
  );
  if (walked.broken) return walked.broken;
  const { expectedSeq, checked } = walked;
  const broken = (seq: number, reason: AuditBreak): AuditVerification => ({ ok: false, checked, firstBroken: { seq, reason } });
  const highWater = await (opts.highWaterSeq ?? sqliteAuditHighWater)(db);
  if (highWater !== null && highWater >= expectedSeq) return broken(expectedSeq, 'seq_gap');
  // Outbox rows beyond the last entry: their entries were cut off, and the high-water record with them.
  if (nextOutbox && (await nextOutbox())) return broken(expectedSeq, 'outbox_mismatch');
  return { ok: true, checked };
}

/**
 * The server's chain of one court (`court_audit`), walked like the desk's: numbers without a gap
 * from 1, each entry linked to the one before and hashed as stored, and none cut off the end —
 * checked against the court's head row, which every recording transaction updates with the chain.
 */
export async function verifyCourtAuditChain(db: Db, courtId: string, opts: { batchSize?: number } = {}): Promise<AuditVerification> {
  const walked = await walkChain(
    (after, limit) => db.selectFrom('court_audit').selectAll().where('court_id', '=', courtId).where('seq', '>', after).orderBy('seq').limit(limit).execute(),
    opts.batchSize ?? 2000,
  );
  if (walked.broken) return walked.broken;
  const { prevHash, expectedSeq, checked } = walked;
  const broken = (seq: number, reason: AuditBreak): AuditVerification => ({ ok: false, checked, firstBroken: { seq, reason } });
  const head = await db.selectFrom('court_heads').select(['audit_seq', 'audit_hash']).where('court_id', '=', courtId).executeTakeFirst();
  const headSeq = head ? Number(head.audit_seq) : 0;
  if (headSeq >= expectedSeq) return broken(expectedSeq, 'seq_gap');
  if (headSeq !== expectedSeq - 1 || (head && head.audit_hash !== prevHash)) return broken(expectedSeq - 1, 'prev_mismatch');
  return { ok: true, checked };
}
