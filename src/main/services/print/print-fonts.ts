// The fonts of printed documents as @font-face rules with data: URLs, read once from
// resources/fonts (OFL, see resources/fonts/OFL.txt): a PDF must look and extract the same on every
// machine, so it never falls back on the fonts installed there for Arabic or Latin letters.
// Noto Naskh Arabic is Debian's 2.004 build: with the newer @fontsource build, pdftotext split
// Arabic words of Chromium's PDFs («رق م»), measured when printing was built.
import fs from 'node:fs';
import path from 'node:path';
import { findResourcesDir } from '../resources';
import { printFailed } from './printing-ports';

/** Family names of our own, so a font installed on the machine under the same name is never taken instead. */
export const PRINT_FONT_FAMILIES = { arabic: 'Mahkama Print Arabic', latin: 'Mahkama Print Latin' } as const;

const ARABIC_RANGE =
  'U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC';
// The unicode ranges @fontsource gives its Noto Sans subsets.
const LATIN_RANGE =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const LATIN_EXT_RANGE =
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF';

interface Face {
  family: string;
  weight: 400 | 700;
  file: string;
  range: string;
}

const PRINT_FONT_FACES: readonly Face[] = [
  { family: PRINT_FONT_FAMILIES.arabic, weight: 400, file: 'NotoNaskhArabic-Regular.ttf', range: ARABIC_RANGE },
  { family: PRINT_FONT_FAMILIES.arabic, weight: 700, file: 'NotoNaskhArabic-Bold.ttf', range: ARABIC_RANGE },
  { family: PRINT_FONT_FAMILIES.latin, weight: 400, file: 'noto-sans-latin-400-normal.woff2', range: LATIN_RANGE },
  { family: PRINT_FONT_FAMILIES.latin, weight: 700, file: 'noto-sans-latin-700-normal.woff2', range: LATIN_RANGE },
  { family: PRINT_FONT_FAMILIES.latin, weight: 400, file: 'noto-sans-latin-ext-400-normal.woff2', range: LATIN_EXT_RANGE },
  { family: PRINT_FONT_FAMILIES.latin, weight: 700, file: 'noto-sans-latin-ext-700-normal.woff2', range: LATIN_EXT_RANGE },
];

function fontFormat(file: string): { mime: string; format: string } {
  return file.endsWith('.woff2') ? { mime: 'font/woff2', format: 'woff2' } : { mime: 'font/ttf', format: 'truetype' };
}

let cached: string | null = null;

/** The @font-face rules (about 0.6 MB of base64), built on first use and kept. */
export function printFontFaceCss(): string {
  if (cached !== null) return cached;
  const dir = findResourcesDir(path.join('fonts', PRINT_FONT_FACES[0]!.file));
  if (!dir) throw printFailed(new Error('resources/fonts not found: the installation is incomplete'));
  cached = PRINT_FONT_FACES.map((face) => {
    const { mime, format } = fontFormat(face.file);
    const data = fs.readFileSync(path.join(dir, 'fonts', face.file)).toString('base64');
    return `@font-face{font-family:'${face.family}';font-style:normal;font-weight:${face.weight};font-display:block;src:url(data:${mime};base64,${data}) format('${format}');unicode-range:${face.range};}`;
  }).join('\n');
  return cached;
}
