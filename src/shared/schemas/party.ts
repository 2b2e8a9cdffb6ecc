// What a well-formed party on a case is — a name in at least one script, each name in its own
// script, a CIN that looks like one (persons only), a lawyer's bar number only with the lawyer — as
// part of the contract, so the form and the domain check exactly the same thing and report every
// problem at once. Rules that need the database (is this party already on the case?) are the domain's.
import { z } from 'zod';
import { toAsciiDigits } from '../case-number';
import { PARTY_KINDS, PARTY_ROLES } from '../enums';
import { hasArabicLetter, hasLatinLetter } from '../text-rules';
import { LIMITS, idSchema, optionalText } from './common';

/** Carte d'identité nationale: one or two letters then up to six digits (e.g. AB123456, K4521). */
export const CIN_PATTERN = /^[A-Z]{1,2}[0-9]{1,6}$/;
/** A lawyer's registration number at the bar: digits only, its length bounded by LIMITS.barNumber alone. */
export const BAR_NUMBER_PATTERN = /^[0-9]+$/;
/** A telephone number once spaces, dots, dashes and brackets are taken out: an optional + and 6–15 digits. */
export const PHONE_PATTERN = /^\+?[0-9]{6,15}$/;

/** How a CIN is stored: upper case, ASCII digits, no spaces. */
export function normalizeNationalId(s: string): string {
  return toAsciiDigits(s).toUpperCase().replace(/\s+/g, '');
}

/** How a phone number is stored: ASCII digits and a leading + only. */
export function normalizePhone(s: string): string {
  return toAsciiDigits(s).replace(/[\s.\-()/]/g, '');
}

function issue(ctx: z.RefinementCtx, path: (string | number)[], i18nKey: string, params?: Record<string, string | number>) {
  ctx.addIssue({ code: 'custom', path, params: { i18nKey, ...(params ? { params } : {}) }, input: undefined, continue: true });
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
/** Whether the field `key` of the object being refined already has an issue of its own. */
const failed = (ctx: z.RefinementCtx, key: string): boolean => (ctx as unknown as { issues: { path?: PropertyKey[] }[] }).issues.some((i) => i.path?.[0] === key);
// Cross-field rules run even when another field of the party failed, so every problem shows at once.
const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

export const newPartySchema = z
  .strictObject({
    kind: z.enum(PARTY_KINDS),
    nameAr: optionalText(LIMITS.name, { name: true }),
    nameLatin: optionalText(LIMITS.name, { name: true }),
    nationalId: optionalText(LIMITS.nationalId).transform((s) => (s === undefined ? undefined : normalizeNationalId(s))),
    address: optionalText(LIMITS.address),
    phone: optionalText(LIMITS.phone)
      .transform((s) => (s === undefined ? undefined : normalizePhone(s)))
      .refine((s) => s === undefined || PHONE_PATTERN.test(s), { params: { i18nKey: 'errors.field.phoneFormat' } }),
  })
  .superRefine((p, ctx) => {
    // A field that already failed its own check (too long, invisible characters) is not judged again.
    const nameAr = failed(ctx, 'nameAr') ? '-' : str(p.nameAr);
    const nameLatin = failed(ctx, 'nameLatin') ? '-' : str(p.nameLatin);
    if (nameAr === '' && nameLatin === '') {
      issue(ctx, ['nameAr'], 'errors.rule.partyNameRequired');
    } else if (nameAr !== '' && nameLatin !== '' && !hasArabicLetter(nameAr) && !hasLatinLetter(nameLatin) && hasLatinLetter(nameAr) && hasArabicLetter(nameLatin)) {
      issue(ctx, ['nameAr'], 'errors.rule.partyNamesSwapped');
    } else {
      if (!failed(ctx, 'nameAr') && nameAr !== '' && !hasArabicLetter(nameAr)) issue(ctx, ['nameAr'], 'errors.rule.partyNameArNotArabic');
      if (!failed(ctx, 'nameLatin') && nameLatin !== '' && !hasLatinLetter(nameLatin)) issue(ctx, ['nameLatin'], 'errors.rule.partyNameLatinNotLatin');
    }
    const nationalId = str(p.nationalId);
    if (!failed(ctx, 'nationalId') && nationalId !== '') {
      if (p.kind === 'organisation') issue(ctx, ['nationalId'], 'errors.rule.nationalIdForOrganisation');
      else if (!CIN_PATTERN.test(nationalId)) issue(ctx, ['nationalId'], 'errors.rule.nationalIdFormat');
    }
  }, always);
export type NewParty = z.infer<typeof newPartySchema>;

/**
 * An existing party of this court, or a new one: exactly one of the two. An object with both keys
 * optional (rather than a union) so the issues of a new party keep their field paths.
 */
export const partyRefSchema = z
  .strictObject({ existingPartyId: idSchema.optional(), newParty: newPartySchema.optional() })
  .superRefine((r, ctx) => {
    if ((r.existingPartyId === undefined) === (r.newParty === undefined)) issue(ctx, [], 'errors.field.invalid');
  }, always)
  .transform((r): { existingPartyId: string } | { newParty: NewParty } =>
    r.existingPartyId !== undefined ? { existingPartyId: r.existingPartyId } : { newParty: r.newParty! },
  );
export type PartyRef = z.infer<typeof partyRefSchema>;

export const casePartyInputSchema = z
  .strictObject({
    party: partyRefSchema,
    role: z.enum(PARTY_ROLES),
    lawyerName: optionalText(LIMITS.name, { name: true }),
    lawyerBarNumber: optionalText(LIMITS.barNumber)
      .transform((s) => (s === undefined ? undefined : toAsciiDigits(s)))
      .refine((s) => s === undefined || BAR_NUMBER_PATTERN.test(s), { params: { i18nKey: 'errors.field.barNumberFormat' } }),
  })
  .superRefine((e, ctx) => {
    if (str(e.lawyerBarNumber) !== '' && str(e.lawyerName) === '' && !failed(ctx, 'lawyerName')) issue(ctx, ['lawyerName'], 'errors.rule.barNumberWithoutLawyer');
  }, always);
export type CasePartyInput = z.infer<typeof casePartyInputSchema>;

/** The script warnings a form shows beside a name (never a refusal): letters of the other script. */
export function nameScriptWarnings(p: { nameAr?: string | undefined; nameLatin?: string | undefined }): { nameAr?: string; nameLatin?: string } {
  const out: { nameAr?: string; nameLatin?: string } = {};
  if (p.nameAr && hasArabicLetter(p.nameAr) && hasLatinLetter(p.nameAr)) out.nameAr = 'ui.party.warnLatinInArabic';
  if (p.nameLatin && hasLatinLetter(p.nameLatin) && hasArabicLetter(p.nameLatin)) out.nameLatin = 'ui.party.warnArabicInLatin';
  return out;
}
