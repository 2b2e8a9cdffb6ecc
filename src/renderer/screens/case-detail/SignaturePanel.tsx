// The judgment's signatures as the built-in verifier reads its signed file (signing.verifyJudgment):
// green when every signature is valid, and per signature who signed, when (court time), whether it
// covers the whole file or changes were appended after it (the clerk's countersignature after the
// judge's), and whether its chain leads to an authority the court trusts.
import { Alert, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JudgmentSignatureView } from '../../../shared/schemas/judgment-signing';
import { useApiQuery } from '../../api/use-api';
import { AutoDir } from '../../components/AutoDir';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Ltr } from '../../components/Ltr';
import { formatCourtTime } from '../../format/dates';

interface Props {
  judgmentId: string;
  /** The records' signatures: what the file's must match. */
  signatures: JudgmentSignatureView[];
  /** Changes when a signature is added, so the file is verified again. */
  version: number;
}

export function SignaturePanel({ judgmentId, signatures, version }: Props) {
  const { t } = useTranslation();
  const verified = useApiQuery('signing.verifyJudgment', { judgmentId }, `${judgmentId}:${version}`);
  const v = verified.data;
  const allValid = v?.allValid === true;
  return (
    <Paper
      withBorder
      p="sm"
      mt="sm"
      bg={v ? (allValid ? 'var(--mantine-color-green-0)' : 'var(--mantine-color-red-0)') : undefined}
      data-testid="signature-panel"
      data-valid={v ? String(allValid) : undefined}
    >
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{t('ui.signing.panelTitle')}</Text>
        {v && (
          <Badge color={allValid ? 'green' : 'red'} data-testid="signature-verdict">
            {allValid ? t('ui.signing.allValid') : t('ui.signing.notAllValid')}
          </Badge>
        )}
      </Group>
      <ErrorAlert error={verified.error} />
      {v && !v.fileOnDesk && <Alert color="yellow">{t('ui.signing.fileNotOnDesk')}</Alert>}
      <Stack gap={6}>
        {signatures.map((s, i) => {
          const check = v?.signatures[i];
          return (
            <div key={s.id} data-testid="signature-row" data-valid={check ? String(check.valid) : undefined}>
              <Text size="sm">
                <Badge size="sm" variant="light" color={check?.valid ? 'green' : check ? 'red' : 'gray'} me={6}>
                  {s.step === 'judge' ? t('ui.signing.stepJudge') : t('ui.signing.stepClerk')}
                </Badge>
                <AutoDir>{s.signerDisplayName ?? s.certificateSubject}</AutoDir>
                {check && check.signerCommonNames.length > 0 && (
                  <>
                    {' — '}
                    {check.signerCommonNames.map((n, k) => (
                      <span key={k}>
                        {k > 0 ? ' · ' : ''}
                        <AutoDir>{n}</AutoDir>
                      </span>
                    ))}
                  </>
                )}
              </Text>
              <Text size="xs" c="dimmed">
                {t('ui.signing.signedAt')}: <Ltr>{formatCourtTime(s.signedAtCourtTime)}</Ltr>
                {check && (
                  <>
                    {' · '}
                    {check.coversWholeFile ? t('ui.signing.coversWhole') : t('ui.signing.changesAppended', { bytes: check.bytesAfter })}
                    {' · '}
                    {check.chain === 'trusted' ? t('ui.signing.chainTrusted') : check.chain === 'untrusted' ? t('ui.signing.chainUntrusted') : t('ui.signing.chainNotChecked')}
                    {!check.integrity && ` · ${t('ui.signing.integrityBroken')}`}
                  </>
                )}
              </Text>
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
}
