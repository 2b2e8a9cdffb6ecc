// The lock screen over a workspace left alone (Ctrl+L or idle time in main): only the same
// user's password opens it again; the work underneath stays as it was. After too many wrong
// passwords the wait main asks for is counted down and the button waits with it.
import { Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/schemas/common';
import { PasswordField } from '../../components/PasswordField';
import { useApiAction } from '../../api/use-api';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RetryWaitAlert, useRetryWait } from '../../components/RetryWait';

export function LockScreen() {
  const { t } = useTranslation();
  const { status, setStatus } = useSession();
  const unlock = useApiAction('session.unlock');
  const logout = useApiAction('session.logout');
  const [password, setPassword] = useState('');
  const wait = useRetryWait(unlock.error);
  const waiting = wait !== null && wait.secondsLeft > 0;

  const submit = async () => {
    const r = await unlock.run({ password });
    setPassword('');
    if (r.ok) setStatus(r.value);
  };

  return (
    <main className="gate-screen lock-screen">
      <Center mih="100vh" p="md">
        <Paper withBorder shadow="sm" p="xl" w={420} maw="100%" data-testid="lock-screen">
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Stack gap="sm">
              <Title order={1} size="h2">
                {t('ui.lock.title')}
              </Title>
              <Text size="sm">{t('ui.lock.lockedBy', { name: status.user?.displayName ?? '' })}</Text>
              {waiting && wait ? <RetryWaitAlert wait={wait} /> : <ErrorAlert error={(wait ? null : unlock.error) ?? logout.error} claimedPrefixes={['password']} />}
              <PasswordField label={t('ui.users.password')} maxLength={LIMITS.password.max} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" autoFocus required data-testid="unlock-password" />
              <Group justify="space-between">
                <Button
                  variant="subtle"
                  onClick={async () => {
                    const r = await logout.run({});
                    if (r.ok) setStatus(r.value);
                  }}
                  data-testid="lock-logout"
                >
                  {t('ui.lock.switchUser')}
                </Button>
                <Button type="submit" loading={unlock.pending} disabled={waiting} data-testid="unlock-submit">
                  {t('ui.lock.unlock')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Center>
    </main>
  );
}
