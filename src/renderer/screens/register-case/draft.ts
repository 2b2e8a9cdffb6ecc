// The register-case form's draft. It lives at module level so leaving the screen (or a refused
// submit, or the lock screen) never loses what the clerk typed; it is cleared only on success.
import { EMPTY_PARTY_FIELDS, casePartyInputOf, type PartyValue } from '../../components/PartyFields';
import type { CommandArgsInput } from '../../../shared/schemas/commands';

/** One party of the form as typed, with a stable key for React while parties are added and removed. */
export interface PartyDraft extends PartyValue {
  key: number;
}

export interface CaseDraft {
  chamberId: string;
  caseTypeId: string;
  filedOn: string;
  subject: string;
  parties: PartyDraft[];
}

let nextKey = 1;

export function emptyParty(index: number): PartyDraft {
  return { key: nextKey++, role: index === 0 ? 'plaintiff' : 'defendant', ...EMPTY_PARTY_FIELDS };
}

export function emptyDraft(today: string, chamberId = ''): CaseDraft {
  return { chamberId, caseTypeId: '', filedOn: today, subject: '', parties: [emptyParty(0), emptyParty(1)] };
}

let saved: CaseDraft | null = null;
export const draftStore = {
  load: (): CaseDraft | null => saved,
  save: (d: CaseDraft): void => {
    saved = d;
  },
  clear: (): void => {
    saved = null;
  },
};

export function toRegisterArgs(d: CaseDraft): CommandArgsInput<'registerCase'> {
  return {
    chamberId: d.chamberId,
    caseTypeId: d.caseTypeId,
    filedOn: d.filedOn,
    subject: d.subject,
    parties: d.parties.map(casePartyInputOf),
  };
}
