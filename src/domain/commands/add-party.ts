// addParty: put one more party (existing or new) on an open case, and refresh the parties summary.
import { ruleViolation } from '../../shared/errors';
import { computeCaseSearchText, computePartiesSummary } from '../case-derived';
import { assertNotAlreadyOnCase, linkCaseParties, resolveCaseParty } from '../case-parties';
import { assertBaseVersion, loadCase } from '../load';
import { updateVersioned } from '../rows';
import type { CommandDefinition } from '../types';

export const addParty: CommandDefinition<'addParty'> = {
  name: 'addParty',
  async execute(trx, ctx, args) {
    const kase = await loadCase(trx, ctx.env.courtId, args.caseId);
    assertBaseVersion('case', kase, args.baseVersion);
    if (kase.status === 'closed') throw ruleViolation('caseClosed', { number: kase.number });
    const resolved = await resolveCaseParty(trx, ctx, args.entry);
    const active = await trx
      .selectFrom('case_parties')
      .select('party_id')
      .where('case_id', '=', kase.id)
      .where('removed_at', 'is', null)
      .execute();
    assertNotAlreadyOnCase(new Set(active.map((a) => a.party_id)), resolved.party.id, ['entry', 'party']);
    const linked = await linkCaseParties(trx, ctx, kase.id, [resolved]);
    const link = linked.links[0]!;
    const updated = await updateVersioned(trx, ctx, 'cases', kase, {
      parties_summary: await computePartiesSummary(trx, kase.id),
      search_text: await computeCaseSearchText(trx, kase.id, kase.subject),
    }, { touch: true });
    return {
      result: { caseId: kase.id, casePartyId: link.casePartyId, partyId: link.partyId, version: updated.row.version },
      changes: [...linked.changes, ...(updated.change ? [updated.change] : [])],
      baseVersions: { [kase.id]: args.baseVersion },
      caseIds: [kase.id],
    };
  },
};
