// The court's users (admins only): the list, what an admin does to one (change the roles, give a new
// password the user must change at the next sign-in, deactivate or reactivate), and the form that
// creates one. Passwords go to main once and are hashed there; they are never kept here. Main checks
// every role and the rule that the court keeps an administrator; the buttons only follow it.
import { Badge, Button, Checkbox, Group, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Language, type Role } from '../../../shared/enums';
import { LIMITS } from '../../../shared/schemas/common';
import { createUserInputSchema } from '../../../shared/schemas/session';
import type { UserView } from '../../../shared/schemas/views';
import { indexFieldErrors } from '../../api/field-errors';
import { useApiAction, useApiQuery } from '../../api/use-api';
import { useFormCheck } from '../../api/use-form-check';
import { useSession } from '../../app/session';
import { CommandModal, useCommandForm, useFieldMessage } from '../../components/CommandModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/fields/TextField';
import { onEntryKeyDown } from '../../components/keyboard-entry';
import { PasswordField } from '../../components/PasswordField';
import { useEnumLabel } from '../../components/use-enum-label';
import { formatList } from '../../format/lists';
import { AutoDir } from '../../components/AutoDir';
import { passwordConfirmation } from '../setup/password';

const CLAIMED = ['username', 'displayName', 'roles', 'password', 'passwordConfirm'];

type Dialog = { kind: 'roles' | 'password' | 'active'; user: UserView } | null;

