// The judgment of a case: once recorded, its date and operative part as the clerk copied them (line
// breaks kept, isolated so Latin words in an Arabic text keep their order); before that, while the
// case is being heard or deliberated, the button that records the judgment pronounced. Once
// recorded: "Sign" for the judge, then "Countersign" for a clerk (§6), the signature panel (where
// the judgment's keepers extend the signatures for long-term validation once locked), and the lock
// once both signed — a correction of the text is then refused by main with the reason.
import { Alert, Badge, Button, Group, Paper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatus } from '../../../shared/enums';
import { LIMITS } from '../../../shared/schemas/common';
import { JUDGMENT_KEEPERS, nextSignatureStep, SIGNATURE_STEP_ROLES } from '../../../shared/schemas/judgment-signing';
import { useSession } from '../../app/session';
import { SignaturePanel } from './SignaturePanel';
import { SignJudgmentModal } from './SignJudgmentModal';
import type { JudgmentView } from '../../../shared/schemas/views';
import { CommandModal, useCommandForm } from '../../components/CommandModal';
import { DateWithHijri } from '../../components/DateWithHijri';
import { DateField } from '../../components/fields/DateField';
import { NoteField } from '../../components/fields/TextField';

interface Props {
  caseId: string;
  caseVersion: number;
  caseStatus: CaseStatus;
  judgment: JudgmentView | null;
  /** The court's today: the default day of a judgment pronounced now. */
  today: string;
  onChanged: () => void;
}

