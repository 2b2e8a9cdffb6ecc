// The judgment's signatures as the built-in verifier reads its newest signed file
// (signing.verifyJudgment): green when every signature is valid, and per signature who signed, when
// (court time), its PAdES level and trusted time, whether it covers the whole file or changes were
// appended after it (the clerk's countersignature after the judge's), and whether its chain leads
// to an authority the court trusts; then the document timestamps that extensions added. For the
// judgment's keepers, "Extend for long-term validation" when main says an extension is due here
// (signing.extendJudgment); its result or its refusal is shown in the clerk's language. The
// verifier's report of the file is exported from here (VerificationReportButtons). The desk's copy
// found cut short (edited or cut on disk) says so above the list (FileCutAlert).
import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExtensionLevel, JudgmentSignatureView } from '../../../shared/schemas/judgment-signing';
import type { SignatureVerdictView } from '../../../shared/schemas/signing';
import { useApiAction, useApiQuery } from '../../api/use-api';
import { AutoDir } from '../../components/AutoDir';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileCutAlert } from '../../components/signatures/FileCutAlert';
import { Ltr } from '../../components/Ltr';
import { VerificationReportButtons } from '../../components/signatures/VerificationReportButtons';
import { STATUS_BAD_COLOR, STATUS_OK_COLOR } from '../../components/status-colors';
import { formatCourtTime } from '../../format/dates';

interface Props {
  judgmentId: string;
  /** The records' signatures: what the file's must match. */
  signatures: JudgmentSignatureView[];
  /** Changes when a signature is added, so the file is verified again. */
  version: number;
  /** The signed-in user is one of the judgment's keepers (JUDGMENT_KEEPERS): they may extend it. */
  mayExtend: boolean;
  /** The file was extended: the case's timeline has a new entry. */
  onExtended: () => void;
}

function Level({ check }: { check: SignatureVerdictView }) {
  const { t } = useTranslation();
  return (
    <span data-testid="signature-level" data-level={check.level}>
      {t('ui.signing.level')}: <Ltr>{check.level}</Ltr> ({t(`ui.signing.levelName.${check.level}`)})
    </span>
  );
}

export function SignaturePanel({ judgmentId, signatures, version, mayExtend, onExtended }: Props) {
  const { t } = useTranslation();
  const [extensions, setExtensions] = useState(0);
  const [extendedTo, setExtendedTo] = useState<ExtensionLevel | null>(null);
  const verified = useApiQuery('signing.verifyJudgment', { judgmentId }, `${judgmentId}:${version}:${extensions}`);
  const extend = useApiAction('signing.extendJudgment');
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
      data-level={v?.level ?? undefined}
    >
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{t('ui.signing.panelTitle')}</Text>
        {v && (
          <Badge color={allValid ? STATUS_OK_COLOR : STATUS_BAD_COLOR} data-testid="signature-verdict">
            {allValid ? t('ui.signing.allValid') : t('ui.signing.notAllValid')}
          </Badge>
        )}
      </Group>
      <ErrorAlert error={verified.error} />
      {v && !v.fileOnDesk && <Alert color="yellow">{t('ui.signing.fileNotOnDesk')}</Alert>}
      {v?.truncated && <FileCutAlert testId="signature-panel-cut" />}
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
              {check && (
                <Text size="xs" c="dimmed">
                  <Level check={check} />
                  {check.timestampCourt && (
                    <>
                      {' · '}
                      {t('ui.signing.timestampedAt')}: <Ltr>{formatCourtTime(check.timestampCourt)}</Ltr>
                    </>
                  )}
                </Text>
              )}
            </div>
          );
        })}
        {v?.documentTimestamps.map((d) => (
          <div key={d.index} data-testid="document-timestamp-row" data-valid={String(d.valid)}>
            <Text size="sm">
              <Badge size="sm" variant="light" color={d.valid ? 'green' : 'red'} me={6}>
                {t('ui.signing.documentTimestamp')}
              </Badge>
              <AutoDir>{d.tsaCommonNames[0] ?? d.tsaSubject ?? ''}</AutoDir>
            </Text>
            {d.timeCourt && (
              <Text size="xs" c="dimmed">
                {t('ui.signing.timestampedAt')}: <Ltr>{formatCourtTime(d.timeCourt)}</Ltr>
              </Text>
            )}
          </div>
        ))}
      </Stack>
      {v?.extension.last && (
        <Text size="xs" c="dimmed" mt={6} data-testid="signature-last-extension">
          {t(v.extension.last.byServer ? 'ui.signing.lastExtensionByServer' : 'ui.signing.lastExtension', { level: v.extension.last.level })}: <Ltr>{formatCourtTime(v.extension.last.extendedAtCourt)}</Ltr>
        </Text>
      )}
      {extendedTo && (
        <Alert color="green" mt="sm" data-testid="signature-extended">
          {t('ui.signing.extended', { level: extendedTo })}
        </Alert>
      )}
      {v?.fileOnDesk && v.signatures.length > 0 && <VerificationReportButtons of={{ kind: 'judgment', judgmentId }} />}
      <ErrorAlert error={extend.error} data-testid="extend-error" />
      {mayExtend && v?.extension.due && (
        <Group justify="flex-end" mt="sm">
          <Button
            size="xs"
            variant="light"
            loading={extend.pending}
            data-testid="extend-signatures-button"
            onClick={async () => {
              setExtendedTo(null);
              const r = await extend.run({ judgmentId });
              if (!r.ok) return;
              setExtendedTo(r.value.level);
              setExtensions((n) => n + 1);
              onExtended();
            }}
          >
            {t('ui.signing.extend')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}
