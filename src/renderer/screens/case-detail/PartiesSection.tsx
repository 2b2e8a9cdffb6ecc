// The parties of a case: who they are, in which role, with which lawyer. Adding one and removing
// one (with the court's reason) are commands; a removed party stays listed with its reason.
import { Button, Group, NativeSelect, Paper, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTY_REMOVAL_REASONS, type PartyRemovalReason } from '../../../shared/enums';
import type { CasePartyView } from '../../../shared/schemas/views';
import { CommandModal, useCommandForm } from '../../components/CommandModal';
import { AutoDir } from '../../components/AutoDir';
import { Ltr } from '../../components/Ltr';
import { EMPTY_PARTY_FIELDS, PartyFields, casePartyInputOf, type PartyValue } from '../../components/PartyFields';
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
              <Table.Th className="col-name">{t('ui.party.contact')}</Table.Th>
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
                <Table.Td data-testid="party-contact">
                  {p.address || p.phone ? (
                    <>
                      {p.address && (
                        <Text size="sm" component="div">
                          <AutoDir>{p.address}</AutoDir>
                        </Text>
                      )}
                      {p.phone && (
                        <Text size="sm" component="div">
                          <Ltr>{p.phone}</Ltr>
                        </Text>
                      )}
                    </>
                  ) : (
                    '—'
                  )}
                </Table.Td>
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

const EMPTY_PARTY: PartyValue = { role: 'intervener', ...EMPTY_PARTY_FIELDS };

function AddPartyModal({ caseId, caseVersion, onClose, onDone }: { caseId: string; caseVersion: number; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [party, setParty] = useState<PartyValue>(EMPTY_PARTY);
  const form = useCommandForm('cases.addParty', { caseId, baseVersion: caseVersion, entry: casePartyInputOf(party) }, onDone);
  return (
    <CommandModal opened onClose={onClose} title={t('ui.party.add')} submitLabel={t('ui.party.add')} form={form} claimedPrefixes={['entry']} testId="add-party-modal" size="xl">
      <PartyFields value={party} onChange={setParty} pathPrefix="entry" errors={form.errors} testIdPrefix="new-party" autoFocus />
    </CommandModal>
  );
}

function RemovePartyModal(props: { caseId: string; caseVersion: number; party: CasePartyView; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const [reason, setReason] = useState('');
  const form = useCommandForm(
    'cases.removeParty',
    { caseId: props.caseId, baseVersion: props.caseVersion, casePartyId: props.party.id, reason: reason as PartyRemovalReason },
    props.onDone,
  );
  return (
    <CommandModal
      opened
      onClose={props.onClose}
      title={t('ui.party.removeNamed', { name: props.party.nameAr ?? props.party.nameLatin ?? '' })}
      submitLabel={t('ui.party.remove')}
      form={form}
      claimedPrefixes={['reason']}
      testId="remove-party-modal"
      danger
    >
      <NativeSelect
        label={t('ui.party.removalReason')}
        required
        data={[{ value: '', label: t('ui.common.choose') }, ...enumOptions('partyRemovalReason', PARTY_REMOVAL_REASONS)]}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={form.message('reason')}
        data-autofocus
        data-testid="remove-party-reason"
      />
    </CommandModal>
  );
}
