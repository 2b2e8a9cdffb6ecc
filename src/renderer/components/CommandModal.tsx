// A dialog that runs one command: a keyboard-entry form whose problems show all at once and leave
// each field as soon as it is fixed (useCommandForm), Cancel and the action button. The dialog stays
// open (and keeps its fields) when main refuses; when main asks for a confirmation (a second hearing
// on the roll, hearings to be cancelled), it shows what to confirm and a button that sends again.
import { Alert, Button, Group, List, Modal, Stack } from '@mantine/core';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData, FieldIssue } from '../../shared/errors';
import { ipcContract, type IpcInput, type IpcMethod, type IpcOutput } from '../../shared/ipc/contract';
import type { CommandWarning } from '../../shared/schemas/commands';
import { indexFieldErrors, type FieldErrorIndex } from '../api/field-errors';
import { useApiAction } from '../api/use-api';
import { useFormCheck } from '../api/use-form-check';
import { ErrorAlert } from './ErrorAlert';
import { onEntryKeyDown } from './keyboard-entry';
import { useReturnFocus } from './use-return-focus';

export interface CommandForm {
  error: AppErrorData | null;
  errors: FieldErrorIndex;
  /** Translated message of the issue at a field path, for an input's `error` prop. */
  message: (key: string) => string | undefined;
  pending: boolean;
  /** Checks the form, then sends it (with the warnings confirmed, when given). */
  submit: (confirmed?: CommandWarning[]) => Promise<void>;
}

/**
 * One command form: `args` is what would be sent now, built from the fields; `onDone` runs with
 * main's answer once the command succeeded. `extra` adds checks only the form can make.
 */
export function useCommandForm<M extends IpcMethod>(
  method: M,
  args: IpcInput<M>,
  onDone: (value: IpcOutput<M>) => void,
  extra?: (value: unknown) => FieldIssue[],
): CommandForm {
  const action = useApiAction(method);
  const check = useFormCheck(ipcContract[method].input, args, action.error, extra);
  const errors = indexFieldErrors(check.error);
  const message = useFieldMessage(errors);
  const submit = async (confirmed?: CommandWarning[]) => {
    if (!check.check()) return;
    const sent = (confirmed ? { ...args, confirmed } : args) as IpcInput<M>;
    check.sent(sent);
    const r = await action.run(sent);
    if (r.ok) {
      check.reset();
      onDone(r.value);
    }
  };
  return { error: check.error, errors, message, pending: action.pending, submit };
}

export interface CommandModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  submitLabel: string;
  form: CommandForm;
  claimedPrefixes: readonly string[];
  testId: string;
  danger?: boolean;
  size?: string;
  children: ReactNode;
}

/** What main asked to confirm, and the button that confirms and sends again. */
export function ConfirmationAlert({ error, onConfirm, testId }: { error: AppErrorData | null; onConfirm: (warnings: CommandWarning[]) => void; testId: string }) {
  const { t } = useTranslation();
  if (error?.code !== 'CONFIRMATION_REQUIRED') return null;
  const warnings = (error.fields ?? []).map((f) => ({ key: f.i18nKey, params: f.params ?? {}, warning: f.i18nKey.split('.').pop() as CommandWarning }));
  return (
    <Alert color="orange" variant="light" role="alert" title={t('errors.confirm.required')} data-testid={`${testId}-confirm`}>
      <List size="sm">
        {warnings.map((w) => (
          <List.Item key={w.key}>{t(w.key, w.params)}</List.Item>
        ))}
      </List>
      <Group justify="flex-end" mt="xs">
        <Button color="orange.9" size="xs" onClick={() => onConfirm(warnings.map((w) => w.warning))} data-testid={`${testId}-confirm-button`}>
          {t('ui.common.confirmAndContinue')}
        </Button>
      </Group>
    </Alert>
  );
}

export function CommandModal(props: CommandModalProps) {
  const { t } = useTranslation();
  useReturnFocus();
  const { form } = props;
  const confirming = form.error?.code === 'CONFIRMATION_REQUIRED';
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
          void form.submit();
        }}
      >
        <Stack gap="sm">
          {confirming ? (
            <ConfirmationAlert error={form.error} onConfirm={(w) => void form.submit(w)} testId={props.testId} />
          ) : (
            <ErrorAlert error={form.error} claimedPrefixes={props.claimedPrefixes} />
          )}
          {props.children}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={props.onClose} data-testid={`${props.testId}-cancel`}>
              {t('ui.common.cancel')}
            </Button>
            <Button type="submit" color={props.danger ? 'red.9' : undefined} loading={form.pending} data-testid={`${props.testId}-submit`}>
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
