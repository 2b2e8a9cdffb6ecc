// removeParty: a party leaves a case. Soft removal (removed_at, reason) so the record of who was a
// party stays; a case is never left without an active party.
import { notFound, ruleViolation } from '../../shared/errors';
import { computeCaseSearchText, computePartiesSummary } from '../case-derived';
import { assertBaseVersion, loadCase } from '../load';
import { updateVersioned } from '../rows';
import type { CommandDefinition } from '../types';

export const removeParty: CommandDefinition<'removeParty'> = {
  name: 'removeParty',
  async execute(trx, ctx, args) {
    const kase = await loadCase(trx, ctx.env.courtId, args.caseId);
    assertBaseVersion('case', kase, args.baseVersion);
    if (kase.status === 'closed') throw ruleViolation('caseClosed', { number: kase.number });
    const link = await trx
      .selectFrom('case_parties')
      .selectAll()
      .where('id', '=', args.casePartyId)
      .where('case_id', '=', kase.id)
      .executeTakeFirst();
    if (!link) throw notFound('case_party', args.casePartyId);
    if (link.removed_at !== null) throw ruleViolation('partyAlreadyRemoved', undefined, ['casePartyId']);
    const active = await trx
      .selectFrom('case_parties')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', kase.id)
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(active.n) <= 1) throw ruleViolation('lastActiveParty', undefined, ['casePartyId']);

    const removed = await updateVersioned(trx, ctx, 'case_parties', link, { removed_at: ctx.wallTime, removal_reason: args.reason });
    const updated = await updateVersioned(trx, ctx, 'cases', kase, {
      parties_summary: await computePartiesSummary(trx, kase.id),
      search_text: await computeCaseSearchText(trx, kase.id, kase.subject),
    }, { touch: true });
    return {
      result: { caseId: kase.id, version: updated.row.version },
      changes: [removed.change!, ...(updated.change ? [updated.change] : [])],
      baseVersions: { [kase.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
