// Who may do what: the role matrix and segregation of duties (an admin manages the desk, not cases).
import { describe, expect, it } from 'vitest';
import { OPERATOR_COMMANDS, PERMISSIONS, READ_PERMISSIONS, assertMayMaintain, assertMayRead, assertMayRun, rolesAllow } from '../../../src/domain';
import { ROLES } from '../../../src/shared/enums';
import { AppError } from '../../../src/shared/errors';
import { COMMAND_NAMES } from '../../../src/shared/schemas/commands';
import { JUDGMENT_KEEPERS } from '../../../src/shared/schemas/judgment-signing';
import { DOCUMENT_SIGNERS } from '../../../src/shared/schemas/signing';

const CASE_COMMANDS = ['registerCase', 'updateCaseParticulars', 'addParty', 'removeParty', 'scheduleHearing', 'adjournHearing', 'recordHearingOutcome', 'closeCase'] as const;

describe('permissions', () => {
  it("every command is allowed to some role, but the server operator's, which no role holds", () => {
    for (const name of COMMAND_NAMES) {
      const held = ROLES.some((r) => PERMISSIONS[r].includes(name));
      expect(held, name).toBe(!['createCourt', 'createChamber', 'createCourtUser'].includes(name));
    }
  });

  it('the president does all a chief clerk does but sign the day\'s register, and reads the user list; no more', () => {
    expect([...PERMISSIONS.president, 'recordDailyRegister'].sort()).toEqual([...PERMISSIONS.chief_clerk].sort());
    expect(READ_PERMISSIONS.listUsers).toContain('president');
    expect(() => assertMayRead({ userId: 'p', roles: ['president'] }, 'listUsers')).not.toThrow();
    expect(() => assertMayRead({ userId: 'c', roles: ['chief_clerk'] }, 'listUsers')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }) as AppError);
    expect(rolesAllow(['president'], 'createUser')).toBe(false);
  });

  it('only the chief clerk closes a court day and signs its register', () => {
    expect(rolesAllow(['chief_clerk'], 'recordDailyRegister')).toBe(true);
    for (const role of ['clerk', 'judge', 'president', 'admin'] as const) expect(rolesAllow([role], 'recordDailyRegister')).toBe(false);
  });

  it("the judgment's keepers (clerks, chief clerk, president) extend its signatures; a judge and an admin do not", () => {
    for (const role of ['clerk', 'chief_clerk', 'president'] as const) expect(rolesAllow([role], 'recordSignatureExtension')).toBe(true);
    for (const role of ['judge', 'admin'] as const) expect(rolesAllow([role], 'recordSignatureExtension')).toBe(false);
    // The list the renderer shows the button by says the same.
    for (const role of ROLES) expect(JUDGMENT_KEEPERS.includes(role), role).toBe(rolesAllow([role], 'recordSignatureExtension'));
  });

  it('who may sign a document detached on a card are those who sign judgments on one; not an admin', () => {
    for (const role of ROLES) expect(DOCUMENT_SIGNERS.includes(role), role).toBe(rolesAllow([role], 'signJudgment'));
    expect(DOCUMENT_SIGNERS).not.toContain('admin');
  });

  it('the role matrix lets exactly the document signers record a detached signature (main asks DOCUMENT_SIGNERS before the card)', () => {
    for (const role of ROLES) expect(rolesAllow([role], 'recordDocumentSignature'), role).toBe(DOCUMENT_SIGNERS.includes(role));
  });

  it('an admin touches no case record', () => {
    for (const name of CASE_COMMANDS) expect(rolesAllow(['admin'], name)).toBe(false);
  });

  it('a clerk registers and schedules but does not close a case', () => {
    expect(rolesAllow(['clerk'], 'registerCase')).toBe(true);
    expect(rolesAllow(['clerk'], 'scheduleHearing')).toBe(true);
    expect(rolesAllow(['clerk'], 'closeCase')).toBe(false);
    expect(rolesAllow(['clerk'], 'createUser')).toBe(false);
  });

  it('a judge adjourns, records outcomes and closes, but does not register', () => {
    expect(rolesAllow(['judge'], 'adjournHearing')).toBe(true);
    expect(rolesAllow(['judge'], 'recordHearingOutcome')).toBe(true);
    expect(rolesAllow(['judge'], 'closeCase')).toBe(true);
    expect(rolesAllow(['judge'], 'registerCase')).toBe(false);
    expect(rolesAllow(['judge'], 'scheduleHearing')).toBe(false);
  });

  it('the chief clerk does all a clerk does, and closes cases', () => {
    for (const name of PERMISSIONS.clerk) expect(rolesAllow(['chief_clerk'], name)).toBe(true);
    expect(rolesAllow(['chief_clerk'], 'closeCase')).toBe(true);
  });

  it('a person with several roles may do what any of them allows', () => {
    expect(rolesAllow(['admin', 'clerk'], 'registerCase')).toBe(true);
    expect(rolesAllow(['admin', 'clerk'], 'createUser')).toBe(true);
  });

  it("only an administrator rebuilds the desk's search index, whatever other roles they hold", () => {
    expect(() => assertMayMaintain({ userId: 'a', roles: ['admin'] }, 'rebuildSearchIndex')).not.toThrow();
    expect(() => assertMayMaintain({ userId: 'a', roles: ['clerk', 'admin'] }, 'rebuildSearchIndex')).not.toThrow();
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      expect(() => assertMayMaintain({ userId: 'u', roles: [role] }, 'rebuildSearchIndex'), role).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN', i18nKey: 'errors.forbidden', params: { action: 'rebuildSearchIndex' } }) as AppError,
      );
    }
  });

  it("nobody signed in may only set up the workstation, or run the server operator's commands", () => {
    expect([...OPERATOR_COMMANDS].sort()).toEqual(['createChamber', 'createCourt', 'createCourtUser', 'initializeWorkstation', 'recordSignatureExtension', 'resolveConflict']);
    for (const name of OPERATOR_COMMANDS) expect(() => assertMayRun(null, name)).not.toThrow();
    for (const name of COMMAND_NAMES.filter((n) => !OPERATOR_COMMANDS.includes(n))) {
      expect(() => assertMayRun(null, name)).toThrow(expect.objectContaining({ code: 'NOT_AUTHENTICATED' }) as AppError);
    }
  });
});
