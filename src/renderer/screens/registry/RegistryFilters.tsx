// Filters of the registry: status, case type, year, chamber. Native selects: a clerk can type the
// first letters to pick, and nothing opens a popup that traps the keyboard.
import { Group, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, type CaseStatus, type Language } from '../../../shared/enums';
import type { RegistryFilter } from '../../../shared/schemas/queries';
import { useReference } from '../../app/reference';
import { useSession } from '../../app/session';
import { useEnumOptions } from '../../components/use-enum-label';
import { localName } from '../../i18n/names';

const YEARS_BACK = 30;

export function RegistryFilters({ filter, onChange }: { filter: RegistryFilter; onChange: (f: RegistryFilter) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const enumOptions = useEnumOptions();
  const { data } = useReference();
  const all = { value: '', label: t('ui.registry.filter.all') };
  // The court's year by main's clock: the browser's own clock and zone may be elsewhere.
  const thisYear = Number(useSession().status.courtToday.slice(0, 4));
  const years = Array.from({ length: YEARS_BACK }, (_, i) => String(thisYear - i));

  const set = <K extends keyof RegistryFilter>(key: K, value: RegistryFilter[K] | undefined) => {
    const next = { ...filter };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="registry-filters">
      <NativeSelect
        label={t('ui.registry.filter.status')}
        data={[all, ...enumOptions('caseStatus', CASE_STATUSES)]}
        value={filter.status ?? ''}
        onChange={(e) => set('status', (e.currentTarget.value || undefined) as CaseStatus | undefined)}
        data-testid="filter-status"
      />
      <NativeSelect
        label={t('ui.registry.filter.caseType')}
        data={[all, ...(data?.caseTypes ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${localName(c, language)}` }))]}
        value={filter.caseTypeId ?? ''}
        onChange={(e) => set('caseTypeId', e.currentTarget.value || undefined)}
        data-testid="filter-case-type"
        maw={260}
      />
      <NativeSelect
        label={t('ui.registry.filter.year')}
        data={[all, ...years]}
        value={filter.year === undefined ? '' : String(filter.year)}
        onChange={(e) => set('year', e.currentTarget.value ? Number(e.currentTarget.value) : undefined)}
        data-testid="filter-year"
      />
      <NativeSelect
        label={t('ui.registry.filter.chamber')}
        data={[all, ...(data?.chambers ?? []).map((c) => ({ value: c.id, label: localName(c, language) }))]}
        value={filter.chamberId ?? ''}
        onChange={(e) => set('chamberId', e.currentTarget.value || undefined)}
        data-testid="filter-chamber"
        maw={260}
      />
    </Group>
  );
}
