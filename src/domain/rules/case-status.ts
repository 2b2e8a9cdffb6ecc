// The life of a case as one pure function: the only allowed moves of cases.status. Every command
// that changes a case's status asks nextCaseStatus; nothing sets the status directly.
import type { CaseStatus, ClosureReason, HearingOutcome } from '../../shared/enums';
import { ruleViolation } from '../../shared/errors';

export type CaseEvent =
  /** A hearing is scheduled (also the next hearing created by an adjournment). */
  | { type: 'hearingScheduled' }
  | { type: 'outcomeRecorded'; outcome: HearingOutcome }
  /** The judgment is pronounced (recordJudgment). */
  | { type: 'judgmentPronounced' }
  | { type: 'closed'; reason: ClosureReason };

function refuse(from: CaseStatus, to: CaseStatus): never {
  throw ruleViolation('caseStatusTransition', { from, to });
}

/**
 * registered → in_hearing (first hearing), in_hearing → deliberation (reserved for judgment),
 * deliberation → in_hearing (debates reopened), in_hearing|deliberation → judged (judgment
 * pronounced), judged → closed (judgment final only), registered|in_hearing|deliberation → closed
 * (withdrawn, struck out, settled, transferred). Closed is final. Events that keep the status
 * (another hearing while in hearing, debates held) return it unchanged.
 */
export function nextCaseStatus(current: CaseStatus, event: CaseEvent): CaseStatus {
  switch (event.type) {
    case 'hearingScheduled':
      if (current === 'registered' || current === 'deliberation' || current === 'in_hearing') return 'in_hearing';
      return refuse(current, 'in_hearing');
    case 'outcomeRecorded':
      switch (event.outcome) {
        case 'debates_held':
          if (current === 'in_hearing') return current;
          return refuse(current, 'in_hearing');
        case 'reserved_for_judgment':
          if (current === 'in_hearing') return 'deliberation';
          return refuse(current, 'deliberation');
        case 'judgment_delivered':
          if (current === 'in_hearing' || current === 'deliberation') return 'judged';
          return refuse(current, 'judged');
      }
      return refuse(current, current);
    case 'judgmentPronounced':
      if (current === 'in_hearing' || current === 'deliberation') return 'judged';
      return refuse(current, 'judged');
    case 'closed':
      if (event.reason === 'judgment_final') {
        if (current === 'judged') return 'closed';
        return refuse(current, 'closed');
      }
      if (current === 'registered' || current === 'in_hearing' || current === 'deliberation') return 'closed';
      return refuse(current, 'closed');
  }
}

/** Statuses on which no hearing may be scheduled, adjourned or held. */
export function isCaseDoneWithHearings(status: CaseStatus): boolean {
  return status === 'judged' || status === 'closed';
}
