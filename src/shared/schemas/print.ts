// What may be printed: one request per kind of document, and what comes back. Printing reads and
// writes nothing: it is not a command.
import { z } from 'zod';
import { LANGUAGES } from '../enums';
import { idSchema, isoDateSchema } from './common';

/** The language the document is written in (the desk's language unless the clerk picks another). */
const documentLanguage = z.enum(LANGUAGES);

export const printRequestSchema = z.discriminatedUnion('kind', [
  /** وصل التسجيل / récépissé d'enregistrement: what the party takes away after registration. */
  z.strictObject({ kind: z.literal('receipt'), caseId: idSchema, language: documentLanguage }),
  /** بطاقة الملف / fiche du dossier: particulars, every party, every hearing. */
  z.strictObject({ kind: z.literal('caseSheet'), caseId: idSchema, language: documentLanguage }),
  /** جدول الجلسات / rôle d'audience: the hearings of one day, in one chamber or all. */
  z.strictObject({ kind: z.literal('hearingRoll'), date: isoDateSchema, chamberId: idSchema.optional(), language: documentLanguage }),
]);
export type PrintRequest = z.infer<typeof printRequestSchema>;
export type PrintKind = PrintRequest['kind'];

export const printedPdfSchema = z.object({
  /** A name to save the file under, e.g. `recepisse-2026-1201-57.pdf` (no folder, no `/`). */
  fileName: z.string().regex(/^[^/\\\p{Cc}]+\.pdf$/u),
  pdfBase64: z.base64(),
});

/** Paper printing (desktop app only): false when the clerk closed the print dialog without printing. */
export const paperPrintResultSchema = z.object({ printed: z.boolean() });
