// recordJudgment: the judgment pronounced in a case — the day and the operative part (the dispositif,
// المنطوق) as the clerk copies it — at a hearing on the roll or at the end of the deliberation. The
// case is judged; a hearing given is held with the judgment as its outcome; any other hearing still
// on the roll is cancelled once the clerk confirmed it. One judgment per case; it cannot predate
// the filing or lie in the future.
import type { AuditChange } from '../../shared/schemas/views';
import { notFound, ruleViolation } from '../../shared/errors';
import type { CaseStatus } from '../../shared/enums';
import { cancelScheduledHearings, cancelsScheduledWarning, scheduledHearingsOf } from '../hearings';
import { assertBaseVersion, loadCase } from '../load';
import { insertVersioned, updateVersioned } from '../rows';
import { RuleIssues, requireConfirmed } from '../rule-issues';
import { nextCaseStatus } from '../rules/case-status';
import type { CommandDefinition } from '../types';

export const recordJudgment: CommandDefinition<'recordJudgment'> = {
  name: 'recordJudgment',
  async execute(trx, ctx, args) {
    const kase = await loadCase(trx, ctx.env.courtId, args.caseId);
    assertBaseVersion('case', kase, args.baseVersion);
    // A judgment already there is said as such, before the status rule would say "judged to judged".
    const existing = await trx.selectFrom('judgments').select('id').where('case_id', '=', kase.id).executeTakeFirst();
    if (existing) throw ruleViolation('judgmentAlreadyRecorded', { number: kase.number });
    const status = nextCaseStatus(kase.status as CaseStatus, { type: 'judgmentPronounced' });

    const hearing =
      args.hearingId === undefined
        ? undefined
        : await trx.selectFrom('hearings').selectAll().where('id', '=', args.hearingId).where('case_id', '=', kase.id).executeTakeFirst();
    if (args.hearingId !== undefined && !hearing) throw notFound('hearing', args.hearingId);

    const issues = new RuleIssues();
    issues.check(() => {
      if (args.pronouncedOn > ctx.today) throw ruleViolation('judgmentDateInFuture', { date: args.pronouncedOn }, ['pronouncedOn']);
      if (args.pronouncedOn < kase.filed_on) {
        throw ruleViolation('judgmentBeforeFiling', { date: args.pronouncedOn, filedOn: kase.filed_on }, ['pronouncedOn']);
      }
    });
    if (hearing) {
      issues.check(() => {
        if (hearing.status !== 'scheduled') throw ruleViolation('hearingNotScheduled', { status: hearing.status }, ['hearingId']);
        if (hearing.date !== args.pronouncedOn) {
          throw ruleViolation('judgmentNotOnHearingDay', { date: args.pronouncedOn, hearingDate: hearing.date }, ['pronouncedOn']);
        }
      });
    }
    issues.throwIfAny();
    requireConfirmed(args.confirmed, cancelsScheduledWarning(await scheduledHearingsOf(trx, kase.id, hearing?.id)));

    const changes: AuditChange[] = [];
    const judgment = await insertVersioned(trx, ctx, 'judgments', {
      id: ctx.newId('judgment'),
      case_id: kase.id,
      hearing_id: hearing?.id ?? null,
      pronounced_on: args.pronouncedOn,
      operative_part: args.operativePart,
      recorded_at: ctx.wallTime,
      recorded_by: ctx.actor!.userId,
      locked_at: null,
    });
    changes.push(judgment.change);
    if (hearing) {
      const held = await updateVersioned(trx, ctx, 'hearings', hearing, { status: 'held', outcome: 'judgment_delivered' });
      changes.push(held.change!);
    }
    changes.push(...(await cancelScheduledHearings(trx, ctx, kase.id)));
    const updated = await updateVersioned(trx, ctx, 'cases', kase, { status, next_hearing_date: null }, { touch: true });
    if (updated.change) changes.push(updated.change);
    return {
      result: { caseId: kase.id, judgmentId: judgment.row.id, version: updated.row.version },
      changes,
      baseVersions: { [kase.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
