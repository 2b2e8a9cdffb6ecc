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

/**
 * What the clerk (or the CLI's --lang) asks for: the page's own script, one model for every page,
 * or the combined Arabic and French model — for pages that mix the two scripts only: on a clean
 * Arabic page it costs about 10 CER points against `ara` alone.
 */
export const OCR_LANGUAGE_CHOICES = ['auto', ...OCR_MODELS, 'ara+fra'] as const;
export type OcrLanguageChoice = (typeof OCR_LANGUAGE_CHOICES)[number];
export const ocrLanguageChoiceSchema = z.enum(OCR_LANGUAGE_CHOICES);

const pageChoicesSchema = z.record(z.string().regex(/^\d+$/), ocrLanguageChoiceSchema);

/** The choices made for single pages, as stored on the document (anything malformed reads as none). */
export function pageOcrLanguagesOf(json: string): Record<string, OcrLanguageChoice> {
  try {
    const parsed = pageChoicesSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

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
  'notFound',
  'notAFile',
  'noPermission',
  'ocrFailed',
  // Not a fault of the file: the desk's disk is full, reading waits for space (never stored as a job's error).
  'diskFull',
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

/**
 * chooseOcrLanguage: the clerk asks for a document (or one page of it) to be read again with
 * another language choice. `pageIndex` absent: every page, and the choice becomes the document's
 * own. Pages a person corrected keep their correction (they are not read again): when the pages
 * asked for include any, the clerk confirms `correctedPagesKept` first.
 */
export const chooseOcrLanguageArgsSchema = z.strictObject({
  documentId: idSchema,
  baseVersion: versionSchema,
  ocrLanguage: ocrLanguageChoiceSchema,
  pageIndex: z.number().int().min(0).max(99_999).optional(),
  confirmed: z.array(z.literal('correctedPagesKept')).max(1).optional(),
});
export type ChooseOcrLanguageArgs = z.infer<typeof chooseOcrLanguageArgsSchema>;

// ---- The clerk's documents over IPC (issue 9, items 1, 3 and 9) ----

/** An OCR job's state on the desk (ocr_jobs.status). */
export const OCR_JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type OcrJobStatusName = (typeof OCR_JOB_STATUSES)[number];

/**
 * An absolute path of the desk's file system (POSIX or Windows), as Electron gives it for a file
 * picked or dropped. Checked by form only: node's `path` is not available in src/shared.
 */
const absolutePathSchema = z
  .string()
  .min(2)
  .max(4096)
  .refine((p) => (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\')) && !p.includes('\0'), { params: { i18nKey: 'errors.documents.badPath' } });

/** What the clerk says about a document when filing it (the file's own facts are read from it). */
export const documentMetadataInputSchema = z.strictObject({
  caseId: idSchema,
  documentTypeId: idSchema,
  documentDate: isoDateSchema.optional(),
  language: z.enum(LANGUAGES),
  ocrLanguage: ocrLanguageChoiceSchema.default('auto'),
  title: text(LIMITS.documentTitle),
});
export type DocumentMetadataInput = z.infer<typeof documentMetadataInputSchema>;

/** Where the file comes from: a path on this desk (Electron: picked or dropped) or a streamed upload (browser shell). */
export const documentSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('path'), path: absolutePathSchema }),
  z.strictObject({ kind: z.literal('upload'), uploadId: idSchema, fileName: text(LIMITS.fileName) }),
]);
export type DocumentSource = z.infer<typeof documentSourceSchema>;

export const importDocumentInputSchema = z.strictObject({ source: documentSourceSchema, meta: documentMetadataInputSchema });
export const importedDocumentSchema = z.object({ documentId: z.string(), jobId: z.string(), pageCount: z.number().int() });
export type ImportedDocumentView = z.infer<typeof importedDocumentSchema>;

/** The newest OCR job of a document, as the clerk's progress bar shows it. */
export const documentJobViewSchema = z.object({
  jobId: z.string(),
  status: z.enum(OCR_JOB_STATUSES),
  pagesDone: z.number().int(),
  pagesTotal: z.number().int(),
  attempts: z.number().int(),
  errorCode: z.enum(DOCUMENT_FAULT_REASONS).nullable(),
  /** 0-based page where it failed, when it failed on one. */
  errorPage: z.number().int().nullable(),
});
export type DocumentJobView = z.infer<typeof documentJobViewSchema>;

