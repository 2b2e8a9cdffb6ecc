// Documents and their OCR as the services, the CLI and (later) the viewer see them: the language
// a page is read with, what a page's OCR holds, and why a document could not be read.
import { z } from 'zod';
import { LANGUAGES } from '../enums';
import { idSchema, isoDateSchema, LIMITS, text, versionSchema } from './common';

/** The types of file a document may be, as sniffed from its bytes. */
export const DOCUMENT_MIMES = ['application/pdf', 'image/tiff', 'image/png', 'image/jpeg'] as const;
export type DocumentMime = (typeof DOCUMENT_MIMES)[number];

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

/** Preprocessing of a scanned page before OCR, in the order applied (src/main/services/documents/page-preprocess.ts). */
export const PREPROCESS_STEPS = ['denoise', 'flatten', 'deskew'] as const;
export type PreprocessStep = (typeof PREPROCESS_STEPS)[number];

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
  ms: z.object({ rasterize: z.number(), prepare: z.number(), detect: z.number(), read: z.number() }),
  /** What was done to the scan before it was read (none for a clean page or a text layer). */
  preprocess: z.array(z.enum(PREPROCESS_STEPS)),
});
export type PageReading = z.infer<typeof pageReadingSchema>;

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** attachDocument: a file already in the desk's store (by its SHA-256), filed in a case. */
export const attachDocumentArgsSchema = z.strictObject({
  caseId: idSchema,
  documentTypeId: idSchema,
  documentDate: isoDateSchema.optional(),
  language: z.enum(LANGUAGES),
  ocrLanguage: ocrLanguageChoiceSchema.default('auto'),
  title: text(LIMITS.documentTitle),
  fileName: text(LIMITS.fileName),
  sha256: z.string().regex(SHA256_PATTERN),
  size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  mime: z.enum(DOCUMENT_MIMES),
  pageCount: z.number().int().min(1).max(100_000),
});

/** correctPageText: a person's text of one page replaces what OCR read; baseVersion is the correction's, when one exists. */
export const correctPageTextArgsSchema = z.strictObject({
  documentId: idSchema,
  pageIndex: z.number().int().min(0).max(99_999),
  text: text(LIMITS.pageText, { multiline: true }),
  baseVersion: versionSchema.optional(),
});
