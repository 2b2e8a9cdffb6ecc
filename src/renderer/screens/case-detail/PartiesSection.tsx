// The parties of a case: who they are, in which role, with which lawyer. Adding one and removing
// one (with the court's reason) are commands; a removed party stays listed with its reason.
import { Button, Group, NativeSelect, Paper, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTY_REMOVAL_REASONS, type PartyRemovalReason } from '../../../shared/enums';
import type { CasePartyView } from '../../../shared/schemas/views';
import { indexFieldErrors } from '../../api/field-errors';
import { useApiAction } from '../../api/use-api';
import { CommandModal, useCommandFormError } from '../../components/CommandModal';
import { AutoDir } from '../../components/AutoDir';
import { Ltr } from '../../components/Ltr';
import { PartyFields, type PartyValue } from '../../components/PartyFields';
import { useEnumLabel, useEnumOptions } from '../../components/use-enum-label';

interface Props {
  caseId: string;
  caseVersion: number;
  parties: CasePartyView[];
  closed: boolean;
  onChanged: () => void;
}

export function PartiesSection({ caseId, caseVersion, parties, closed, onChanged }: Props) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<CasePartyView | null>(null);
  const done = () => {
    setAdding(false);
    setRemoving(null);
    onChanged();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="parties-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="parties-title">
          {t('ui.case.parties')}
        </Title>
        {!closed && (
          <Button variant="default" size="xs" onClick={() => setAdding(true)} data-testid="add-party-button">
            {t('ui.party.add')}
          </Button>
        )}
      </Group>
      <Table.ScrollContainer minWidth={700}>
        <Table striped withTableBorder={false} className="data-table" data-testid="parties-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th className="col-label">{t('ui.party.role')}</Table.Th>
              <Table.Th className="col-name">{t('ui.party.nameAr')}</Table.Th>
              <Table.Th className="col-name">{t('ui.party.nameLatin')}</Table.Th>
              <Table.Th className="col-code">{t('ui.party.nationalId')}</Table.Th>
              <Table.Th className="col-name">{t('ui.party.lawyerName')}</Table.Th>
              <Table.Th className="col-code">{t('ui.party.lawyerBarNumber')}</Table.Th>
              <Table.Th className="col-actions">{t('ui.common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {parties.map((p) => (
              <Table.Tr key={p.id} data-testid="party-row" data-removed={p.removedAt ? 'true' : 'false'} className={p.removedAt ? 'removed' : undefined}>
                <Table.Td>
                  {label('partyRole', p.role)}
                  <Text size="xs" component="div">
                    {label('partyKind', p.kind)}
                  </Text>
                </Table.Td>
                <Table.Td data-column="nameAr">{p.nameAr ? <AutoDir>{p.nameAr}</AutoDir> : '—'}</Table.Td>
                <Table.Td data-column="nameLatin">{p.nameLatin ? <AutoDir>{p.nameLatin}</AutoDir> : '—'}</Table.Td>
                <Table.Td>{p.nationalId ? <Ltr>{p.nationalId}</Ltr> : '—'}</Table.Td>
                <Table.Td data-column="lawyerName">{p.lawyerName ? <AutoDir>{p.lawyerName}</AutoDir> : '—'}</Table.Td>
                <Table.Td>{p.lawyerBarNumber ? <Ltr>{p.lawyerBarNumber}</Ltr> : '—'}</Table.Td>
                <Table.Td>
                  {p.removedAt ? (
                    <Text size="sm">
                      {t('ui.party.removed')}: {p.removalReason ? label('partyRemovalReason', p.removalReason) : '—'}
                    </Text>
                  ) : (
                    !closed && (
                      <Button
                        variant="subtle"
                        color="red"
                        size="compact-sm"
                        onClick={() => setRemoving(p)}
                        aria-label={t('ui.party.removeNamed', { name: p.nameAr ?? p.nameLatin ?? '' })}
                        data-testid="remove-party-button"
                      >
                        {t('ui.party.remove')}
                      </Button>
                    )
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {adding && <AddPartyModal caseId={caseId} caseVersion={caseVersion} onClose={() => setAdding(false)} onDone={done} />}
      {removing && <RemovePartyModal caseId={caseId} caseVersion={caseVersion} party={removing} onClose={() => setRemoving(null)} onDone={done} />}
    </Paper>
  );
}

const EMPTY_PARTY: PartyValue = { role: 'intervener', kind: 'person', nameAr: '', nameLatin: '', nationalId: '', lawyerName: '', lawyerBarNumber: '' };

function AddPartyModal({ caseId, caseVersion, onClose, onDone }: { caseId: string; caseVersion: number; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const add = useApiAction('cases.addParty');
  const [party, setParty] = useState<PartyValue>(EMPTY_PARTY);
  const submit = async () => {
    const r = await add.run({
      caseId,
      baseVersion: caseVersion,
      entry: {
        party: { newParty: { kind: party.kind, nameAr: party.nameAr, nameLatin: party.nameLatin, nationalId: party.nationalId } },
        role: party.role,
        lawyerName: party.lawyerName,
        lawyerBarNumber: party.lawyerBarNumber,
      },
    });
    if (r.ok) onDone();
  };
  return (
    <CommandModal
      opened
      onClose={onClose}
      title={t('ui.party.add')}
      submitLabel={t('ui.party.add')}
      pending={add.pending}
      error={add.error}
      claimedPrefixes={['entry']}
      onSubmit={() => void submit()}
      testId="add-party-modal"
      size="xl"
    >
      <PartyFields value={party} onChange={setParty} pathPrefix="entry" errors={indexFieldErrors(add.error)} testIdPrefix="new-party" autoFocus />
    </CommandModal>
  );
}

function RemovePartyModal(props: { caseId: string; caseVersion: number; party: CasePartyView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const remove = useApiAction('cases.removeParty');
  const [reason, setReason] = useState('');
  const { error, message, requireFilled } = useCommandFormError(remove.error);
  const submit = async () => {
    if (!requireFilled({ reason })) return;
    const r = await remove.run({ caseId: props.caseId, baseVersion: props.caseVersion, casePartyId: props.party.id, reason: reason as PartyRemovalReason });
    if (r.ok) props.onDone();
  };
  return (
    <CommandModal
      opened
      onClose={props.onClose}
      title={t('ui.party.removeNamed', { name: props.party.nameAr ?? props.party.nameLatin ?? '' })}
      submitLabel={t('ui.party.remove')}
      pending={remove.pending}
      error={error}
      claimedPrefixes={['reason']}
      onSubmit={() => void submit()}
      testId="remove-party-modal"
      danger
    >
      <NativeSelect
        label={t('ui.party.removalReason')}
        required
        data={[{ value: '', label: t('ui.common.choose') }, ...enumOptions('partyRemovalReason', PARTY_REMOVAL_REASONS)]}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={message('reason')}
        data-autofocus
        data-testid="remove-party-reason"
      />
    </CommandModal>
  );
}
