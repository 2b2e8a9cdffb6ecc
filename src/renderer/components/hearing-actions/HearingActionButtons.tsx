// The two things a clerk or judge does with a hearing still on the roll: adjourn it or record what
// happened. Shown only while the hearing is scheduled and its case still takes hearings (the
// domain refuses otherwise anyway); used by the case file and by the day's roll alike.
import { Button, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseStatus, HearingStatus } from '../../../shared/enums';

interface Props {
  hearingStatus: HearingStatus;
  caseStatus: CaseStatus;
  onAdjourn: () => void;
  onOutcome: () => void;
  /** data-testid prefix: `adjourn-button` / `roll-adjourn-button`, etc. */
  testIdPrefix?: string;
  /** One above the other, for a narrow table column (the day's roll). */
  stacked?: boolean;
}

export function HearingActionButtons({ hearingStatus, caseStatus, onAdjourn, onOutcome, testIdPrefix = '', stacked = false }: Props) {
  const { t } = useTranslation();
  if (hearingStatus !== 'scheduled' || caseStatus === 'closed' || caseStatus === 'judged') return null;
  const Layout = stacked ? Stack : Group;
  return (
    <Layout gap={4} align={stacked ? 'stretch' : undefined}>
      <Button size="compact-sm" variant="light" onClick={onAdjourn} data-testid={`${testIdPrefix}adjourn-button`}>
        {t('ui.hearing.adjourn')}
      </Button>
      <Button size="compact-sm" variant="light" onClick={onOutcome} data-testid={`${testIdPrefix}outcome-button`}>
        {t('ui.hearing.recordOutcome')}
      </Button>
    </Layout>
  );
}
