// Documents and their OCR as the services, the CLI and (later) the viewer see them: the language
// a page is read with, what a page's OCR holds, and why a document could not be read.
import { z } from 'zod';

/** Tesseract models shipped in resources/tessdata. */
export const OCR_MODELS = ['ara', 'fra', 'eng'] as const;
export type OcrModel = (typeof OCR_MODELS)[number];

/** What the clerk (or the CLI's --lang) asks for: the page's own script, or one model for every page. */
export const OCR_LANGUAGE_CHOICES = ['auto', ...OCR_MODELS] as const;
export type OcrLanguageChoice = (typeof OCR_LANGUAGE_CHOICES)[number];
export const ocrLanguageChoiceSchema = z.enum(OCR_LANGUAGE_CHOICES);

/** The script a page was judged to be written in by the detection pass. */
export const PAGE_SCRIPTS = ['arabic', 'latin', 'mixed', 'unknown'] as const;
export type PageScript = (typeof PAGE_SCRIPTS)[number];

export const DOCUMENT_FAULT_REASONS = [
  'empty',
  'unsupportedType',
  'truncated',
  'damaged',
  'encrypted',
  'tooLarge',
  'tooManyPages',
  'fileTooBig',
  'vanished',
  'ocrFailed',
] as const;
export type DocumentFaultReason = (typeof DOCUMENT_FAULT_REASONS)[number];

export const wordBoxSchema = z.object({
  text: z.string(),
  confidence: z.number(),
  /** x0, y0, x1, y1 in pixels of the page image read. */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type WordBox = z.infer<typeof wordBoxSchema>;

export const pageReadingSchema = z.object({
  pageIndex: z.number().int().min(0),
  /** `textLayer`: the PDF's own text, no OCR. */
  source: z.enum(['ocr', 'textLayer']),
  /** Tesseract model(s) used, e.g. `ara` or `ara+fra`; null for a text layer. */
  model: z.string().nullable(),
  script: z.enum(PAGE_SCRIPTS),
  text: z.string(),
  /** Mean word confidence 0–100 (100 for a text layer). */
  confidence: z.number(),
  words: z.array(wordBoxSchema),
  width: z.number().int(),
  height: z.number().int(),
  ms: z.object({ rasterize: z.number(), detect: z.number(), read: z.number() }),
});
export type PageReading = z.infer<typeof pageReadingSchema>;
