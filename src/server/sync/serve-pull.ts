// Pull (ARCHITECTURE §4): the changes of the device's courts after its cursor, a page at a time.
// Each court's change log is numbered under that court's lock in commit order, so "after seq n"
// never skips a change committed later with a lower number; the cursor is therefore per court.
// A device names only its own courts: a cursor naming another court is refused, not filtered, so a
// client bug cannot look like an empty court.
import { tableOfEntity, type Db } from '../../domain';
import { AppError } from '../../shared/errors';
import type { NumberBlock } from '../../shared/schemas/commands';
import { MAX_PULL_CHANGES, SYNC_PROTOCOL_VERSION, type PullCursor, type PulledChange, type PullRequest, type PullResponse, type RefetchedRecord } from '../../shared/schemas/sync';

/** A change as the change log stores it: its row still the JSON text the court journal wrote. */
export type StoredChange = Omit<PulledChange, 'row'> & { rowJson: string };
/** A pull page with its changes' rows as stored: sent as they are, never parsed and written again. */
export type StoredPullPage = Omit<PullResponse, 'changes'> & { changes: StoredChange[] };

/** The page with each row as an object (tests and in-process callers). */
export function parsedPage(page: StoredPullPage): PullResponse {
  return { ...page, changes: page.changes.map(({ rowJson, ...c }) => ({ ...c, row: JSON.parse(rowJson) as Record<string, unknown> })) };
}

export interface PullQuery {
  /** The courts the device is enrolled in. */
  courts: readonly string[];
  cursor: PullCursor;
  limit?: number;
  /** Whose open number blocks to list. */
  deviceId?: string;
  /** Records to send as they stand now (in the first court of `courts`). */
  refetch?: PullRequest['refetch'];
  /** Conflicts still open on the device: which of them are resolved (only the device's own). */
  openConflicts?: PullRequest['openConflicts'];
}

export async function servePull(db: Db, query: PullQuery): Promise<PullResponse> {
  return parsedPage(await serveStoredPull(db, query));
}

/** The page, its rows as the change log holds them (the court journal's canonical JSON of each record). */
export async function serveStoredPull(db: Db, { courts, cursor, limit = MAX_PULL_CHANGES, deviceId, refetch = [], openConflicts = [] }: PullQuery): Promise<StoredPullPage> {
  for (const courtId of Object.keys(cursor)) {
    if (!courts.includes(courtId)) throw new AppError('FORBIDDEN', 'errors.forbidden', { params: { action: 'pull' } });
  }
  const pageSize = Math.min(Math.max(1, limit), MAX_PULL_CHANGES);
  const changes: StoredChange[] = [];
  const next: PullCursor = {};
  let more = false;
  for (const courtId of [...courts].sort()) {
    const after = cursor[courtId] ?? 0;
    next[courtId] = after;
    const room = pageSize - changes.length;
    if (room <= 0) {
      more ||= (await db.selectFrom('change_log').select('seq').where('court_id', '=', courtId).where('seq', '>', after).limit(1).executeTakeFirst()) !== undefined;
      continue;
    }
    // One row beyond the page says whether more wait.
    const rows = await db
      .selectFrom('change_log')
      .select(['seq', 'entity', 'entity_id', 'version', 'hlc', 'row'])
      .where('court_id', '=', courtId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(room + 1)
      .execute();
    if (rows.length > room) {
      more = true;
      rows.length = room;
    }
    for (const r of rows) {
      changes.push({
        courtId,
        seq: Number(r.seq),
        entity: r.entity,
        entityId: r.entity_id,
        version: Number(r.version),
        hlc: r.hlc,
        rowJson: r.row,
        schemaVersion: SYNC_PROTOCOL_VERSION,
      });
    }
    if (rows.length > 0) next[courtId] = Number(rows[rows.length - 1]!.seq);
  }
  return {
    changes,
    cursor: next,
    more,
    blocks: deviceId === undefined ? [] : await openBlocksOf(db, courts, deviceId),
    records: courts[0] === undefined ? [] : await currentRecords(db, courts[0], refetch),
    resolvedConflicts: deviceId === undefined || openConflicts.length === 0 ? [] : await resolvedConflictsOf(db, courts, deviceId, openConflicts),
  };
}

/** Which of a device's conflicts are resolved: another device's or court's ids say nothing. */
async function resolvedConflictsOf(db: Db, courts: readonly string[], deviceId: string, ids: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('conflicts')
    .select('id')
    .where('id', 'in', [...ids])
    .where('device_id', '=', deviceId)
    .where('court_id', 'in', [...courts])
    .where('status', '=', 'resolved')
    .execute();
  const resolved = new Set(rows.map((r) => r.id));
  return ids.filter((id) => resolved.has(id));
}

/**
 * Records as the court holds them now: each one's latest row in the court's change log (the
 * very row a pull brings, never a password hash), or null when the court has no such record —
 * one made only by a refused mutation. Another court's record is null too: it is not this court's.
 */
export async function currentRecords(db: Db, courtId: string, refs: readonly { entity: string; id: string }[]): Promise<RefetchedRecord[]> {
  if (refs.length === 0) return [];
  for (const r of refs) {
    if (!tableOfEntity(r.entity)) throw new AppError('VALIDATION_FAILED', 'errors.sync.unknownEntity', { params: { entity: r.entity } });
  }
  const latest = new Map<string, { entity: string; row: string }>();
  const ids = [...new Set(refs.map((r) => r.id))];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('change_log')
      .select(['entity', 'entity_id', 'row'])
      .where('court_id', '=', courtId)
      .where('entity_id', 'in', ids.slice(i, i + 500))
      .orderBy('seq', 'desc')
      .execute();
    for (const r of rows) if (!latest.has(r.entity_id)) latest.set(r.entity_id, { entity: r.entity, row: r.row });
  }
  return refs.map((r) => {
    const found = latest.get(r.id);
    const row = found && found.entity === r.entity ? (JSON.parse(found.row) as Record<string, unknown>) : null;
    return { entity: r.entity, entityId: r.id, row, schemaVersion: SYNC_PROTOCOL_VERSION };
  });
}

/** The open blocks of serials granted to a device in its courts. */
export async function openBlocksOf(db: Db, courts: readonly string[], deviceId: string): Promise<NumberBlock[]> {
  if (courts.length === 0) return [];
  const rows = await db
    .selectFrom('number_blocks')
    .select(['id', 'type_code', 'year', 'first_serial', 'last_serial'])
    .where('device_id', '=', deviceId)
    .where('court_id', 'in', [...courts])
    .whereRef('next_serial', '<=', 'last_serial')
    .orderBy('type_code')
    .orderBy('year')
    .orderBy('first_serial')
    .execute();
  return rows.map((b) => ({ id: b.id, typeCode: b.type_code, year: Number(b.year), firstSerial: Number(b.first_serial), lastSerial: Number(b.last_serial) }));
}
