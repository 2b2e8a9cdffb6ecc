// The signatures of a PDF document as the built-in verifier reads its stored file
// (documents.verifySignatures): a signed judgment received from another court, a signed expert
// report. Per signature: who signed (the certificate's names and issuer), when (claimed, and the
// trusted time when there is one), its PAdES level, the byte range, the signed bytes' digest, the
// CMS signature, the chain to the authorities the admin trusts, and whether it covers the whole
// document or changes were appended after it; problems in the clerk's language; then the report.
// A PDF without signatures gets one discreet line; a scan or an image, nothing.
import { Alert, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SignatureVerdictView } from '../../../shared/schemas/signing';
import { useApiQuery } from '../../api/use-api';
import { AutoDir } from '../../components/AutoDir';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileCutAlert } from '../../components/signatures/FileCutAlert';
import { Ltr } from '../../components/Ltr';
import { VerificationReportButtons } from '../../components/signatures/VerificationReportButtons';
import { STATUS_BAD_COLOR, STATUS_OK_COLOR, STATUS_WARN_COLOR } from '../../components/status-colors';
import { formatCourtTime } from '../../format/dates';
import { isolateForeignParams } from '../../i18n/isolated-params';

const OK_COLOR = STATUS_OK_COLOR;
const BAD_COLOR = STATUS_BAD_COLOR;
const WARN_COLOR = STATUS_WARN_COLOR;

/** Problems the row already says in its own words (the chain): not listed twice. */
const SHOWN_ELSEWHERE = new Set(['noTrustAnchors', 'chainUntrusted']);

function Check({ ok, yes, no, testId }: { ok: boolean; yes: string; no: string; testId: string }) {
  return (
    <Text span size="xs" c={ok ? OK_COLOR : BAD_COLOR} fw={ok ? undefined : 700} data-testid={testId} data-ok={String(ok)}>
      {ok ? `✓ ${yes}` : `✗ ${no}`}
    </Text>
  );
}

