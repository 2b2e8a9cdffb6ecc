// Reading a PDF the way a person and a search engine would: poppler-utils (pdftotext, pdfinfo,
// pdffonts, pdftoppm) on real files. Arabic comes out of pdftotext with bidi marks and with words
// split at their diacritics, so comparisons go through `comparable`, never raw strings.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PRINT_PNG_DIR = path.resolve(import.meta.dirname, '../../test-results/print');

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/**
 * NFKC, without tashkeel and tatweel, whitespace collapsed. Bidi controls become spaces: pdftotext
 * wraps a number inside Arabic in LRE…PDF and puts the word space inside the embedding.
 */
export function comparable(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** For names written with tashkeel, which pdftotext splits into letters: compare without any space. */
export function squashed(text: string): string {
  return comparable(text).replace(/\s+/g, '');
}

export function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return run('pdftotext', [...range, '-enc', 'UTF-8', file, '-']);
}

export interface PdfInfo {
  pages: number;
  widthPt: number;
  heightPt: number;
  pageSizeName: string;
}

export function pdfInfo(file: string): PdfInfo {
  const out = run('pdfinfo', [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?/m.exec(out);
  return { pages, widthPt: Number(size?.[1]), heightPt: Number(size?.[2]), pageSizeName: size?.[3] ?? '' };
}

export interface PdfFont {
  name: string;
  embedded: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  const lines = run('pdffonts', [file]).split('\n').slice(2).filter((l) => l.trim() !== '');
  // Columns: name type encoding emb sub uni object ID — the name has no spaces in Chromium's PDFs.
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    const emb = cols[cols.length - 5];
    return { name: cols[0]!, embedded: emb === 'yes' };
  });
}

export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  pageWidth: number;
  pageHeight: number;
}

/** Every word with its box on its page (pdftotext -bbox), in points. */
export function pdfWords(file: string): PdfWord[] {
  const xml = run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']);
  const words: PdfWord[] = [];
  let page = 0;
  let pageWidth = 0;
  let pageHeight = 0;
  for (const m of xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[1]) {
      page += 1;
      pageWidth = Number(m[1]);
      pageHeight = Number(m[2]);
      continue;
    }
    words.push({ page, text: m[7]!, xMin: Number(m[3]), yMin: Number(m[4]), xMax: Number(m[5]), yMax: Number(m[6]), pageWidth, pageHeight });
  }
  return words;
}

/** Renders every page to test-results/print/<name>-<n>.png (kept for a person to look at); returns the files. */
export function renderPages(file: string, name: string, dpi = 80): string[] {
  fs.mkdirSync(PRINT_PNG_DIR, { recursive: true });
  const prefix = path.join(PRINT_PNG_DIR, name);
  const ours = (f: string) => f.startsWith(`${name}-`) && /^-\d+\.png$/.test(f.slice(name.length));
  for (const old of fs.readdirSync(PRINT_PNG_DIR).filter(ours)) fs.rmSync(path.join(PRINT_PNG_DIR, old));
  run('pdftoppm', ['-png', '-r', String(dpi), file, prefix]);
  return fs.readdirSync(PRINT_PNG_DIR).filter(ours).sort().map((f) => path.join(PRINT_PNG_DIR, f));
}

/** Width and height of a PNG, from its header. */
export function pngSize(file: string): { width: number; height: number } {
  const b = fs.readFileSync(file);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
