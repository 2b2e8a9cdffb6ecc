// Keys to press, as the keycaps read: each way of pressing isolated left to right (so "Ctrl+K"
// never reorders inside Arabic text), alternatives joined by the UI language's "or".
import { Kbd } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyCombo as Combo } from '../app/shortcuts';

/** `plain`: the key names as text (inside a tooltip), else drawn as keycaps. */
export function KeyCombo({ combos, plain = false }: { combos: readonly Combo[]; plain?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {combos.map((combo, i) => (
        <Fragment key={combo.join('+')}>
          {i > 0 && ` ${t('ui.shortcuts.or')} `}
          <bdi dir="ltr" className="key-combo" data-testid="key-combo">
            {combo.map((key, j) => (
              <Fragment key={key}>
                {j > 0 && '+'}
                {plain ? key : <Kbd size="sm">{key}</Kbd>}
              </Fragment>
            ))}
          </bdi>
        </Fragment>
      ))}
    </>
  );
}
