// A value placed inside a translated sentence as its own element (a case number isolated left to
// right, a name in its own direction), wherever the language puts it: the sentence is translated
// with SLOT for the value and cut there.
import type { ReactNode } from 'react';

/** Stands for the value in the translated sentence (an invisible separator no message contains). */
export const SLOT = '\u2063';

/** The sentence `text` with `children` in place of its SLOT. */
export function Placed({ text, children }: { text: string; children: ReactNode }) {
  const at = text.indexOf(SLOT);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      {children}
      {text.slice(at + SLOT.length)}
    </>
  );
}
