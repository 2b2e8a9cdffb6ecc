// What a user whose password an admin reset sees after signing in, and nothing else until they have
// chosen their own (main refuses every other call meanwhile). They may also sign out.
import { Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiAction } from '../../api/use-api';
import { useSession } from '../../app/session';
import { ChangePasswordForm } from './ChangePasswordForm';

export function MustChangePasswordScreen() {
  const { t } = useTranslation();
  const { status, setStatus } = useSession();
  const logout = useApiAction('session.logout');
  return (
    <main className="gate-screen">
      <Center mih="100vh" p="md">
        <Paper withBorder shadow="sm" p="xl" w={860} maw="100%" data-testid="must-change-password-screen">
          <Stack gap="md">
            <div>
              <Title order={1} size="h2">
                {t('ui.password.mustChangeTitle')}
              </Title>
              <Text size="sm" mt={4}>
                {t('ui.password.mustChangeIntro', { name: status.user?.displayName ?? '' })}
              </Text>
            </div>
            <ChangePasswordForm onChanged={setStatus} autoFocus />
            <Group>
              <Button
                variant="subtle"
                onClick={async () => {
                  const r = await logout.run({});
                  if (r.ok) setStatus(r.value);
                }}
                data-testid="must-change-logout"
              >
                {t('ui.session.logout')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </Center>
    </main>
  );
}
