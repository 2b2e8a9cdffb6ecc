// The language a document is printed in: the desk's language unless the clerk picks another
// (a French copy for a party who reads French, an Arabic one for the file).
import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../shared/enums';

export function PrintLanguageSelect({ value, onChange, testId = 'print-language' }: { value: Language; onChange: (language: Language) => void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      size="xs"
      label={t('ui.print.language')}
      data={LANGUAGES.map((l) => ({ value: l, label: t(`ui.languageName.${l}`) }))}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as Language)}
      data-testid={testId}
      maw={160}
    />
  );
}
