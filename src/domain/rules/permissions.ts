// Who may run which command: the role matrix, checked by the command runner for every command
// (the UI hides buttons, it does not decide). Segregation of duties: admins manage the desk
// (users, number blocks, set-up) and never touch case records.
import type { Role } from '../../shared/enums';
import { AppError, forbidden } from '../../shared/errors';
import type { CommandName } from '../../shared/schemas/commands';
import type { Actor } from '../types';

const CLERK: readonly CommandName[] = [
  'registerCase',
  'updateCaseParticulars',
  'addParty',
  'removeParty',
  'scheduleHearing',
  'adjournHearing',
  'recordHearingOutcome',
  'recordJudgment',
  'updateJudgment',
  // Which step a clerk may sign (the countersignature) is the command's rule (SIGNATURE_STEP_ROLES).
  'signJudgment',
  // The judgment's keepers extend its signed file for long-term validation (B-LT, B-LTA).
  'recordSignatureExtension',
  'resolveConflict',
  'attachDocument',
  // A document's detached signature, recorded (DOCUMENT_SIGNERS: the clerks, the judge, the president).
  'recordDocumentSignature',
  'correctPageText',
  'chooseOcrLanguage',
  // The device a clerk registers cases on asks the server for serials ahead of time.
  'grantDeviceNumberBlocks',
];

/** What anyone signed in may do for themselves. */
const EVERYONE: readonly CommandName[] = ['changeOwnPassword'];

const CHIEF_CLERK: readonly CommandName[] = [...EVERYONE, ...CLERK, 'closeCase'];

export const PERMISSIONS: Readonly<Record<Role, readonly CommandName[]>> = {
  clerk: [...EVERYONE, ...CLERK],
  judge: [...EVERYONE, 'adjournHearing', 'recordHearingOutcome', 'recordJudgment', 'updateJudgment', 'signJudgment', 'recordDocumentSignature', 'closeCase', 'correctPageText', 'chooseOcrLanguage'],
  // Closing a court day and signing its register is the chief clerk's alone (issue 10, item 9).
  chief_clerk: [...CHIEF_CLERK, 'recordDailyRegister'],
  // The court's president supervises the registry: what a chief clerk may, and reads the user list.
  president: CHIEF_CLERK,
  admin: [...EVERYONE, 'createUser', 'resetUserPassword', 'setUserActive', 'setUserRoles', 'grantNumberBlock', 'initializeWorkstation', 'joinServerCourt'],
};

/** Reads that only some roles need; every other read is open to anyone signed in at the desk. */
export const READ_PERMISSIONS = {
  listUsers: ['admin', 'president'],
} as const satisfies Record<string, readonly Role[]>;
export type RestrictedRead = keyof typeof READ_PERMISSIONS;

/** Throws FORBIDDEN unless one of the actor's roles may make this read. */
export function assertMayRead(actor: Actor, read: RestrictedRead): void {
  if (!actor.roles.some((r) => (READ_PERMISSIONS[read] as readonly Role[]).includes(r))) throw forbidden(read);
}

/**
 * Upkeep of the desk that is neither a command (nothing of a court's records changes, nothing is
 * synced or audited) nor a read: rebuilding the search index. The administrator's, like the rest of
 * the desk's care; the others' work is the court's records.
 */
export const MAINTENANCE_PERMISSIONS = {
  rebuildSearchIndex: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type MaintenanceTask = keyof typeof MAINTENANCE_PERMISSIONS;

/** Throws FORBIDDEN unless one of the actor's roles may do this upkeep. */
export function assertMayMaintain(actor: Actor, task: MaintenanceTask): void {
  if (!actor.roles.some((r) => (MAINTENANCE_PERMISSIONS[task] as readonly Role[]).includes(r))) throw forbidden(task);
}

/** The one command that runs with nobody signed in on a desk (and only on an empty database). */
export const SETUP_COMMAND: CommandName = 'initializeWorkstation';

/**
 * Commands run by whoever holds the store itself, with no user signed in (actor null): the desk's
 * first run, and the server's admin CLI, whose operator creates courts and their users
 * (ARCHITECTURE §3, §7). No role holds them, so no token or session can reach them; the audit
 * names the operator by the device id the CLI runs as (`cli:<account>`).
 */
export const OPERATOR_COMMANDS: readonly CommandName[] = [
  SETUP_COMMAND,
  'createCourt',
  'createChamber',
  'createCourtUser',
  'resolveConflict',
  // The server's own extension of a signed judgment (src/server/ltv); refused on a desk's store.
  'recordSignatureExtension',
];

export function rolesAllow(roles: readonly Role[], name: CommandName): boolean {
  return roles.some((r) => PERMISSIONS[r]?.includes(name));
}

/** Throws NOT_AUTHENTICATED (no actor) or FORBIDDEN (no role of the actor allows the command). */
export function assertMayRun(actor: Actor | null, name: CommandName): void {
  if (actor === null) {
    if (OPERATOR_COMMANDS.includes(name)) return;
    throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
  }
  if (!rolesAllow(actor.roles, name)) throw forbidden(name);
}
