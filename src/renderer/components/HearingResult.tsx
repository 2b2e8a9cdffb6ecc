// What came of a hearing, in words: the adjournment reason (and note) or the recorded outcome.
import { Text } from '@mantine/core';
import type { HearingView } from '../../shared/schemas/views';
import { AutoDir } from './AutoDir';
import { useEnumLabel } from './use-enum-label';

export function HearingResult({ hearing }: { hearing: Pick<HearingView, 'adjournmentReason' | 'adjournmentNote' | 'outcome' | 'outcomeNote'> }) {
  const label = useEnumLabel();
  if (hearing.adjournmentReason) {
    return (
      <span data-testid="hearing-adjournment-reason" data-reason={hearing.adjournmentReason}>
        {label('adjournmentReason', hearing.adjournmentReason)}
        {hearing.adjournmentNote && (
          <Text size="xs" component="span" display="block">
            <AutoDir>{hearing.adjournmentNote}</AutoDir>
          </Text>
        )}
      </span>
    );
  }
  if (hearing.outcome) {
    return (
      <span data-testid="hearing-outcome" data-outcome={hearing.outcome}>
        {label('hearingOutcome', hearing.outcome)}
        {hearing.outcomeNote && (
          <Text size="xs" component="span" display="block">
            <AutoDir>{hearing.outcomeNote}</AutoDir>
          </Text>
        )}
      </span>
    );
  }
  return <>—</>;
}
