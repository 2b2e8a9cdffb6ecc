// Arguments and results of every command of the one write path (ARCHITECTURE §3). The same
// schemas validate IPC input on the workstation and, later, pushed mutations on the server.
// Objects are strict: an unknown field is an error, not silently dropped.
import { z } from 'zod';
import {
  ADJOURNMENT_REASONS,
  CLOSURE_REASONS,
  HEARING_OUTCOMES,
  PARTY_KINDS,
  PARTY_REMOVAL_REASONS,
  PARTY_ROLES,
  ROLES,
} from '../enums';
import {
  LIMITS,
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

export const newPartySchema = z.strictObject({
  kind: z.enum(PARTY_KINDS),
  nameAr: optionalText(LIMITS.name),
  nameLatin: optionalText(LIMITS.name),
  nationalId: optionalText(LIMITS.code * 2),
});
export type NewParty = z.infer<typeof newPartySchema>;

export const partyRefSchema = z.union([
  z.strictObject({ existingPartyId: idSchema }),
  z.strictObject({ newParty: newPartySchema }),
]);
export type PartyRef = z.infer<typeof partyRefSchema>;

export const casePartyInputSchema = z.strictObject({
  party: partyRefSchema,
  role: z.enum(PARTY_ROLES),
  lawyerName: optionalText(LIMITS.name),
  lawyerBarNumber: optionalText(LIMITS.code * 2),
});
export type CasePartyInput = z.infer<typeof casePartyInputSchema>;

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
      room: optionalText(LIMITS.shortText),
    }),
    result: z.object({ caseId: z.string(), hearingId: z.string(), version: z.number() }),
  },
  adjournHearing: {
    args: z.strictObject({
      hearingId: idSchema,
      baseVersion: versionSchema,
      reason: z.enum(ADJOURNMENT_REASONS),
      note: optionalText(LIMITS.note),
      newDate: isoDateSchema,
      newTime: timeOfDaySchema,
    }),
    result: z.object({ hearingId: z.string(), nextHearingId: z.string(), version: z.number() }),
  },
  recordHearingOutcome: {
    args: z.strictObject({
      hearingId: idSchema,
      baseVersion: versionSchema,
      outcome: z.enum(HEARING_OUTCOMES),
      note: optionalText(LIMITS.note),
    }),
    result: z.object({ hearingId: z.string(), version: z.number() }),
  },
  closeCase: {
    args: z.strictObject({
      caseId: idSchema,
      baseVersion: versionSchema,
      reason: z.enum(CLOSURE_REASONS),
      note: optionalText(LIMITS.note),
    }),
    result: z.object({ caseId: z.string(), version: z.number() }),
  },
  createUser: {
    args: z.strictObject({
      username: usernameSchema,
      displayName: text(LIMITS.name),
      roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
      passwordHash: passwordHashSchema,
    }),
    result: z.object({ userId: z.string() }),
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
  /** First run: the court, its chambers and the first user (admin + chief clerk). No actor yet. */
  initializeWorkstation: {
    args: z.strictObject({
      court: courtInputSchema,
      chambers: chambersInputSchema,
      user: z.strictObject({
        username: usernameSchema,
        displayName: text(LIMITS.name),
        passwordHash: passwordHashSchema,
      }),
    }),
    result: z.object({ courtId: z.string(), userId: z.string() }),
  },
} as const;

export type CommandName = keyof typeof commandSchemas;
export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];
export type CommandArgs<N extends CommandName> = z.infer<(typeof commandSchemas)[N]['args']>;
export type CommandArgsInput<N extends CommandName> = z.input<(typeof commandSchemas)[N]['args']>;
export type CommandResult<N extends CommandName> = z.infer<(typeof commandSchemas)[N]['result']>;
