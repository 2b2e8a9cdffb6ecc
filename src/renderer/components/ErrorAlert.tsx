// Shows an API error in the user's language: the main message, and the field issues that no
// rendered field claimed (the ones a form shows next to its inputs are not repeated here).
import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors';
import { indexFieldErrors } from '../api/field-errors';
import { isolateForeignParams } from '../i18n/isolated-params';

export interface ErrorAlertProps {
  error: AppErrorData | null;
  /** Path prefixes of the fields the form renders; issues under them are shown by the fields. */
  claimedPrefixes?: readonly string[];
  'data-testid'?: string;
}

export function ErrorAlert({ error, claimedPrefixes = [], ...rest }: ErrorAlertProps) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = error.fields ?? [];
  const rest_ = indexFieldErrors(error).unclaimed(claimedPrefixes);
  // When every issue already sits next to its field, the top says only "check the fields".
  const allAtFields = fields.length > 0 && rest_.length === 0;
  const title = allAtFields ? t('errors.validationFailed') : t(error.i18nKey, isolateForeignParams(error.params));
  return (
    <Alert color="red" variant="light" role="alert" title={title} data-testid={rest['data-testid'] ?? 'error-alert'} data-code={error.code}>
      {rest_.length > 0 && (
        <List size="sm">
          {rest_.map((issue, i) => (
            <List.Item key={i}>{t(issue.i18nKey, isolateForeignParams(issue.params))}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
