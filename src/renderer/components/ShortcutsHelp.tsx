// The list of every keyboard shortcut of the desk, opened with "?" (never while the clerk is
// typing in a field) or from the menu. It only shows app/shortcuts.ts: it binds no key itself.
import { Modal, Stack, Table, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isHelpKey, SHORTCUT_GROUPS } from '../app/shortcuts';
import { KeyCombo } from './KeyCombo';
import { useReturnFocus } from './use-return-focus';

/** A key pressed here is text being typed (or a choice in a list), not a command. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

/** Calls `open` when "?" is pressed outside a field and outside a dialog, while `active`. */
export function useHelpKey(open: () => void, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isHelpKey(e) || isTypingTarget(e.target)) return;
      if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return;
      e.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, active]);
}

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  useReturnFocus();
  return (
    <Modal opened onClose={onClose} title={t('ui.shortcuts.title')} size="lg" closeButtonProps={{ 'aria-label': t('ui.common.close') }}>
      <Stack gap="md" data-testid="shortcuts-help">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.titleKey} aria-label={t(group.titleKey)}>
            <Title order={3} size="h5" mb={4}>
              {t(group.titleKey)}
            </Title>
            <Table withRowBorders className="shortcut-table">
              <Table.Thead className="visually-hidden">
                <Table.Tr>
                  <Table.Th>{t('ui.shortcuts.keys')}</Table.Th>
                  <Table.Th>{t('ui.shortcuts.action')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {group.shortcuts.map((s) => (
                  <Table.Tr key={s.labelKey}>
                    <Table.Td className="shortcut-keys">
                      <KeyCombo combos={s.combos} />
                    </Table.Td>
                    <Table.Td>{t(s.labelKey)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        ))}
      </Stack>
    </Modal>
  );
}
