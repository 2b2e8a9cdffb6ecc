// The domain's public face: the one write path, the audit chain and the named reads. main and
// server import from here only; nothing here knows Electron, HTTP or the UI. Row writers and
// appendAuditEntry are deliberately not exported: runCommand is the only way to write.
export { runCommand } from './command-runner';
export type {
  Actor,
  CommandContext,
  CommandDefinition,
  CommandEnv,
  CommandOutput,
  GeneratedValues,
  IdKind,
  Journal,
  JournalEntry,
  JournalTx,
  MutationOrigin,
  NumberAuthority,
  TakenNumber,
} from './types';
export { deskJournal } from './desk-journal';
export { courtJournal } from './court-journal';
export { DERIVED_FIELDS, changedSince, conflictingFields, type ChangedSince } from './merge';
export { currentVersion, tableOfEntity, VERSIONED_TABLES } from './rows';
export { COMMANDS } from './commands';
export { COURT_ID_SETTING } from './commands/initialize-workstation';
export {
  GENESIS_HASH,
  auditEntryHash,
  auditTailCut,
  readAuditTip,
  sha256hex,
  storedEntryHash,
  sqliteAuditHighWater,
  verifyAuditChain,
  verifyCourtAuditChain,
  type AuditBreak,
  type AuditHighWater,
  type AuditEntryBody,
  type AuditVerification,
  type VerifyOptions,
} from './audit-chain';
export {
  buildDailyRegister,
  checkChainAgainstRegisters,
  checkCourtRegisters,
  dailyRegisterBytes,
  readDailyRegister,
  verifyDetachedSignature,
  type RegisterBreak,
  type RegisterSignerTrust,
  type RegisterCheck,
} from './daily-register';
export {
  MAINTENANCE_PERMISSIONS,
  OPERATOR_COMMANDS,
  PERMISSIONS,
  READ_PERMISSIONS,
  SETUP_COMMAND,
  assertMayMaintain,
  assertMayRead,
  assertMayRun,
  rolesAllow,
  type MaintenanceTask,
  type RestrictedRead,
} from './rules/permissions';
export { isCaseDoneWithHearings, nextCaseStatus, type CaseEvent } from './rules/case-status';
export { COURT_TIME_ZONE, courtLocalNow, isCourtWorkingWeekday, weekdayOf, yearOf } from './rules/court-calendar';
export { displayNameOf, partySearchText } from './rules/party';
export { BOOTSTRAP_BLOCK_SIZE, deskNumberAuthority, replayedNumberAuthority, serverNumberAuthority } from './case-numbering';
export { summarizeParties } from './case-derived';
export type { Database, Db, Tx } from './db-schema';
// The page index is the desk's cache of OCR output, not a record: written beside the command runner,
// like document_pages.
export { beginReindex, getReindexRun, indexDocumentPages, reindexBatch, reindexPage, reindexPageIn, type ReindexRun, type ReindexState } from './page-index';
export {
  listCasesForRegistry,
  quickFind,
  ftsPrefixQuery,
  findMisfiledSigns,
  searchCases,
  getCaseDetail,
  courtTimesOf,
  listHearingsOfDay,
  getReferenceData,
  listUsers,
  getAppUser,
  judgmentsBelowLevel,
  judgmentsWithArchiveTimestamp,
  newestJudgmentFile,
  type JudgmentToExtend,
  type NewestJudgmentFile,
  type RegistryQuery,
  type QuickFindQuery,
  type MisfiledQuery,
} from './queries';
