// The desk's outbox as the mutations it pushes (ARCHITECTURE §4): pending rows in their order,
// without the commands a desk runs for itself (LOCAL_COMMANDS), each with what its command drew.
// Rows written before migration 0009 carry no `generated`; what they created is read from their
// audit entry (same HLC, same command), whose changes list every record created, in order. Each
// goes with the sync version of its input: a mutation queued before the desk was updated is
// brought up to this release's input first (the same steps a server uses for an older desk), so
// the desk never pushes a version that only its older self would have been served in.
import type { Db } from '../../../domain';
import { ID_KINDS, type GeneratedValues, type IdKind } from '../../../shared/schemas/mutation';
import { upcastMutationArgs } from '../../../shared/schemas/command-upcasts';
import { LOCAL_COMMANDS } from '../../../shared/schemas/commands';
import { SYNC_PROTOCOL_VERSION, type WireMutation } from '../../../shared/schemas/sync';
import type { AuditChange } from '../../../shared/schemas/views';

const KINDS: ReadonlySet<string> = new Set(ID_KINDS);

/** What a command drew, as its audit entry shows it: the ids of the records it created, the numbers of the cases. */
export function generatedFromAudit(changes: readonly AuditChange[]): GeneratedValues {
  const out: GeneratedValues = { ids: {}, numbers: [] };
  for (const c of changes) {
    if (c.before !== null || !KINDS.has(c.entity)) continue;
    (out.ids[c.entity as IdKind] ??= []).push(c.id);
    if (c.entity === 'case' && typeof c.after?.number === 'string') out.numbers.push(c.after.number);
  }
  return out;
}

export async function pendingMutations(db: Db, opts: { after?: number; limit: number }): Promise<WireMutation[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['mutation_id', 'name', 'args', 'base_versions', 'generated', 'hlc', 'user_id', 'created_at', 'schema_version'])
    .where('status', '=', 'pending')
    .where('mutation_id', '>', opts.after ?? 0)
    .where('name', 'not in', [...LOCAL_COMMANDS])
    .orderBy('mutation_id')
    .limit(opts.limit)
    .execute();
  const out: WireMutation[] = [];
  for (const r of rows) {
    let generated: GeneratedValues;
    if (r.generated !== null) {
      generated = JSON.parse(r.generated) as GeneratedValues;
    } else {
      // The n-th outbox row and the n-th audit entry are written by the same transaction, in the
      // same order (audit verify checks it), so the entry is found by number, and its HLC confirms it.
      const entry = await db.selectFrom('audit').select('changes').where('seq', '=', r.mutation_id).where('hlc', '=', r.hlc).where('command', '=', r.name).executeTakeFirst();
      generated = generatedFromAudit(entry ? (JSON.parse(entry.changes) as AuditChange[]) : []);
    }
    const name = r.name as WireMutation['name'];
    const args = JSON.parse(r.args) as unknown;
    out.push({
      mutationId: r.mutation_id,
      name,
      args: r.schema_version < SYNC_PROTOCOL_VERSION ? upcastMutationArgs(name, args, r.schema_version) : args,
      baseVersions: JSON.parse(r.base_versions) as Record<string, number>,
      hlc: r.hlc,
      at: r.created_at,
      userId: r.user_id,
      generated,
      schemaVersion: Math.max(r.schema_version, SYNC_PROTOCOL_VERSION),
    });
  }
  return out;
}
