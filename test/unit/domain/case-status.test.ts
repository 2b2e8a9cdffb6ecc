// The life of a case: only the allowed moves of nextCaseStatus succeed; every other one is refused
// with the rule key and the from/to a clerk reads in the message.
import { describe, expect, it } from 'vitest';
import { nextCaseStatus, type CaseEvent } from '../../../src/domain';
import { CASE_STATUSES, CLOSURE_REASONS, HEARING_OUTCOMES, type CaseStatus } from '../../../src/shared/enums';
import { AppError } from '../../../src/shared/errors';

const EVENTS: CaseEvent[] = [
  { type: 'hearingScheduled' },
  ...HEARING_OUTCOMES.map((outcome) => ({ type: 'outcomeRecorded' as const, outcome })),
  { type: 'judgmentPronounced' },
  ...CLOSURE_REASONS.map((reason) => ({ type: 'closed' as const, reason })),
];

/** The court's allowed moves, written out longhand as the registry office states them. */
const ALLOWED: [CaseStatus, string, CaseStatus][] = [
  ['registered', 'hearingScheduled', 'in_hearing'],
  ['in_hearing', 'hearingScheduled', 'in_hearing'],
  ['deliberation', 'hearingScheduled', 'in_hearing'],
  ['in_hearing', 'outcome:debates_held', 'in_hearing'],
  ['in_hearing', 'outcome:reserved_for_judgment', 'deliberation'],
  ['in_hearing', 'outcome:judgment_delivered', 'judged'],
  ['deliberation', 'outcome:judgment_delivered', 'judged'],
  ['in_hearing', 'judgmentPronounced', 'judged'],
  ['deliberation', 'judgmentPronounced', 'judged'],
  ['judged', 'closed:judgment_final', 'closed'],
  ...(['registered', 'in_hearing', 'deliberation'] as const).flatMap((from) =>
    (['withdrawn', 'struck_out', 'settled', 'transferred'] as const).map((r): [CaseStatus, string, CaseStatus] => [from, `closed:${r}`, 'closed']),
  ),
];

function label(e: CaseEvent): string {
  if (e.type === 'outcomeRecorded') return `outcome:${e.outcome}`;
  if (e.type === 'closed') return `closed:${e.reason}`;
  return e.type;
}

describe('nextCaseStatus: a case moves only along the allowed transitions', () => {
  const all = CASE_STATUSES.flatMap((from) => EVENTS.map((e) => [from, e] as const));

  it.each(all.map(([from, e]) => [from, label(e), e] as const))('%s + %s', (from, _label, event) => {
    const allowed = ALLOWED.find(([f, l]) => f === from && l === label(event));
    if (allowed) {
      expect(nextCaseStatus(from, event)).toBe(allowed[2]);
    } else {
      let err: unknown;
      try {
        nextCaseStatus(from, event);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('RULE_VIOLATION');
      expect((err as AppError).i18nKey).toBe('errors.rule.caseStatusTransition');
      expect((err as AppError).params?.from).toBe(from);
    }
  });

  it('a closed case goes nowhere, whatever happens', () => {
    for (const e of EVENTS) expect(() => nextCaseStatus('closed', e)).toThrow(AppError);
  });

  it('a judged case can only be closed as final, not withdrawn afterwards', () => {
    expect(() => nextCaseStatus('judged', { type: 'closed', reason: 'withdrawn' })).toThrow(AppError);
    expect(nextCaseStatus('judged', { type: 'closed', reason: 'judgment_final' })).toBe('closed');
  });

  it('a pending case cannot be closed as "judgment final" before any judgment', () => {
    try {
      nextCaseStatus('in_hearing', { type: 'closed', reason: 'judgment_final' });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).params).toEqual({ from: 'in_hearing', to: 'closed' });
    }
  });
});
