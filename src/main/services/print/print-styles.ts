// The style sheet of every printed document: A4 portrait with the page number and a running title
// in the page margins (CSS paged media, so paper printing and PDFs number pages alike), tables that
// repeat their header on each page and wrap long names instead of running off the page. Common
// ligatures are off: the Naskh «الله» ligature copies out of a PDF as «اهلل»; the required ones
// (lam-alef) stay and copy out right.
import { PRINT_FONT_FAMILIES } from './print-fonts';

/**
 * A4 portrait and its margins. The @page rule says them, and each PdfMaker also passes the same
 * margins to Chromium, so the page is the same whichever of the two Chromium lets win.
 */
export const PRINT_PAGE = { size: 'A4', marginsMm: { top: 14, right: 14, bottom: 18, left: 14 } } as const;

/**
 * A CSS string literal that cannot end early whatever `text` holds: every character but ASCII
 * letters, digits and spaces is written as a hex escape (the space after each escape ends it).
 */
export function cssString(text: string): string {
  let out = '"';
  for (const ch of text) out += /[A-Za-z0-9 ]/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `;
  return `${out}"`;
}

/** `Page {{page}} / {{pages}}` → `"Page " counter(page) " / " counter(pages)`. */
export function pageCounterContent(template: string): string {
  return template
    .split(/(\{\{\s*(?:page|pages)\s*\}\})/)
    .filter((part) => part !== '')
    .map((part) => {
      const m = /^\{\{\s*(page|pages)\s*\}\}$/.exec(part);
      return m ? `counter(${m[1]})` : cssString(part);
    })
    .join(' ');
}

export interface PageStyleOptions {
  direction: 'rtl' | 'ltr';
  /** Catalogue template with {{page}} and {{pages}}. */
  pageLabel: string;
  /** Short text at the start corner of every page's foot (document and case number or date). */
  runningTitle: string;
}

export function printStylesheet(o: PageStyleOptions): string {
  const fonts = o.direction === 'rtl'
    ? `'${PRINT_FONT_FAMILIES.arabic}', '${PRINT_FONT_FAMILIES.latin}'`
    : `'${PRINT_FONT_FAMILIES.latin}', '${PRINT_FONT_FAMILIES.arabic}'`;
  // Margin boxes are physical (left/right): the running title goes where the reading starts.
  const startBox = o.direction === 'rtl' ? '@bottom-right' : '@bottom-left';
  const endBox = o.direction === 'rtl' ? '@bottom-left' : '@bottom-right';
  const m = PRINT_PAGE.marginsMm;
  return `
@page {
  size: ${PRINT_PAGE.size} portrait;
  margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm;
  @bottom-center { content: ${pageCounterContent(o.pageLabel)}; font-family: ${fonts}; font-size: 8pt; }
  ${startBox} { content: ${cssString(o.runningTitle)}; font-family: ${fonts}; font-size: 8pt; direction: ${o.direction}; }
  ${endBox} { content: ""; }
}
html { font-family: ${fonts}; font-size: 10pt; line-height: 1.45; color: #000; background: #fff;
  font-variant-ligatures: no-common-ligatures; }
body { margin: 0; }
bdi { unicode-bidi: isolate; }
.doc-header { display: flex; justify-content: space-between; align-items: flex-start; gap: 8mm;
  border-bottom: 1.2pt solid #000; padding-bottom: 2.5mm; margin-bottom: 4mm; }
.authority { text-align: center; font-weight: 700; max-width: 55%; overflow-wrap: anywhere; }
.authority .kingdom { font-size: 10pt; }
.authority .court { font-size: 12.5pt; }
.printed { font-size: 8.5pt; text-align: end; max-width: 45%; overflow-wrap: anywhere; }
h1 { text-align: center; font-size: 16pt; margin: 1mm 0 4mm; }
h2 { font-size: 12pt; margin: 5mm 0 1.5mm; break-after: avoid; }
.subtitle { text-align: center; font-size: 11pt; margin: -2mm 0 4mm; }
.case-number { font-size: 22pt; font-weight: 700; text-align: center; border: 1.5pt solid #000;
  padding: 2mm 8mm; margin: 0 auto 2mm; width: fit-content; max-width: 100%; overflow-wrap: anywhere; }
.case-number-caption { text-align: center; font-size: 9pt; margin: 0 0 5mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 4mm; }
th, td { border: 0.6pt solid #444; padding: 1.2mm 1.6mm; text-align: start; vertical-align: top;
  overflow-wrap: anywhere; word-break: normal; }
thead { display: table-header-group; }
thead th { background: #e6e6e6; font-weight: 700; }
tr { break-inside: avoid; }
table.facts th { width: 30%; background: #f2f2f2; font-weight: 700; }
table.roll { font-size: 9pt; }
table.roll th, table.roll td { padding: 1mm 1.2mm; }
.secondary { font-size: 8.5pt; display: block; }
.removed td { color: #555; }
.removed-mark { font-size: 8.5pt; font-weight: 700; display: block; }
.note { font-size: 8.5pt; display: block; }
.text-block { display: block; }
.roll-party { display: block; }
.check-ok { color: #1b5e20; }
.check-bad { color: #b71c1c; font-weight: 700; }
.check-warn { color: #8a4b00; }
.digest { font-family: monospace; font-size: 8.5pt; overflow-wrap: anywhere; word-break: break-all; }
ul.problems, ul.anchors { margin: 0; padding-inline-start: 5mm; }
section.signature { break-inside: avoid; }
.secondary-inline { font-size: 8.5pt; }
.operative-part-label { font-weight: 700; margin: 2mm 0 1mm; }
.operative-part { white-space: pre-wrap; overflow-wrap: anywhere; border: 0.6pt solid #444; padding: 2mm 3mm; margin: 0; }
.empty { text-align: center; padding: 4mm; border: 0.6pt solid #444; }
.registered { margin: 4mm 0; }
.stamp { margin-top: 8mm; margin-inline-start: auto; width: 75mm; height: 32mm; border: 0.6pt dashed #555;
  text-align: center; font-size: 9pt; padding-top: 2mm; break-inside: avoid; }
`;
}
