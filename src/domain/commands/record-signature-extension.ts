// recordSignatureExtension: records that a locked judgment's newest signed file was extended for
// long-term validation (ARCHITECTURE §6, "B-LT and B-LTA"), the new file made before this runs — on
// a desk (main, a keeper signed in: pushed like any command) or on the court's server (its extension
// job, no actor: the record names no user). The record chains the extensions: the first is appended
// to the last signature's file, each next one to the previous extension's. One record per file
// extended, its id derived from that file: whoever records an extension of a file first — a desk's
// push or the server's job, each judged here under the court's lock — holds it, and the other is
// refused (signatureExtensionStale) through the rejection path, never a fork of the chain. It
// changes no other record: not the judgment's version, nor the case's; its audit entry names the
// case, so the case's timeline shows it.
import { ruleViolation } from '../../shared/errors';
import { assertAppended, assertExtensible, signatureExtensionId } from '../rules/signature-extension';
import { loadJudgment } from '../load';
import { newestJudgmentFile } from '../queries/judgment-files';
import { insertVersioned } from '../rows';
import type { CommandDefinition } from '../types';
import { assertServerStore } from './server-store';

export const recordSignatureExtension: CommandDefinition<'recordSignatureExtension'> = {
  name: 'recordSignatureExtension',
  async execute(trx, ctx, args) {
    // With no actor, only the court's server records (its extension job); a desk's store refuses.
    if (ctx.actor === null) await assertServerStore(trx);
    const { judgment, kase } = await loadJudgment(trx, ctx.env.courtId, args.judgmentId);
    const newest = await newestJudgmentFile(trx, judgment.id);
    const from = assertExtensible({ lockedAt: judgment.locked_at, newest }, args.fromSha256, kase.number);
    assertAppended(from, args.file, kase.number);
    const id = signatureExtensionId(args.fromSha256);
    // Held already (an extension of this file that is on no chain: the judgment's chain moved on
    // without it), or the new file is one the chain already names: either way not this one's to make.
    const taken = await trx
      .selectFrom('signature_extensions')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', id), eb('file_sha256', '=', args.file.sha256)]))
      .executeTakeFirst();
    if (taken) throw ruleViolation('signatureExtensionStale', { number: kase.number }, ['fromSha256']);
    const { row, change } = await insertVersioned(trx, ctx, 'signature_extensions', {
      id,
      file_sha256: args.file.sha256,
      judgment_id: judgment.id,
      seq: (newest?.lastSeq ?? 0) + 1,
      from_sha256: args.fromSha256,
      file_size: args.file.size,
      level: args.level,
      extended_at: args.extendedAt,
      extended_by: ctx.actor?.userId ?? null,
    });
    return {
      result: { judgmentId: judgment.id, extensionId: row.id, seq: row.seq, fileSha256: row.file_sha256 },
      changes: [change],
      baseVersions: {},
      caseIds: [kase.id],
    };
  },
};
