// Migration 0028 on a desk's file that already holds documents: SQLite rebuilds `documents` and
// `ocr_jobs` (to widen their CHECK to `ara+fra`) with foreign keys off, so a file with pages, jobs,
// corrections and index entries pointing at its documents must come out whole — every row kept,
// every reference sound, foreign keys enforced again after, the new CHECKs holding.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/store/sqlite/migrations';
import { openDatabase, type OpenedDatabase } from '../../../src/store/sqlite/open-database';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import { openTestCourt, registerSampleCase, tempDbFile } from '../../helpers/db';

const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;
const DOC = '01900000-0000-7000-8000-0000000d0c01';

let opened: OpenedDatabase | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

const snapshot = (raw: BetterSqlite3.Database) =>
  Object.fromEntries(['documents', 'document_pages', 'ocr_jobs', 'page_corrections', 'page_search_rows'].map((t) => [t, raw.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));

describe('migration 0028 on a desk that holds documents', () => {
  it('keeps every document, page, job, correction and index entry; references stay sound and enforced; ara+fra is accepted, anything else refused', async () => {
    const file = tempDbFile();
    const court = await openTestCourt({ file, engine: 'sqlite', migrations: MIGRATIONS.filter((m) => m.version < 28) });
    const { caseId } = await registerSampleCase(court);
    const run = (text: string) => court.store.run(text);
    await run(`INSERT INTO documents (id, court_id, case_id, document_type_id, document_date, language, ocr_language, title, file_name, sha256, size, mime, page_count, created_at, created_by, version, updated_hlc)
      VALUES ('${DOC}', '${court.courtId}', '${caseId}', '${PETITION}', NULL, 'fr', 'fra', 'Requête', 'r.pdf', '${'c'.repeat(64)}', 10, 'application/pdf', 2, '2026-03-01T10:00:00Z', '${court.clerk.userId}', 3, 'h')`);
    for (const p of [0, 1]) {
      await run(`INSERT INTO document_pages (document_id, page_index, ocr_status, source, model, script, text, confidence, words, width, height, corrected, read_ms, read_at)
        VALUES ('${DOC}', ${p}, 'done', 'ocr', 'fra', 'latin', 'page ${p}', 90, '[]', 10, 10, ${p}, 5, '2026-03-01T10:01:00Z')`);
    }
    await run(`INSERT INTO ocr_jobs (id, document_id, status, language, dpi, attempts, pages_total, pages_done, error_code, error_page, created_at, started_at, finished_at, indexed_at)
      VALUES ('01900000-0000-7000-8000-0000000d0b01', '${DOC}', 'done', 'fra', 300, 1, 2, 2, NULL, NULL, '2026-03-01T10:00:00Z', NULL, NULL, '2026-03-01T10:02:00Z')`);
    await run(`INSERT INTO page_corrections (id, document_id, page_index, text, corrected_at, corrected_by, version, updated_hlc)
      VALUES ('01900000-0000-7000-8000-0000000d0e01', '${DOC}', 1, 'corrigé', '2026-03-01T10:03:00Z', '${court.clerk.userId}', 1, 'h')`);
    await run(`INSERT INTO page_search_rows (document_id, page_index) VALUES ('${DOC}', 0)`);
    await court.close();
    const before = new BetterSqlite3(file, { readonly: true });
    const held = snapshot(before);
    before.close();

    opened = await openDatabase(file);
    const raw = opened.raw;
    // Up to the newest schema, through 0028 (later migrations run too).
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(28);
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    const after = snapshot(raw);
    expect(after.documents).toEqual((held.documents as Record<string, unknown>[]).map((d) => ({ ...d, page_ocr_languages: '{}' })));
    expect(after.document_pages).toEqual((held.document_pages as Record<string, unknown>[]).map((p) => ({ ...p, reread_language: null })));
    for (const t of ['ocr_jobs', 'page_corrections', 'page_search_rows']) expect(after[t]).toEqual(held[t]);
    // The indexes the rebuilt tables had are there again.
    const indexes = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('documents', 'ocr_jobs') AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual(['documents_case', 'documents_sha256', 'ocr_jobs_document', 'ocr_jobs_status']);
    // The new choice is accepted where a choice is kept; anything else refused; references enforced.
    raw.prepare(`UPDATE documents SET ocr_language = 'ara+fra', page_ocr_languages = '{"1":"ara"}' WHERE id = ?`).run(DOC);
    raw.prepare(`UPDATE ocr_jobs SET language = 'ara+fra'`).run();
    raw.prepare(`UPDATE document_pages SET reread_language = 'ara+fra' WHERE page_index = 0`).run();
    expect(() => raw.prepare(`UPDATE documents SET ocr_language = 'deu'`).run()).toThrow(/CHECK/);
    expect(() => raw.prepare(`UPDATE documents SET page_ocr_languages = '[1]'`).run()).toThrow(/CHECK/);
    expect(() => raw.prepare(`UPDATE ocr_jobs SET language = 'fra+ara'`).run()).toThrow(/CHECK/);
    expect(() => raw.prepare(`UPDATE document_pages SET reread_language = 'deu'`).run()).toThrow(/CHECK/);
    expect(() =>
      raw.prepare(`INSERT INTO ocr_jobs (id, document_id, status, language, dpi, attempts, pages_total, pages_done, created_at) VALUES ('x', '01900000-0000-7000-8000-00000000ffff', 'queued', 'fra', 300, 0, 1, 0, 'now')`).run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() => raw.prepare('DELETE FROM documents').run()).toThrow(/FOREIGN KEY/);
  });
});
