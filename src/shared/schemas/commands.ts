// Arguments and results of every command of the one write path (ARCHITECTURE §3). The same
// schemas validate IPC input on the workstation and, later, pushed mutations on the server.
// Objects are strict: an unknown field is an error, not silently dropped.
import { z } from 'zod';
import { ADJOURNMENT_REASONS, CLOSURE_REASONS, PARTY_REMOVAL_REASONS, ROLES, type HearingOutcome } from '../enums';
import { casePartyInputSchema } from './party';
import {
  LIMITS,
  chamberInputSchema,
  chambersInputSchema,
  courtInputSchema,
  idSchema,
  isoDateSchema,
  optionalText,
  passwordHashSchema,
  text,
  timeOfDaySchema,
  usernameSchema,
  versionSchema,
} from './common';

import { recordDailyRegisterArgsSchema } from './daily-register';
import { attachDocumentArgsSchema, chooseOcrLanguageArgsSchema, correctPageTextArgsSchema } from './documents';
import { recordDocumentSignatureArgsSchema } from './document-signatures';
import { recordSignatureExtensionArgsSchema, signJudgmentArgsSchema } from './judgment-signing';

export { casePartyInputSchema, newPartySchema, partyRefSchema, type CasePartyInput, type NewParty, type PartyRef } from './party';

/**
 * What a person confirmed having read before a command that the court allows but a clerk should
 * think twice about (a second hearing on the roll, reopening debates, cancelling hearings). The
 * domain refuses with CONFIRMATION_REQUIRED, naming each, until the command carries them.
 */
export const COMMAND_WARNINGS = ['anotherHearingPending', 'reopensDeliberation', 'cancelsScheduledHearings', 'correctedPagesKept'] as const;
export type CommandWarning = (typeof COMMAND_WARNINGS)[number];
const confirmedSchema = z.array(z.enum(COMMAND_WARNINGS)).max(COMMAND_WARNINGS.length).optional();

/** The outcomes recorded on a hearing by recordHearingOutcome; a judgment is recordJudgment. */
export const RECORDABLE_OUTCOMES = ['debates_held', 'reserved_for_judgment'] as const satisfies readonly HearingOutcome[];

/** One role at least, each at most once. */
export const rolesSchema = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, { params: { i18nKey: 'errors.field.duplicateValue' } });

/** A block of serials as a device receives it from the server. */
export const numberBlockSchema = z.strictObject({
  id: idSchema,
  typeCode: z.string().regex(/^[0-9]{4}$/),
  year: z.number().int().min(1956).max(2999),
  firstSerial: z.number().int().min(1).max(9_999_999),
  lastSerial: z.number().int().min(1).max(9_999_999),
});
export type NumberBlock = z.infer<typeof numberBlockSchema>;

