// The Mantine theme: bundled fonts (Arabic face first when the UI is Arabic) and colours dark
// enough for WCAG AA contrast on white, because clerks read this screen all day.
import { createTheme, Modal, NativeSelect, PasswordInput, TextInput, Tooltip, type CSSVariablesResolver, type MantineThemeOverride } from '@mantine/core';
import type { Language } from '../../shared/enums';

/**
 * Where dialogs and tooltips are drawn: a node inside the workspace's container (app/Gate.tsx), so
 * that locking, which hides the workspace and makes it inert, hides them too. Only the workspace
 * opens dialogs and tooltips.
 */
export const WORKSPACE_LAYER_ID = 'workspace-layer';
const inWorkspace = { target: `#${WORKSPACE_LAYER_ID}` };

const BOX_THEN_HINT: ('label' | 'input' | 'description' | 'error')[] = ['label', 'input', 'description', 'error'];

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
    // Dialogs open at once: a clerk opens hundreds a day, and an animation is only a wait.
    // Shortcut hints show at once after a short rest of the pointer (no fade to leave ghosts when
    // it moves along the menu), and one left open under the pointer never floats over a dialog:
    // tooltips sit above the header (100) and below dialogs (200).
    components: {
      Modal: Modal.extend({ defaultProps: { transitionProps: { duration: 0 }, portalProps: inWorkspace } }),
      // A field's hint goes under its box, as the date field's does: boxes in one row then line up
      // whether or not a neighbour has a hint (a hint above pushed its box below the others).
      TextInput: TextInput.extend({ defaultProps: { inputWrapperOrder: BOX_THEN_HINT } }),
      PasswordInput: PasswordInput.extend({ defaultProps: { inputWrapperOrder: BOX_THEN_HINT } }),
      NativeSelect: NativeSelect.extend({ defaultProps: { inputWrapperOrder: BOX_THEN_HINT } }),
      Tooltip: Tooltip.extend({ defaultProps: { zIndex: 150, openDelay: 250, transitionProps: { duration: 0 }, portalProps: inWorkspace } }),
    },
  });
}

/** Ink of each hue's light variant: at least 4.5:1 on its shade-2 hover tint (and so on shade 1). */
export const LIGHT_VARIANT_TEXT: Readonly<Record<string, string>> = {
  red: '#a51d1d',
  green: '#1e6b30',
  orange: '#a33a00',
  indigo: '#2b3fa0',
  gray: 'var(--mantine-color-gray-9)',
};

/** Mantine's "dimmed" grey and error red are below AA contrast on white: use darker shades. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Error text under fields: Mantine's red-6 is 3.3:1 on white; red-9 reads at AA.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // Text of light and subtle buttons, alerts and badges, drawn on the light tint (shade 1) and its
    // hover (shade 2): even shade 9 falls under 4.5:1 there for red, green, orange and indigo (axe
    // measured 3.75 on a hovered "Remove" button, 3.8 on a green badge), so darker inks of each hue.
    ...Object.fromEntries(Object.entries(LIGHT_VARIANT_TEXT).map(([c, ink]) => [`--mantine-color-${c}-light-color`, ink])),
  },
  dark: {},
});
