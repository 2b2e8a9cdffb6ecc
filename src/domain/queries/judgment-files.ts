// Which signed file of a judgment is the newest (ARCHITECTURE §6): the last signature's, or once
// it was extended for long-term validation, the last extension's — each extension being the file
// before it with a revision appended. The one answer the extension command, the desk's extension
// service and its automatic pass all ask, so they never disagree on what "newest" is.
import { sql } from 'kysely';
import { EXTENSION_LEVELS, SIGNATURE_STEPS, levelRank, type ExtensionLevel, type SignatureStep } from '../../shared/schemas/judgment-signing';
import type { Db, Tx } from '../db-schema';
import type { JudgmentFile } from '../rules/signature-extension';

export interface NewestJudgmentFile extends JudgmentFile {
  /** The extension that made this file; null while it is the last signature's. */
  extension: { seq: number; level: ExtensionLevel; extendedAt: string } | null;
  /** The extensions of the file that stands (0 while none). */
  extensions: number;
  /** The highest level the file that stands was ever extended to (a later B-LT keeps an earlier document timestamp). */
  highestLevel: ExtensionLevel | null;
  /** The highest `seq` any extension of the judgment took on this desk (0 while none): the next one takes the one after. */
  lastSeq: number;
}

const LAST_STEP: SignatureStep = SIGNATURE_STEPS[SIGNATURE_STEPS.length - 1]!;

/**
 * The judgment's newest signed file; null while no signature is recorded. The extensions count
 * only as a chain from the last signature's file as the court recorded it: an extension of a copy
 * the server then refused (two clerks countersigning offline; the other's stands) extends nothing.
 */
export async function newestJudgmentFile(db: Db | Tx, judgmentId: string): Promise<NewestJudgmentFile | null> {
  const signatures = await db.selectFrom('judgment_signatures').select(['step', 'file_sha256', 'file_size']).where('judgment_id', '=', judgmentId).execute();
  const signed = signatures.sort((a, b) => SIGNATURE_STEPS.indexOf(b.step as SignatureStep) - SIGNATURE_STEPS.indexOf(a.step as SignatureStep))[0];
  if (!signed) return null;
  const extensions = await db
    .selectFrom('signature_extensions')
    .select(['file_sha256', 'from_sha256', 'file_size', 'seq', 'level', 'extended_at'])
    .where('judgment_id', '=', judgmentId)
    .orderBy('seq')
    .execute();
  const newest: NewestJudgmentFile = { sha256: signed.file_sha256, size: Number(signed.file_size), extension: null, extensions: 0, highestLevel: null, lastSeq: 0 };
  for (const e of extensions) {
    newest.lastSeq = Math.max(newest.lastSeq, Number(e.seq));
    if (e.from_sha256 !== newest.sha256) continue;
    newest.sha256 = e.file_sha256;
    newest.size = Number(e.file_size);
    newest.extension = { seq: Number(e.seq), level: e.level as ExtensionLevel, extendedAt: e.extended_at };
    newest.extensions++;
    if (levelRank(e.level as ExtensionLevel) > levelRank(newest.highestLevel)) newest.highestLevel = e.level as ExtensionLevel;
  }
  return newest;
}

export interface JudgmentToExtend {
  judgmentId: string;
  lockedAt: string;
  /** The newest file's SHA-256 (the desk may not hold it: the signed file does not travel yet). */
  newestSha256: string;
}

/**
 * Locked judgments of the court never extended to `level` or above, oldest lock first, a page at a
 * time after `after` (keyset: lock time, then id). What the desk's automatic extension looks at.
 */
export async function judgmentsBelowLevel(
  db: Db,
  courtId: string,
  level: ExtensionLevel,
  page: { after: { lockedAt: string; judgmentId: string } | null; limit: number },
): Promise<JudgmentToExtend[]> {
  const reached = EXTENSION_LEVELS.filter((l) => levelRank(l) >= levelRank(level));
  let q = db
    .selectFrom('judgments as j')
    .innerJoin('cases as c', 'c.id', 'j.case_id')
    .select(['j.id', 'j.locked_at'])
    .select((eb) => [
      eb
        .selectFrom('signature_extensions as e')
        .select('e.file_sha256')
        .whereRef('e.judgment_id', '=', 'j.id')
        .orderBy('e.seq', 'desc')
        .limit(1)
        .as('extended_sha256'),
      eb.selectFrom('judgment_signatures as s').select('s.file_sha256').whereRef('s.judgment_id', '=', 'j.id').where('s.step', '=', LAST_STEP).as('signed_sha256'),
    ])
    .where('c.court_id', '=', courtId)
    .where('j.locked_at', 'is not', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('signature_extensions as x').select(sql.lit(1).as('one')).whereRef('x.judgment_id', '=', 'j.id').where('x.level', 'in', reached))));
  const after = page.after;
  if (after) q = q.where((eb) => eb.or([eb('j.locked_at', '>', after.lockedAt), eb.and([eb('j.locked_at', '=', after.lockedAt), eb('j.id', '>', after.judgmentId)])]));
  const rows = await q.orderBy('j.locked_at').orderBy('j.id').limit(page.limit).execute();
  return rows.flatMap((r) => {
    const newest = r.extended_sha256 ?? r.signed_sha256;
    return newest && r.locked_at ? [{ judgmentId: r.id, lockedAt: r.locked_at, newestSha256: newest }] : [];
  });
}