export const commandSchemas = {
  registerCase: {
    args: z.strictObject({
      chamberId: idSchema,
      caseTypeId: idSchema,
      filedOn: isoDateSchema,
      subject: text(LIMITS.subject),
      parties: z.array(casePartyInputSchema).min(1).max(50),
    }),
    result: z.object({ caseId: z.string(), number: z.string(), provisional: z.boolean() }),
  },
  updateCaseParticulars: {
    args: z.strictObject({
      caseId: idSchema,
      baseVersion: versionSchema,
      changes: z
        .strictObject({
          subject: text(LIMITS.subject).optional(),
          chamberId: idSchema.optional(),
          filedOn: isoDateSchema.optional(),
        })
        .refine((c) => Object.keys(c).length > 0, { params: { i18nKey: 'errors.field.nothingToChange' } }),
    }),
    result: z.object({ caseId: z.string(), version: z.number() }),
  },
  addParty: {
    args: z.strictObject({ caseId: idSchema, baseVersion: versionSchema, entry: casePartyInputSchema }),
    result: z.object({ caseId: z.string(), casePartyId: z.string(), partyId: z.string(), version: z.number() }),
  },
  removeParty: {
    args: z.strictObject({
      caseId: idSchema,
      baseVersion: versionSchema,
      casePartyId: idSchema,
      reason: z.enum(PARTY_REMOVAL_REASONS),
    }),
    result: z.object({ caseId: z.string(), version: z.number() }),
  },
  scheduleHearing: {
    args: z.strictObject({
      caseId: idSchema,
      baseVersion: versionSchema,
      date: isoDateSchema,
      time: timeOfDaySchema,
      chamberId: idSchema.optional(),
      room: optionalText(LIMITS.room),
      confirmed: confirmedSchema,
    }),
    result: z.object({ caseId: z.string(), hearingId: z.string(), version: z.number() }),
  },
  adjournHearing: {
    args: z.strictObject({
      hearingId: idSchema,
      baseVersion: versionSchema,
      reason: z.enum(ADJOURNMENT_REASONS),
      note: optionalText(LIMITS.note, { multiline: true }),
      newDate: isoDateSchema,
      newTime: timeOfDaySchema,
    }),
    result: z.object({ hearingId: z.string(), nextHearingId: z.string(), version: z.number() }),
  },
  recordHearingOutcome: {
    args: z.strictObject({
      hearingId: idSchema,
      baseVersion: versionSchema,
      outcome: z.enum(RECORDABLE_OUTCOMES),
      /** When the judgment will be pronounced: required when the case is reserved for judgment. */
      pronouncementDate: isoDateSchema.optional(),
      note: optionalText(LIMITS.note, { multiline: true }),
      confirmed: confirmedSchema,
    }),
    result: z.object({ hearingId: z.string(), version: z.number() }),
  },
  /** The judgment as pronounced: the case is judged; the hearing it was pronounced at, if any, is held. */
  recordJudgment: {
    args: z.strictObject({
      caseId: idSchema,
      baseVersion: versionSchema,
      pronouncedOn: isoDateSchema,
      operativePart: text(LIMITS.operativePart, { multiline: true }),
      hearingId: idSchema.optional(),
      confirmed: confirmedSchema,
    }),
    result: z.object({ caseId: z.string(), judgmentId: z.string(), version: z.number() }),
  },
  /** The chief clerk's signed register of a court day (the day's audit entries and the chain's head); one per court and day. */
  recordDailyRegister: {
    args: recordDailyRegisterArgsSchema,
    result: z.object({ registerId: z.string(), headSeq: z.number(), entryCount: z.number() }),
  },
  /** The operative part corrected (a copying mistake): only while no one has signed the judgment. */
  updateJudgment: {
    args: z.strictObject({
      judgmentId: idSchema,
      baseVersion: versionSchema,
      operativePart: text(LIMITS.operativePart, { multiline: true }),
    }),
    result: z.object({ judgmentId: z.string(), version: z.number() }),
  },
  /**
   * A signature of the judgment's PDF recorded: the judge's, then a clerk's countersignature on the
   * judge's file; the last one locks the judgment. The file itself is signed in main before.
   */
  signJudgment: {
    args: signJudgmentArgsSchema,
    result: z.object({ judgmentId: z.string(), signatureId: z.string(), version: z.number(), locked: z.boolean() }),
  },
  /**
   * The judgment's newest signed file extended for long-term validation (B-LT, B-LTA), on a desk or
   * by the court's server (no actor): the extended file, made before, is the old one with one
   * revision appended. A synced record, one per file extended (the first recorded holds it).
   */
  recordSignatureExtension: {
    args: recordSignatureExtensionArgsSchema,
    result: z.object({ judgmentId: z.string(), extensionId: z.string(), seq: z.number(), fileSha256: z.string() }),
  },
  /** A document (its file already in the desk's store) is filed in a case; OCR follows, never awaited. */
  attachDocument: {
    args: attachDocumentArgsSchema,
    result: z.object({ documentId: z.string(), version: z.number() }),
  },
  /**
   * A document's file signed on a card with a detached CAdES signature (made in main before this
   * runs): the record of who signed which file of the document, when, at what level, and the .p7s
   * kept in the store by its SHA-256. Synced; its .p7s travels as a blob, like the document's file.
   */
  recordDocumentSignature: {
    args: recordDocumentSignatureArgsSchema,
    result: z.object({ documentId: z.string(), signatureId: z.string(), version: z.number() }),
  },
  /** A person corrects the text of one page of a document (what search then finds). */
  correctPageText: {
    args: correctPageTextArgsSchema,
    result: z.object({ documentId: z.string(), pageIndex: z.number(), correctionId: z.string(), version: z.number() }),
  },
  /**
   * A document (or one of its pages) to be read again with another OCR language choice; the desk's
   * OCR queue reads it, and pages a person corrected keep their correction.
   */
  chooseOcrLanguage: {
    args: chooseOcrLanguageArgsSchema,
    result: z.object({ documentId: z.string(), version: z.number(), pages: z.array(z.number().int()), keptCorrected: z.array(z.number().int()) }),
  },
  closeCase: {
    args: z.strictObject({
      caseId: idSchema,
      baseVersion: versionSchema,
      reason: z.enum(CLOSURE_REASONS),
      note: optionalText(LIMITS.note, { multiline: true }),
    }),
    result: z.object({ caseId: z.string(), version: z.number() }),
  },
  createUser: {
    args: z.strictObject({
      username: usernameSchema,
      displayName: text(LIMITS.name, { name: true }),
      roles: rolesSchema,
      passwordHash: passwordHashSchema,
    }),
    result: z.object({ userId: z.string() }),
  },
  /** The person at the desk sets a new password for themselves (main has checked the current one). */
  changeOwnPassword: {
    args: z.strictObject({ passwordHash: passwordHashSchema }),
    result: z.object({ userId: z.string(), version: z.number() }),
  },
  /** An admin gives a user a new password, which the user must change at the next sign-in. */
  resetUserPassword: {
    args: z.strictObject({ userId: idSchema, baseVersion: versionSchema, passwordHash: passwordHashSchema }),
    result: z.object({ userId: z.string(), version: z.number() }),
  },
  /** An admin deactivates (the user can no longer sign in or act) or reactivates a user. */
  setUserActive: {
    args: z.strictObject({ userId: idSchema, baseVersion: versionSchema, active: z.boolean() }),
    result: z.object({ userId: z.string(), version: z.number() }),
  },
  setUserRoles: {
    args: z.strictObject({ userId: idSchema, baseVersion: versionSchema, roles: rolesSchema }),
    result: z.object({ userId: z.string(), version: z.number() }),
  },
  /** An admin records a block of serials granted to this workstation (before sync: by hand). */
  grantNumberBlock: {
    args: z.strictObject({
      typeCode: z.string().regex(/^[0-9]{4}$/),
      year: z.number().int().min(1956).max(2999),
      firstSerial: z.number().int().min(1).max(9_999_999),
      lastSerial: z.number().int().min(1).max(9_999_999),
    }).refine((a) => a.lastSerial >= a.firstSerial, { path: ['lastSerial'], params: { i18nKey: 'errors.field.rangeReversed' } }),
    result: z.object({ blockId: z.string() }),
  },
  /**
   * Server: blocks of serials for a device that asks for them (one per type and year it wants,
   * while it holds fewer than two open ones); answers every open block the device holds.
   */
  grantDeviceNumberBlocks: {
    args: z.strictObject({
      deviceId: z.string().min(1).max(64),
      wants: z
        .array(z.strictObject({ typeCode: z.string().regex(/^[0-9]{4}$/), year: z.number().int().min(1956).max(2999) }))
        .min(1)
        .max(20),
    }),
    result: z.object({ blocks: z.array(numberBlockSchema) }),
  },
  /** First run: the court, its chambers and the first user (admin + chief clerk). No actor yet. */
  initializeWorkstation: {
    args: z.strictObject({
      court: courtInputSchema,
      chambers: chambersInputSchema,
      user: z.strictObject({
        username: usernameSchema,
        displayName: text(LIMITS.name, { name: true }),
        passwordHash: passwordHashSchema,
      }),
    }),
    result: z.object({ courtId: z.string(), userId: z.string() }),
  },
  /**
   * Server, admin CLI only (no actor, no role): a court of the server, its chambers and its first
   * user (admin). The court's id is the command environment's court, since the court's journal
   * records the command in that court's chain.
   */
  createCourt: {
    args: z.strictObject({
      court: courtInputSchema,
      chambers: chambersInputSchema,
      admin: z.strictObject({
        username: usernameSchema,
        displayName: text(LIMITS.name, { name: true }),
        passwordHash: passwordHashSchema,
      }),
    }),
    result: z.object({ courtId: z.string(), userId: z.string() }),
  },
  /**
   * A person's answer to a sync conflict (ARCHITECTURE §4): per field, the value they chose among
   * base / mine / theirs, applied on the record as it stands. On the server it closes the conflict
   * (`conflicts`); on the desk it settles the server's answer (`push_outcomes`). Pushed like any
   * other command, so both sides end with the same record.
   */
  resolveConflict: {
    args: z.strictObject({
      conflictId: idSchema,
      /** The desk's mutation the server answered with this conflict. */
      mutationId: z.number().int().positive().max(2 ** 31 - 1),
      entity: z.string().min(1).max(32),
      entityId: idSchema,
      values: z.record(z.string().min(1).max(64), z.unknown()).refine((v) => Object.keys(v).length >= 1 && Object.keys(v).length <= 32, {
        params: { i18nKey: 'errors.rule.conflictNoChoice' },
      }),
    }),
    result: z.object({ entityId: z.string(), version: z.number().int() }),
  },
  /**
   * A standalone desk joins its court's server (enrolment, ARCHITECTURE §4, §7): the records its own
   * set-up made (its court, chambers and users, unused bootstrap blocks) give way to the server's,
   * which come by pull; the desk takes the device id, tag and court the server gave it. Refused
   * once the desk holds a case. Run by the desk for itself, never pushed.
   */
  joinServerCourt: {
    args: z.strictObject({
      courtId: idSchema,
      deviceId: z.string().min(1).max(64),
      deviceTag: z.string().regex(/^[A-Z0-9]{4,12}$/),
    }),
    result: z.object({ courtId: z.string() }),
  },
  /** Server, admin CLI only (no actor, no role): a chamber added to the environment's court. */
  createChamber: {
    args: chamberInputSchema,
    result: z.object({ chamberId: z.string() }),
  },
  /** Server, admin CLI only (no actor, no role): a user of the environment's court. */
  createCourtUser: {
    args: z.strictObject({
      username: usernameSchema,
      displayName: text(LIMITS.name, { name: true }),
      roles: rolesSchema,
      passwordHash: passwordHashSchema,
    }),
    result: z.object({ userId: z.string() }),
  },
} as const;

