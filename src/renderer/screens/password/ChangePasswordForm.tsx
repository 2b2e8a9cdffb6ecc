// A person changes their own password: the current one (checked by main with the same brake on
// guessing as the lock screen), the new one typed twice. Used in Settings, and as the only screen a
// user sees after an admin reset their password, until they choose their own.
import { Button, Group, SimpleGrid, Stack } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/schemas/common';
import type { AppStatus } from '../../../shared/schemas/views';
import { useCommandForm } from '../../components/CommandModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { onEntryKeyDown } from '../../components/keyboard-entry';
import { PasswordField } from '../../components/PasswordField';
import { passwordConfirmation } from '../setup/password';

export function ChangePasswordForm({ onChanged, autoFocus }: { onChanged: (status: AppStatus) => void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const confirmation = useCallback(() => passwordConfirmation(next, confirm, ['passwordConfirm']), [next, confirm]);
  const form = useCommandForm(
    'users.changeOwnPassword',
    { currentPassword: current, newPassword: next },
    (status) => {
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      onChanged(status);
    },
    confirmation,
  );
  return (
    <form
      noValidate
      onKeyDown={onEntryKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        setDone(false);
        void form.submit();
      }}
      data-testid="change-password-form"
    >
      <Stack gap="sm">
        <ErrorAlert error={form.error} claimedPrefixes={['currentPassword', 'newPassword', 'passwordConfirm']} />
        {done && !form.error && (
          <div role="status" className="form-success" data-testid="change-password-done">
            {t('ui.password.changed')}
          </div>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <PasswordField label={t('ui.password.current')} required maxLength={LIMITS.password.max} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={form.message('currentPassword')} autoComplete="current-password" autoFocus={autoFocus} data-testid="change-password-current" />
          <PasswordField label={t('ui.password.new')} description={t('ui.setup.passwordHint')} required maxLength={LIMITS.password.max} value={next} onChange={(e) => setNext(e.currentTarget.value)} error={form.message('newPassword')} autoComplete="new-password" data-testid="change-password-new" />
          <PasswordField label={t('ui.users.passwordConfirm')} required maxLength={LIMITS.password.max} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={form.message('passwordConfirm')} autoComplete="new-password" data-testid="change-password-confirm" />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={form.pending} data-testid="change-password-submit">
            {t('ui.password.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
