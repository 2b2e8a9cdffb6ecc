// The fields of one party on a case (role, person or organisation, names in both scripts,
// national ID, lawyer). Shared by the register-case form and the add-party dialog; errors are
// looked up under `pathPrefix` (`parties.0` there, `entry` here).
import { NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTY_KINDS, PARTY_ROLES, type PartyKind, type PartyRole } from '../../shared/enums';
import type { FieldErrorIndex } from '../api/field-errors';
import { useEnumOptions } from './use-enum-label';

export interface PartyValue {
  role: PartyRole;
  kind: PartyKind;
  nameAr: string;
  nameLatin: string;
  nationalId: string;
  lawyerName: string;
  lawyerBarNumber: string;
}

const FIELD_PATHS = {
  role: 'role',
  kind: 'party.newParty.kind',
  nameAr: 'party.newParty.nameAr',
  nameLatin: 'party.newParty.nameLatin',
  nationalId: 'party.newParty.nationalId',
  lawyerName: 'lawyerName',
  lawyerBarNumber: 'lawyerBarNumber',
} as const;

export interface PartyFieldsProps {
  value: PartyValue;
  onChange: (next: PartyValue) => void;
  pathPrefix: string;
  errors: FieldErrorIndex;
  testIdPrefix: string;
  autoFocus?: boolean;
  /** Shown under the fields (e.g. the remove button of the register form). */
  footer?: ReactNode;
}

export function PartyFields({ value, onChange, pathPrefix, errors, testIdPrefix, autoFocus, footer }: PartyFieldsProps) {
  const { t } = useTranslation();
  const enumOptions = useEnumOptions();
  const paths = Object.fromEntries(Object.entries(FIELD_PATHS).map(([k, p]) => [k, `${pathPrefix}.${p}`])) as Record<keyof PartyValue, string>;
  const err = (field: keyof PartyValue) => {
    const issue = errors.at(paths[field]);
    return issue ? t(issue.i18nKey, issue.params ?? {}) : undefined;
  };
  const groupIssues = errors.under(pathPrefix, Object.values(paths));
  const set = <K extends keyof PartyValue>(key: K, v: PartyValue[K]) => onChange({ ...value, [key]: v });
  const text = (field: 'nameAr' | 'nameLatin' | 'nationalId' | 'lawyerName' | 'lawyerBarNumber', testId: string, extra: { dir?: 'ltr' | 'rtl' } = {}) => (
    <TextInput
      label={t(`ui.party.${field}`)}
      value={value[field]}
      onChange={(e) => set(field, e.currentTarget.value)}
      error={err(field)}
      autoComplete="off"
      data-testid={`${testIdPrefix}-${testId}`}
      {...extra}
    />
  );

  return (
    <>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
        <NativeSelect
          label={t('ui.party.role')}
          data={enumOptions('partyRole', PARTY_ROLES)}
          value={value.role}
          onChange={(e) => set('role', e.currentTarget.value as PartyRole)}
          error={err('role')}
          autoFocus={autoFocus}
          data-testid={`${testIdPrefix}-role`}
        />
        <NativeSelect
          label={t('ui.party.kind')}
          data={enumOptions('partyKind', PARTY_KINDS)}
          value={value.kind}
          onChange={(e) => set('kind', e.currentTarget.value as PartyKind)}
          error={err('kind')}
          data-testid={`${testIdPrefix}-kind`}
        />
        {text('nameAr', 'name-ar', { dir: 'rtl' })}
        {text('nameLatin', 'name-latin', { dir: 'ltr' })}
        {text('nationalId', 'national-id', { dir: 'ltr' })}
        {text('lawyerName', 'lawyer-name')}
        {text('lawyerBarNumber', 'lawyer-bar-number', { dir: 'ltr' })}
      </SimpleGrid>
      {groupIssues.map((issue, i) => (
        <Text key={i} c="red.9" size="sm" mt={4} role="alert" data-testid={`${testIdPrefix}-error`}>
          {t(issue.i18nKey, issue.params ?? {})}
        </Text>
      ))}
      {footer}
    </>
  );
}
