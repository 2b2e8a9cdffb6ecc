// Parameters of a message that are foreign text — an address, a reason or code a library gave in
// English, a certificate's subject — set in a sentence of the user's language. In an Arabic
// sentence such a run of Latin letters, slashes and parentheses is reordered by the bidi algorithm
// with its neighbours ("(http://…/tsa answered HTTP 503" came out around the wrong bracket): each
// is wrapped in a first-strong isolate (U+2068 … U+2069), which the Unicode bidi algorithm lays out
// on its own and then places as one piece. Only these named parameters: a date or count has its
// own formatter and must reach it as it is.
const FOREIGN_TEXT_PARAMS: ReadonlySet<string> = new Set(['url', 'reason', 'code', 'subject', 'file', 'serverUrl', 'module', 'token', 'username', 'hash']);

export function isolateForeignParams(params: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = FOREIGN_TEXT_PARAMS.has(k) && typeof v === 'string' && v !== '' ? `\u2068${v}\u2069` : v;
  return out;
}
