// Settings → the court's server: on a standalone desk an administrator enrols it (server address
// and the one-time code the server's operator gave); on an enrolled one, where it syncs and how.
// Main checks the role, the address and the code; this form only says what main says.
import { Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/schemas/common';
import type { SyncStatus } from '../../../shared/schemas/desk-sync';
import { isAdmin, useSession } from '../../app/session';
import { useCommandForm } from '../../components/CommandModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/fields/TextField';
import { Ltr } from '../../components/Ltr';
import { onEntryKeyDown } from '../../components/keyboard-entry';
import { formatCourtTime } from '../../format/dates';

function EnrolForm() {
  const { t } = useTranslation();
  const { setStatus } = useSession();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  // Enrolled: the court and its users are the server's now; main signed the desk out.
  const form = useCommandForm('sync.enrol', { serverUrl, code }, (status) => setStatus(status));
  return (
    <form
      noValidate
      onKeyDown={onEntryKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit();
      }}
      data-testid="enrol-form"
    >
      <Stack gap="sm">
        <Text size="sm">{t('ui.sync.enrol.explain')}</Text>
        <ErrorAlert error={form.error} claimedPrefixes={['serverUrl', 'code']} data-testid="enrol-error" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextField
            label={t('ui.sync.enrol.serverUrl')}
            description={t('ui.sync.enrol.serverUrlHint')}
            required
            dir="ltr"
            limit={LIMITS.url}
            value={serverUrl}
            onValue={setServerUrl}
            error={form.message('serverUrl')}
            data-testid="enrol-server-url"
          />
          <TextField
            label={t('ui.sync.enrol.code')}
            description={t('ui.sync.enrol.codeHint')}
            required
            dir="ltr"
            limit={64}
            value={code}
            onValue={setCode}
            error={form.message('code')}
            data-testid="enrol-code"
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={form.pending} data-testid="enrol-submit">
            {t('ui.sync.enrol.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ServerSection({ sync }: { sync: SyncStatus | null }) {
  const { t } = useTranslation();
  const { status } = useSession();
  if (!sync) return null;
  if (sync.state === 'standalone' && !isAdmin(status)) return null;
  return (
    <section aria-labelledby="settings-server" data-testid="settings-server">
      <Title order={3} size="h4" id="settings-server" mb="sm">
        {t('ui.sync.enrol.title')}
      </Title>
      {sync.state === 'standalone' ? (
        <EnrolForm />
      ) : (
        <dl className="facts">
          <div className="fact">
            <dt>{t('ui.sync.enrol.serverUrl')}</dt>
            <dd data-testid="settings-server-url">
              <Ltr>{sync.serverUrl}</Ltr>
            </dd>
          </div>
          <div className="fact">
            <dt>{t('ui.sync.status')}</dt>
            <dd data-testid="settings-sync-state">{t(`ui.sync.state.${sync.state}`)}</dd>
          </div>
          {sync.lastSyncedAt && (
            <div className="fact">
              <dt>{t('ui.sync.lastSyncedLabel')}</dt>
              <dd>
                <Ltr>{formatCourtTime(sync.lastSyncedAt)}</Ltr>
              </dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}
