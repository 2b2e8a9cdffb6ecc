// registerCase: a new case with its parties and the next case number of its type and year.
// Rules: chamber of this court, case type in force on the filing date, filing date not in the
// future, no party twice (each party is well formed by the command's schema); every broken rule
// is reported at once.
import type { AuditChange } from '../../shared/schemas/views';
import { caseSearchText, summarizeParties } from '../case-derived';
import { takeCaseNumber } from '../case-numbering';
import { assertNotAlreadyOnCase, linkCaseParties, resolveCaseParty, type ResolvedParty } from '../case-parties';
import { loadCaseType, loadChamber } from '../load';
import { insertVersioned } from '../rows';
import { RuleIssues } from '../rule-issues';
import { yearOf } from '../rules/court-calendar';
import { assertCaseTypeValidOn, assertFiledOnNotInFuture } from '../rules/filing';
import type { CommandDefinition } from '../types';

export const registerCase: CommandDefinition<'registerCase'> = {
  name: 'registerCase',
  async execute(trx, ctx, args) {
    const courtId = ctx.env.courtId;
    await loadChamber(trx, courtId, args.chamberId);
    const caseType = await loadCaseType(trx, args.caseTypeId);
    const issues = new RuleIssues();
    issues.check(() => assertFiledOnNotInFuture(args.filedOn, ctx.today, ['filedOn']));
    issues.check(() => assertCaseTypeValidOn(caseType, args.filedOn, ['caseTypeId']));

    const resolved: ResolvedParty[] = [];
    const seen = new Set<string>();
    for (const [i, entry] of args.parties.entries()) {
      const r = await resolveCaseParty(trx, ctx, entry);
      issues.check(() => assertNotAlreadyOnCase(seen, r.party.id, ['parties', i, 'party']));
      seen.add(r.party.id);
      resolved.push(r);
    }
    issues.throwIfAny();

    const taken = await takeCaseNumber(trx, ctx, caseType.code, yearOf(args.filedOn));
    const changes: AuditChange[] = [...taken.changes];
    const caseId = ctx.newId('case');
    const created = await insertVersioned(trx, ctx, 'cases', {
      id: caseId,
      court_id: courtId,
      chamber_id: args.chamberId,
      case_type_id: caseType.id,
      type_code: caseType.code,
      year: yearOf(args.filedOn),
      serial: taken.serial,
      number: taken.number,
      provisional: taken.provisional ? 1 : 0,
      provisional_number: taken.replacedProvisional ?? null,
      subject: args.subject,
      status: 'registered',
      filed_on: args.filedOn,
      closed_on: null,
      closure_reason: null,
      closure_note: null,
      parties_summary: summarizeParties(resolved.map((r) => ({ role: r.entry.role, ...r.party }))),
      next_hearing_date: null,
      pronouncement_date: null,
      search_text: caseSearchText(args.subject, args.parties.map((p) => p.lawyerName)),
      created_at: ctx.wallTime,
      created_by: ctx.actor!.userId,
    });
    changes.push(created.change);
    changes.push(...(await linkCaseParties(trx, ctx, caseId, resolved)).changes);

    return {
      result: { caseId, number: taken.number, provisional: taken.provisional },
      changes,
      baseVersions: {},
      caseIds: [caseId],
    };
  },
};
