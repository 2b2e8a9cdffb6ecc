// The logged-in workspace: header (court, quick find, who is at the desk, lock), navigation and
// the current screen. Landmarks come from AppShell (header, nav, main) for screen readers. Every
// shortcut shows on hover or focus, and "?" lists them all.
import { Alert, AppShell, Button, Group, Kbd, NavLink, Text, Title, Tooltip } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiAction } from '../api/use-api';
import { textDirection } from '../components/AutoDir';
import { KeyCombo } from '../components/KeyCombo';
import { QuickFind } from '../components/QuickFind';
import { ShortcutsHelp, useHelpKey } from '../components/ShortcutsHelp';
import { localName } from '../i18n/names';
import { CaseDetailScreen } from '../screens/case-detail/CaseDetailScreen';
import { DocumentViewerScreen } from '../screens/document-viewer/DocumentViewerScreen';
import { HearingsOfDayScreen } from '../screens/hearings-of-day/HearingsOfDayScreen';
import { RegisterCaseScreen } from '../screens/register-case/RegisterCaseScreen';
import { RegistryScreen } from '../screens/registry/RegistryScreen';
import { SearchScreen } from '../screens/search/SearchScreen';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { SyncScreen } from '../screens/sync/SyncScreen';
import { DocumentJobsIndicator } from '../documents/DocumentJobsIndicator';
import { SyncIndicator } from '../sync/SyncIndicator';
import { useSyncStatus } from '../sync/use-sync-status';
import { useNavigation } from './navigation';
import { hrefOf, type Route } from './routes';
import { useSession } from './session';
import { ariaKeyShortcuts, HELP_SHORTCUT, LOCK_SHORTCUT, matchesCombo, NAV_SHORTCUTS, type KeyCombo as Combo } from './shortcuts';

const NAV: { route: Route; key: string; testId: string; shortcut: Combo }[] = [
  { route: { name: 'registry' }, key: 'ui.nav.registry', testId: 'nav-registry', shortcut: NAV_SHORTCUTS.registry },
  { route: { name: 'register' }, key: 'ui.nav.register', testId: 'nav-register', shortcut: NAV_SHORTCUTS.register },
  { route: { name: 'hearings' }, key: 'ui.nav.hearings', testId: 'nav-hearings', shortcut: NAV_SHORTCUTS.hearings },
  { route: { name: 'search' }, key: 'ui.nav.search', testId: 'nav-search', shortcut: NAV_SHORTCUTS.search },
  { route: { name: 'settings' }, key: 'ui.nav.settings', testId: 'nav-settings', shortcut: NAV_SHORTCUTS.settings },
];

/** Hover and keyboard focus both show a shortcut: a clerk on the keyboard sees it too. */
const HINT_EVENTS = { hover: true, focus: true, touch: false };

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'register':
      return <RegisterCaseScreen />;
    case 'case':
      return <CaseDetailScreen key={route.caseId} caseId={route.caseId} />;
    case 'document':
      return <DocumentViewerScreen key={route.documentId} route={route} />;
    case 'hearings':
      return <HearingsOfDayScreen />;
    case 'search':
      return <SearchScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'sync':
      return <SyncScreen />;
    default:
      return <RegistryScreen />;
  }
}

export function Workspace() {
  const { t } = useTranslation();
  const { status, language, setStatus, lock } = useSession();
  const { route, go } = useNavigation();
  const logout = useApiAction('session.logout');
  const [helpOpen, setHelpOpen] = useState(false);
  const [hintDismissed, setHintDismissed] = useState<string | null>(null);
  const sync = useSyncStatus().status;
  const openHelp = useCallback(() => setHelpOpen(true), []);
  // Under the lock screen the workspace stays mounted: its keys must not act there.
  const active = !status.locked;
  useHelpKey(openHelp, active);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const item = NAV.find((n) => matchesCombo(e, n.shortcut));
      if (item) {
        e.preventDefault();
        go(item.route);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, active]);

  const courtName = status.court ? localName(status.court, language) : null;
  const userName = status.user?.displayName ?? null;

  const doLogout = async () => {
    const r = await logout.run({});
    if (r.ok) setStatus(r.value);
  };

  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 220, breakpoint: 0 }} padding="md" transitionDuration={0}>
      <AppShell.Header>
        <Group h="100%" px="md" gap="md" wrap="nowrap" justify="space-between">
          <Group gap="xs" wrap="nowrap" className="header-start">
            <Title order={1} size="h4" className="app-title">
              {t('ui.app.name')}
            </Title>
            {courtName && (
              <Text size="sm" lineClamp={2} className="header-court" title={courtName} data-testid="header-court">
                {courtName}
              </Text>
            )}
          </Group>
          <QuickFind />
          <Group gap="xs" wrap="nowrap">
            <DocumentJobsIndicator />
            {sync && <SyncIndicator status={sync} onOpen={() => go({ name: 'sync' })} />}
            {userName && (
              <Text size="sm" fw={500} truncate="end" maw={160} dir={textDirection(userName)} title={userName} data-testid="header-user">
                {userName}
              </Text>
            )}
            <Tooltip label={<KeyCombo combos={[LOCK_SHORTCUT]} plain />} events={HINT_EVENTS}>
              <Button variant="default" size="xs" onClick={() => void lock()} aria-keyshortcuts={ariaKeyShortcuts([LOCK_SHORTCUT])} data-testid="lock-button">
                {t('ui.session.lock')}
              </Button>
            </Tooltip>
            <Button variant="subtle" size="xs" onClick={() => void doLogout()} data-testid="logout-button">
              {t('ui.session.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('ui.nav.label')}>
        <AppShell.Section grow>
          {NAV.map((item) => (
            <Tooltip
              key={item.testId}
              label={<KeyCombo combos={[item.shortcut]} plain />}
              position="right"
              events={HINT_EVENTS}
              // Gone once the link is followed: the link keeps focus and the pointer, which would
              // otherwise keep the hint over the new screen's title until the pointer leaves.
              disabled={hintDismissed === item.testId}
            >
              <NavLink
                href={hrefOf(item.route)}
                label={t(item.key)}
                active={route.name === item.route.name}
                variant="filled"
                aria-current={route.name === item.route.name ? 'page' : undefined}
                aria-keyshortcuts={ariaKeyShortcuts([item.shortcut])}
                data-testid={item.testId}
                onClick={(e) => {
                  e.preventDefault();
                  setHintDismissed(item.testId);
                  go(item.route);
                }}
                onMouseLeave={() => setHintDismissed(null)}
                onBlur={() => setHintDismissed(null)}
              />
            </Tooltip>
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Button
            variant="subtle"
            size="xs"
            fullWidth
            justify="space-between"
            onClick={openHelp}
            aria-keyshortcuts="?"
            rightSection={
              <Kbd size="xs" aria-hidden="true">
                {HELP_SHORTCUT.join('+')}
              </Kbd>
            }
            data-testid="shortcuts-button"
          >
            {t('ui.shortcuts.open')}
          </Button>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {status.signing.configuredModuleRefused && (
          // A production build and a software token configured: said from the start, not at the first signature.
          <Alert color="orange" mb="md" role="status" data-testid="soft-token-notice">
            {t('signing.errors.softwareTokenConfigured')}
          </Alert>
        )}
        <Screen route={route} />
      </AppShell.Main>
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
    </AppShell>
  );
}
