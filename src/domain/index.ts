// The domain's public face: the one write path, the audit chain and the named reads. main and
// server import from here only; nothing here knows Electron, HTTP or the UI.
export { runCommand } from './command-runner';
export type { Actor, CommandContext, CommandDefinition, CommandEnv, CommandOutput } from './types';
export { COMMANDS } from './commands';
export { COURT_ID_SETTING } from './commands/initialize-workstation';
export {
  GENESIS_HASH,
  auditEntryHash,
  storedEntryHash,
  sqliteAuditHighWater,
  verifyAuditChain,
  type AuditBreak,
  type AuditEntryBody,
  type AuditVerification,
  type VerifyOptions,
} from './audit-chain';
export { PERMISSIONS, assertMayRun, rolesAllow } from './rules/permissions';
export { nextCaseStatus, type CaseEvent } from './rules/case-status';
export { COURT_TIME_ZONE, courtLocalNow, isCourtWorkingWeekday } from './rules/court-calendar';
export { CIN_PATTERN, normalizeNationalId, partySearchText } from './rules/party';
export { BOOTSTRAP_BLOCK_SIZE } from './case-numbering';
export { summarizeParties } from './case-derived';
export type { Database, Db, Tx } from './db-schema';
export {
  listCasesForRegistry,
  quickFind,
  ftsPrefixQuery,
  getCaseDetail,
  listHearingsOfDay,
  getReferenceData,
  listUsers,
  getAppUser,
  type RegistryQuery,
  type QuickFindQuery,
} from './queries';
