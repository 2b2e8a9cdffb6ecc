// The page's text beside its image, the search hits marked (the same words as the boxes on the
// image: shared/word-box-hits and shared/highlight agree), in the page's own direction: an Arabic
// page reads right to left in a French UI, a French page left to right in the Arabic one.
import { Fragment, useMemo } from 'react';
import { hitsOf } from '../../../shared/highlight';

function directionOf(script: string | null, text: string): 'rtl' | 'ltr' | 'auto' {
  if (script === 'arabic') return 'rtl';
  if (script === 'latin') return 'ltr';
  return /\p{L}/u.test(text) ? 'auto' : 'ltr';
}

export function PageText({ text, script, tokens }: { text: string; script: string | null; tokens: readonly string[] }) {
  const parts = useMemo(() => {
    const hits = hitsOf(text, tokens);
    const out: { text: string; hit: boolean }[] = [];
    let at = 0;
    for (const [s, e] of hits) {
      if (s > at) out.push({ text: text.slice(at, s), hit: false });
      out.push({ text: text.slice(s, e), hit: true });
      at = e;
    }
    if (at < text.length) out.push({ text: text.slice(at), hit: false });
    return out;
  }, [text, tokens]);
  return (
    <div className="viewer-text" dir={directionOf(script, text)} data-testid="viewer-text">
      {parts.map((p, i) =>
        p.hit ? (
          <mark key={i} data-testid="viewer-text-hit">
            {p.text}
          </mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </div>
  );
}
