// The desk's journal (ARCHITECTURE §3): each command leaves, in its own transaction, an outbox row
// (what sync pushes: the arguments, the versions it was based on and the values it drew) and an
// entry of the device's hash-chained audit trail, plus the case index of that entry. The chain's
// tip is read once per transaction, refused when it lies below the high-water mark (a cut end is
// never appended to), then carried from entry to entry: nothing else appends while the
// transaction holds the write lock.
import { canonicalJson } from '../shared/canonical-json';
import { SYNC_PROTOCOL_VERSION } from '../shared/schemas/sync';
import { AppError } from '../shared/errors';
import { appendAuditEntry, readAuditTip, type AuditHighWater, type AuditTip } from './audit-chain';
import { insertRow } from './prepared-queries';
import type { Tx } from './db-schema';
import type { Journal, JournalEntry, JournalTx } from './types';

export function deskJournal(highWater?: AuditHighWater): Journal {
  return {
    // The desk writes each entry as it is recorded: one writer, and the chain's tip moves with each.
    async begin(trx: Tx): Promise<JournalTx> {
      let tip: AuditTip | undefined = await readAuditTip(trx, highWater);
      return {
        // One writer on the desk's file: nothing to lock.
        async beforeCommand() {},
        async record(entry: JournalEntry): Promise<void> {
          // Every outbox row names a user: a command with none has no place on a desk.
          if (entry.journalUserId === null) throw new AppError('INTERNAL', 'errors.internal');
          await insertRow(trx, 'outbox', {
            name: entry.name,
            args: canonicalJson(entry.args),
            base_versions: canonicalJson(entry.baseVersions),
            generated: canonicalJson(entry.generated),
            hlc: entry.hlc,
            user_id: entry.journalUserId,
            created_at: entry.wallTime,
            status: 'pending',
            schema_version: SYNC_PROTOCOL_VERSION,
          });
          const appended = await appendAuditEntry(
            trx,
            {
              device_id: entry.deviceId,
              hlc: entry.hlc,
              wall_time: entry.wallTime,
              recorded_at: entry.recordedAt,
              user_id: entry.actorUserId,
              command: entry.name,
              changes: entry.changes,
            },
            tip,
          );
          if (entry.caseIds.length === 1) {
            await insertRow(trx, 'audit_subjects', { case_id: entry.caseIds[0]!, seq: appended.seq });
          } else if (entry.caseIds.length > 1) {
            await trx
              .insertInto('audit_subjects')
              .values(entry.caseIds.map((case_id) => ({ case_id, seq: appended.seq })))
              .execute();
          }
          tip = appended;
        },
        savepoint() {
          const before = tip;
          return {
            rollback: () => {
              tip = before;
            },
          };
        },
        async finish() {},
      };
    },
  };
}