export type CommandName = keyof typeof commandSchemas;
export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];
export type CommandArgs<N extends CommandName> = z.infer<(typeof commandSchemas)[N]['args']>;
export type CommandArgsInput<N extends CommandName> = z.input<(typeof commandSchemas)[N]['args']>;
export type CommandResult<N extends CommandName> = z.infer<(typeof commandSchemas)[N]['result']>;

/**
 * Commands never pushed (ARCHITECTURE §4): what a desk runs for itself — its set-up, its users and
 * its own number blocks — what the server's operator runs there (a court and its users), and what
 * the server runs for a device (its blocks of serials). Once a server exists, a court, its users and its blocks are the
 * server's; pushing a desk's set-up would create a second court.
 */
export const LOCAL_COMMANDS = [
  'initializeWorkstation',
  'createUser',
  'changeOwnPassword',
  'resetUserPassword',
  'setUserActive',
  'setUserRoles',
  'grantNumberBlock',
  'joinServerCourt',
  'createCourt',
  'createChamber',
  'createCourtUser',
  // The server's, for a device that asks: never pushed either.
  'grantDeviceNumberBlocks',
] as const satisfies readonly CommandName[];
export type LocalCommandName = (typeof LOCAL_COMMANDS)[number];
export type SyncedCommandName = Exclude<CommandName, LocalCommandName>;
export const SYNCED_COMMAND_NAMES = COMMAND_NAMES.filter((n): n is SyncedCommandName => !(LOCAL_COMMANDS as readonly string[]).includes(n));
