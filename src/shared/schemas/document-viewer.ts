// The document viewer's methods (documents.viewPage, documents.correctPage, documents.readAgain, documents.misfiledOfCase):
// one page's OCR text and word boxes with the list of the document's pages, the correction of a
// page's text, and the misfiled signs kept for a case's documents. The page IMAGE is not here: it
// is binary and goes out of band (src/shared/page-image-address.ts).
import { z } from 'zod';
import { idSchema } from './common';
import { chooseOcrLanguageArgsSchema, correctPageTextArgsSchema, ocrLanguageChoiceSchema, wordBoxSchema } from './documents';
import { misfiledReasonSchema } from './search';

/** A page whose mean OCR confidence is below this is flagged for a person to review. */
export const LOW_CONFIDENCE_THRESHOLD = 70;

export function isLowConfidence(confidence: number | null): boolean {
  return confidence !== null && confidence < LOW_CONFIDENCE_THRESHOLD;
}

export const PAGE_OCR_STATUSES = ['pending', 'done', 'failed'] as const;

export const viewPageInputSchema = z.strictObject({
  documentId: idSchema,
  /** 0-based. */
  pageIndex: z.number().int().min(0).max(99_999),
});

export const misfiledPageSignSchema = z.object({
  pageIndex: z.number().int(),
  /** The case the page seems to belong to. */
  caseId: z.string(),
  caseNumber: z.string(),
  reasons: z.array(misfiledReasonSchema).min(1),
});
export type MisfiledPageSign = z.infer<typeof misfiledPageSignSchema>;

export const pageSummarySchema = z.object({
  pageIndex: z.number().int(),
  ocrStatus: z.enum(PAGE_OCR_STATUSES),
  confidence: z.number().nullable(),
  lowConfidence: z.boolean(),
  corrected: z.boolean(),
});

export const documentPageViewSchema = z.object({
  document: z.object({
    id: z.string(),
    caseId: z.string(),
    caseNumber: z.string(),
    title: z.string(),
    fileName: z.string(),
    pageCount: z.number().int(),
    /** What a reading again is based on (chooseOcrLanguage's baseVersion). */
    version: z.number().int(),
    /** The document's own OCR choice (every page without one of its own). */
    ocrLanguage: ocrLanguageChoiceSchema,
  }),
  page: pageSummarySchema.extend({
    text: z.string(),
    /** The version of the page's correction (what a new correction is based on); null when none. */
    correctionVersion: z.number().int().nullable(),
    words: z.array(wordBoxSchema),
    /** Pixels of the image OCR read (the word boxes' frame); null before OCR. */
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    script: z.string().nullable(),
    /** The Tesseract model(s) the text was read with (e.g. `ara`, `ara+fra`); null for a text layer or before OCR. */
    model: z.string().nullable(),
    /** The choice made for this page alone, when one was. */
    ocrLanguage: ocrLanguageChoiceSchema.nullable(),
    /** The choice this page waits to be read again with; its text is the previous reading meanwhile. */
    rereadLanguage: ocrLanguageChoiceSchema.nullable(),
  }),
  pages: z.array(pageSummarySchema),
  /** Every page of the document that seems to belong to another case. */
  misfiled: z.array(misfiledPageSignSchema),
});
export type DocumentPageView = z.infer<typeof documentPageViewSchema>;

export const correctPageInputSchema = correctPageTextArgsSchema;

/** documents.readAgain: chooseOcrLanguage's arguments; the answer adds the job that reads the pages. */
export const readAgainInputSchema = chooseOcrLanguageArgsSchema;
export const readAgainResultSchema = z.object({
  documentId: z.string(),
  version: z.number().int(),
  /** 0-based pages to be read again. */
  pages: z.array(z.number().int()),
  /** 0-based pages left as a person corrected them. */
  keptCorrected: z.array(z.number().int()),
  jobId: z.string(),
});
export type ReadAgainResult = z.infer<typeof readAgainResultSchema>;

export const misfiledOfCaseInputSchema = z.strictObject({ caseId: idSchema });
export const misfiledOfCaseSchema = z.object({
  documents: z.array(
    z.object({
      documentId: z.string(),
      title: z.string(),
      signs: z.array(misfiledPageSignSchema).min(1),
    }),
  ),
});
export type MisfiledOfCase = z.infer<typeof misfiledOfCaseSchema>;
