// First run of a workstation: the language (Arabic first), the court, its chambers and the first
// user, sent to main in one setup.initialize. Nothing is written until that one call succeeds.
import { Button, Center, Fieldset, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField';
import type { AppErrorData } from '../../../shared/errors';
import { indexFieldErrors } from '../../api/field-errors';
import { useApiAction } from '../../api/use-api';
import { useSession } from '../../app/session';
import { useFieldMessage } from '../../components/CommandModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { focusFirstInvalid, onEntryKeyDown } from '../../components/keyboard-entry';
import { LanguagePicker } from '../../components/LanguagePicker';
import { passwordProblems } from './password';

interface ChamberDraft {
  key: number;
  code: string;
  nameAr: string;
  nameFr: string;
}

let chamberKey = 1;
const newChamber = (): ChamberDraft => ({ key: chamberKey++, code: '', nameAr: '', nameFr: '' });
const CLAIMED = ['court', 'chambers', 'user'];

export function SetupScreen() {
  const { t } = useTranslation();
  const { language, changeLanguage, setStatus } = useSession();
  const init = useApiAction('setup.initialize');
  const formRef = useRef<HTMLFormElement>(null);
  const [court, setCourt] = useState({ code: '', nameAr: '', nameFr: '' });
  const [chambers, setChambers] = useState<ChamberDraft[]>([newChamber()]);
  const [user, setUser] = useState({ username: '', displayName: '', password: '', passwordConfirm: '' });
  const [localError, setLocalError] = useState<AppErrorData | null>(null);
  const error = localError ?? init.error;
  const errors = indexFieldErrors(error);
  const message = useFieldMessage(errors);

  const submit = async () => {
    const problems = passwordProblems(user.password, user.passwordConfirm, 'user.password', 'user.passwordConfirm');
    setLocalError(problems);
    if (problems) {
      window.setTimeout(() => focusFirstInvalid(formRef.current), 0);
      return;
    }
    const r = await init.run({
      language,
      court: { ...court, code: court.code.trim().toUpperCase() },
      chambers: chambers.map((c) => ({ code: c.code.trim().toUpperCase(), nameAr: c.nameAr, nameFr: c.nameFr })),
      user: { username: user.username.trim(), displayName: user.displayName, password: user.password },
    });
    if (r.ok) setStatus(r.value);
    else window.setTimeout(() => focusFirstInvalid(formRef.current), 0);
  };

  const setChamber = (i: number, patch: Partial<ChamberDraft>) => setChambers(chambers.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  return (
    <main className="gate-screen">
      <Center py="xl" px="md">
        <Paper withBorder shadow="sm" p="xl" maw={860} w="100%" data-testid="setup-screen">
          <Stack gap="md">
            <div>
              <Title order={1} size="h2">
                {t('ui.setup.title')}
              </Title>
              <Text size="sm" mt={4}>
                {t('ui.setup.intro')}
              </Text>
            </div>
            <LanguagePicker value={language} onChange={(l) => void changeLanguage(l)} testId="setup-language" />
            <form
              ref={formRef}
              noValidate
              onKeyDown={onEntryKeyDown}
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
              data-testid="setup-form"
            >
              <Stack gap="md">
                <ErrorAlert error={error} claimedPrefixes={CLAIMED} />
                <Fieldset legend={t('ui.setup.court')}>
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                    <TextInput label={t('ui.setup.courtCode')} description={t('ui.setup.codeHint')} required dir="ltr" value={court.code} onChange={(e) => setCourt({ ...court, code: e.currentTarget.value })} error={message('court.code')} autoComplete="off" autoFocus data-testid="setup-court-code" />
                    <TextInput label={t('ui.setup.nameAr')} required dir="rtl" value={court.nameAr} onChange={(e) => setCourt({ ...court, nameAr: e.currentTarget.value })} error={message('court.nameAr')} autoComplete="off" data-testid="setup-court-name-ar" />
                    <TextInput label={t('ui.setup.nameFr')} required dir="ltr" value={court.nameFr} onChange={(e) => setCourt({ ...court, nameFr: e.currentTarget.value })} error={message('court.nameFr')} autoComplete="off" data-testid="setup-court-name-fr" />
                  </SimpleGrid>
                </Fieldset>
                <Fieldset legend={t('ui.setup.chambers')}>
                  <Stack gap="sm">
                    {chambers.map((c, i) => (
                      <Group key={c.key} align="flex-end" gap="sm" wrap="nowrap" data-testid={`setup-chamber-${i}`}>
                        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ flex: 1 }}>
                          <TextInput label={t('ui.setup.chamberCode', { n: i + 1 })} required dir="ltr" value={c.code} onChange={(e) => setChamber(i, { code: e.currentTarget.value })} error={message(`chambers.${i}.code`)} autoComplete="off" data-testid={`setup-chamber-${i}-code`} />
                          <TextInput label={t('ui.setup.nameAr')} required dir="rtl" value={c.nameAr} onChange={(e) => setChamber(i, { nameAr: e.currentTarget.value })} error={message(`chambers.${i}.nameAr`)} autoComplete="off" data-testid={`setup-chamber-${i}-name-ar`} />
                          <TextInput label={t('ui.setup.nameFr')} required dir="ltr" value={c.nameFr} onChange={(e) => setChamber(i, { nameFr: e.currentTarget.value })} error={message(`chambers.${i}.nameFr`)} autoComplete="off" data-testid={`setup-chamber-${i}-name-fr`} />
                        </SimpleGrid>
                        {chambers.length > 1 && (
                          <Button variant="subtle" color="red" onClick={() => setChambers(chambers.filter((_, j) => j !== i))} data-testid={`setup-chamber-${i}-remove`}>
                            {t('ui.setup.removeChamber', { n: i + 1 })}
                          </Button>
                        )}
                      </Group>
                    ))}
                    <Group>
                      <Button variant="default" onClick={() => setChambers([...chambers, newChamber()])} data-testid="setup-add-chamber">
                        {t('ui.setup.addChamber')}
                      </Button>
                    </Group>
                  </Stack>
                </Fieldset>
                <Fieldset legend={t('ui.setup.firstUser')}>
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <TextInput label={t('ui.users.username')} description={t('ui.setup.usernameHint')} required dir="ltr" value={user.username} onChange={(e) => setUser({ ...user, username: e.currentTarget.value })} error={message('user.username')} autoComplete="off" data-testid="setup-username" />
                    <TextInput label={t('ui.users.displayName')} required value={user.displayName} onChange={(e) => setUser({ ...user, displayName: e.currentTarget.value })} error={message('user.displayName')} autoComplete="off" data-testid="setup-display-name" />
                    <PasswordField label={t('ui.users.password')} description={t('ui.setup.passwordHint')} required value={user.password} onChange={(e) => setUser({ ...user, password: e.currentTarget.value })} error={message('user.password')} autoComplete="new-password" data-testid="setup-password" />
                    <PasswordField label={t('ui.users.passwordConfirm')} required value={user.passwordConfirm} onChange={(e) => setUser({ ...user, passwordConfirm: e.currentTarget.value })} error={message('user.passwordConfirm')} autoComplete="new-password" data-testid="setup-password-confirm" />
                  </SimpleGrid>
                </Fieldset>
                <Group justify="flex-end">
                  <Button type="submit" size="md" loading={init.pending} data-testid="setup-submit">
                    {t('ui.setup.submit')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Stack>
        </Paper>
      </Center>
    </main>
  );
}
