// FROZEN — the previous release's (sync protocol 1) desk sync client, src/main/services/sync/apply-pull.ts as of
// commit 6a42ee5, with only its imports changed (to the frozen v1 schemas of src/shared/schemas/sync-v1.ts):
// a real desk one release behind, run against this release's server (version-skew.test.ts). Never edit.
// Applies a page of the server's changes to the desk (ARCHITECTURE §4), in ONE transaction with the
// new cursor, so a desk killed at any point has either the whole page and its cursor or neither.
// The server is authoritative: a pulled record replaces the desk's copy when it is as new or newer
// (version) — except a record that a mutation still waiting in the outbox has touched: what the
// clerk sees stays the desk's own until the server has answered that mutation (its answer comes
// back in a later pull as the record's newer version). Pulled rows are replication, not commands:
// they are in the server's court chain, not in the desk's. Full-text indexes and counts follow
// through the store's triggers.
import { sql, type Transaction } from 'kysely';
import { tableOfEntity, VERSIONED_TABLES, type Db, type Tx } from '../../../../src/domain';
import { AppError } from '../../../../src/shared/errors';
import type { PullResponseV1 as PullResponse } from '../../../../src/shared/schemas/sync-v1';
import type { AuditChange } from '../../../../src/shared/schemas/views';
import { keepGrantedBlocks } from '../../../../src/main/services/sync/number-blocks';

/** A user pulled from the server has no password on this desk until they sign in online here. */
const NO_LOCAL_PASSWORD = '!';

export interface PullApplied {
  applied: number;
  /** Changes left for later: their record has a mutation of this desk waiting for the server. */
  heldBack: number;
}

/** Every record a still-pending mutation touched, from its audit entry (same number, same HLC). */
async function touchedByPending(trx: Tx): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('outbox as o')
    .innerJoin('audit as a', (j) => j.onRef('a.seq', '=', 'o.mutation_id').onRef('a.hlc', '=', 'o.hlc'))
    .select('a.changes')
    .where('o.status', '=', 'pending')
    .execute();
  const ids = new Set<string>();
  for (const r of rows) for (const c of JSON.parse(r.changes) as AuditChange[]) ids.add(c.id);
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

export async function applyPulledChanges(db: Db, page: PullResponse, opts: { courtId: string; now: string }): Promise<PullApplied> {
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
    let applied = 0;
    let heldBack = 0;
    for (const change of page.changes) {
      const table = tableOfEntity(change.entity)!;
      if (held.has(change.entityId)) {
        heldBack++;
        continue;
      }
      const known = await columnsOf(trx, table, columns);
      // Only the desk's own columns, and never a password hash from the wire.
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(change.row)) if (known.has(k) && k !== 'password_hash') row[k] = v;
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
        const { id: _id, ...set } = row;
        await dyn(trx).updateTable(table).set(set).where('id', '=', change.entityId).execute();
      } else {
        if (table === 'users') row.password_hash = NO_LOCAL_PASSWORD;
        let forTable = inserts.get(table);
        if (!forTable) inserts.set(table, (forTable = new Map()));
        forTable.set(change.entityId, row);
      }
      local.set(key, { ...mine, ...row });
      applied++;
    }
    // Parents before children (the order the server wrote them in), so each table's rows find theirs.
    for (const table of VERSIONED_TABLES) {
      const rows = [...(inserts.get(table)?.values() ?? [])];
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) await dyn(trx).insertInto(table).values(rows.slice(i, i + INSERT_CHUNK)).execute();
    }
    await keepGrantedBlocks(trx, opts.courtId, page.blocks, opts.now);
    for (const [courtId, seq] of Object.entries(page.cursor)) {
      await trx.insertInto('pull_cursors').values({ court_id: courtId, seq }).onConflict((oc) => oc.column('court_id').doUpdateSet({ seq })).execute();
    }
    return { applied, heldBack };
  });
}

export async function pullCursor(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('pull_cursors').select(['court_id', 'seq']).execute();
  return Object.fromEntries(rows.map((r) => [r.court_id, Number(r.seq)]));
}
