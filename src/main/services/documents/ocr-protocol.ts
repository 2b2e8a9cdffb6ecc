// What the OCR pool and its worker threads say to each other (structured clone, one process).
import type { AppErrorData } from '../../../shared/errors';
import type { DocumentMime } from '../../../domain/rules/document-files';
import type { OcrLanguageChoice, PageReading } from '../../../shared/schemas/documents';
import type { PageTextLayer } from './text-layer';

export interface PageRequest {
  kind: 'page';
  id: number;
  file: string;
  pageIndex: number;
  language: OcrLanguageChoice;
  latinModel: 'fra' | 'eng';
  dpi: number;
  /** false: read the page as rasterized, without preprocessing (the bench's and tests' comparison). */
  preprocess?: boolean;
}

export type OcrRequest =
  | PageRequest
  | { kind: 'inspect'; id: number; file: string; dpi: number; thumbnail: boolean }
  /** A page as the viewer shows it: colour, its longer side at most `maxSide` pixels. */
  | { kind: 'render'; id: number; file: string; pageIndex: number; maxSide: number }
  | { kind: 'release'; id: number }
  /** The searchable PDF of `file` with the text the desk holds laid over its pages, written to `partPath` (never sent back whole). */
  | { kind: 'searchablePdf'; id: number; file: string; layers: PageTextLayer[]; partPath: string };

export type OcrReply =
  | { id: number; kind: 'page'; reading: PageReading }
  | { id: number; kind: 'inspect'; mime: DocumentMime; pageCount: number; thumbnail: Uint8Array | null }
  | { id: number; kind: 'render'; png: Uint8Array; width: number; height: number }
  | { id: number; kind: 'released' }
  | { id: number; kind: 'searchablePdf'; pages: number; bytes: number }
  | { id: number; kind: 'error'; error: AppErrorData };
