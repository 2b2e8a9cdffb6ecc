// The language choice, Arabic first. Each language is named in itself (العربية, Français,
// English) so a person who cannot read the current language still finds theirs.
import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../shared/enums';

export function LanguagePicker({ value, onChange, testId }: { value: Language; onChange: (l: Language) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('ui.settings.language')}
      data={LANGUAGES.map((l) => ({ value: l, label: t(`ui.languageName.${l}`) }))}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as Language)}
      data-testid={testId}
      maw={240}
    />
  );
}
