// A write that met a unique index or primary key, on either engine (SQLite's extended result
// codes, PostgreSQL's SQLSTATE 23505). A primary key counts too: a pushed mutation carries the ids
// it created, and one naming an id already taken must be refused, not crash the push.
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
