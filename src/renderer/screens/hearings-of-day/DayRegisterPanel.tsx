// The register of the day shown beside its roll (ARCHITECTURE §6, the signed daily register):
// closed — by whom, how many entries, up to which entry of the chain — or not yet; and, for the
// chief clerk, on a day that has come, the button that signs it with the card (CardSignModal).
// Green only when the signer is trusted (chained to the admin's anchors): a valid signature by an
// unknown key proves nothing.
import { Alert, Button, Group, Paper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayRegisterView } from '../../../shared/schemas/signing';
import { useApiAction, useApiQuery } from '../../api/use-api';
import { useSession } from '../../app/session';
import { AutoDir } from '../../components/AutoDir';
import { CardSignModal } from '../../components/CardSignModal';
import { DateWithHijri } from '../../components/DateWithHijri';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';

const SIGNER_TRUST_KEYS = {
  trusted: 'ui.dayRegister.signerTrusted',
  untrusted: 'ui.dayRegister.signerUntrusted',
  notValidWhenSigned: 'ui.dayRegister.signerNotValidWhenSigned',
  noTrustAnchors: 'ui.dayRegister.signerNotChecked',
} as const satisfies Record<NonNullable<DayRegisterView['signerTrust']>, string>;

export function DayRegisterPanel({ date }: { date: string }) {
  const { t } = useTranslation();
  const { status } = useSession();
  const [tick, setTick] = useState(0);
  const [signing, setSigning] = useState(false);
  const register = useApiQuery('registers.ofDay', { courtDate: date }, `${date}:${tick}`);
  const close = useApiAction('registers.closeDay');
  const mayClose = status.user?.roles.includes('chief_clerk') ?? false;
  const dayHasCome = date <= status.courtToday;
  const view = register.data;

  return (
    <Paper withBorder mt="md" p="sm" component="section" aria-labelledby="day-register-title" data-testid="day-register">
      <Title order={3} size="h5" id="day-register-title" mb={4}>
        {t('ui.dayRegister.title')}
      </Title>
      <ErrorAlert error={register.error} />
      {view?.closed ? (
        <Alert
          color={!view.signatureValid || view.signerTrust === 'untrusted' || view.signerTrust === 'notValidWhenSigned' ? 'red' : view.signerTrust === 'trusted' ? 'green' : 'yellow'}
          data-testid="day-register-closed"
          data-valid={String(view.signatureValid)}
          data-trust={view.signerTrust ?? undefined}
        >
          {t('ui.dayRegister.closed', { count: view.entryCount ?? 0 })}{' '}
          {(view.signerNames.length > 0 ? view.signerNames : [view.signerSubject ?? '']).map((n, i) => (
            <span key={i}>
              {i > 0 ? ' · ' : ''}
              <AutoDir>{n}</AutoDir>
            </span>
          ))}{' '}
          <Text span size="sm" c="dimmed">
            {t('ui.dayRegister.head')} <Ltr>{`#${view.headSeq}`}</Ltr>
          </Text>
          {!view.signatureValid && (
            <Text size="sm" fw={600} mt={4}>
              {t('ui.dayRegister.signatureBroken')}
            </Text>
          )}
          {view.signerTrust && (
            <Text size="sm" fw={view.signerTrust === 'trusted' ? undefined : 600} mt={4} data-testid="day-register-trust">
              {t(SIGNER_TRUST_KEYS[view.signerTrust])}
            </Text>
          )}
        </Alert>
      ) : (
        view && (
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm" data-testid="day-register-open">
              {dayHasCome ? t('ui.dayRegister.open') : t('ui.dayRegister.notYet')}
            </Text>
            {mayClose && dayHasCome && (
              <Button variant="light" onClick={() => setSigning(true)} data-testid="day-register-close">
                {t('ui.dayRegister.close')}
              </Button>
            )}
          </Group>
        )
      )}
      {signing && (
        <CardSignModal
          title={t('ui.dayRegister.signTitle')}
          submitLabel={t('ui.signing.sign')}
          testId="day-register-modal"
          pending={close.pending}
          error={close.error}
          onClose={() => setSigning(false)}
          onSign={async (card) => {
            const r = await close.run({ courtDate: date, ...card });
            if (r.ok) {
              setSigning(false);
              setTick((n) => n + 1);
            }
            return r.ok;
          }}
        >
          <Text size="sm">
            {t('ui.dayRegister.explain')} <DateWithHijri iso={date} />
          </Text>
        </CardSignModal>
      )}
    </Paper>
  );
}
