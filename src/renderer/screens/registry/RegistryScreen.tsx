// The case registry: filters, the count, and the virtualized list of every case of the court.
import { Alert, Button, Group, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/enums';
import { intlLocale } from '../../i18n/names';
import type { RegistryFilter } from '../../../shared/schemas/queries';
import { useNavigation } from '../../app/navigation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { RegistryFilters } from './RegistryFilters';
import { RegistryGrid } from './RegistryGrid';
import { useRegistryPages } from './use-registry-pages';

/** The filters survive a visit to a case and back (the clerk is working through a list). */
let lastFilter: RegistryFilter = {};
export function forgetRegistryFilter(): void {
  lastFilter = {};
}

export function RegistryScreen() {
  const { t, i18n } = useTranslation();
  const { go } = useNavigation();
  const count = (n: number) => new Intl.NumberFormat(`${intlLocale(i18n.language as Language)}-u-nu-latn`).format(n);
  const [filter, setFilterState] = useState<RegistryFilter>(lastFilter);
  const setFilter = (f: RegistryFilter) => {
    lastFilter = f;
    setFilterState(f);
  };
  const pages = useRegistryPages(filter);
  const filtered = Object.values(filter).some((v) => v !== undefined);

  return (
    <section className="registry-screen" aria-labelledby="registry-title" data-testid="registry-screen">
      <Group justify="space-between" align="center" mb="xs">
        <Title order={2} size="h3" id="registry-title">
          {t('ui.registry.title')}
        </Title>
        <Group gap="sm">
          <Text size="sm" data-testid="registry-total" aria-live="polite">
            {pages.total === null ? t('ui.common.loading') : t('ui.registry.total', { n: count(pages.total) })}
          </Text>
          <Button onClick={() => go({ name: 'register' })} data-testid="registry-register-button">
            {t('ui.nav.register')}
          </Button>
        </Group>
      </Group>
      <RegistryFilters filter={filter} onChange={setFilter} />
      <ErrorAlert error={pages.error} />
      {pages.total === 0 ? (
        // With no filter set, nothing matched because the desk has no case yet: say so.
        <Alert variant="light" color="gray" mt="md" data-testid="registry-empty" data-filtered={filtered}>
          {t(filtered ? 'ui.registry.empty' : 'ui.registry.none')}
        </Alert>
      ) : (
        <RegistryGrid pages={pages} onOpen={(row) => go({ name: 'case', caseId: row.id })} />
      )}
      {pages.total !== 0 && (
        <Text size="xs" mt={4} className="hint">
          {t('ui.registry.keyboardHint')} <Ltr>Ctrl+K</Ltr>
        </Text>
      )}
    </section>
  );
}
