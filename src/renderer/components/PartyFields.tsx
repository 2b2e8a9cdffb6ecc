// The fields of one party on a case (role, person or organisation, names in both scripts, national
// ID, address and telephone, lawyer). Shared by the register-case form and the add-party dialog;
// errors are looked up under `pathPrefix` (`parties.0` there, `entry` here). Each input stops at its
// field's limit; a name holding letters of the other script gets a warning (never a refusal).
import { Grid, NativeSelect, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTY_KINDS, PARTY_ROLES, type PartyKind, type PartyRole } from '../../shared/enums';
import { LIMITS } from '../../shared/schemas/common';
import type { CasePartyInput } from '../../shared/schemas/commands';
import { nameScriptWarnings } from '../../shared/schemas/party';
import type { FieldErrorIndex } from '../api/field-errors';
import { TextField } from './fields/TextField';
import { useEnumOptions } from './use-enum-label';

export interface PartyValue {
  role: PartyRole;
  kind: PartyKind;
  nameAr: string;
  nameLatin: string;
  nationalId: string;
  address: string;
  phone: string;
  lawyerName: string;
  lawyerBarNumber: string;
}

export const EMPTY_PARTY_FIELDS: Omit<PartyValue, 'role'> = {
  kind: 'person',
  nameAr: '',
  nameLatin: '',
  nationalId: '',
  address: '',
  phone: '',
  lawyerName: '',
  lawyerBarNumber: '',
};

/** A new party as the contract's `casePartyInput` takes it (the command's schema checks it). */
export function casePartyInputOf(p: PartyValue): CasePartyInput {
  return {
    party: { newParty: { kind: p.kind, nameAr: p.nameAr, nameLatin: p.nameLatin, nationalId: p.nationalId, address: p.address, phone: p.phone } },
    role: p.role,
    lawyerName: p.lawyerName,
    lawyerBarNumber: p.lawyerBarNumber,
  };
}

const FIELD_PATHS = {
  role: 'role',
  kind: 'party.newParty.kind',
  nameAr: 'party.newParty.nameAr',
  nameLatin: 'party.newParty.nameLatin',
  nationalId: 'party.newParty.nationalId',
  address: 'party.newParty.address',
  phone: 'party.newParty.phone',
  lawyerName: 'lawyerName',
  lawyerBarNumber: 'lawyerBarNumber',
} as const;

type TextKey = 'nameAr' | 'nameLatin' | 'nationalId' | 'address' | 'phone' | 'lawyerName' | 'lawyerBarNumber';
/** In reading order; `span` in twelfths of a wide form (an address and a lawyer's name need room). */
const TEXT_FIELDS: { field: TextKey; testId: string; limit: number; span: number; dir?: 'ltr' | 'rtl' }[] = [
  { field: 'nameAr', testId: 'name-ar', limit: LIMITS.name, span: 3, dir: 'rtl' },
  { field: 'nameLatin', testId: 'name-latin', limit: LIMITS.name, span: 3, dir: 'ltr' },
  { field: 'nationalId', testId: 'national-id', limit: LIMITS.nationalId, span: 3, dir: 'ltr' },
  { field: 'phone', testId: 'phone', limit: LIMITS.phone, span: 3, dir: 'ltr' },
  { field: 'address', testId: 'address', limit: LIMITS.address, span: 6 },
  { field: 'lawyerName', testId: 'lawyer-name', limit: LIMITS.name, span: 6 },
  { field: 'lawyerBarNumber', testId: 'lawyer-bar-number', limit: LIMITS.barNumber, span: 3, dir: 'ltr' },
];

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
  const warnings = nameScriptWarnings(value);
  const groupIssues = errors.under(pathPrefix, Object.values(paths));
  const set = <K extends keyof PartyValue>(key: K, v: PartyValue[K]) => onChange({ ...value, [key]: v });

  return (
    <>
      <Grid columnGap="sm" rowGap="xs">
        <Grid.Col span={{ base: 6, md: 3 }}>
          <NativeSelect
            label={t('ui.party.role')}
            data={enumOptions('partyRole', PARTY_ROLES)}
            value={value.role}
            onChange={(e) => set('role', e.currentTarget.value as PartyRole)}
            error={err('role')}
            autoFocus={autoFocus}
            data-testid={`${testIdPrefix}-role`}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <NativeSelect
            label={t('ui.party.kind')}
            data={enumOptions('partyKind', PARTY_KINDS)}
            value={value.kind}
            onChange={(e) => set('kind', e.currentTarget.value as PartyKind)}
            error={err('kind')}
            data-testid={`${testIdPrefix}-kind`}
          />
        </Grid.Col>
        {TEXT_FIELDS.map(({ field, testId, limit, span, dir }) => {
          const warning = field === 'nameAr' || field === 'nameLatin' ? warnings[field] : undefined;
          return (
            <Grid.Col key={field} span={{ base: Math.max(6, span), md: span }}>
              <TextField
                label={t(`ui.party.${field}`)}
                limit={limit}
                value={value[field]}
                onValue={(v) => set(field, v)}
                error={err(field)}
                description={warning ? t(warning) : undefined}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                classNames={warning ? { description: 'field-warning' } : undefined}
                data-testid={`${testIdPrefix}-${testId}`}
                {...(dir ? { dir } : {})}
              />
            </Grid.Col>
          );
        })}
      </Grid>
      {groupIssues.map((issue, i) => (
        <Text key={i} c="red.9" size="sm" mt={4} role="alert" data-testid={`${testIdPrefix}-error`}>
          {t(issue.i18nKey, issue.params ?? {})}
        </Text>
      ))}
      {footer}
    </>
  );
}
