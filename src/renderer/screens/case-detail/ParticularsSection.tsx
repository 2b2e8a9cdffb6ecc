// The particulars of a case (number, status, type, chamber, filing date, subject) and the dialog
// that edits them against the version on screen (a stale version is refused by main, not merged).
import { Button, Group, NativeSelect, Paper, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/enums';
import type { CaseDetail } from '../../../shared/schemas/views';
import { LIMITS } from '../../../shared/schemas/common';
import { useReference } from '../../app/reference';
import { CommandModal, useCommandForm } from '../../components/CommandModal';
import { DateField } from '../../components/fields/DateField';
import { TextField } from '../../components/fields/TextField';
import { DateWithHijri } from '../../components/DateWithHijri';
import { AutoDir } from '../../components/AutoDir';
import { Ltr } from '../../components/Ltr';
import { useEnumLabel } from '../../components/use-enum-label';
import { localName } from '../../i18n/names';

type CaseFacts = CaseDetail['case'];

export function ParticularsSection({ detail, onChanged }: { detail: CaseFacts; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const label = useEnumLabel();
  const { chamber, caseType } = useReference();
  const [editing, setEditing] = useState(false);
  const ch = chamber(detail.chamberId);
  const type = caseType(detail.caseTypeId);

  const rows: [string, ReactNode, string][] = [
    ['ui.case.number', <Ltr key="n">{detail.number}</Ltr>, 'number'],
    ['ui.case.status', label('caseStatus', detail.status), 'status'],
    ['ui.case.caseType', type ? `${localName(type, language)} (${type.code})` : <Ltr key="t">{detail.typeCode}</Ltr>, 'type'],
    ['ui.case.chamber', ch ? localName(ch, language) : '—', 'chamber'],
    ['ui.case.filedOn', <DateWithHijri key="f" iso={detail.filedOn} />, 'filed-on'],
    ['ui.case.subject', <AutoDir key="s">{detail.subject}</AutoDir>, 'subject'],
  ];
  if (detail.pronouncementDate && detail.status === 'deliberation') {
    rows.push(['ui.judgment.pronouncementDate', <DateWithHijri key="p" iso={detail.pronouncementDate} />, 'pronouncement-date']);
  }
  if (detail.closedOn) rows.push(['ui.case.closedOn', <DateWithHijri key="c" iso={detail.closedOn} />, 'closed-on']);
  if (detail.closureReason) rows.push(['ui.case.closureReason', label('closureReason', detail.closureReason), 'closure-reason']);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="particulars-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="particulars-title">
          {t('ui.case.particulars')}
        </Title>
        {detail.status !== 'closed' && (
          <Button variant="default" size="xs" onClick={() => setEditing(true)} data-testid="edit-particulars-button">
            {t('ui.case.editParticulars')}
          </Button>
        )}
      </Group>
      <dl className="facts">
        {rows.map(([key, value, id]) => (
          <div key={id} className="fact">
            <dt>{t(key)}</dt>
            <dd data-testid={`particular-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {editing && (
        <EditParticularsModal
          detail={detail}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </Paper>
  );
}

function EditParticularsModal({ detail, onClose, onDone }: { detail: CaseFacts; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { data } = useReference();
  const [subject, setSubject] = useState(detail.subject);
  const [chamberId, setChamberId] = useState(detail.chamberId);
  const [filedOn, setFiledOn] = useState(detail.filedOn);
  // Only what changed travels: the audit then shows exactly what the clerk edited.
  const changes = {
    ...(subject !== detail.subject ? { subject } : {}),
    ...(chamberId !== detail.chamberId ? { chamberId } : {}),
    ...(filedOn !== detail.filedOn ? { filedOn } : {}),
  };
  const form = useCommandForm('cases.updateParticulars', { caseId: detail.id, baseVersion: detail.version, changes }, onDone);

  return (
    <CommandModal
      opened
      onClose={onClose}
      title={t('ui.case.editParticulars')}
      submitLabel={t('ui.common.save')}
      form={form}
      claimedPrefixes={['changes.subject', 'changes.chamberId', 'changes.filedOn']}
      testId="particulars-modal"
    >
      <TextField label={t('ui.case.subject')} limit={LIMITS.subject} value={subject} onValue={setSubject} error={form.message('changes.subject')} data-autofocus data-testid="particulars-subject" />
      <NativeSelect
        label={t('ui.case.chamber')}
        data={(data?.chambers ?? []).map((c) => ({ value: c.id, label: localName(c, language) }))}
        value={chamberId}
        onChange={(e) => setChamberId(e.currentTarget.value)}
        error={form.message('changes.chamberId')}
        data-testid="particulars-chamber"
      />
      <DateField label={t('ui.case.filedOn')} value={filedOn} onChange={setFiledOn} error={form.message('changes.filedOn')} data-testid="particulars-filed-on" />
    </CommandModal>
  );
}
