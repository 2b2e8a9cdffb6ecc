// Sync screen: what the server refused of this desk's work, for the clerk to answer (ARCHITECTURE
// §4). A conflict shows, per field, the value when the clerk began (base), theirs on this desk
// (mine) and the one that stands on the server (theirs); the clerk picks one per field and main
// records the answer as a new command (resolveConflict), synced like any other. A rejection shows
// its reason in the clerk's language and may be put aside — never dropped: settled ones are listed
// on request. A person signed in offline connects to the server again here, with their password.
import { Badge, Button, Checkbox, Group, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/schemas/common';
import type { SyncProblems, SyncStatus } from '../../../shared/schemas/desk-sync';
import { useApiAction, useApiQuery } from '../../api/use-api';
import { useNavigation } from '../../app/navigation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldLabelKey } from '../../components/record-fields';
import { RecordValue, useRecordValueText } from '../../components/record-values';
import { PasswordField } from '../../components/PasswordField';
import { Ltr } from '../../components/Ltr';
import { formatCourtTime } from '../../format/dates';
import { isolateForeignParams } from '../../i18n/isolated-params';
import { useSyncStatus } from '../../sync/use-sync-status';

type ConflictProblem = SyncProblems['conflicts'][number];
type Choice = 'base' | 'mine' | 'theirs';
const CHOICES: readonly Choice[] = ['base', 'mine', 'theirs'];
/** One value of a conflict as the clerk reads it (the audit's words for it), or "(empty)". */
function FieldValue({ problem, field, value }: { problem: ConflictProblem; field: string; value: unknown }) {
  const { t } = useTranslation();
  const valueText = useRecordValueText();
  if (value === null || value === undefined || value === '') return <Text c="dimmed">{t('ui.sync.noValue')}</Text>;
  const courtTime = typeof value === 'string' ? problem.courtTimes[value] : undefined;
  return <RecordValue value={valueText(problem.conflict.entity, field, value, { courtTime, people: problem.people })} />;
}

function CaseRef({ number }: { number: string | null }) {
  if (!number) return null;
  return (
    <Text span fw={500}>
      <Ltr>{number}</Ltr>
    </Text>
  );
}

function ConflictCard({ problem, onResolved }: { problem: ConflictProblem; onResolved: () => void }) {
  const { t } = useTranslation();
  const resolve = useApiAction('sync.resolveConflict');
  const settled = problem.settledAt !== null;
  // A resolved conflict shows what was kept (the first choice holding that value).
  const [choices, setChoices] = useState<Record<string, Choice>>(() => {
    const kept = problem.resolution;
    if (!kept) return {};
    const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
    return Object.fromEntries(
      problem.conflict.fields.flatMap((f) => {
        const c = CHOICES.find((choice) => f.field in kept && same(f[choice], kept[f.field]));
        return c ? [[f.field, c]] : [];
      }),
    );
  });
  const submit = async () => {
    const r = await resolve.run({ mutationId: problem.mutationId, conflictId: problem.conflict.id, choices });
    if (r.ok) onResolved();
  };
  const fieldLabel = (f: string) => t(fieldLabelKey(f));
  return (
    <Paper withBorder p="md" component="article" data-testid="sync-conflict" data-mutation={problem.mutationId} aria-label={t(`ui.audit.command.${problem.command}`)}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Title order={3} size="h5">
              {t(`ui.audit.command.${problem.command}`)}
            </Title>
            <CaseRef number={problem.caseNumber} />
          </Group>
          <Text size="sm" c="dimmed">
            {t('ui.sync.answeredAt')} <Ltr>{formatCourtTime(problem.receivedAt)}</Ltr>
          </Text>
        </Group>
        <Text size="sm">{t('errors.sync.conflict')}</Text>
        <ErrorAlert error={resolve.error} data-testid="sync-conflict-error" />
        <Table.ScrollContainer minWidth={480}>
          <Table withTableBorder withColumnBorders className="data-table" data-testid="sync-conflict-fields">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ui.sync.fieldHeader')}</Table.Th>
                {CHOICES.map((c) => (
                  <Table.Th key={c}>{t(`ui.sync.choice.${c}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {problem.conflict.fields.map((f) => (
                <Table.Tr key={f.field}>
                  <Table.Th scope="row">{fieldLabel(f.field)}</Table.Th>
                  {CHOICES.map((c) => (
                    <Table.Td key={c}>
                      <Radio
                        name={`${problem.mutationId}-${f.field}`}
                        checked={choices[f.field] === c}
                        disabled={settled}
                        onChange={() => setChoices((prev) => ({ ...prev, [f.field]: c }))}
                        label={<FieldValue problem={problem} field={f.field} value={f[c]} />}
                        aria-label={`${fieldLabel(f.field)} — ${t(`ui.sync.choice.${c}`)}`}
                        data-testid={`sync-choice-${f.field}-${c}`}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="flex-end">
          {settled ? (
            <Badge color="dark.6" variant="outline">
              {t('ui.sync.resolvedAt')} <Ltr>{formatCourtTime(problem.settledAt!)}</Ltr>
            </Badge>
          ) : (
            <Button onClick={() => void submit()} loading={resolve.pending} disabled={problem.conflict.fields.some((f) => !choices[f.field])} data-testid="sync-resolve">
              {t('ui.sync.resolve')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function RejectedCard({ problem, onDone }: { problem: SyncProblems['rejected'][number]; onDone: (s: SyncStatus) => void }) {
  const { t } = useTranslation();
  const ack = useApiAction('sync.acknowledgeRejected');
  return (
    <Paper withBorder p="md" component="article" data-testid="sync-rejected" data-mutation={problem.mutationId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Title order={3} size="h5">
              {t(`ui.audit.command.${problem.command}`)}
            </Title>
            <CaseRef number={problem.caseNumber} />
          </Group>
          <Text size="sm" c="dimmed">
            {t('ui.sync.answeredAt')} <Ltr>{formatCourtTime(problem.receivedAt)}</Ltr>
          </Text>
        </Group>
        <Text size="sm" data-testid="sync-rejected-reason">
          {t(problem.error.i18nKey, isolateForeignParams(problem.error.params))}
        </Text>
        <ErrorAlert error={ack.error} />
        <Group justify="flex-end">
          {problem.settledAt ? (
            <Badge color="dark.6" variant="outline">
              {t('ui.sync.putAsideAt')} <Ltr>{formatCourtTime(problem.settledAt)}</Ltr>
            </Badge>
          ) : (
            <Button
              variant="default"
              loading={ack.pending}
              onClick={() =>
                void ack.run({ mutationId: problem.mutationId }).then((r) => {
                  if (r.ok) onDone(r.value);
                })
              }
              data-testid="sync-put-aside"
            >
              {t('ui.sync.putAside')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** Signed in offline while the server was away: the password connects this session again. */
function ReconnectPanel({ onStatus }: { onStatus: (status: SyncStatus) => void }) {
  const { t } = useTranslation();
  const reconnect = useApiAction('sync.reconnect');
  const [password, setPassword] = useState('');
  return (
    <Paper withBorder p="md" data-testid="sync-reconnect">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void reconnect.run({ password }).then((r) => {
            setPassword('');
            if (r.ok) onStatus(r.value);
          });
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('ui.sync.reconnectTitle')}
          </Title>
          <Text size="sm">{t('ui.sync.reconnectHint')}</Text>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <PasswordField
              label={t('ui.users.password')}
              maxLength={LIMITS.password.max}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
              required
              w={280}
              data-testid="sync-reconnect-password"
            />
            <Button type="submit" loading={reconnect.pending} disabled={password === ''} data-testid="sync-reconnect-submit">
              {t('ui.sync.reconnect')}
            </Button>
          </Group>
          <ErrorAlert error={reconnect.error} data-testid="sync-reconnect-error" />
        </Stack>
      </form>
    </Paper>
  );
}

export function SyncScreen() {
  const { t } = useTranslation();
  const { go } = useNavigation();
  const { status, setStatus } = useSyncStatus();
  const [includeSettled, setIncludeSettled] = useState(false);
  const problems = useApiQuery('sync.problems', { includeSettled }, `${includeSettled}-${status?.conflicts}-${status?.rejected}-${status?.lastSyncedAt}`);
  const syncNow = useApiAction('sync.now');
  const reload = problems.reload;
  const data = problems.data;
  return (
    <Stack gap="md" data-testid="sync-screen">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">
          {t('ui.sync.title')}
        </Title>
        <Group gap="sm">
          <Button variant="default" onClick={() => go({ name: 'settings' })}>
            {t('ui.nav.settings')}
          </Button>
          {status?.state !== 'standalone' && (
            <Button
              loading={syncNow.pending || status?.state === 'syncing'}
              onClick={() =>
                void syncNow.run({}).then((r) => {
                  if (r.ok) setStatus(r.value);
                })
              }
              data-testid="sync-now"
            >
              {t('ui.sync.now')}
            </Button>
          )}
        </Group>
      </Group>
      {status && (
        <Text data-testid="sync-screen-status">
          {[
            t(`ui.sync.state.${status.state}`),
            t('ui.sync.pending', { count: status.pending }),
            status.lastSyncedAt ? t('ui.sync.lastSyncedLabel') : null,
          ]
            .filter(Boolean)
            .join(' · ')}{' '}
          {status.lastSyncedAt && <Ltr>{formatCourtTime(status.lastSyncedAt)}</Ltr>}
        </Text>
      )}
      {status?.state === 'signedOut' && <ReconnectPanel onStatus={setStatus} />}
      {status?.state === 'standalone' && (
        <Text data-testid="sync-standalone-hint">{t('ui.sync.standaloneHint')}</Text>
      )}
      <ErrorAlert error={syncNow.error ?? status?.lastError ?? null} data-testid="sync-error" />
      <Checkbox label={t('ui.sync.includeSettled')} checked={includeSettled} onChange={(e) => setIncludeSettled(e.currentTarget.checked)} data-testid="sync-include-settled" />
      <section aria-labelledby="sync-conflicts-title">
        <Title order={2} size="h4" id="sync-conflicts-title" mb="sm">
          {t('ui.sync.conflictsTitle')}
        </Title>
        {data && data.conflicts.length === 0 && <Text c="dimmed">{t('ui.sync.noConflicts')}</Text>}
        <Stack gap="sm">
          {data?.conflicts.map((p) => (
            <ConflictCard key={p.mutationId} problem={p} onResolved={reload} />
          ))}
        </Stack>
      </section>
      <section aria-labelledby="sync-rejected-title">
        <Title order={2} size="h4" id="sync-rejected-title" mb="sm">
          {t('ui.sync.rejectedTitle')}
        </Title>
        {data && data.rejected.length === 0 && <Text c="dimmed">{t('ui.sync.noRejected')}</Text>}
        <Stack gap="sm">
          {data?.rejected.map((p) => (
            <RejectedCard
              key={p.mutationId}
              problem={p}
              onDone={(s) => {
                setStatus(s);
                reload();
              }}
            />
          ))}
        </Stack>
      </section>
    </Stack>
  );
}
