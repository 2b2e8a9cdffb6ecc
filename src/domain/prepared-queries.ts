// Hot queries of the write path compiled once and reused: Kysely builds and compiles a query anew on
// every call, which costs more than SQLite running it. The SQL text always comes from the dialect's
// own compiler (so SQLite and PostgreSQL alike), and runs on the caller's transaction (or on the
// store itself, for a hot read outside one such as the server's check of each caller). This must
// never change what is written or read: a shape whose compiled parameters are not exactly the
// given values, in a known order, is not reused and takes Kysely's ordinary path.
// Where the store registered a direct executor (SQLite: one connection, statements run
// synchronously), a query inside a transaction goes straight to it: the transaction already holds
// the only connection, and Kysely's executor chain around each query cost about as much as SQLite
// running it.
import type { CompiledQuery, Compilable, Insertable, Kysely, QueryResult } from 'kysely';
import type { Database, Tx } from './db-schema';

type Primitive = string | number | bigint | null;

function isPrimitive(v: unknown): v is Primitive {
  const t = typeof v;
  return v === null || t === 'string' || t === 'bigint' || (t === 'number' && Number.isFinite(v as number));
}

/**
 * A compiled shape and, for each of its parameters, the index of the value it takes (or -1 when
 * the parameter is a constant of the query itself, kept as compiled). null = not reusable.
 */
interface Shape {
  /**
   * The compiled query without what its first use carried: its values (in `parameters`, and in the
   * syntax tree, replaced by a node of the same kind, all any driver looks at). A multi-row
   * INSERT's tree holds every row it was built from, and a server meets many row counts: kept
   * whole, the shapes held tens of MB of old rows for the life of the process.
   */
  compiled: CompiledQuery;
  slots: readonly number[];
  /** The statement prepared once on the direct executor, for this shape's SQL. */
  direct?: DirectStatement;
}

/**
 * Runs one prepared statement on the connection the current transaction holds and returns what the
 * dialect's own driver would (rows for a reader; affected rows and insert id otherwise).
 */
export type DirectStatement = (parameters: readonly unknown[]) => QueryResult<unknown>;
/** Prepares compiled SQL for running directly. */
export type DirectExecutor = (sql: string) => DirectStatement;

// Per dialect adapter (one per Kysely instance, shared by its transactions): the same table and
// columns compile to different SQL on another engine.
const shapesByAdapter = new WeakMap<object, Map<string, Shape | null>>();
// The SQL of every reused shape, with a statement name of its own: an engine whose driver can keep
// a statement prepared on its connection (PostgreSQL) parses and plans it once per connection.
const statementNames = new Map<string, string>();

function named(compiled: CompiledQuery): void {
  if (!statementNames.has(compiled.sql)) statementNames.set(compiled.sql, `mahkama_${statementNames.size + 1}`);
}

/** What a shape keeps of a compiled query: its SQL, its id, the kind of its tree and only its constant parameters. */
function kept(compiled: CompiledQuery, slots: readonly number[]): CompiledQuery {
  return {
    sql: compiled.sql,
    queryId: compiled.queryId,
    query: { kind: compiled.query.kind } as CompiledQuery['query'],
    parameters: slots.map((slot, i) => (slot < 0 ? compiled.parameters[i] : undefined)),
  };
}

/**
 * The name under which a store may keep `sql` prepared, when it is the SQL of a reused shape; else
 * undefined (a one-off query is not worth a prepared statement on every connection).
 */
export function preparedStatementName(sql: string): string | undefined {
  return statementNames.get(sql);
}
const directByAdapter = new WeakMap<object, DirectExecutor>();

/** The queries kept for reuse on `db`'s engine, as kept (tests: a kept query holds no row's values). */
export function keptQueries(db: Kysely<Database>): CompiledQuery[] {
  return [...(shapesByAdapter.get(db.getExecutor().adapter)?.values() ?? [])].flatMap((shape) => (shape ? [shape.compiled] : []));
}

/** Called by the store that opened `db`, when its driver has one connection it can use directly. */
export function registerDirectExecutor(db: Kysely<Database>, execute: DirectExecutor): void {
  directByAdapter.set(db.getExecutor().adapter, execute);
}

/** Whether statements on `trx` run in process (a direct executor), not as round trips to a server. */
export function hasDirectExecutor(trx: Tx): boolean {
  return directByAdapter.has(trx.getExecutor().adapter);
}

interface Reuse {
  shapes: Map<string, Shape | null>;
  /** Only inside a transaction: outside one, the connection is Kysely's to hand out. */
  direct: DirectExecutor | undefined;
}

