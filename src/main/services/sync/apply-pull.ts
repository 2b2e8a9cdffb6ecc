// Applies a page of the server's changes to the desk (ARCHITECTURE §4), in ONE transaction with the
// new cursor, so a desk killed at any point has either the whole page and its cursor or neither.
// The server is authoritative: a pulled record replaces the desk's copy when it is as new or newer
// (version) — except a record that a mutation still waiting in the outbox has touched: what the
// clerk sees stays the desk's own until the server has answered that mutation; the next pull after
// that asks for the record as the server then holds it. Pulled rows are replication, not commands:
// they are in the server's court chain, not in the desk's. Full-text indexes and counts follow
// through the store's triggers, and the page index (written by page-index.ts, not a trigger)
// follows the page corrections the page brings or takes back, in the same transaction. A change
// held back is not lost: its record is marked to be asked for again (resync_records), like the
// records a refused mutation changed. The records the desk
// asked for again replace the desk's copy whatever its version, or are removed when the server has
// none, in the same transaction — unless a mutation still waiting touches them: then they are
// asked for again after it is answered. A page written in a newer sync version than the desk's is
// refused whole (UPDATE_REQUIRED): nothing of it is applied, and the cursor stays.
import { sql, type Transaction } from 'kysely';
import { reindexPageIn, tableOfEntity, VERSIONED_TABLES, type Db, type Tx } from '../../../domain';
import { AppError } from '../../../shared/errors';
import { SYNC_PROTOCOL_VERSION, type PullResponse, type RefetchedRecord } from '../../../shared/schemas/sync';
import type { AuditChange } from '../../../shared/schemas/views';
import { keepGrantedBlocks } from './number-blocks';
import { PulledReadingChoices } from './pulled-reading-choices';
import { settleResolvedConflicts } from './open-conflicts';


/** A user pulled from the server has no password on this desk until they sign in online here. */
const NO_LOCAL_PASSWORD = '!';

/** A document page by its document and 0-based index. */
export interface PageOf {
  documentId: string;
  pageIndex: number;
}

export interface PullApplied {
  applied: number;
  /** Changes left for later: their record has a mutation of this desk waiting for the server. */
  heldBack: number;
  /** Records asked for again that came back to the server's state (replaced or removed). */
  resynced: number;
  /** Pages whose correction the page brought, changed or took away (their index entry follows in the same transaction). */
  pagesChanged: PageOf[];
  /** Documents with pages marked to be read again here: their reading language was chosen on another desk. */
  documentsToReread: string[];
}

/** Keeps each page once, in the order first seen. */
class PageSet {
  private readonly seen = new Map<string, PageOf>();
  add(row: Record<string, unknown> | undefined): void {
    if (typeof row?.document_id !== 'string' || typeof row.page_index !== 'number') return;
    this.seen.set(`${row.document_id}\u0000${row.page_index}`, { documentId: row.document_id, pageIndex: row.page_index });
  }
  get pages(): PageOf[] {
    return [...this.seen.values()];
  }
}

/** Every record a still-pending mutation touched (from its audit entry: same number, same HLC), with the first such mutation. */
export async function touchedByPending(trx: Tx | Db): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('outbox as o')
    .innerJoin('audit as a', (j) => j.onRef('a.seq', '=', 'o.mutation_id').onRef('a.hlc', '=', 'o.hlc'))
    .select(['o.mutation_id', 'a.changes'])
    .where('o.status', '=', 'pending')
    .orderBy('o.mutation_id')
    .execute();
  const ids = new Map<string, number>();
  for (const r of rows) for (const c of JSON.parse(r.changes) as AuditChange[]) if (!ids.has(c.id)) ids.set(c.id, r.mutation_id);
  return ids;
}

/** The synced tables by name: which one a change goes to is decided at run time (tableOfEntity). */
type AnyTables = Record<string, { id: string; version: number; updated_hlc: string } & Record<string, unknown>>;
const dyn = (trx: Tx) => trx as unknown as Transaction<AnyTables>;

async function columnsOf(trx: Tx, table: string, cache: Map<string, Set<string>>): Promise<Set<string>> {
  let cols = cache.get(table);
  if (!cols) {
    const info = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(trx);
    cols = new Set(info.rows.map((r) => r.name));
    cache.set(table, cols);
  }
  return cols;
}

