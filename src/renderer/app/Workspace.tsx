// The logged-in workspace: header (court, quick find, who is at the desk, lock), navigation and
// the current screen. Landmarks come from AppShell (header, nav, main) for screen readers.
import { AppShell, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiAction } from '../api/use-api';
import { QuickFind } from '../components/QuickFind';
import { localName } from '../i18n/names';
import { CaseDetailScreen } from '../screens/case-detail/CaseDetailScreen';
import { HearingsOfDayScreen } from '../screens/hearings-of-day/HearingsOfDayScreen';
import { RegisterCaseScreen } from '../screens/register-case/RegisterCaseScreen';
import { RegistryScreen } from '../screens/registry/RegistryScreen';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { useNavigation } from './navigation';
import { hrefOf, type Route } from './routes';
import { useSession } from './session';

const NAV: { route: Route; key: string; testId: string; shortcut: string }[] = [
  { route: { name: 'registry' }, key: 'ui.nav.registry', testId: 'nav-registry', shortcut: 'Alt+1' },
  { route: { name: 'register' }, key: 'ui.nav.register', testId: 'nav-register', shortcut: 'Alt+2' },
  { route: { name: 'hearings' }, key: 'ui.nav.hearings', testId: 'nav-hearings', shortcut: 'Alt+3' },
  { route: { name: 'settings' }, key: 'ui.nav.settings', testId: 'nav-settings', shortcut: 'Alt+4' },
];

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'register':
      return <RegisterCaseScreen />;
    case 'case':
      return <CaseDetailScreen key={route.caseId} caseId={route.caseId} />;
    case 'hearings':
      return <HearingsOfDayScreen />;
    case 'settings':
      return <SettingsScreen />;
    default:
      return <RegistryScreen />;
  }
}

export function Workspace() {
  const { t } = useTranslation();
  const { status, language, setStatus, lock } = useSession();
  const { route, go } = useNavigation();
  const logout = useApiAction('session.logout');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const index = ['1', '2', '3', '4'].indexOf(e.key);
      const item = NAV[index];
      if (item) {
        e.preventDefault();
        go(item.route);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  const doLogout = async () => {
    const r = await logout.run({});
    if (r.ok) setStatus(r.value);
  };

  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 220, breakpoint: 0 }} padding="md" transitionDuration={0}>
      <AppShell.Header>
        <Group h="100%" px="md" gap="md" wrap="nowrap" justify="space-between">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Title order={1} size="h4" className="app-title">
              {t('ui.app.name')}
            </Title>
            {status.court && (
              <Text size="sm" truncate="end" maw={220} title={localName(status.court, language)} data-testid="header-court">
                {localName(status.court, language)}
              </Text>
            )}
          </Group>
          <QuickFind />
          <Group gap="xs" wrap="nowrap">
            {status.user && (
              <Text size="sm" fw={500} truncate="end" maw={160} data-testid="header-user">
                {status.user.displayName}
              </Text>
            )}
            <Button variant="default" size="xs" onClick={() => void lock()} aria-keyshortcuts="Control+L" data-testid="lock-button">
              {t('ui.session.lock')}
            </Button>
            <Button variant="subtle" size="xs" onClick={() => void doLogout()} data-testid="logout-button">
              {t('ui.session.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('ui.nav.label')}>
        {NAV.map((item) => (
          <NavLink
            key={item.testId}
            href={hrefOf(item.route)}
            label={t(item.key)}
            active={route.name === item.route.name}
            variant="filled"
            aria-current={route.name === item.route.name ? 'page' : undefined}
            aria-keyshortcuts={item.shortcut}
            data-testid={item.testId}
            onClick={(e) => {
              e.preventDefault();
              go(item.route);
            }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Screen route={route} />
      </AppShell.Main>
    </AppShell>
  );
}
