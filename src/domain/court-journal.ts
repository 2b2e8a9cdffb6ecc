// The server's journal (ARCHITECTURE §3, §4): each command is recorded, in its own transaction,
// in its court's audit chain, in its court's change log (each synced record as the command left
// it: what pull serves), and — for a pushed mutation — as that mutation's outcome. The court's
// head row is locked first (an UPDATE that changes nothing takes PostgreSQL's row lock until the
// commit), so two server instances recording commands of one court queue behind each other and
// neither the chain nor the change sequence can fork; seq numbers are taken under that lock, so
// within a court they are in commit order and a pull that reads "after seq n" never skips a row
// committed later with a lower number.
import { canonicalJson } from '../shared/canonical-json';
import { GENESIS_HASH, storedEntryHash } from './audit-chain';
import type { Database, Tx } from './db-schema';
import { tableOfEntity, type VersionedTable } from './rows';
import type { Journal, JournalEntry, JournalTx } from './types';

/** What never leaves the server in a change: a password hash is not a synced value. */
const NEVER_SYNCED = new Set(['password_hash']);

interface Head {
  audit_seq: number;
  audit_hash: string;
  change_seq: number;
}

async function lockHead(trx: Tx, courtId: string): Promise<Head> {
  await trx
    .insertInto('court_heads')
    .values({ court_id: courtId, audit_seq: 0, audit_hash: GENESIS_HASH, change_seq: 0 })
    .onConflict((oc) => oc.column('court_id').doNothing())
    .execute();
  return trx
    .updateTable('court_heads')
    .set((eb) => ({ audit_seq: eb.ref('audit_seq') }))
    .where('court_id', '=', courtId)
    .returning(['audit_seq', 'audit_hash', 'change_seq'])
    .executeTakeFirstOrThrow();
}

/** The record as it stands now, without what never leaves the server. */
async function currentRow(trx: Tx, table: VersionedTable, id: string): Promise<Record<string, unknown> | undefined> {
  const row = (await trx
    .selectFrom(table as keyof Database & string)
    .selectAll()
    .where('id' as never, '=', id as never)
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!row) return undefined;
  for (const k of NEVER_SYNCED) delete row[k];
  return row;
}

export function courtJournal(): Journal {
  return {
    async begin(trx: Tx): Promise<JournalTx> {
      const heads = new Map<string, Head>();
      return {
        async record(entry: JournalEntry): Promise<void> {
          let head = heads.get(entry.courtId);
          if (!head) {
            head = await lockHead(trx, entry.courtId);
            heads.set(entry.courtId, head);
          }
          const seq = head.audit_seq + 1;
          const row = {
            seq,
            device_id: entry.deviceId,
            hlc: entry.hlc,
            wall_time: entry.wallTime,
            recorded_at: entry.recordedAt,
            user_id: entry.actorUserId,
            command: entry.name,
            changes: canonicalJson(entry.changes),
          };
          const hash = storedEntryHash(head.audit_hash, row);
          await trx
            .insertInto('court_audit')
            .values({ ...row, court_id: entry.courtId, prev_hash: head.audit_hash, hash })
            .execute();

          let changeSeq = head.change_seq;
          const logged = [];
          for (const change of entry.changes) {
            const table = tableOfEntity(change.entity);
            if (!table) continue; // desk-local bookkeeping (number blocks, counters, settings)
            const current = await currentRow(trx, table, change.id);
            if (!current) continue;
            const changed: Record<string, [unknown, unknown]> = {};
            for (const [field, after] of Object.entries(change.after ?? {})) {
              if (NEVER_SYNCED.has(field)) continue;
              changed[field] = [change.before ? change.before[field] : null, after];
            }
            logged.push({
              court_id: entry.courtId,
              seq: ++changeSeq,
              entity: change.entity,
              entity_id: change.id,
              version: Number(current.version),
              hlc: entry.hlc,
              device_id: entry.deviceId,
              changed: canonicalJson(changed),
              row: canonicalJson(current),
            });
          }
          if (logged.length > 0) await trx.insertInto('change_log').values(logged).execute();
          if (entry.mutationId !== null) {
            await trx
              .insertInto('mutations')
              .values({
                device_id: entry.deviceId,
                mutation_id: entry.mutationId,
                court_id: entry.courtId,
                name: entry.name,
                user_id: entry.journalUserId,
                hlc: entry.hlc,
                outcome: 'applied',
                detail: canonicalJson({ result: entry.result ?? null }),
                received_at: entry.recordedAt ?? entry.wallTime,
              })
              .execute();
          }
          const next = { audit_seq: seq, audit_hash: hash, change_seq: changeSeq };
          await trx.updateTable('court_heads').set(next).where('court_id', '=', entry.courtId).execute();
          heads.set(entry.courtId, next);
        },
        savepoint() {
          const before = new Map(heads);
          return {
            rollback: () => {
              heads.clear();
              for (const [k, v] of before) heads.set(k, v);
            },
          };
        },
      };
    },
  };
}
