// What the clerk sees when main cannot be reached at start or the database could not be opened:
// the reason in their language and a way to try again. Never a blank screen or a crash loop.
import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Ltr } from '../components/Ltr';
import { isolateForeignParams } from '../i18n/isolated-params';

export function BootError({ error, onRetry }: { error: { i18nKey: string; params?: Record<string, string | number> | undefined }; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <main>
      <Stack gap="md" maw={640} mx="auto" p="xl" data-testid="startup-error">
        <Title order={1} size="h3">
          {t('ui.startup.title')}
        </Title>
        <Text role="alert">{t(error.i18nKey, isolateForeignParams(error.params))}</Text>
        {typeof error.params?.file === 'string' && (
          <Text size="sm">
            {t('ui.startup.file')} <Ltr>{error.params.file}</Ltr>
          </Text>
        )}
        <Text size="sm">{t('ui.startup.hint')}</Text>
        {onRetry && <Button onClick={onRetry}>{t('ui.common.retry')}</Button>}
      </Stack>
    </main>
  );
}
