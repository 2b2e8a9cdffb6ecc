// Settings of this desk: language (persisted by main), the workstation's identity, and for
// admins the users of the court and the search index. Hidden controls are a courtesy: main checks
// every role anyway.
import { Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isAdmin, useSession } from '../../app/session';
import { LanguagePicker } from '../../components/LanguagePicker';
import { Ltr } from '../../components/Ltr';
import { useSyncStatus } from '../../sync/use-sync-status';
import { ChangePasswordForm } from '../password/ChangePasswordForm';
import { SearchIndexSection } from './SearchIndexSection';
import { ServerSection } from './ServerSection';
import { UsersSection } from './UsersSection';

export function SettingsScreen() {
  const { t } = useTranslation();
  const { status, language, changeLanguage, setStatus } = useSession();
  const sync = useSyncStatus().status;
  return (
    <Stack gap="md" data-testid="settings-screen">
      <Title order={2} size="h3">
        {t('ui.settings.title')}
      </Title>
      <Paper withBorder p="md" component="section" aria-labelledby="settings-general">
        <Title order={3} size="h4" id="settings-general" mb="sm">
          {t('ui.settings.general')}
        </Title>
        <LanguagePicker value={language} onChange={(l) => void changeLanguage(l)} testId="settings-language" />
        <dl className="facts" style={{ marginTop: 'var(--mantine-spacing-md)' }}>
          <div className="fact">
            <dt>{t('ui.settings.appVersion')}</dt>
            <dd data-testid="settings-app-version">
              <Ltr>{status.appVersion}</Ltr>
            </dd>
          </div>
          <div className="fact">
            <dt>{t('ui.settings.deviceId')}</dt>
            <dd data-testid="settings-device-id">
              <Ltr>{status.deviceId}</Ltr>
            </dd>
          </div>
          {status.user && (
            <div className="fact">
              <dt>{t('ui.settings.signedInAs')}</dt>
              <dd>
                {status.user.displayName} (<Ltr>{status.user.username}</Ltr>)
              </dd>
            </div>
          )}
        </dl>
      </Paper>
      {sync && (sync.state !== 'standalone' || isAdmin(status)) && (
        <Paper withBorder p="md">
          <ServerSection sync={sync} />
        </Paper>
      )}
      {sync?.state === 'standalone' && (
        <Paper withBorder p="md" component="section" aria-labelledby="settings-password">
          <Title order={3} size="h4" id="settings-password" mb="sm">
            {t('ui.password.title')}
          </Title>
          <ChangePasswordForm onChanged={setStatus} />
        </Paper>
      )}
      {/* On an enrolled desk, accounts and passwords are the server's (main refuses changes here). */}
      {isAdmin(status) && sync?.state === 'standalone' && <UsersSection />}
      {/* The index is this desk's own, enrolled or not. */}
      {isAdmin(status) && (
        <Paper withBorder p="md">
          <SearchIndexSection />
        </Paper>
      )}
    </Stack>
  );
}