function sameColumns(local: Record<string, unknown>, row: Record<string, unknown>): boolean {
  return Object.entries(row).every(([k, v]) => local[k] === v);
}

/** Rows per multi-row INSERT: well under SQLite's limit of bound parameters for the widest table. */
const INSERT_CHUNK = 400;

/** A page written in a sync version newer than this desk's: the desk must be updated first. */
function refuseNewer(page: PullResponse): void {
  const newest = Math.max(0, ...page.changes.map((c) => c.schemaVersion), ...page.records.map((r) => r.schemaVersion));
  if (newest > SYNC_PROTOCOL_VERSION) {
    throw new AppError('UPDATE_REQUIRED', 'errors.sync.updateRequired', { params: { version: SYNC_PROTOCOL_VERSION, oldest: newest, current: newest } });
  }
}

/** The desk's columns of a row from the wire, never a password hash. */
function ownColumns(known: Set<string>, wire: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(wire)) if (known.has(k) && k !== 'password_hash') row[k] = v;
  return row;
}

/** Brings records a refused mutation changed back to the server's state; returns how many. */
async function resync(
  trx: Tx,
  records: readonly RefetchedRecord[],
  held: ReadonlyMap<string, number>,
  columns: Map<string, Set<string>>,
  pages: PageSet,
  choices: PulledReadingChoices,
): Promise<number> {
  let done = 0;
  for (const r of records) {
    if (held.has(r.entityId)) continue;
    const table = tableOfEntity(r.entity);
    if (!table) throw new AppError('VALIDATION_FAILED', 'errors.sync.unknownEntity', { params: { entity: r.entity } });
    if (table === 'page_corrections') pages.add(await dyn(trx).selectFrom(table).selectAll().where('id', '=', r.entityId).executeTakeFirst());
    if (r.row === null) {
      // Made only by the refused mutation: the server has no such record. What this desk kept of
      // it alone goes with it: extensions of its signed file (made here, since the server never held
      // the judgment; they would hold the row).
      if (table === 'judgments') await trx.deleteFrom('signature_extensions').where('judgment_id', '=', r.entityId).execute();
      await dyn(trx).deleteFrom(table).where('id', '=', r.entityId).execute();
    } else {
      const row = ownColumns(await columnsOf(trx, table, columns), r.row);
      if (row.id !== r.entityId || typeof row.version !== 'number') throw new AppError('VALIDATION_FAILED', 'errors.sync.badChange', { params: { entity: r.entity } });
      if (table === 'page_corrections') pages.add(row);
      if (table === 'documents') choices.note(r.entityId, await trx.selectFrom('documents').selectAll().where('id', '=', r.entityId).executeTakeFirst(), row);
      const { id: _id, ...set } = row;
      const updated = await dyn(trx).updateTable(table).set(set).where('id', '=', r.entityId).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await dyn(trx).insertInto(table).values(table === 'users' ? { ...row, password_hash: NO_LOCAL_PASSWORD } : row).execute();
    }
    await trx.deleteFrom('resync_records').where('entity_id', '=', r.entityId).execute();
    done++;
  }
  return done;
}

