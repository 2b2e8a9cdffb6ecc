// updateJudgment: the clerk or judge corrects the operative part as recorded (a copying mistake),
// only while nobody has signed the judgment: its text is what the judge signs, and a signed or
// locked judgment is never changed (a new version is a new document).
import type { SignatureStep } from '../../shared/schemas/judgment-signing';
import { assertBaseVersion, loadJudgment } from '../load';
import { updateVersioned } from '../rows';
import { assertJudgmentEditable } from '../rules/judgment-lock';
import type { CommandDefinition } from '../types';
import type { AuditChange } from '../../shared/schemas/views';

export const updateJudgment: CommandDefinition<'updateJudgment'> = {
  name: 'updateJudgment',
  async execute(trx, ctx, args) {
    const { judgment, kase } = await loadJudgment(trx, ctx.env.courtId, args.judgmentId);
    const signed = await trx.selectFrom('judgment_signatures').select('step').where('judgment_id', '=', judgment.id).execute();
    assertJudgmentEditable({ lockedAt: judgment.locked_at, signedSteps: signed.map((s) => s.step as SignatureStep) }, kase.number);
    assertBaseVersion('judgment', judgment, args.baseVersion);
    const changes: AuditChange[] = [];
    const updated = await updateVersioned(trx, ctx, 'judgments', judgment, { operative_part: args.operativePart });
    if (updated.change) changes.push(updated.change);
    const touched = await updateVersioned(trx, ctx, 'cases', kase, {}, { touch: true });
    if (touched.change) changes.push(touched.change);
    return {
      result: { judgmentId: judgment.id, version: updated.row.version },
      changes,
      baseVersions: { [judgment.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
