// Login at the desk: username and password checked by main (argon2id, attempt brake there). After
// too many wrong passwords the wait main asks for is counted down and the button waits with it.
import { Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/schemas/common';
import { PasswordField } from '../../components/PasswordField';
import { localName } from '../../i18n/names';
import { useApiAction } from '../../api/use-api';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LanguagePicker } from '../../components/LanguagePicker';
import { RetryWaitAlert, useRetryWait } from '../../components/RetryWait';

export function LoginScreen() {
  const { t } = useTranslation();
  const { status, language, changeLanguage, setStatus } = useSession();
  const login = useApiAction('session.login');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const wait = useRetryWait(login.error);
  const waiting = wait !== null && wait.secondsLeft > 0;

  const submit = async () => {
    const r = await login.run({ username: username.trim(), password });
    if (r.ok) setStatus(r.value);
    else setPassword('');
  };

  return (
    <main className="gate-screen">
      <Center mih="100vh" p="md">
        <Paper withBorder shadow="sm" p="xl" w={420} maw="100%" data-testid="login-screen">
          <Stack gap="md">
            <div>
              <Title order={1} size="h2">
                {t('ui.login.title')}
              </Title>
              {status.court && <Text size="sm">{localName(status.court, language)}</Text>}
            </div>
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
            >
              <Stack gap="sm">
                {/* A wait that is over is no longer a refusal: nothing to show. */}
                {wait ? waiting && <RetryWaitAlert wait={wait} /> : <ErrorAlert error={login.error} claimedPrefixes={['username', 'password']} />}
                <TextInput label={t('ui.users.username')} dir="ltr" maxLength={LIMITS.username} value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="username" autoFocus required data-testid="login-username" />
                <PasswordField label={t('ui.users.password')} maxLength={LIMITS.password.max} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required data-testid="login-password" />
                <Button type="submit" loading={login.pending} disabled={waiting} data-testid="login-submit">
                  {t('ui.login.submit')}
                </Button>
              </Stack>
            </form>
            <LanguagePicker value={language} onChange={(l) => void changeLanguage(l)} testId="login-language" />
          </Stack>
        </Paper>
      </Center>
    </main>
  );
}
