// The Mantine theme: bundled fonts (Arabic face first when the UI is Arabic) and colours dark
// enough for WCAG AA contrast on white, because clerks read this screen all day.
import { createTheme, type MantineThemeOverride } from '@mantine/core';
import type { Language } from '../../shared/enums';

const ARABIC = '"Noto Naskh Arabic"';
const LATIN = '"Noto Sans"';

export function fontStack(language: Language): string {
  const faces = language === 'ar' ? [ARABIC, LATIN] : [LATIN, ARABIC];
  return `${faces.join(', ')}, sans-serif`;
}

export function makeTheme(language: Language): MantineThemeOverride {
  const fontFamily = fontStack(language);
  return createTheme({
    fontFamily,
    headings: { fontFamily },
    primaryColor: 'indigo',
    primaryShade: 8,
    autoContrast: true,
    defaultRadius: 'sm',
    focusRing: 'auto',
  });
}
