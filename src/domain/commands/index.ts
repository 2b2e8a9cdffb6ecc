// The registry of commands: one module per command, looked up by name by the command runner.
// A command missing here cannot run; a name here without a schema in commandSchemas cannot compile.
import type { CommandName } from '../../shared/schemas/commands';
import type { CommandDefinition } from '../types';
import { addParty } from './add-party';
import { changeOwnPassword } from './change-own-password';
import { adjournHearing } from './adjourn-hearing';
import { attachDocument } from './attach-document';
import { closeCase } from './close-case';
import { createChamber } from './create-chamber';
import { chooseOcrLanguage } from './choose-ocr-language';
import { correctPageText } from './correct-page-text';
import { createCourt } from './create-court';
import { createCourtUser } from './create-court-user';
import { createUser } from './create-user';
import { grantDeviceNumberBlocks } from './grant-device-number-blocks';
import { grantNumberBlock } from './grant-number-block';
import { initializeWorkstation } from './initialize-workstation';
import { recordDailyRegister } from './record-daily-register';
import { recordDocumentSignature } from './record-document-signature';
import { recordHearingOutcome } from './record-hearing-outcome';
import { recordSignatureExtension } from './record-signature-extension';
import { recordJudgment } from './record-judgment';
import { registerCase } from './register-case';
import { removeParty } from './remove-party';
import { resetUserPassword } from './reset-user-password';
import { joinServerCourt } from './join-server-court';
import { resolveConflict } from './resolve-conflict';
import { scheduleHearing } from './schedule-hearing';
import { setUserActive } from './set-user-active';
import { signJudgment } from './sign-judgment';
import { updateJudgment } from './update-judgment';
import { setUserRoles } from './set-user-roles';
import { updateCaseParticulars } from './update-case-particulars';

export const COMMANDS: { readonly [N in CommandName]: CommandDefinition<N> } = {
  registerCase,
  updateCaseParticulars,
  addParty,
  removeParty,
  scheduleHearing,
  adjournHearing,
  recordHearingOutcome,
  recordJudgment,
  recordDailyRegister,
  updateJudgment,
  signJudgment,
  recordSignatureExtension,
  closeCase,
  resolveConflict,
  joinServerCourt,
  attachDocument,
  recordDocumentSignature,
  correctPageText,
  chooseOcrLanguage,
  createUser,
  changeOwnPassword,
  resetUserPassword,
  setUserActive,
  setUserRoles,
  grantNumberBlock,
  grantDeviceNumberBlocks,
  initializeWorkstation,
  createCourt,
  createChamber,
  createCourtUser,
};
