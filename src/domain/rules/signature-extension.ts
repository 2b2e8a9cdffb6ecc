// When a judgment's signed file may be extended for long-term validation (ARCHITECTURE §6): only
// once every signature is made (a locked judgment: a file still waiting for the clerk would lose
// its extension to the countersignature appended after it), and only on top of its newest file, so
// that the extensions over the years form one chain in which each file starts with the one before.
import { ruleViolation } from '../../shared/errors';
import { levelRank, type BaselineLevel, type ExtensionLevel } from '../../shared/schemas/judgment-signing';
import { nameBasedId } from '../name-based-id';

/**
 * The id of the extension of one file: derived from the file extended, so whoever extends it — a
 * desk or the court's server — makes the same record, and the second to record it is refused.
 * Migration 0027 gave the rows made before it the same id (mahkama_name_based_id).
 */
export function signatureExtensionId(fromSha256: string): string {
  return nameBasedId(`signature-extension:${fromSha256}`);
}

/** A signed file of a judgment, as its record names it. */
export interface JudgmentFile {
  sha256: string;
  size: number;
}

export interface ExtensionState {
  lockedAt: string | null;
  /** The judgment's newest signed file (last signature's or last extension's); null before any signature. */
  newest: JudgmentFile | null;
}

/** Throws unless the judgment is locked and `from` is its newest file. */
export function assertExtensible(state: ExtensionState, fromSha256: string, caseNumber: string): JudgmentFile {
  if (state.lockedAt === null || state.newest === null) throw ruleViolation('judgmentNotLockedToExtend', { number: caseNumber });
  if (state.newest.sha256 !== fromSha256) throw ruleViolation('signatureExtensionStale', { number: caseNumber }, ['fromSha256']);
  return state.newest;
}

/** An extension appends a revision: the new file is longer than the one it extends (the same file is no extension). */
export function assertAppended(from: JudgmentFile, file: JudgmentFile, caseNumber: string): void {
  if (file.size <= from.size || file.sha256 === from.sha256) throw ruleViolation('signatureExtensionNotAppended', { number: caseNumber }, ['file']);
}

export interface ExtensionDueState {
  locked: boolean;
  /** The newest file is on this desk and every signature and timestamp in it verifies. */
  fileValidHere: boolean;
  /** The file's level as the verifier reads it: its lowest signature's. */
  fileLevel: BaselineLevel | null;
  /** What an extension can reach here: B-LTA with a timestamp authority, B-LT without, null without trust anchors. */
  reachable: ExtensionLevel | null;
}

/**
 * Whether extending would bring the judgment's file up to what this desk can reach, by the
 * verifier's reading (an extension records the level the verifier reads on its output, so the
 * record never says more than the file). A signature made without a timestamp (B-B) gets its
 * trusted time only from a document timestamp: without a timestamp authority here nothing is due.
 */
export function extensionDue(s: ExtensionDueState): boolean {
  if (!s.locked || !s.fileValidHere || s.reachable === null) return false;
  if (levelRank(s.fileLevel) < levelRank('B-T') && s.reachable !== 'B-LTA') return false;
  return levelRank(s.fileLevel) < levelRank(s.reachable);
}

/**
 * Whether a B-LTA file's archive timestamp is due for renewal: its TSA's certificate (the newest
 * document timestamp's, as the file says) expires within `marginDays` of `now`. A renewal appends
 * that TSA's validation data and a new document timestamp (ETSI EN 319 142-1 §6.5).
 */
export function archiveRenewalDue(tsaCertificateExpiresAt: string | null, now: Date, marginDays: number): boolean {
  if (tsaCertificateExpiresAt === null) return false;
  return Date.parse(tsaCertificateExpiresAt) - now.getTime() <= marginDays * 86_400_000;
}
