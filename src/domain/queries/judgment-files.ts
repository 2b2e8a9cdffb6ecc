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
  extension: { seq: number; level: ExtensionLevel; extendedAt: string; byServer: boolean } | null;
  /** The extensions of the file that stands (0 while none). */
  extensions: number;
  /** The highest level the file that stands was ever extended to (a later B-LT keeps an earlier document timestamp). */
  highestLevel: ExtensionLevel | null;
  /** The highest `seq` any extension of the judgment took (0 while none): the next one takes the one after. */
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
    .select(['file_sha256', 'from_sha256', 'file_size', 'seq', 'level', 'extended_at', 'extended_by'])
    .where('judgment_id', '=', judgmentId)
    .orderBy('seq')
    .execute();
  const newest: NewestJudgmentFile = { sha256: signed.file_sha256, size: Number(signed.file_size), extension: null, extensions: 0, highestLevel: null, lastSeq: 0 };
  for (const e of extensions) {
    newest.lastSeq = Math.max(newest.lastSeq, Number(e.seq));
    if (e.from_sha256 !== newest.sha256) continue;
    newest.sha256 = e.file_sha256;
    newest.size = Number(e.file_size);
    newest.extension = { seq: Number(e.seq), level: e.level as ExtensionLevel, extendedAt: e.extended_at, byServer: e.extended_by === null };
    newest.extensions++;
    if (levelRank(e.level as ExtensionLevel) > levelRank(newest.highestLevel)) newest.highestLevel = e.level as ExtensionLevel;
  }
  return newest;
}

export interface JudgmentToExtend {
  judgmentId: string;
  lockedAt: string;
  /** The newest file's SHA-256 (a desk may not hold it yet: it comes down from the server on demand). */
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
  const after = page.after;
  // Each judgment's chain of files from the last signature's, as newestJudgmentFile walks it: an
  // extension of a copy the court refused is on no chain, so it neither counts as reached nor is newest.
  const rows = await sql<{ id: string; locked_at: string; newest_sha256: string | null }>`
    WITH RECURSIVE chain (judgment_id, file_sha256, depth) AS (
      SELECT s.judgment_id, s.file_sha256, 0 FROM judgment_signatures s WHERE s.step = ${LAST_STEP}
      UNION ALL
      SELECT e.judgment_id, e.file_sha256, ch.depth + 1
        FROM signature_extensions e JOIN chain ch ON e.judgment_id = ch.judgment_id AND e.from_sha256 = ch.file_sha256
    )
    SELECT j.id, j.locked_at,
      (SELECT ch.file_sha256 FROM chain ch WHERE ch.judgment_id = j.id ORDER BY ch.depth DESC LIMIT 1) AS newest_sha256
    FROM judgments j JOIN cases c ON c.id = j.case_id
    WHERE c.court_id = ${courtId} AND j.locked_at IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM chain ch JOIN signature_extensions x ON x.judgment_id = ch.judgment_id AND x.file_sha256 = ch.file_sha256
        WHERE ch.judgment_id = j.id AND x.level IN (${sql.join(reached)})
      )
      ${after ? sql`AND (j.locked_at > ${after.lockedAt} OR (j.locked_at = ${after.lockedAt} AND j.id > ${after.judgmentId}))` : sql``}
    ORDER BY j.locked_at, j.id
    LIMIT ${page.limit}`.execute(db);
  return rows.rows.flatMap((r) => (r.newest_sha256 && r.locked_at ? [{ judgmentId: r.id, lockedAt: r.locked_at, newestSha256: r.newest_sha256 }] : []));
}

/**
 * Locked judgments of the court whose newest file is an extension recorded at B-LTA (a document
 * timestamp on top), oldest lock first, a page at a time after `after`: those whose archive
 * timestamp may need renewing before its TSA's certificate expires (the file says when; the
 * server's job and the desk's automatic pass read it).
 */
export async function judgmentsWithArchiveTimestamp(
  db: Db,
  courtId: string,
  page: { after: { lockedAt: string; judgmentId: string } | null; limit: number },
): Promise<JudgmentToExtend[]> {
  const after = page.after;
  const lta: ExtensionLevel = 'B-LTA';
  const rows = await sql<{ id: string; locked_at: string; newest_sha256: string | null }>`
    WITH RECURSIVE chain (judgment_id, file_sha256, depth) AS (
      SELECT s.judgment_id, s.file_sha256, 0 FROM judgment_signatures s WHERE s.step = ${LAST_STEP}
      UNION ALL
      SELECT e.judgment_id, e.file_sha256, ch.depth + 1
        FROM signature_extensions e JOIN chain ch ON e.judgment_id = ch.judgment_id AND e.from_sha256 = ch.file_sha256
    ),
    newest (id, locked_at, newest_sha256) AS (
      SELECT j.id, j.locked_at,
        (SELECT ch.file_sha256 FROM chain ch WHERE ch.judgment_id = j.id ORDER BY ch.depth DESC LIMIT 1)
      FROM judgments j JOIN cases c ON c.id = j.case_id
      WHERE c.court_id = ${courtId} AND j.locked_at IS NOT NULL
    )
    SELECT n.id, n.locked_at, n.newest_sha256 FROM newest n
    WHERE EXISTS (SELECT 1 FROM signature_extensions x WHERE x.judgment_id = n.id AND x.file_sha256 = n.newest_sha256 AND x.level = ${lta})
      ${after ? sql`AND (n.locked_at > ${after.lockedAt} OR (n.locked_at = ${after.lockedAt} AND n.id > ${after.judgmentId}))` : sql``}
    ORDER BY n.locked_at, n.id
    LIMIT ${page.limit}`.execute(db);
  return rows.rows.flatMap((r) => (r.newest_sha256 && r.locked_at ? [{ judgmentId: r.id, lockedAt: r.locked_at, newestSha256: r.newest_sha256 }] : []));
}