function reuseFor(trx: Kysely<Database>): Reuse | null {
  const executor = trx.getExecutor();
  // A plugin may rewrite queries or results per call; then nothing is reused.
  if (executor.plugins.length > 0) return null;
  let shapes = shapesByAdapter.get(executor.adapter);
  if (!shapes) {
    shapes = new Map();
    shapesByAdapter.set(executor.adapter, shapes);
  }
  return { shapes, direct: trx.isTransaction ? directByAdapter.get(executor.adapter) : undefined };
}

function run<R>(trx: Kysely<Database>, reuse: Reuse, shape: Shape, values: readonly Primitive[]): Promise<QueryResult<R>> {
  const parameters = shape.slots.map((slot, i) => (slot < 0 ? shape.compiled.parameters[i] : values[slot]));
  const { sql, query, queryId } = shape.compiled;
  if (reuse.direct) {
    shape.direct ??= reuse.direct(sql);
    return Promise.resolve(shape.direct(parameters) as QueryResult<R>);
  }
  return trx.executeQuery<R>({ sql, query, queryId, parameters } as CompiledQuery<R>);
}

/** Inserts one row of plain values, as `trx.insertInto(table).values(row).execute()` would. */
export function insertRow<T extends keyof Database & string>(trx: Tx, table: T, row: Insertable<Database[T]>): Promise<void> {
  return insertRows(trx, table, [row]);
}

/**
 * Inserts rows of plain values in one statement, as `trx.insertInto(table).values(rows).execute()`
 * would (in their order). Reused only when every row sets the same columns in the same order.
 */
export async function insertRows<T extends keyof Database & string>(trx: Tx, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  let key = '';
  let plain = true;
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    let columns = '';
    for (const k in record) {
      if (!Object.hasOwn(record, k)) continue;
      const v = record[k];
      if (v === undefined) continue;
      values.push(v);
      columns += `${k},`;
      plain &&= isPrimitive(v);
    }
    if (key === '') key = columns;
    else plain &&= key === columns;
  }
  const reuse = reuseFor(trx);
  const viaKysely = () => trx.insertInto(table).values(rows as Insertable<Database[T]>[]).execute();
  if (!reuse || !plain) {
    await viaKysely();
    return;
  }
  const shapeKey = `insert\u0000${table}\u0000${rows.length}\u0000${key}`;
  let shape = reuse.shapes.get(shapeKey);
  if (shape === undefined) {
    const compiled = trx.insertInto(table).values(rows as Insertable<Database[T]>[]).compile();
    // Reusable only when each value became exactly one parameter, row by row in column order.
    const exact = compiled.parameters.length === values.length && compiled.parameters.every((p, i) => p === values[i]);
    const slots = values.map((_, i) => i);
    shape = exact ? { compiled: kept(compiled as CompiledQuery, slots), slots } : null;
    if (shape) named(shape.compiled);
    reuse.shapes.set(shapeKey, shape);
  }
  if (shape === null) {
    await viaKysely();
    return;
  }
  await run(trx, reuse, shape, values as Primitive[]);
}

/**
 * Runs the query `build` makes from `values` (its result as `trx.executeQuery` gives it), compiling it only the first time for this `key`.
 * `build` must give the same query for any values (values only ever in parameter positions);
 * this is checked once by building it with marker values and finding each marker's parameter.
 */
export async function runPrepared<R>(
  trx: Kysely<Database>,
  key: string,
  build: (trx: Kysely<Database>, ...values: Primitive[]) => Compilable<R>,
  ...values: Primitive[]
): Promise<QueryResult<R>> {
  const reuse = reuseFor(trx);
  if (!reuse || !values.every(isPrimitive)) return trx.executeQuery(build(trx, ...values));
  const fullKey = `prepared\u0000${key}`;
  let shape = reuse.shapes.get(fullKey);
  if (shape === undefined) {
    const markers = values.map((_, i) => `\u0000mahkama-parameter-${i}\u0000`);
    const compiled = build(trx, ...markers).compile();
    const slots = compiled.parameters.map((p) => markers.indexOf(p as string));
    const everyMarkerOnce = markers.every((_, i) => slots.filter((s) => s === i).length === 1);
    const noMarkerInSql = !compiled.sql.includes('\u0000');
    shape = everyMarkerOnce && noMarkerInSql ? { compiled: kept(compiled, slots), slots } : null;
    if (shape) named(shape.compiled);
    reuse.shapes.set(fullKey, shape);
  }
  if (shape === null) return trx.executeQuery(build(trx, ...values));
  return run<R>(trx, reuse, shape, values);
}
