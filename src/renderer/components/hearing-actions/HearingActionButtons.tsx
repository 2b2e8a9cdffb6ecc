// The two things a clerk or judge does with a hearing still on the roll: adjourn it or record what
// happened. Shown only while the hearing is scheduled and its case still takes hearings (the
// domain refuses otherwise anyway); used by the case file and by the day's roll alike.
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, HearingStatus } from '../../../shared/enums';

interface Props {
  hearingStatus: HearingStatus;
  caseStatus: CaseStatus;
  onAdjourn: () => void;
  onOutcome: () => void;
  /** data-testid prefix: `adjourn-button` / `roll-adjourn-button`, etc. */
  testIdPrefix?: string;
}

export function HearingActionButtons({ hearingStatus, caseStatus, onAdjourn, onOutcome, testIdPrefix = '' }: Props) {
  const { t } = useTranslation();
  if (hearingStatus !== 'scheduled' || caseStatus === 'closed' || caseStatus === 'judged') return null;
  return (
    <Group gap={4}>
      <Button size="compact-sm" variant="light" onClick={onAdjourn} data-testid={`${testIdPrefix}adjourn-button`}>
        {t('ui.hearing.adjourn')}
      </Button>
      <Button size="compact-sm" variant="light" onClick={onOutcome} data-testid={`${testIdPrefix}outcome-button`}>
        {t('ui.hearing.recordOutcome')}
      </Button>
    </Group>
  );
}
