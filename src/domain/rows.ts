// Writes of versioned entity rows for commands: a new row starts at version 1, an update bumps
// the version by one and stamps the command's HLC, and each write yields its audit change
// (changed fields only). Commands never write versioned tables any other way.
import type { Insertable, Selectable, Transaction } from 'kysely';
import { staleVersion } from '../shared/errors';
import type { AuditChange } from '../shared/schemas/views';
import type { Database, Db, Tx } from './db-schema';
import { insertRows } from './prepared-queries';
import { forgetReads, REFERENCE_TABLES } from './tx-reads';
import { insertBehind } from './write-behind';
import type { CommandContext } from './types';

export type VersionedTable =
  | 'courts'
  | 'chambers'
  | 'case_types'
  | 'document_types'
  | 'users'
  | 'cases'
  | 'parties'
  | 'case_parties'
  | 'hearings'
  | 'judgments'
  | 'judgment_signatures'
  | 'signature_extensions'
  | 'documents'
  | 'page_corrections'
  | 'document_signatures'
  | 'daily_registers';

/** Entity names as they appear in audit changes and base versions. */
export const ENTITY_OF: Record<VersionedTable, string> = {
  courts: 'court',
  chambers: 'chamber',
  case_types: 'case_type',
  document_types: 'document_type',
  users: 'user',
  cases: 'case',
  parties: 'party',
  case_parties: 'case_party',
  hearings: 'hearing',
  judgments: 'judgment',
  judgment_signatures: 'judgment_signature',
  signature_extensions: 'signature_extension',
  documents: 'document',
  page_corrections: 'page_correction',
  document_signatures: 'document_signature',
  daily_registers: 'daily_register',
};

/** Never written to the audit in clear. */
const REDACTED_FIELDS = new Set(['password_hash']);
/** Carried by the audit row itself (its hlc), or derived from fields the change already shows. */
const OMITTED_FIELDS = new Set(['updated_hlc', 'search_text']);

type Row<T extends VersionedTable> = Selectable<Database[T]>;
type NewRow<T extends VersionedTable> = Omit<Row<T>, 'version' | 'updated_hlc'>;
type Patch<T extends VersionedTable> = Partial<Omit<Row<T>, 'id' | 'version' | 'updated_hlc'>>;

function auditValues(values: Record<string, unknown>, skipEmpty = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(values)) {
    const v = values[k];
    if (OMITTED_FIELDS.has(k) || v === undefined || (skipEmpty && v === null)) continue;
    out[k] = REDACTED_FIELDS.has(k) ? '[redacted]' : v;
  }
  return out;
}

/**
 * An audit change for a row created (also outside the versioned tables: blocks, counters, settings).
 * It lists the fields that hold a value: a field it does not name was empty. Every registration's
 * entry is hashed and stored, and most of a new record's fields are still empty.
 */
export function creationChange(entity: string, id: string, after: Record<string, unknown>): AuditChange {
  return { entity, id, before: null, after: auditValues(after, true) };
}

export function updateChange(entity: string, id: string, before: Record<string, unknown>, after: Record<string, unknown>): AuditChange {
  return { entity, id, before: auditValues(before), after: auditValues(after) };
}

/**
 * The row as it now stands in the database, for the journal (`CommandContext.written`): an insert
 * writes exactly its values, an update exactly `current` with its patch, version and HLC (the
 * WHERE on the version proved `current` was the row). A value left undefined (the database's
 * default) is not known here: such a row is forgotten, and the journal reads it back.
 */
function remember(trx: Tx, ctx: CommandContext, table: VersionedTable, row: Record<string, unknown>): void {
  if (REFERENCE_TABLES.has(table)) forgetReads(trx);
  const id = row.id as string;
  if (Object.values(row).some((v) => v === undefined)) ctx.written.delete(id);
  else ctx.written.set(id, { ...row });
}

export async function insertVersioned<T extends VersionedTable>(
  trx: Tx,
  ctx: CommandContext,
  table: T,
  values: NewRow<T>,
): Promise<{ row: Row<T>; change: AuditChange }> {
  const { rows, changes } = await insertVersionedRows(trx, ctx, table, [values]);
  return { row: rows[0]!, change: changes[0]! };
}

/** New rows of one table in one statement, in their order; a change for each. */
export async function insertVersionedRows<T extends VersionedTable>(
  trx: Tx,
  ctx: CommandContext,
  table: T,
  values: readonly NewRow<T>[],
): Promise<{ rows: Row<T>[]; changes: AuditChange[] }> {
  const rows = values.map((v) => ({ ...v, version: 1, updated_hlc: ctx.hlc }) as unknown as Row<T>);
  if (!insertBehind(trx, table, rows as unknown as Record<string, unknown>[])) await insertRows(trx, table, rows as unknown as Insertable<Database[T]>[]);
  for (const row of rows) remember(trx, ctx, table, row as unknown as Record<string, unknown>);
  const changes = rows.map((row) => {
    const id = (row as unknown as { id: string }).id;
    return creationChange(ENTITY_OF[table], id, row as unknown as Record<string, unknown>);
  });
  return { rows, changes };
}

/**
 * Applies the fields of `patch` that differ from `current`. Nothing differs → nothing written and
 * no change, unless `touch`: then the version still moves on, because a record whose parts
 * changed (a party added, a hearing set) is a changed record for whoever opened it before.
 * The WHERE on the version makes a write based on a row that moved under us fail loudly.
 */
export async function updateVersioned<T extends VersionedTable>(
  trx: Tx,
  ctx: CommandContext,
  table: T,
  current: Row<T>,
  patch: Patch<T>,
  opts: { touch?: boolean } = {},
): Promise<{ row: Row<T>; change: AuditChange | null }> {
  const cur = current as unknown as Record<string, unknown> & { id: string; version: number };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === undefined || cur[k] === v) continue;
    before[k] = cur[k];
    after[k] = v;
  }
  if (Object.keys(after).length === 0 && !opts.touch) return { row: current, change: null };
  const version = cur.version + 1;
  const set = { ...after, version, updated_hlc: ctx.hlc };
  // The table is generic here; the caller's types already pinned the row shape.
  const res = await (trx as unknown as Transaction<Record<string, { id: string; version: number }>>)
    .updateTable(table as string)
    .set(set)
    .where('id', '=', cur.id)
    .where('version', '=', cur.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw staleVersion(ENTITY_OF[table], cur.id, cur.version, -1);
  before.version = cur.version;
  after.version = version;
  const row = { ...current, ...set } as Row<T>;
  remember(trx, ctx, table, row as unknown as Record<string, unknown>);
  return {
    row,
    change: updateChange(ENTITY_OF[table], cur.id, before, after),
  };
}

/** The versioned (synced) tables, parents before children: the order rows can be written in. */
export const VERSIONED_TABLES = Object.keys(ENTITY_OF) as VersionedTable[];

/** The table of a synced entity name ('case' → cases), or undefined for desk-local bookkeeping. */
export function tableOfEntity(entity: string): VersionedTable | undefined {
  return VERSIONED_TABLES.find((t) => ENTITY_OF[t] === entity);
}

/** A record's version as it stands, or undefined when there is no such record. */
export async function currentVersion(db: Db | Tx, entity: string, id: string): Promise<number | undefined> {
  const table = tableOfEntity(entity);
  if (!table) return undefined;
  const row = (await (db as unknown as Transaction<Record<string, { id: string; version: number }>>)
    .selectFrom(table as string)
    .select('version')
    .where('id', '=', id)
    .executeTakeFirst()) as { version: number } | undefined;
  return row ? Number(row.version) : undefined;
}
