// First run of a workstation: the language (Arabic first), the court, its chambers and the first
// user, sent to main in one setup.initialize. Nothing is written until that one call succeeds.
import { Button, Center, Fieldset, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../components/PasswordField';
import { LIMITS } from '../../../shared/schemas/common';
import { setupSchema } from '../../../shared/schemas/session';
import { indexFieldErrors } from '../../api/field-errors';
import { useApiAction } from '../../api/use-api';
import { useFormCheck } from '../../api/use-form-check';
import { TextField } from '../../components/fields/TextField';
import { useSession } from '../../app/session';
import { useFieldMessage } from '../../components/CommandModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { focusFirstInvalid, onEntryKeyDown } from '../../components/keyboard-entry';
import { LanguagePicker } from '../../components/LanguagePicker';
import { passwordConfirmation } from './password';

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
  const args = useMemo(
    () => ({
      language,
      court: { ...court, code: court.code.trim().toUpperCase() },
      chambers: chambers.map((c) => ({ code: c.code.trim().toUpperCase(), nameAr: c.nameAr, nameFr: c.nameFr })),
      user: { username: user.username.trim(), displayName: user.displayName, password: user.password },
    }),
    [language, court, chambers, user],
  );
  const confirmation = useCallback(() => passwordConfirmation(user.password, user.passwordConfirm, ['user', 'passwordConfirm']), [user.password, user.passwordConfirm]);
  const check = useFormCheck(setupSchema, args, init.error, confirmation);
  const error = check.error;
  const errors = indexFieldErrors(error);
  const message = useFieldMessage(errors);

  const submit = async () => {
    if (!check.check()) {
      window.setTimeout(() => focusFirstInvalid(formRef.current), 0);
      return;
    }
    check.sent(args);
    const r = await init.run(args);
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
                    <TextField label={t('ui.setup.courtCode')} description={t('ui.setup.codeHint')} required dir="ltr" limit={LIMITS.courtCode} value={court.code} onValue={(code) => setCourt({ ...court, code })} error={message('court.code')} autoFocus data-testid="setup-court-code" />
                    <TextField label={t('ui.setup.nameAr')} required dir="rtl" limit={LIMITS.name} value={court.nameAr} onValue={(nameAr) => setCourt({ ...court, nameAr })} error={message('court.nameAr')} data-testid="setup-court-name-ar" />
                    <TextField label={t('ui.setup.nameFr')} required dir="ltr" limit={LIMITS.name} value={court.nameFr} onValue={(nameFr) => setCourt({ ...court, nameFr })} error={message('court.nameFr')} data-testid="setup-court-name-fr" />
                  </SimpleGrid>
                </Fieldset>
                <Fieldset legend={t('ui.setup.chambers')}>
                  <Stack gap="sm">
                    {chambers.map((c, i) => (
                      <Group key={c.key} align="flex-end" gap="sm" wrap="nowrap" data-testid={`setup-chamber-${i}`}>
                        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ flex: 1 }}>
                          <TextField label={t('ui.setup.chamberCode', { n: i + 1 })} required dir="ltr" limit={LIMITS.chamberCode} value={c.code} onValue={(code) => setChamber(i, { code })} error={message(`chambers.${i}.code`)} data-testid={`setup-chamber-${i}-code`} />
                          <TextField label={t('ui.setup.nameAr')} required dir="rtl" limit={LIMITS.name} value={c.nameAr} onValue={(nameAr) => setChamber(i, { nameAr })} error={message(`chambers.${i}.nameAr`)} data-testid={`setup-chamber-${i}-name-ar`} />
                          <TextField label={t('ui.setup.nameFr')} required dir="ltr" limit={LIMITS.name} value={c.nameFr} onValue={(nameFr) => setChamber(i, { nameFr })} error={message(`chambers.${i}.nameFr`)} data-testid={`setup-chamber-${i}-name-fr`} />
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
                    <TextField label={t('ui.users.username')} description={t('ui.setup.usernameHint')} required dir="ltr" limit={LIMITS.username} value={user.username} onValue={(username) => setUser({ ...user, username })} error={message('user.username')} data-testid="setup-username" />
                    <TextField label={t('ui.users.displayName')} required limit={LIMITS.name} value={user.displayName} onValue={(displayName) => setUser({ ...user, displayName })} error={message('user.displayName')} data-testid="setup-display-name" />
                    <PasswordField label={t('ui.users.password')} description={t('ui.setup.passwordHint')} required maxLength={LIMITS.password.max} value={user.password} onChange={(e) => setUser({ ...user, password: e.currentTarget.value })} error={message('user.password')} autoComplete="new-password" data-testid="setup-password" />
                    <PasswordField label={t('ui.users.passwordConfirm')} required maxLength={LIMITS.password.max} value={user.passwordConfirm} onChange={(e) => setUser({ ...user, passwordConfirm: e.currentTarget.value })} error={message('user.passwordConfirm')} autoComplete="new-password" data-testid="setup-password-confirm" />
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
