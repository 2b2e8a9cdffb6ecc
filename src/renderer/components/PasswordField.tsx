// Mantine's PasswordInput with what it leaves out: aria-invalid on the real input when the field
// has an error (so focus-first-invalid and screen readers find it) and a translated label on the
// show-password button.
import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function PasswordField(props: PasswordInputProps & { 'data-testid'?: string }) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      {...props}
      aria-invalid={props.error ? true : undefined}
      visibilityToggleButtonProps={{ 'aria-label': t('ui.common.showPassword') }}
    />
  );
}