function RoleCheckboxes({ value, onChange, error, testId, itemTestId }: { value: Role[]; onChange: (roles: Role[]) => void; error: string | undefined; testId: string; itemTestId: string }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  return (
    <Checkbox.Group label={t('ui.users.roles')} value={value} onChange={(v) => onChange(v as Role[])} error={error} data-testid={testId}>
      <Group gap="md" mt={4}>
        {ROLES.map((r) => (
          <Checkbox key={r} value={r} label={label('role', r)} data-testid={`${itemTestId}-${r}`} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

export function UsersSection() {
  const { t, i18n } = useTranslation();
  const label = useEnumLabel();
  const me = useSession().status.user?.id;
  const [tick, setTick] = useState(0);
  const users = useApiQuery('users.list', {}, String(tick));
  const [dialog, setDialog] = useState<Dialog>(null);
  const reload = () => {
    setDialog(null);
    setTick((n) => n + 1);
  };
  const roles = (u: UserView) => formatList(u.roles.map((r) => label('role', r)), i18n.language as Language);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="users-title" data-testid="users-section">
      <Title order={3} size="h4" id="users-title" mb="sm">
        {t('ui.users.title')}
      </Title>
      <ErrorAlert error={users.error} />
      <Table.ScrollContainer minWidth={820}>
        <Table striped mb="md" className="data-table" data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th className="col-name">{t('ui.users.username')}</Table.Th>
              <Table.Th className="col-name">{t('ui.users.displayName')}</Table.Th>
              <Table.Th className="col-name">{t('ui.users.roles')}</Table.Th>
              <Table.Th className="col-label">{t('ui.users.state')}</Table.Th>
              <Table.Th>{t('ui.common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data?.users ?? []).map((u) => (
              <Table.Tr key={u.id} data-testid="user-row" data-username={u.username} data-active={u.active}>
                <Table.Td>
                  <AutoDir>{u.username}</AutoDir>
                </Table.Td>
                <Table.Td>
                  <AutoDir>{u.displayName}</AutoDir>
                </Table.Td>
                <Table.Td data-column="roles" data-testid="user-roles">
                  {roles(u)}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge variant="light" color={u.active ? 'green' : 'gray'} data-testid="user-state">
                      {t(u.active ? 'ui.users.activeState' : 'ui.users.inactiveState')}
                    </Badge>
                    {u.mustChangePassword && (
                      <Badge variant="light" color="orange" data-testid="user-must-change">
                        {t('ui.users.mustChange')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-sm" variant="light" onClick={() => setDialog({ kind: 'roles', user: u })} data-testid="user-roles-button">
                      {t('ui.users.editRoles')}
                    </Button>
                    {u.id !== me && (
                      <Button size="compact-sm" variant="light" onClick={() => setDialog({ kind: 'password', user: u })} data-testid="user-reset-button">
                        {t('ui.users.resetPassword')}
                      </Button>
                    )}
                    {u.id !== me && (
                      <Button size="compact-sm" variant="light" color={u.active ? 'red' : 'green'} onClick={() => setDialog({ kind: 'active', user: u })} data-testid="user-active-button">
                        {t(u.active ? 'ui.users.deactivate' : 'ui.users.reactivate')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CreateUserForm onCreated={reload} />
      {dialog?.kind === 'roles' && <RolesModal user={dialog.user} onClose={() => setDialog(null)} onDone={reload} />}
      {dialog?.kind === 'password' && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} onDone={reload} />}
      {dialog?.kind === 'active' && <ActiveModal user={dialog.user} onClose={() => setDialog(null)} onDone={reload} />}
    </Paper>
  );
}

function RolesModal({ user, onClose, onDone }: { user: UserView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const form = useCommandForm('users.setRoles', { userId: user.id, baseVersion: user.version, roles }, onDone);
  return (
    <CommandModal opened onClose={onClose} title={t('ui.users.editRolesOf', { name: user.displayName })} submitLabel={t('ui.common.save')} form={form} claimedPrefixes={['roles']} testId="roles-modal">
      <RoleCheckboxes value={roles} onChange={setRoles} error={form.message('roles')} testId="roles-modal-roles" itemTestId="roles-modal-role" />
    </CommandModal>
  );
}

function ResetPasswordModal({ user, onClose, onDone }: { user: UserView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const confirmation = useCallback(() => passwordConfirmation(password, confirm, ['passwordConfirm']), [password, confirm]);
  const form = useCommandForm('users.resetPassword', { userId: user.id, baseVersion: user.version, newPassword: password }, onDone, confirmation);
  return (
    <CommandModal
      opened
      onClose={onClose}
      title={t('ui.users.resetPasswordOf', { name: user.displayName })}
      submitLabel={t('ui.users.resetPassword')}
      form={form}
      claimedPrefixes={['newPassword', 'passwordConfirm']}
      testId="reset-password-modal"
    >
      <Text size="sm">{t('ui.users.resetPasswordHint')}</Text>
      <PasswordField label={t('ui.users.newPassword')} required maxLength={LIMITS.password.max} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={form.message('newPassword')} autoComplete="new-password" data-autofocus data-testid="reset-password-new" />
      <PasswordField label={t('ui.users.passwordConfirm')} required maxLength={LIMITS.password.max} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={form.message('passwordConfirm')} autoComplete="new-password" data-testid="reset-password-confirm" />
    </CommandModal>
  );
}

function ActiveModal({ user, onClose, onDone }: { user: UserView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useCommandForm('users.setActive', { userId: user.id, baseVersion: user.version, active: !user.active }, onDone);
  return (
    <CommandModal
      opened
      onClose={onClose}
      title={t(user.active ? 'ui.users.deactivateTitle' : 'ui.users.reactivateTitle', { name: user.displayName })}
      submitLabel={t(user.active ? 'ui.users.deactivate' : 'ui.users.reactivate')}
      form={form}
      claimedPrefixes={[]}
      testId="active-modal"
      danger={user.active}
    >
      <Text size="sm">{t(user.active ? 'ui.users.deactivateHint' : 'ui.users.reactivateHint')}</Text>
    </CommandModal>
  );
}

function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const create = useApiAction('users.create');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['clerk']);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const args = useMemo(() => ({ username: username.trim(), displayName, roles, password }), [username, displayName, roles, password]);
  const confirmation = useCallback(() => passwordConfirmation(password, confirm, ['passwordConfirm']), [password, confirm]);
  const check = useFormCheck(createUserInputSchema, args, create.error, confirmation);
  const message = useFieldMessage(indexFieldErrors(check.error));

  const submit = async () => {
    if (!check.check()) return;
    check.sent(args);
    const r = await create.run(args);
    if (r.ok) {
      check.reset();
      setUsername('');
      setDisplayName('');
      setRoles(['clerk']);
      setPassword('');
      setConfirm('');
      onCreated();
    }
  };

  return (
    <>
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
        <ErrorAlert error={check.error} claimedPrefixes={CLAIMED} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
          <TextField label={t('ui.users.username')} required dir="ltr" limit={LIMITS.username} value={username} onValue={setUsername} error={message('username')} data-testid="new-user-username" />
          <TextField label={t('ui.users.displayName')} required limit={LIMITS.name} value={displayName} onValue={setDisplayName} error={message('displayName')} data-testid="new-user-display-name" />
          <PasswordField label={t('ui.users.password')} required maxLength={LIMITS.password.max} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={message('password')} autoComplete="new-password" data-testid="new-user-password" />
          <PasswordField label={t('ui.users.passwordConfirm')} required maxLength={LIMITS.password.max} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={message('passwordConfirm')} autoComplete="new-password" data-testid="new-user-password-confirm" />
        </SimpleGrid>
        <div style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
          <RoleCheckboxes value={roles} onChange={setRoles} error={message('roles')} testId="new-user-roles" itemTestId="new-user-role" />
        </div>
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={create.pending} data-testid="new-user-submit">
            {t('ui.users.createSubmit')}
          </Button>
        </Group>
      </form>
    </>
  );
}