export async function applyPulledChanges(db: Db, page: PullResponse, opts: { courtId: string; now: string }): Promise<PullApplied> {
  refuseNewer(page);
  return db.transaction().execute(async (trx) => {
    // Parents and children arrive in the order the server wrote them; checked at the commit.
    await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
    const held = await touchedByPending(trx);
    const columns = new Map<string, Set<string>>();
    // The desk's copy of every record of the page, read a table at a time rather than a row at a time.
    const local = new Map<string, Record<string, unknown>>();
    const idsByTable = new Map<string, Set<string>>();
    for (const change of page.changes) {
      // A synced entity's table; anything else from the server is refused.
      const table = tableOfEntity(change.entity);
      if (!table) throw new AppError('VALIDATION_FAILED', 'errors.sync.unknownEntity', { params: { entity: change.entity } });
      let ids = idsByTable.get(table);
      if (!ids) idsByTable.set(table, (ids = new Set()));
      ids.add(change.entityId);
    }
    for (const [table, ids] of idsByTable) {
      const all = [...ids];
      for (let i = 0; i < all.length; i += 500) {
        for (const row of await dyn(trx).selectFrom(table).selectAll().where('id', 'in', all.slice(i, i + 500)).execute()) local.set(`${table}\u0000${row.id}`, row);
      }
    }
    // New records are inserted together at the end, a table at a time; a later change of one of
    // them in the same page replaces it there.
    const inserts = new Map<string, Map<string, Record<string, unknown>>>();
    const pages = new PageSet();
    const choices = new PulledReadingChoices();
    let applied = 0;
    let heldBack = 0;
    for (const change of page.changes) {
      const table = tableOfEntity(change.entity)!;
      const waiting = held.get(change.entityId);
      if (waiting !== undefined) {
        // The server's version is not lost: the record is asked for again once that mutation is answered.
        await trx.insertInto('resync_records').values({ entity_id: change.entityId, entity: change.entity, mutation_id: waiting }).onConflict((oc) => oc.column('entity_id').doNothing()).execute();
        heldBack++;
        continue;
      }
      const row = ownColumns(await columnsOf(trx, table, columns), change.row);
      if (row.id !== change.entityId || typeof row.version !== 'number') {
        throw new AppError('VALIDATION_FAILED', 'errors.sync.badChange', { params: { entity: change.entity } });
      }
      const key = `${table}\u0000${change.entityId}`;
      const mine = local.get(key);
      // Newer here, or already what the server holds (the desk's own write come back): nothing to
      // do. The same version may still differ: the server replaced a provisional case number.
      if (mine && (Number(mine.version) > change.version || sameColumns(mine, row))) continue;
      const pending = inserts.get(table)?.get(change.entityId);
      if (mine && !pending) {
        if (table === 'documents') choices.note(change.entityId, mine, row);
        const { id: _id, ...set } = row;
        await dyn(trx).updateTable(table).set(set).where('id', '=', change.entityId).execute();
      } else {
        if (table === 'users') row.password_hash = NO_LOCAL_PASSWORD;
        let forTable = inserts.get(table);
        if (!forTable) inserts.set(table, (forTable = new Map()));
        forTable.set(change.entityId, row);
      }
      local.set(key, { ...mine, ...row });
      if (table === 'page_corrections') pages.add(row);
      applied++;
    }
    // Parents before children (the order the server wrote them in), so each table's rows find theirs.
    for (const table of VERSIONED_TABLES) {
      const rows = [...(inserts.get(table)?.values() ?? [])];
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await dyn(trx).insertInto(table).values(rows.slice(i, i + INSERT_CHUNK)).execute();
    }
    const resynced = await resync(trx, page.records, held, columns, pages, choices);
    // Another desk's correction of a page (or one taken back) is what search finds here from now on.
    for (const p of pages.pages) await reindexPageIn(trx, p.documentId, p.pageIndex);
    await keepGrantedBlocks(trx, opts.courtId, page.blocks, opts.now);
    await settleResolvedConflicts(trx, page.resolvedConflicts, opts.now);
    for (const [courtId, seq] of Object.entries(page.cursor)) {
      await trx.insertInto('pull_cursors').values({ court_id: courtId, seq }).onConflict((oc) => oc.column('court_id').doUpdateSet({ seq })).execute();
    }
    // After the page's corrections are in: a page corrected elsewhere keeps its correction.
    const documentsToReread = await choices.markIn(trx);
    return { applied, heldBack, resynced, pagesChanged: pages.pages, documentsToReread };
  });
}

/** The records to ask for again now: refused here, and touched by no mutation still waiting. */
export async function recordsToRefetch(db: Db, limit: number): Promise<{ entity: string; id: string }[]> {
  const held = await touchedByPending(db);
  const rows = await db.selectFrom('resync_records').select(['entity', 'entity_id']).orderBy('mutation_id').orderBy('entity_id').execute();
  return rows
    .filter((r) => !held.has(r.entity_id))
    .slice(0, limit)
    .map((r) => ({ entity: r.entity, id: r.entity_id }));
}

export async function pullCursor(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('pull_cursors').select(['court_id', 'seq']).execute();
  return Object.fromEntries(rows.map((r) => [r.court_id, Number(r.seq)]));
}
