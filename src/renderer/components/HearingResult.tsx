// What came of a hearing, in words: the adjournment reason (and note, and, where the caller knows
// it, the day it was put off to) or the recorded outcome.
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HearingView } from '../../shared/schemas/views';
import { formatGregorian } from '../format/dates';
import { Ltr } from './Ltr';
import { AutoDir } from './AutoDir';
import { useEnumLabel } from './use-enum-label';

export interface HearingResultProps {
  hearing: Pick<HearingView, 'adjournmentReason' | 'adjournmentNote' | 'outcome' | 'outcomeNote'>;
  /** For an adjourned hearing: the date and time of the hearing it was put off to. */
  next?: { date: string | null; time: string | null };
}

export function HearingResult({ hearing, next }: HearingResultProps) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  if (hearing.adjournmentReason) {
    return (
      <span data-testid="hearing-adjournment-reason" data-reason={hearing.adjournmentReason}>
        {label('adjournmentReason', hearing.adjournmentReason)}
        {next?.date && (
          <Text size="sm" component="span" display="block" fw={600} data-testid="hearing-adjourned-to">
            {t('ui.hearing.adjournedTo')}{' '}
            <Ltr>
              {formatGregorian(next.date)}
              {next.time ? ` ${next.time}` : ''}
            </Ltr>
          </Text>
        )}
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