function SignatureRow({ s, n }: { s: SignatureVerdictView; n: number }) {
  const { t } = useTranslation();
  const problems = s.problems.filter((p) => !SHOWN_ELSEWHERE.has(p));
  return (
    <div data-testid="document-signature-row" data-valid={String(s.valid)} data-chain={s.chain} data-covers-whole={String(s.coversWholeFile)} data-level={s.level}>
      <Text size="sm">
        <Badge size="sm" variant="light" color={s.valid ? 'green' : 'red'} me={6}>
          {n}
        </Badge>
        {s.signerCommonNames.length > 0
          ? s.signerCommonNames.map((name, k) => (
              <span key={k}>
                {k > 0 ? ' · ' : ''}
                <AutoDir>{name}</AutoDir>
              </span>
            ))
          : <AutoDir>{s.signerSubject ?? '?'}</AutoDir>}
        {' — '}
        <Text span fw={700} c={s.valid ? OK_COLOR : BAD_COLOR} data-testid="document-signature-verdict">
          {s.valid ? t('print.verification.valid') : t('print.verification.notValid')}
        </Text>
      </Text>
      {s.signerIssuer && (
        <Text size="xs" c="dimmed">
          {t('print.verification.issuer')}: <Ltr>{s.signerIssuer}</Ltr>
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('ui.signing.signedAt')}: <Ltr>{s.signingTimeCourt ? formatCourtTime(s.signingTimeCourt) : '—'}</Ltr>
        {' · '}
        {s.timestampCourt ? (
          <>
            {t('ui.signing.timestampedAt')}: <Ltr>{formatCourtTime(s.timestampCourt)}</Ltr>
          </>
        ) : (
          t('ui.signing.noTrustedTime')
        )}
        {' · '}
        {t('ui.signing.level')}: <Ltr>{s.level}</Ltr> ({t(`ui.signing.levelName.${s.level}`)})
      </Text>
      <Group gap={10} wrap="wrap">
        <Check ok={s.byteRangeSound} yes={t('ui.signing.byteRangeSound')} no={t('ui.signing.byteRangeBroken')} testId="check-byte-range" />
        <Check ok={s.digestMatches} yes={t('ui.signing.digestMatches')} no={t('ui.signing.digestMismatch')} testId="check-digest" />
        <Check ok={s.signatureValid} yes={t('ui.signing.cmsValid')} no={t('ui.signing.cmsInvalid')} testId="check-cms" />
        <Check
          ok={s.chain === 'trusted'}
          yes={t('ui.signing.chainTrusted')}
          no={s.chain === 'untrusted' ? t('ui.signing.chainUntrusted') : t('ui.signing.chainNotChecked')}
          testId="check-chain"
        />
        <Text span size="xs" c={s.coversWholeFile ? OK_COLOR : WARN_COLOR} data-testid="check-coverage">
          {s.coversWholeFile ? t('ui.signing.coversWhole') : t('ui.signing.changesAppended', { bytes: s.bytesAfter })}
        </Text>
      </Group>
      {problems.length > 0 && (
        <Stack gap={0} data-testid="document-signature-problems">
          {problems.map((p) => (
            <Text key={p} size="xs" c={BAD_COLOR}>
              {t(`signing.problems.${p}`)}
            </Text>
          ))}
        </Stack>
      )}
    </div>
  );
}

/** `fileReady` changes once the file is on this desk (fetched from the court's server): verified again then. */
export function DocumentSignaturePanel({ documentId, fileReady }: { documentId: string; fileReady: boolean }) {
  const { t } = useTranslation();
  const q = useApiQuery('documents.verifySignatures', { documentId }, `${documentId}:${fileReady}`);
  if (q.error) return <ErrorAlert error={q.error} data-testid="document-signatures-error" />;
  const r = q.data;
  if (!r || r.outcome === 'notPdf' || r.outcome === 'fileNotHere') return null;
  if (r.outcome === 'unreadable') {
    return (
      <Alert color="gray" variant="light" data-testid="document-signatures" data-outcome="unreadable" title={t('ui.signing.unreadable')}>
        {t(r.problem.i18nKey, isolateForeignParams(r.problem.params))}
      </Alert>
    );
  }
  const v = r.verification;
  // A cut file may have lost its signatures with its end: never shown as a PDF that was not signed.
  const cut = v.truncated && <FileCutAlert testId="document-signatures-cut" />;
  if (v.signatures.length === 0 && v.documentTimestamps.length === 0) {
    if (cut) return <div data-testid="document-signatures" data-outcome="cut">{cut}</div>;
    return (
      <Text size="xs" c="dimmed" data-testid="document-signatures" data-outcome="notSigned">
        {t('ui.signing.notSigned')}
      </Text>
    );
  }
  return (
    <Paper
      withBorder
      p="sm"
      bg={v.allValid ? 'var(--mantine-color-green-0)' : 'var(--mantine-color-red-0)'}
      data-testid="document-signatures"
      data-outcome="signed"
      data-valid={String(v.allValid)}
      component="section"
      aria-label={t('ui.signing.panelTitle')}
    >
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{t('ui.signing.panelTitle')}</Text>
        <Badge color={v.allValid ? OK_COLOR : BAD_COLOR} data-testid="document-signatures-verdict">
          {v.allValid ? t('ui.signing.allValid') : t('ui.signing.notAllValid')}
        </Badge>
      </Group>
      {cut}
      <Text size="xs" c="dimmed" mb={6}>
        {t('ui.signing.checkedAt')}: <Ltr>{formatCourtTime(v.checkedAtCourt)}</Ltr>
        {' · '}
        {v.trustAnchors.length > 0 ? t('ui.signing.trustAnchorsUsed', { count: v.trustAnchors.length }) : t('ui.signing.chainNotChecked')}
      </Text>
      <Stack gap={8}>
        {v.signatures.map((s, i) => (
          <SignatureRow key={s.index} s={s} n={i + 1} />
        ))}
        {v.documentTimestamps.map((d) => (
          <Text key={d.index} size="sm" data-testid="document-timestamp-row" data-valid={String(d.valid)}>
            <Badge size="sm" variant="light" color={d.valid ? 'green' : 'red'} me={6}>
              {t('ui.signing.documentTimestamp')}
            </Badge>
            <AutoDir>{d.tsaCommonNames[0] ?? d.tsaSubject ?? ''}</AutoDir>
            {d.timeCourt && (
              <>
                {' · '}
                <Ltr>{formatCourtTime(d.timeCourt)}</Ltr>
              </>
            )}
          </Text>
        ))}
      </Stack>
      <VerificationReportButtons of={{ kind: 'document', documentId }} />
    </Paper>
  );
}