export function JudgmentSection({ caseId, caseVersion, caseStatus, judgment, today, onChanged }: Props) {
  const { t } = useTranslation();
  const { status } = useSession();
  const [recording, setRecording] = useState(false);
  const [signing, setSigning] = useState(false);
  const [editing, setEditing] = useState(false);
  const mayRecord = !judgment && (caseStatus === 'in_hearing' || caseStatus === 'deliberation');
  if (!judgment && !mayRecord) return null;
  const roles = status.user?.roles ?? [];
  const next = judgment ? nextSignatureStep(judgment.signatures.map((s) => s.step)) : null;
  const maySign = next !== null && SIGNATURE_STEP_ROLES[next].some((r) => roles.includes(r));
  const mayEdit = roles.some((r) => r === 'clerk' || r === 'chief_clerk' || r === 'judge' || r === 'president');
  const mayExtend = roles.some((r) => JUDGMENT_KEEPERS.includes(r));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="judgment-title" data-testid="judgment-section">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="judgment-title">
          {t('ui.judgment.title')}
        </Title>
        {mayRecord && (
          <Button variant="default" size="xs" onClick={() => setRecording(true)} data-testid="record-judgment-button">
            {t('ui.judgment.record')}
          </Button>
        )}
        {judgment && (
          <Group gap="xs">
            {judgment.lockedAt !== null && (
              <Badge color="gray" variant="outline" leftSection="🔒" data-testid="judgment-locked">
                {t('ui.signing.locked')}
              </Badge>
            )}
            {judgment.lockedAt === null && judgment.signatures.length > 0 && <Badge variant="light">{t('ui.signing.awaitingCountersign')}</Badge>}
            {mayEdit && (
              <Button variant="default" size="xs" onClick={() => setEditing(true)} data-testid="edit-judgment-button">
                {t('ui.signing.edit')}
              </Button>
            )}
            {maySign && (
              <Button size="xs" onClick={() => setSigning(true)} data-testid={next === 'judge' ? 'sign-judgment-button' : 'countersign-judgment-button'}>
                {next === 'judge' ? t('ui.signing.sign') : t('ui.signing.countersign')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      {judgment ? (
        <>
          <dl className="facts">
            <div className="fact">
              <dt>{t('ui.judgment.pronouncedOn')}</dt>
              <dd data-testid="judgment-date">
                <DateWithHijri iso={judgment.pronouncedOn} />
              </dd>
            </div>
            {judgment.recordedByDisplayName && (
              <div className="fact">
                <dt>{t('ui.judgment.recordedBy')}</dt>
                <dd>
                  <bdi>{judgment.recordedByDisplayName}</bdi>
                </dd>
              </div>
            )}
          </dl>
          <Text size="xs" c="dimmed" mt="sm">
            {t('ui.judgment.operativePart')}
          </Text>
          <Text className="operative-part" dir="auto" data-testid="judgment-operative-part">
            {judgment.operativePart}
          </Text>
          {judgment.lockedAt !== null && (
            <Alert color="gray" mt="sm" data-testid="judgment-locked-note">
              {t('ui.signing.lockedNote')}
            </Alert>
          )}
          {judgment.signatures.length > 0 && (
            <SignaturePanel judgmentId={judgment.id} signatures={judgment.signatures} version={judgment.version} mayExtend={mayExtend} onExtended={onChanged} />
          )}
        </>
      ) : (
        <Text size="sm">{t('ui.judgment.none')}</Text>
      )}
      {judgment && signing && next && (
        <SignJudgmentModal
          judgmentId={judgment.id}
          judgmentVersion={judgment.version}
          step={next}
          onClose={() => setSigning(false)}
          onDone={() => {
            setSigning(false);
            onChanged();
          }}
        />
      )}
      {judgment && editing && (
        <EditJudgmentModal
          judgmentId={judgment.id}
          judgmentVersion={judgment.version}
          operativePart={judgment.operativePart}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
      {recording && (
        <RecordJudgmentModal
          caseId={caseId}
          caseVersion={caseVersion}
          today={today}
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            onChanged();
          }}
        />
      )}
    </Paper>
  );
}

function RecordJudgmentModal(props: { caseId: string; caseVersion: number; today: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [pronouncedOn, setPronouncedOn] = useState(props.today);
  const [operativePart, setOperativePart] = useState('');
  const form = useCommandForm('cases.recordJudgment', { caseId: props.caseId, baseVersion: props.caseVersion, pronouncedOn, operativePart }, props.onDone);
  return (
    <CommandModal
      opened
      onClose={props.onClose}
      title={t('ui.judgment.record')}
      submitLabel={t('ui.judgment.recordSubmit')}
      form={form}
      claimedPrefixes={['pronouncedOn', 'operativePart']}
      testId="judgment-modal"
      size="xl"
    >
      <DateField label={t('ui.judgment.pronouncedOn')} required value={pronouncedOn} onChange={setPronouncedOn} error={form.message('pronouncedOn')} data-testid="judgment-pronounced-on" />
      <NoteField
        label={t('ui.judgment.operativePart')}
        description={t('ui.judgment.operativePartHint')}
        required
        limit={LIMITS.operativePart}
        minRows={6}
        value={operativePart}
        onValue={setOperativePart}
        error={form.message('operativePart')}
        data-autofocus
        data-testid="judgment-operative-part-input"
      />
    </CommandModal>
  );
}

/** A correction of the operative part as recorded: main refuses it once the judge signed, with the reason. */
function EditJudgmentModal(props: { judgmentId: string; judgmentVersion: number; operativePart: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [operativePart, setOperativePart] = useState(props.operativePart);
  const form = useCommandForm('cases.updateJudgment', { judgmentId: props.judgmentId, baseVersion: props.judgmentVersion, operativePart }, props.onDone);
  return (
    <CommandModal
      opened
      onClose={props.onClose}
      title={t('ui.signing.editTitle')}
      submitLabel={t('ui.signing.editSubmit')}
      form={form}
      claimedPrefixes={['operativePart']}
      testId="edit-judgment-modal"
      size="xl"
    >
      <NoteField
        label={t('ui.judgment.operativePart')}
        required
        limit={LIMITS.operativePart}
        minRows={6}
        value={operativePart}
        onValue={setOperativePart}
        error={form.message('operativePart')}
        data-autofocus
        data-testid="edit-judgment-operative-part"
      />
    </CommandModal>
  );
}
