// Functions the workstation's SQL may call, registered on a connection before migrations run: a
// migration that must compute what the domain computes (a case's search text) calls the domain's
// own function rather than a copy of it in SQL.
import type BetterSqlite3 from 'better-sqlite3';
import { caseSearchText } from '../../domain/case-derived';

export function registerSqlFunctions(raw: BetterSqlite3.Database): void {
  raw.function('mahkama_case_search_text', { deterministic: true }, (subject: unknown, lawyersJson: unknown) => {
    const lawyers = typeof lawyersJson === 'string' ? (JSON.parse(lawyersJson) as unknown[]) : [];
    return caseSearchText(typeof subject === 'string' ? subject : '', lawyers.filter((l): l is string => typeof l === 'string'));
  });
}
