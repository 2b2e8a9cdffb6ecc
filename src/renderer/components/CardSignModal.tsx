// Signing something on a card (a judgment, the day's register): the tokens present (kept live while
// the dialog is open: main polls them and pushes 'signing.tokens' as cards come and go), the
// certificates the chosen token offers (subject in Arabic and Latin, issuer, validity), a PIN field
// only when the token needs a login and has no pinpad, and the token's PIN state after a wrong PIN.
// The PIN is sent once and cleared. What is signed, and how, is the caller's `onSign`.
import { Alert, Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors';
import type { CertificateView, TokenList, TokenView } from '../../shared/schemas/signing';
import type { TokenRef } from '../../shared/signing/token-protocol';
import { useApiContext } from '../api/api-context';
import { useCall } from '../api/use-api';
import { formatGregorian } from '../format/dates';
import { AutoDir } from './AutoDir';
import { ErrorAlert } from './ErrorAlert';
import { Ltr } from './Ltr';
import { PasswordField } from './PasswordField';
import { useReturnFocus } from './use-return-focus';

export interface CardChoice {
  token: TokenRef;
  keyId: string;
  /** null: the token needs no login, or its reader has a pinpad. */
  pin: string | null;
}

interface Props {
  title: string;
  submitLabel: string;
  /** The modal's test id. */
  testId: string;
  /** What is being signed, above the card's choices. */
  children?: ReactNode;
  pending: boolean;
  error: AppErrorData | null;
  /** Signs with the card chosen; true when it was signed (the caller closes the dialog). */
  onSign: (card: CardChoice) => Promise<boolean>;
  onClose: () => void;
}

/** A dialog left open renews its watch before main's five-minute expiry. */
const RENEW_WATCH_MS = 60_000;

function tokenKey(t: Pick<TokenView, 'label' | 'serial'>): string {
  return `${t.label}\u0000${t.serial}`;
}

export function CardSignModal({ title, submitLabel, testId, children, pending, error, onSign, onClose }: Props) {
  const { t } = useTranslation();
  useReturnFocus();
  const { events } = useApiContext();
  const call = useCall();
  const [tokens, setTokens] = useState<TokenList | null>(null);
  const [tokenChoice, setTokenChoice] = useState<string | null>(null);
  const [certificates, setCertificates] = useState<CertificateView[] | null>(null);
  const [keyId, setKeyId] = useState<string | null>(null);
  const [pin, setPin] = useState('');

  useEffect(() => {
    let alive = true;
    const unsubscribe = events.subscribe((m) => {
      if (m.event === 'signing.tokens') setTokens(m.payload);
    });
    const watch = () =>
      void call('signing.watchTokens', { watching: true }).then((r) => {
        if (alive && r.ok) setTokens(r.value);
      });
    watch();
    const renew = setInterval(watch, RENEW_WATCH_MS);
    return () => {
      alive = false;
      clearInterval(renew);
      unsubscribe();
      void call('signing.watchTokens', { watching: false });
    };
  }, [events, call]);

  const present = tokens?.tokens ?? [];
  // A pulled card takes its choice with it; a single card is chosen for the clerk.
  const token = present.find((x) => tokenKey(x) === tokenChoice) ?? (present.length === 1 ? present[0]! : null);
  const chosenKey = token ? tokenKey(token) : null;

  useEffect(() => {
    setCertificates(null);
    setKeyId(null);
    if (!token) return;
    let alive = true;
    void call('signing.certificates', { token: { label: token.label, serial: token.serial } }).then((r) => {
      if (!alive || !r.ok) return;
      setCertificates(r.value.certificates);
      if (r.value.certificates.length === 1) setKeyId(r.value.certificates[0]!.keyId);
    });
    return () => {
      alive = false;
    };
    // The token's identity, not its object: a new list with the same card keeps the certificates.
  }, [chosenKey, call]);

  const needsPin = token !== null && token.loginRequired && !token.protectedAuthPath;
  const canSign = token !== null && keyId !== null && token.pinState !== 'locked' && (!needsPin || pin.length > 0) && !pending;

  async function submit() {
    if (!token || !keyId) return;
    const entered = needsPin ? pin : null;
    // Never kept: the field is emptied whatever the answer.
    setPin('');
    const signed = await onSign({ token: { label: token.label, serial: token.serial }, keyId, pin: entered });
    if (!signed) {
      // After a refusal the token's PIN state may have changed (count low, final try, locked).
      const again = await call('signing.tokens', {});
      if (again.ok) setTokens(again.value);
    }
  }

  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': t('ui.common.close') }} data-testid={testId}>
      <Stack gap="sm">
        {children}
        {tokens && !tokens.configured && <Alert color="yellow">{t('signing.errors.moduleNotConfigured')}</Alert>}
        {tokens?.problem && <ErrorAlert error={tokens.problem} data-testid="token-problem" />}
        {tokens && tokens.configured && present.length === 0 && !tokens.problem && (
          <Alert color="blue" data-testid="no-token">
            {t('ui.signing.insertCard')}
          </Alert>
        )}
        {present.length > 0 && (
          <Radio.Group label={t('ui.signing.token')} value={chosenKey} onChange={setTokenChoice} data-testid="token-choice">
            <Stack gap={4} mt={4}>
              {present.map((x) => (
                <Radio
                  key={tokenKey(x)}
                  value={tokenKey(x)}
                  data-testid="token-option"
                  label={
                    <>
                      <AutoDir>{x.label}</AutoDir> <Ltr>{`(${x.manufacturer} · ${x.serial})`}</Ltr>
                    </>
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {token && certificates && certificates.length === 0 && <Alert color="yellow">{t('ui.signing.noCertificate')}</Alert>}
        {certificates && certificates.length > 0 && (
          <Radio.Group label={t('ui.signing.certificate')} value={keyId} onChange={setKeyId}>
            <Stack gap={4} mt={4}>
              {certificates.map((c) => (
                <Radio
                  key={c.keyId}
                  value={c.keyId}
                  data-testid="certificate-option"
                  label={
                    <Stack gap={0}>
                      <Text size="sm" fw={600}>
                        {c.commonNames.map((n, i) => (
                          <span key={i}>
                            {i > 0 ? ' · ' : ''}
                            <AutoDir>{n}</AutoDir>
                          </span>
                        ))}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('ui.common.label', { label: t('ui.signing.issuer') })} <AutoDir>{c.issuer}</AutoDir>
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('ui.common.label', { label: t('ui.signing.validity') })} <Ltr>{`${formatGregorian(c.notBefore.slice(0, 10))} – ${formatGregorian(c.notAfter.slice(0, 10))}`}</Ltr>
                      </Text>
                    </Stack>
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {token?.pinState === 'countLow' && <Alert color="orange">{t('ui.signing.pinCountLow')}</Alert>}
        {token?.pinState === 'finalTry' && <Alert color="red">{t('ui.signing.pinFinalTry')}</Alert>}
        {token?.pinState === 'locked' && <Alert color="red">{t('signing.errors.pinLocked')}</Alert>}
        {token?.protectedAuthPath && <Alert color="blue">{t('ui.signing.pinOnPinpad')}</Alert>}
        {needsPin && token.pinState !== 'locked' && (
          <PasswordField label={t('ui.signing.pin')} value={pin} onChange={(e) => setPin(e.currentTarget.value)} autoComplete="off" maxLength={64} data-testid="pin-input" />
        )}
        <ErrorAlert error={error} data-testid="sign-error" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('ui.common.cancel')}
          </Button>
          <Button onClick={() => void submit()} disabled={!canSign} loading={pending} data-testid="sign-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
