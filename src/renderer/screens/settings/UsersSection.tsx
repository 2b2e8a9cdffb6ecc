// The court's users (admins only): the list, and a form to create one with roles and a password
// typed twice. The password goes to main once and is hashed there; it is never kept here.
import { Button, Checkbox, Group, Paper, SimpleGrid, Table, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField';
import { ROLES, type Language, type Role } from '../../../shared/enums';
import type { AppErrorData } from '../../../shared/errors';
import { indexFieldErrors } from '../../api/field-errors';
import { useApiAction, useApiQuery } from '../../api/use-api';
import { useFieldMessage } from '../../components/CommandModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { onEntryKeyDown } from '../../components/keyboard-entry';
import { AutoDir } from '../../components/AutoDir';
import { useEnumLabel } from '../../components/use-enum-label';
import { formatList } from '../../format/lists';
import { passwordProblems } from '../setup/password';

const CLAIMED = ['username', 'displayName', 'roles', 'password', 'passwordConfirm'];

export function UsersSection() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const label = useEnumLabel();
  const [tick, setTick] = useState(0);
  const users = useApiQuery('users.list', {}, String(tick));
  const create = useApiAction('users.create');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['clerk']);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<AppErrorData | null>(null);
  const error = localError ?? create.error;
  const message = useFieldMessage(indexFieldErrors(error));

  const submit = async () => {
    const problems = passwordProblems(password, confirm, 'password', 'passwordConfirm');
    if (problems) {
      setLocalError(problems);
      return;
    }
    setLocalError(null);
    const r = await create.run({ username, displayName, roles, password });
    if (r.ok) {
      setUsername('');
      setDisplayName('');
      setRoles(['clerk']);
      setPassword('');
      setConfirm('');
      setTick((n) => n + 1);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="users-title" data-testid="users-section">
      <Title order={3} size="h4" id="users-title" mb="sm">
        {t('ui.users.title')}
      </Title>
      <ErrorAlert error={users.error} />
      <Table striped mb="md" className="data-table" data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th className="col-name">{t('ui.users.username')}</Table.Th>
            <Table.Th className="col-name">{t('ui.users.displayName')}</Table.Th>
            <Table.Th className="col-name">{t('ui.users.roles')}</Table.Th>
            <Table.Th className="col-label">{t('ui.users.active')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(users.data?.users ?? []).map((u) => (
            <Table.Tr key={u.id} data-testid="user-row">
              <Table.Td>
                <AutoDir>{u.username}</AutoDir>
              </Table.Td>
              <Table.Td>
                <AutoDir>{u.displayName}</AutoDir>
              </Table.Td>
              <Table.Td data-column="roles">{formatList(u.roles.map((r) => label('role', r)), language)}</Table.Td>
              <Table.Td>{t(u.active ? 'ui.common.yes' : 'ui.common.no')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={4} size="h5" mb="xs">
        {t('ui.users.create')}
      </Title>
      <form
        noValidate
        onKeyDown={onEntryKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        data-testid="create-user-form"
      >
        <ErrorAlert error={error} claimedPrefixes={CLAIMED} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
          <TextInput label={t('ui.users.username')} required dir="ltr" value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={message('username')} autoComplete="off" data-testid="new-user-username" />
          <TextInput label={t('ui.users.displayName')} required value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} error={message('displayName')} autoComplete="off" data-testid="new-user-display-name" />
          <PasswordField label={t('ui.users.password')} required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={message('password')} autoComplete="new-password" data-testid="new-user-password" />
          <PasswordField label={t('ui.users.passwordConfirm')} required value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={message('passwordConfirm')} autoComplete="new-password" data-testid="new-user-password-confirm" />
        </SimpleGrid>
        <Checkbox.Group label={t('ui.users.roles')} value={roles} onChange={(v) => setRoles(v as Role[])} error={message('roles')} mt="sm" data-testid="new-user-roles">
          <Group gap="md" mt={4}>
            {ROLES.map((r) => (
              <Checkbox key={r} value={r} label={label('role', r)} data-testid={`new-user-role-${r}`} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={create.pending} data-testid="new-user-submit">
            {t('ui.users.createSubmit')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
