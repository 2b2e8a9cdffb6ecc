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
];

export const PERMISSIONS: Readonly<Record<Role, readonly CommandName[]>> = {
  clerk: CLERK,
  judge: ['adjournHearing', 'recordHearingOutcome', 'closeCase'],
  chief_clerk: [...CLERK, 'closeCase'],
  admin: ['createUser', 'grantNumberBlock', 'initializeWorkstation'],
};

/** The one command that runs with nobody signed in (and only on an empty database). */
export const SETUP_COMMAND: CommandName = 'initializeWorkstation';

export function rolesAllow(roles: readonly Role[], name: CommandName): boolean {
  return roles.some((r) => PERMISSIONS[r]?.includes(name));
}

/** Throws NOT_AUTHENTICATED (no actor) or FORBIDDEN (no role of the actor allows the command). */
export function assertMayRun(actor: Actor | null, name: CommandName): void {
  if (actor === null) {
    if (name === SETUP_COMMAND) return;
    throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
  }
  if (!rolesAllow(actor.roles, name)) throw forbidden(name);
}
