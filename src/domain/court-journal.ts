// The server's journal (ARCHITECTURE §3, §4): each command is recorded, in its own transaction,
// in its court's audit chain, in its court's change log (each synced record as the command left
// it: what pull serves), and — for a pushed mutation — as that mutation's outcome. The court's
// head row is locked before its chain is appended to (an UPDATE that changes nothing takes
// PostgreSQL's row lock until the commit), so two transactions — two connections of one server,
// or two server instances — recording commands of one court queue behind each other and neither
// the chain nor the change sequence can fork; seq numbers are taken under that lock, so within a
// court they are in commit order and a pull that reads "after seq n" never skips a row committed
// later with a lower number.
//
// The court's lock is taken before each transaction's first command of that court runs
// (`beforeCommand`), so every writer takes it first and writers of one court run one after the
// other, with no deadlock between them. Deferred (a group of commands without savepoints): each
// command's records are snapshotted when it is recorded, and everything is written at once by
// `finish`, just before the COMMIT, in a few multi-row statements.
import { canonicalJson } from '../shared/canonical-json';
import { AppError } from '../shared/errors';
import { GENESIS_HASH, storedEntryHash } from './audit-chain';
import { SCHEMA_COLUMNS, type Database, type Tx } from './db-schema';
import { tableOfEntity, type VersionedTable } from './rows';
import { insertRows, runPrepared } from './prepared-queries';
import type { Journal, JournalEntry, JournalTx } from './types';

/** What never leaves the server in a change: a password hash is not a synced value. */
const NEVER_SYNCED = new Set(['password_hash']);

interface Head {
  audit_seq: number;
  audit_hash: string;
  change_seq: number;
}

/** Takes the court's row lock and reads its head; undefined when it has no head row. */
async function lockHeadRow(trx: Tx, courtId: string): Promise<Head | undefined> {
  const [head] = (
    await runPrepared(
      trx,
      'court-head-lock',
      (t, court) =>
        t
          .updateTable('court_heads')
          .set((eb) => ({ audit_seq: eb.ref('audit_seq') }))
          .where('court_id', '=', court as string)
          .returning(['audit_seq', 'audit_hash', 'change_seq']),
      courtId,
    )
  ).rows;
  return head && { audit_seq: Number(head.audit_seq), audit_hash: head.audit_hash, change_seq: Number(head.change_seq) };
}

/**
 * Takes the court's row lock (making its head row on first use) and reads the head; undefined
 * while the court does not exist yet (the command that creates it locks it when it is recorded).
 * A court has its head row from its first recorded command on: the lock is one statement then.
 */
async function tryLockCourtHead(trx: Tx, courtId: string): Promise<Head | undefined> {
  const head = await lockHeadRow(trx, courtId);
  if (head) return head;
  await trx
    .insertInto('court_heads')
    .columns(['court_id', 'audit_seq', 'audit_hash', 'change_seq'])
    .expression((eb) =>
      eb
        .selectFrom('courts')
        .select((e) => [e.ref('id').as('court_id'), e.lit(0).as('audit_seq'), e.val(GENESIS_HASH).as('audit_hash'), e.lit(0).as('change_seq')])
        .where('id', '=', courtId),
    )
    .onConflict((oc) => oc.column('court_id').doNothing())
    .execute();
  return lockHeadRow(trx, courtId);
}

export async function lockCourtHead(trx: Tx, courtId: string): Promise<Head> {
  const head = await tryLockCourtHead(trx, courtId);
  if (!head) throw new AppError('NOT_FOUND', 'errors.notFound', { params: { entity: 'court', id: courtId } });
  return head;
}

/**
 * A row the command reported writing (`JournalEntry.written`) stands for the stored row only when it
 * has exactly the table's columns, each of its kind: then it is what reading the row back gives.
 */
function isWholeRow(table: VersionedTable, row: Record<string, unknown>): boolean {
  const columns = SCHEMA_COLUMNS[table] as Record<string, string>;
  const keys = Object.keys(row);
  if (keys.length !== Object.keys(columns).length) return false;
  for (const k of keys) {
    const kind = columns[k];
    if (kind === undefined) return false;
    const v = row[k];
    if (v === null) {
      if (!kind.endsWith('?')) return false;
    } else if (kind.startsWith('integer') ? !Number.isSafeInteger(v) : typeof v !== 'string') return false;
  }
  return true;
}

/**
 * The records a command changed, as they stand now, without what never leaves the server: as the
 * command wrote them, read back only when it did not report a whole row.
 */
async function snapshot(trx: Tx, entry: JournalEntry): Promise<Map<string, Record<string, unknown>>> {
  const rows = new Map<string, Record<string, unknown>>();
  const byTable = new Map<VersionedTable, Set<string>>();
  for (const c of entry.changes) {
    const table = tableOfEntity(c.entity);
    if (!table) continue; // desk-local bookkeeping (number blocks, counters, settings)
    const written = entry.written.get(c.id);
    if (written && isWholeRow(table, written)) {
      const row = { ...written };
      for (const k of NEVER_SYNCED) delete row[k];
      rows.set(c.id, row);
      continue;
    }
    let ids = byTable.get(table);
    if (!ids) byTable.set(table, (ids = new Set()));
    ids.add(c.id);
  }
  for (const [table, ids] of byTable) {
    const found = (await trx
      .selectFrom(table as keyof Database & string)
      .selectAll()
      .where('id' as never, 'in', [...ids] as never)
      .execute()) as Record<string, unknown>[];
    for (const row of found) {
      for (const k of NEVER_SYNCED) delete row[k];
      rows.set(row.id as string, row);
    }
  }
  return rows;
}

