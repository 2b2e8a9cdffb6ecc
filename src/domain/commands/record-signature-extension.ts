// recordSignatureExtension: records that this desk extended a locked judgment's newest signed file
// for long-term validation (ARCHITECTURE §6, "B-LT and B-LTA"), the new file made in main before
// this runs. The record chains the extensions: the first is appended to the last signature's file,
// each next one to the previous extension's. A local command (never pushed: the file does not travel
// yet), so it changes no synced record — not the judgment's version, nor the case's — only this
// desk's table; its audit entry names the case, so the case's timeline shows it.
import { assertAppended, assertExtensible } from '../rules/signature-extension';
import { loadJudgment } from '../load';
import { newestJudgmentFile } from '../queries/judgment-files';
import { creationChange } from '../rows';
import type { CommandDefinition } from '../types';

export const recordSignatureExtension: CommandDefinition<'recordSignatureExtension'> = {
  name: 'recordSignatureExtension',
  async execute(trx, ctx, args) {
    const { judgment, kase } = await loadJudgment(trx, ctx.env.courtId, args.judgmentId);
    const newest = await newestJudgmentFile(trx, judgment.id);
    const from = assertExtensible({ lockedAt: judgment.locked_at, newest }, args.fromSha256, kase.number);
    assertAppended(from, args.file, kase.number);
    const row = {
      file_sha256: args.file.sha256,
      judgment_id: judgment.id,
      seq: (newest?.lastSeq ?? 0) + 1,
      from_sha256: args.fromSha256,
      file_size: args.file.size,
      level: args.level,
      extended_at: args.extendedAt,
      extended_by: ctx.actor!.userId,
    };
    await trx.insertInto('signature_extensions').values(row).execute();
    return {
      result: { judgmentId: judgment.id, seq: row.seq, fileSha256: row.file_sha256 },
      changes: [creationChange('signature_extension', row.file_sha256, row)],
      baseVersions: {},
      caseIds: [kase.id],
    };
  },
};
