// The desk's shortcuts as a clerk presses them: the physical key counts for letters and digits, so
// Alt+1 works on an AZERTY keyboard (where that key types "&") and Ctrl+K on an Arabic one (where
// it types "ن"); modifiers must match exactly; "?" and "؟" both ask for the list.
import { describe, expect, it } from 'vitest';
import { ariaKeyShortcuts, isHelpKey, LOCK_SHORTCUT, matchesCombo, NAV_SHORTCUTS, QUICK_FIND_SHORTCUTS, SHORTCUT_GROUPS } from '../../../src/renderer/app/shortcuts';

const press = (key: string, code: string, mods: { ctrl?: boolean; alt?: boolean; shift?: boolean; meta?: boolean } = {}) => ({
  key,
  code,
  ctrlKey: mods.ctrl ?? false,
  altKey: mods.alt ?? false,
  shiftKey: mods.shift ?? false,
  metaKey: mods.meta ?? false,
});

describe('keyboard shortcuts', () => {
  it('match the key whatever the layout types on it', () => {
    expect(matchesCombo(press('1', 'Digit1', { alt: true }), NAV_SHORTCUTS.registry)).toBe(true);
    expect(matchesCombo(press('&', 'Digit1', { alt: true }), NAV_SHORTCUTS.registry)).toBe(true);
    expect(matchesCombo(press('ن', 'KeyK', { ctrl: true }), QUICK_FIND_SHORTCUTS[0]!)).toBe(true);
    expect(matchesCombo(press('l', 'KeyL', { ctrl: true }), LOCK_SHORTCUT)).toBe(true);
    expect(matchesCombo(press('F3', 'F3'), QUICK_FIND_SHORTCUTS[1]!)).toBe(true);
  });

  it('need exactly their modifiers', () => {
    expect(matchesCombo(press('1', 'Digit1'), NAV_SHORTCUTS.registry)).toBe(false);
    expect(matchesCombo(press('1', 'Digit1', { alt: true, ctrl: true }), NAV_SHORTCUTS.registry)).toBe(false);
    expect(matchesCombo(press('L', 'KeyL', { ctrl: true, shift: true }), LOCK_SHORTCUT)).toBe(false);
    expect(matchesCombo(press('l', 'KeyL', { ctrl: true, meta: true }), LOCK_SHORTCUT)).toBe(false);
    expect(matchesCombo(press('2', 'Digit2', { alt: true }), NAV_SHORTCUTS.registry)).toBe(false);
  });

  it('"?" opens the list on a Latin or an Arabic layout, not with Ctrl or Alt', () => {
    expect(isHelpKey(press('?', 'Slash', { shift: true }))).toBe(true);
    expect(isHelpKey(press('؟', 'Slash', { shift: true }))).toBe(true);
    expect(isHelpKey(press('?', 'Slash', { shift: true, ctrl: true }))).toBe(false);
    expect(isHelpKey(press('/', 'Slash'))).toBe(false);
  });

  it('are announced to assistive technology with the names ARIA expects', () => {
    expect(ariaKeyShortcuts(QUICK_FIND_SHORTCUTS)).toBe('Control+K F3');
    expect(ariaKeyShortcuts([NAV_SHORTCUTS.hearings])).toBe('Alt+3');
    expect(ariaKeyShortcuts([['↑'], ['↓'], ['Esc']])).toBe('ArrowUp ArrowDown Escape');
  });

  it('the list names every shortcut the desk binds', () => {
    const listed = SHORTCUT_GROUPS.flatMap((g) => g.shortcuts.flatMap((s) => s.combos.map((c) => c.join('+'))));
    for (const bound of [...Object.values(NAV_SHORTCUTS), ...QUICK_FIND_SHORTCUTS, LOCK_SHORTCUT, ['Alt', 'N'], ['Ctrl', 'Enter'], ['Enter'], ['?']]) {
      expect(listed, bound.join('+')).toContain(bound.join('+'));
    }
  });

  it('the list gives the screens in the sidebar’s order, Alt+1 to Alt+5', () => {
    const nav = new Set(Object.values(NAV_SHORTCUTS).map((c) => c.join('+')));
    const listed = SHORTCUT_GROUPS.flatMap((g) => g.shortcuts.flatMap((s) => s.combos.map((c) => c.join('+')))).filter((c) => nav.has(c));
    expect(listed).toEqual(['Alt+1', 'Alt+2', 'Alt+3', 'Alt+4', 'Alt+5']);
  });
});
