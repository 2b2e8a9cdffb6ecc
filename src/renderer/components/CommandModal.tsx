// A dialog that runs one command: a keyboard-entry form, its error shown in the user's language,
// Cancel and the action button. The dialog stays open (and keeps its fields) when main refuses.
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors';
import { indexFieldErrors, requiredFieldsError } from '../api/field-errors';
import { ErrorAlert } from './ErrorAlert';
import { onEntryKeyDown } from './keyboard-entry';

export interface CommandModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  submitLabel: string;
  pending: boolean;
  error: AppErrorData | null;
  claimedPrefixes: readonly string[];
  onSubmit: () => void;
  testId: string;
  danger?: boolean;
  size?: string;
  children: ReactNode;
}

export function CommandModal(props: CommandModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      size={props.size ?? 'lg'}
      closeButtonProps={{ 'aria-label': t('ui.common.close') }}
      data-testid={props.testId}
    >
      <form
        noValidate
        onKeyDown={onEntryKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <Stack gap="sm">
          <ErrorAlert error={props.error} claimedPrefixes={props.claimedPrefixes} />
          {props.children}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={props.onClose} data-testid={`${props.testId}-cancel`}>
              {t('ui.common.cancel')}
            </Button>
            <Button type="submit" color={props.danger ? 'red.9' : undefined} loading={props.pending} data-testid={`${props.testId}-submit`}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Translated message of the field issue at `key`, for an input's `error` prop. */
export function useFieldMessage(errors: { at: (key: string) => { i18nKey: string; params?: Record<string, string | number> | undefined } | undefined }) {
  const { t } = useTranslation();
  return (key: string) => {
    const issue = errors.at(key);
    return issue ? t(issue.i18nKey, issue.params ?? {}) : undefined;
  };
}

/**
 * A command form's error: its own refusal of empty required fields when it gave one, else the
 * command's; `message` gives the translated issue of a field.
 */
export function useCommandFormError(commandError: AppErrorData | null) {
  const [localError, setLocalError] = useState<AppErrorData | null>(null);
  const error = localError ?? commandError;
  const message = useFieldMessage(indexFieldErrors(error));
  /** True when every one of `values` is filled; otherwise false, and each empty one is marked required. */
  const requireFilled = (values: Readonly<Record<string, string>>): boolean => {
    const missing = requiredFieldsError(values);
    setLocalError(missing);
    return missing === null;
  };
  return { error, message, requireFilled };
}
