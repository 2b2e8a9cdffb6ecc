// The PostgreSQL store: open it (migrated), and the audit high-water mark a CommandEnv on it needs.
export { openPostgres, type OpenedPostgres } from './open-postgres';
export { postgresAuditHighWater } from './audit-high-water';
export { PG_LATEST_SCHEMA_VERSION, PG_MIGRATIONS } from './migrations';
export { SCHEMA_MIGRATIONS_TABLE } from './migrate';
