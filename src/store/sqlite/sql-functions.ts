// Functions the workstation's SQL may call, registered on every connection before migrations run:
// a migration or a trigger that must compute what the domain computes (a case's search text, a
// party's sound keys) calls the domain's own function rather than a copy of it in SQL. Each is
// deterministic; a change of what one returns needs a migration that re-derives what it stored.
import type BetterSqlite3 from 'better-sqlite3';
import { caseSearchText } from '../../domain/case-derived';
import { nameBasedId } from '../../domain/name-based-id';
import { partyNameKeys, partySearchText } from '../../domain/rules/party';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function registerSqlFunctions(raw: BetterSqlite3.Database): void {
  raw.function('mahkama_case_search_text', { deterministic: true }, (subject: unknown, lawyersJson: unknown) => {
    const lawyers = typeof lawyersJson === 'string' ? (JSON.parse(lawyersJson) as unknown[]) : [];
    return caseSearchText(typeof subject === 'string' ? subject : '', lawyers.filter((l): l is string => typeof l === 'string'));
  });
  raw.function('mahkama_party_search_text', { deterministic: true }, (nameAr: unknown, nameLatin: unknown, nationalId: unknown) =>
    partySearchText(text(nameAr), text(nameLatin), text(nationalId)),
  );
  // The id of a record every desk makes the same (migration 0027: a judgment's extension, by the file it extends).
  raw.function('mahkama_name_based_id', { deterministic: true }, (name: unknown) => (typeof name === 'string' ? nameBasedId(name) : null));
  // Called by the triggers of party_keys (migration 0019) on each write of a party's names.
  raw.function('mahkama_party_name_keys', { deterministic: true }, (nameAr: unknown, nameLatin: unknown) => partyNameKeys(text(nameAr), text(nameLatin)));
}
