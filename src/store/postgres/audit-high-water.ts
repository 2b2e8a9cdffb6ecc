// The audit chain's high-water mark on PostgreSQL (audit-chain.ts, AuditHighWater): the highest seq
// ever appended, kept in audit_high_water by a trigger in the appending transaction (migration
// 0001). Pass it as CommandEnv.auditHighWater and VerifyOptions.highWaterSeq on a PostgreSQL store;
// the domain's default reads SQLite's sqlite_sequence, which PostgreSQL does not have.
import { sql } from 'kysely';
import type { AuditHighWater } from '../../domain/audit-chain';

export const postgresAuditHighWater: AuditHighWater = async (db) => {
  const r = await sql<{ seq: number }>`SELECT seq FROM audit_high_water WHERE id = 1`.execute(db);
  // 0 (nothing appended yet) compares like SQLite's missing record: below every seq.
  return r.rows[0]?.seq ?? null;
};
