// Every keyboard shortcut of the desk in one place: the help sheet lists these, the menu, the lock
// button and quick find take their hints and aria-keyshortcuts from here, and their handlers match
// keys through `matchesCombo`, so what a clerk is told is what the desk does. Key names are the
// keycaps' (Latin, read left to right); letters and digits match the physical key, so Alt+1 and
// Ctrl+K work on AZERTY and Arabic layouts too.

/** One way to press a shortcut: the keys held together, e.g. ['Ctrl', 'K']. */
export type KeyCombo = readonly string[];

export interface Shortcut {
  /** Alternatives: any one of them does it (Ctrl+K or F3). */
  combos: readonly KeyCombo[];
  labelKey: string;
}

export interface ShortcutGroup {
  titleKey: string;
  shortcuts: readonly Shortcut[];
}

export const NAV_SHORTCUTS = {
  registry: ['Alt', '1'],
  register: ['Alt', '2'],
  hearings: ['Alt', '3'],
  search: ['Alt', '4'],
  settings: ['Alt', '5'],
} as const satisfies Record<string, KeyCombo>;
export const QUICK_FIND_SHORTCUTS: readonly KeyCombo[] = [['Ctrl', 'K'], ['F3']];
export const LOCK_SHORTCUT: KeyCombo = ['Ctrl', 'L'];
/** "?" — and "؟", what the same key gives on an Arabic layout. */
export const HELP_SHORTCUT: KeyCombo = ['?'];

export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    titleKey: 'ui.shortcuts.group.desk',
    shortcuts: [
      { combos: [NAV_SHORTCUTS.registry], labelKey: 'ui.shortcuts.registry' },
      { combos: [NAV_SHORTCUTS.register], labelKey: 'ui.shortcuts.register' },
      { combos: [NAV_SHORTCUTS.hearings], labelKey: 'ui.shortcuts.hearings' },
      { combos: [NAV_SHORTCUTS.search], labelKey: 'ui.shortcuts.search' },
      { combos: [NAV_SHORTCUTS.settings], labelKey: 'ui.shortcuts.settings' },
      { combos: QUICK_FIND_SHORTCUTS, labelKey: 'ui.shortcuts.quickFind' },
      { combos: [LOCK_SHORTCUT], labelKey: 'ui.shortcuts.lock' },
      { combos: [HELP_SHORTCUT], labelKey: 'ui.shortcuts.help' },
    ],
  },
  {
    titleKey: 'ui.shortcuts.group.forms',
    shortcuts: [
      { combos: [['Enter']], labelKey: 'ui.shortcuts.nextField' },
      { combos: [['Ctrl', 'Enter']], labelKey: 'ui.shortcuts.submit' },
      { combos: [['Alt', 'N']], labelKey: 'ui.shortcuts.addParty' },
    ],
  },
  {
    titleKey: 'ui.shortcuts.group.registry',
    shortcuts: [
      { combos: [['↑'], ['↓']], labelKey: 'ui.shortcuts.moveRow' },
      { combos: [['PageUp'], ['PageDown']], labelKey: 'ui.shortcuts.movePage' },
      { combos: [['Home'], ['End']], labelKey: 'ui.shortcuts.firstLast' },
      { combos: [['Enter']], labelKey: 'ui.shortcuts.openCase' },
    ],
  },
  {
    titleKey: 'ui.shortcuts.group.quickFind',
    shortcuts: [
      { combos: [['↑'], ['↓']], labelKey: 'ui.shortcuts.chooseResult' },
      { combos: [['Enter']], labelKey: 'ui.shortcuts.openResult' },
      { combos: [['Esc']], labelKey: 'ui.shortcuts.closeResults' },
    ],
  },
];

const ARIA_NAMES: Record<string, string> = { Ctrl: 'Control', Esc: 'Escape', '↑': 'ArrowUp', '↓': 'ArrowDown' };

/** The aria-keyshortcuts value of some alternatives: "Control+K F3". */
export function ariaKeyShortcuts(combos: readonly KeyCombo[]): string {
  return combos.map((combo) => combo.map((k) => ARIA_NAMES[k] ?? k).join('+')).join(' ');
}

const MODIFIERS = ['Ctrl', 'Alt', 'Shift'] as const;

/** Whether a key press is `combo`: exactly its modifiers, and its key by physical key or by value. */
export function matchesCombo(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>, combo: KeyCombo): boolean {
  const held = { Ctrl: e.ctrlKey, Alt: e.altKey, Shift: e.shiftKey };
  if (e.metaKey || MODIFIERS.some((m) => held[m] !== combo.includes(m))) return false;
  const key = combo.find((k) => !(MODIFIERS as readonly string[]).includes(k));
  if (key === undefined) return false;
  if (/^[A-Z]$/.test(key)) return e.code === `Key${key}` || e.key.toUpperCase() === key;
  if (/^[0-9]$/.test(key)) return e.code === `Digit${key}` || e.key === key;
  return e.key === key;
}

/** "?" asks for the list of shortcuts, on a Latin ("?") or an Arabic ("؟") layout; Shift may be held. */
export function isHelpKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): boolean {
  return (e.key === '?' || e.key === '؟') && !e.ctrlKey && !e.altKey && !e.metaKey;
}
