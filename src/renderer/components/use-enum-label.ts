// Labels of the closed vocabularies, always from the catalogue (`enums.<group>.<code>`).
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnumGroup } from '../../shared/i18n';

export type { EnumGroup };

export function useEnumLabel() {
  const { t } = useTranslation();
  return useCallback((group: EnumGroup, code: string) => t(`enums.${group}.${code}`), [t]);
}

/** Options for a select over an enum, labelled in the UI language. */
export function useEnumOptions() {
  const label = useEnumLabel();
  return useCallback(
    (group: EnumGroup, codes: readonly string[]) => codes.map((value) => ({ value, label: label(group, value) })),
    [label],
  );
}
