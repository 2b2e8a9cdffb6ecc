// What search across a court's records returns (issue 9, items 4 and 7): ranked results with
// snippets of the ORIGINAL text (hits marked by offsets into it), and the signs that a page filed
// under one case belongs to another. Read by the desk's domain queries and the renderer alike.
import { z } from 'zod';
import { CASE_STATUSES } from '../enums';
import { idSchema, isoDateSchema, LIMITS } from './common';

/** A stretch of a record's text as stored and shown, with the hits marked in it. */
export const snippetSchema = z.object({
  /** Which text of the case it comes from. */
  field: z.enum(['partyName', 'lawyerName', 'subject', 'pageText']),
  /** The original text (cut around the hits when long), never the normalized one. */
  text: z.string(),
  /** [start, end) offsets into `text` (UTF-16), in order, not overlapping. */
  hits: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
  /** Found by the sound of a name in the other script or another spelling, not by its letters. */
  bySound: z.boolean(),
});
export type Snippet = z.infer<typeof snippetSchema>;

export const searchResultSchema = z.object({
  rows: z.array(
    z.object({
      caseId: z.string(),
      number: z.string(),
      status: z.enum(CASE_STATUSES),
      filedOn: z.string(),
      /** Higher is better; rows come sorted by it (then newest first). */
      score: z.number(),
      snippets: z.array(snippetSchema),
      /** Present on a hit inside a document's page: where the viewer opens (page is 1-based). */
      page: z
        .object({
          documentId: z.string(),
          pageNumber: z.number().int().min(1),
          title: z.string(),
          documentTypeId: z.string(),
          documentDate: z.string().nullable(),
        })
        .optional(),
    }),
  ),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

const reversed = { params: { i18nKey: 'errors.field.dateRangeReversed' } };

export const searchCasesQuerySchema = z
  .strictObject({
    text: z.string().max(LIMITS.quickFind),
    /** Only this case (its particulars, parties and documents). */
    caseId: idSchema.optional(),
    /** Only the case of this number, as written on it ("2026/1101/15"; Arabic-Indic digits read as digits). */
    caseNumber: z.string().trim().min(1).max(40).optional(),
    /** Cases filed on or after / on or before (court dates). */
    filedFrom: isoDateSchema.optional(),
    filedTo: isoDateSchema.optional(),
    /** Only pages of documents of this type; any document filter leaves case hits out. */
    documentTypeId: idSchema.optional(),
    /** Only pages of documents dated on or after / on or before. */
    documentFrom: isoDateSchema.optional(),
    documentTo: isoDateSchema.optional(),
    limit: z.number().int().min(1).max(100),
  })
  .refine((q) => !q.filedFrom || !q.filedTo || q.filedFrom <= q.filedTo, { path: ['filedTo'], ...reversed })
  .refine((q) => !q.documentFrom || !q.documentTo || q.documentFrom <= q.documentTo, { path: ['documentTo'], ...reversed });
export type SearchCasesQuery = z.infer<typeof searchCasesQuerySchema>;

/** Why a page seems to belong to another case of the court. */
export const misfiledReasonSchema = z.discriminatedUnion('kind', [
  /** The other case's number is written on the page (`text` as written there). */
  z.object({ kind: z.literal('caseNumber'), text: z.string() }),
  /** A party of the other case (and of no party of this one) is named on the page, in either script. */
  z.object({ kind: z.literal('partyName'), partyId: z.string(), partyName: z.string(), text: z.string() }),
]);
export type MisfiledReason = z.infer<typeof misfiledReasonSchema>;

export const misfiledWarningSchema = z.object({
  /** The case the page seems to belong to. */
  caseId: z.string(),
  caseNumber: z.string(),
  reasons: z.array(misfiledReasonSchema).min(1),
});
export type MisfiledWarning = z.infer<typeof misfiledWarningSchema>;