interface Pending {
  entry: JournalEntry;
  rows: Map<string, Record<string, unknown>>;
}

/** Appends recorded commands of one court after its head: chain entries, changes, outcomes. */
async function write(trx: Tx, courtId: string, head: Head, pending: readonly Pending[]): Promise<Head> {
  let { audit_seq: seq, audit_hash: hash, change_seq: changeSeq } = head;
  const audit = [];
  const changes = [];
  const outcomes = [];
  for (const { entry, rows } of pending) {
    const row = {
      seq: seq + 1,
      device_id: entry.deviceId,
      hlc: entry.hlc,
      wall_time: entry.wallTime,
      recorded_at: entry.recordedAt,
      user_id: entry.actorUserId,
      command: entry.name,
      changes: canonicalJson(entry.changes),
    };
    const next = storedEntryHash(hash, row);
    audit.push({ ...row, court_id: courtId, prev_hash: hash, hash: next });
    seq = row.seq;
    hash = next;
    for (const change of entry.changes) {
      const current = rows.get(change.id);
      if (!current) continue;
      const version = Number(current.version);
      const changed: Record<string, [unknown, unknown]> = {};
      // A record's first version needs no field list: its row says it all, and only merges read
      // the list, for versions after the base a desk had (at least 1).
      if (change.before || version !== 1) {
        for (const [field, after] of Object.entries(change.after ?? {})) {
          if (NEVER_SYNCED.has(field)) continue;
          changed[field] = [change.before ? change.before[field] : null, after];
        }
      }
      changes.push({
        court_id: courtId,
        seq: ++changeSeq,
        entity: change.entity,
        entity_id: change.id,
        version,
        hlc: entry.hlc,
        device_id: entry.deviceId,
        changed: canonicalJson(changed),
        row: canonicalJson(current),
      });
    }
    if (entry.mutationId !== null) {
      // A pushed mutation always has its author as actor.
      if (entry.journalUserId === null) throw new AppError('INTERNAL', 'errors.internal');
      outcomes.push({
        device_id: entry.deviceId,
        mutation_id: entry.mutationId,
        court_id: courtId,
        name: entry.name,
        user_id: entry.journalUserId,
        hlc: entry.hlc,
        outcome: 'applied',
        detail: canonicalJson({ result: entry.result ?? null }),
        received_at: entry.recordedAt ?? entry.wallTime,
      });
    }
  }
  // Multi-row statements, in slices that keep every engine under its parameter limit.
  for (let i = 0; i < audit.length; i += 200) await insertRows(trx, 'court_audit', audit.slice(i, i + 200));
  for (let i = 0; i < changes.length; i += 200) await insertRows(trx, 'change_log', changes.slice(i, i + 200));
  for (let i = 0; i < outcomes.length; i += 200) await insertRows(trx, 'mutations', outcomes.slice(i, i + 200));
  const next = { audit_seq: seq, audit_hash: hash, change_seq: changeSeq };
  await trx.updateTable('court_heads').set(next).where('court_id', '=', courtId).execute();
  return next;
}

export function courtJournal(): Journal {
  // The heads each open transaction holds the lock of (and has moved), per court.
  const held = new WeakMap<Tx, Map<string, Head>>();
  return {
    async begin(trx: Tx, opts: { deferred: boolean }): Promise<JournalTx> {
      const heads = new Map<string, Head>();
      held.set(trx, heads);
      let pending: Pending[] = [];
      return {
        async beforeCommand(courtId: string) {
          // The court's lock before anything the command touches: one lock order for every writer.
          if (heads.has(courtId)) return;
          const head = await tryLockCourtHead(trx, courtId);
          if (head) heads.set(courtId, head);
        },
        async record(entry: JournalEntry): Promise<void> {
          const rows = await snapshot(trx, entry);
          if (opts.deferred) {
            pending.push({ entry, rows });
            return;
          }
          const head = heads.get(entry.courtId) ?? (await lockCourtHead(trx, entry.courtId));
          heads.set(entry.courtId, await write(trx, entry.courtId, head, [{ entry, rows }]));
        },
        savepoint() {
          const headsBefore = new Map(heads);
          const pendingBefore = pending.length;
          return {
            rollback: () => {
              heads.clear();
              for (const [k, v] of headsBefore) heads.set(k, v);
              pending = pending.slice(0, pendingBefore);
            },
          };
        },
        async finish() {
          const courts = [...new Set(pending.map((p) => p.entry.courtId))].sort();
          for (const courtId of courts) {
            const head = heads.get(courtId) ?? (await lockCourtHead(trx, courtId));
            heads.set(courtId, await write(trx, courtId, head, pending.filter((p) => p.entry.courtId === courtId)));
          }
          pending = [];
        },
      };
    },
    async lockCourt(trx: Tx, courtId: string): Promise<void> {
      // Held since this transaction's `beforeCommand` (a savepoint rolled back forgets it, as
      // PostgreSQL releases a lock taken inside it): the lock is not taken a second time.
      if (held.get(trx)?.has(courtId)) return;
      await lockCourtHead(trx, courtId);
    },
  };
}
