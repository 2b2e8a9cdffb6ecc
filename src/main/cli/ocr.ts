// `mahkama ocr FILE...`: the app's OCR pipeline (the same pool, worker and engine as the desk's
// jobs) on files named on the command line, for the court's IT. No database is opened. A file
// that cannot be read is reported with its reason in the CLI's language; the next file is read.
import fs from 'node:fs';
import type { Language } from '../../shared/enums';
import { toAppError } from '../../shared/errors';
import type { OcrLanguageChoice } from '../../shared/schemas/documents';
import { documentFault } from '../services/documents/document-fault';
import { OcrPool } from '../services/documents/ocr-pool';
import { readDocument } from '../services/documents/read-document';
import { catalogueMessage } from './messages';

export interface OcrCliOptions {
  language: OcrLanguageChoice;
  dpi: number | undefined;
  json: boolean;
  lang: Language;
}

interface Io {
  out(line: string): void;
  err(line: string): void;
}

export async function ocrFiles(files: string[], opts: OcrCliOptions, io: Io): Promise<number> {
  const pool = new OcrPool();
  let failed = 0;
  const results: unknown[] = [];
  try {
    for (const file of files) {
      const started = performance.now();
      try {
        // A name typed on the command line that names nothing was never there (not "vanished").
        if (!fs.existsSync(file)) throw documentFault('notFound');
        const doc = await readDocument(pool, file, { language: opts.language, dpi: opts.dpi });
        const ms = Math.round(performance.now() - started);
        if (opts.json) {
          results.push({
            file,
            ok: true,
            mime: doc.mime,
            ms,
            pages: doc.pages.map((p) => ({
              page: p.pageIndex + 1,
              source: p.source,
              model: p.model,
              script: p.script,
              confidence: p.confidence,
              // The frame the page was read in (its word boxes' pixels): shows what --dpi did.
              width: p.width,
              height: p.height,
              preprocess: p.preprocess,
              ms: p.ms,
              text: p.text,
            })),
          });
        } else {
          for (const p of doc.pages) {
            io.out(`=== ${file} — page ${p.pageIndex + 1}/${doc.pages.length} (${p.source === 'textLayer' ? 'text layer' : `${p.model}, ${p.confidence}%`})`);
            io.out(p.text);
          }
        }
      } catch (err) {
        failed += 1;
        const e = toAppError(err);
        const message = catalogueMessage(opts.lang, e.i18nKey, e.params);
        if (opts.json) results.push({ file, ok: false, error: { code: e.code, reason: e.params?.reason ?? null, message } });
        else io.err(`${file}: ${e.code}: ${message}`);
      }
    }
  } finally {
    await pool.close();
  }
  if (opts.json) io.out(JSON.stringify(results));
  return failed > 0 ? 1 : 0;
}