export const documentTypeViewSchema = z.object({ id: z.string(), code: z.string(), nameAr: z.string(), nameFr: z.string(), nameEn: z.string() });
export type DocumentTypeView = z.infer<typeof documentTypeViewSchema>;
export const documentTypesSchema = z.object({ types: z.array(documentTypeViewSchema) });

export const caseDocumentViewSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  title: z.string(),
  fileName: z.string(),
  documentType: documentTypeViewSchema,
  documentDate: z.string().nullable(),
  language: z.enum(LANGUAGES),
  ocrLanguage: ocrLanguageChoiceSchema,
  mime: z.enum(DOCUMENT_MIMES),
  size: z.number().int(),
  pageCount: z.number().int(),
  job: documentJobViewSchema.nullable(),
});
export type CaseDocumentView = z.infer<typeof caseDocumentViewSchema>;

export const listCaseDocumentsInputSchema = z.strictObject({ caseId: idSchema });
export const caseDocumentsSchema = z.object({ documents: z.array(caseDocumentViewSchema) });

export const documentRefInputSchema = z.strictObject({ documentId: idSchema });
/**
 * documents.exportSearchablePdf: where the searchable PDF went. `saved`: to the file the clerk
 * chose in the desktop app's save dialog; `cancelled`: the dialog was closed; `download`: the
 * browser shell's, fetched once from `url` (streamed, never through the JSON IPC).
 */
export const searchablePdfExportSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('saved'), fileName: z.string(), pages: z.number().int().min(1), bytes: z.number().int().min(1) }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('download'), url: z.string().regex(/^\/download\/[0-9a-f-]{36}$/), fileName: z.string(), pages: z.number().int().min(1), bytes: z.number().int().min(1) }),
]);
export type SearchablePdfExport = z.infer<typeof searchablePdfExportSchema>;

/** A document's first page, at most 256 px, as a data: URL (null while it has none). */
export const documentThumbnailSchema = z.object({ dataUrl: z.string().nullable() });

/** Jobs queued or running on this desk (the workspace's overall progress). */
export const activeJobSchema = z.object({
  jobId: z.string(),
  documentId: z.string(),
  caseId: z.string(),
  title: z.string(),
  status: z.enum(['queued', 'running']),
  pagesDone: z.number().int(),
  pagesTotal: z.number().int(),
});
export const activeJobsSchema = z.object({ jobs: z.array(activeJobSchema) });
export type ActiveJobs = z.infer<typeof activeJobsSchema>;

export const jobRefInputSchema = z.strictObject({ jobId: idSchema });
export const cancelledJobSchema = z.object({ cancelled: z.boolean() });
export const retriedJobSchema = z.object({ jobId: z.string() });

/** A file in the workstation's scanner folder, listed once its size stopped changing. */
export const scannerFileSchema = z.object({ name: z.string(), size: z.number().int(), modifiedAt: z.string() });
export type ScannerFile = z.infer<typeof scannerFileSchema>;
/** `configured` false: MAHKAMA_SCANNER_FOLDER is not set on this desk. */
export const scannerInboxSchema = z.object({ configured: z.boolean(), files: z.array(scannerFileSchema) });
export type ScannerInbox = z.infer<typeof scannerInboxSchema>;

/** A plain file name of the scanner folder (never a path: nothing outside the folder can be named). */
const scannerFileNameSchema = z
  .string()
  .min(1)
  .max(LIMITS.fileName)
  .refine((n) => !/[/\\\0]/.test(n) && n !== '.' && n !== '..', { params: { i18nKey: 'errors.documents.badPath' } });
export const fileFromScannerInputSchema = z.strictObject({ name: scannerFileNameSchema, meta: documentMetadataInputSchema });

/** Browser shell: the answer of POST /upload (the file is then imported by this id). */
export const uploadedFileSchema = z.object({ uploadId: z.string(), size: z.number().int() });
export type UploadedFile = z.infer<typeof uploadedFileSchema>;

// Push events (src/shared/ipc/push-channel.ts).
export const documentProgressEventSchema = z.object({
  jobId: z.string(),
  documentId: z.string(),
  pageIndex: z.number().int(),
  pagesDone: z.number().int(),
  pagesTotal: z.number().int(),
});
export const documentJobEventSchema = z.object({
  jobId: z.string(),
  documentId: z.string(),
  status: z.enum(OCR_JOB_STATUSES),
  errorCode: z.enum(DOCUMENT_FAULT_REASONS).nullable(),
});
