// Bidi isolation for a value in its own direction (a name, a subject, a note typed by a clerk):
// "--;Robert')" reads left to right and "خديجة الإدريسي" right to left inside text of either
// direction. A value with no letter at all ("-5") reads left to right, as numbers are written.
import type { ReactNode } from 'react';

/** `auto` (the first strong letter decides) when the text has a letter, else `ltr`. */
export function textDirection(text: string): 'auto' | 'ltr' {
  return /\p{L}/u.test(text) ? 'auto' : 'ltr';
}

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/**
 * The direction `dir="auto"` would give `text` (its first strong letter; `ltr` without one), for a
 * box whose children are isolated runs, which `dir="auto"` does not look into.
 */
export function resolvedDirection(text: string): 'ltr' | 'rtl' {
  const letter = /\p{L}/u.exec(text);
  return letter && RTL_LETTER.test(letter[0]) ? 'rtl' : 'ltr';
}

export interface AutoDirProps {
  children: string;
  className?: string;
  'data-testid'?: string;
}

export function AutoDir({ children, className, ...rest }: AutoDirProps): ReactNode {
  return (
    <bdi dir={textDirection(children)} className={className ? `auto-dir ${className}` : 'auto-dir'} {...rest}>
      {children}
    </bdi>
  );
}
