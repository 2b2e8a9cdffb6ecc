// A clerk asks for a document, or one page of it, to be read again with another OCR language:
// chooseOcrLanguage records the choice on the document (a synced record: audited, in the outbox),
// marks the pages the desk's OCR queue will read again, and keeps every page a person corrected as
// corrected (refused for that page alone; confirmed first for the whole document). Refusals write
// nothing. Runs on both engines (the server re-runs a pushed command; its document_pages is an
// empty twin there, filled here so the marking shows on either).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import { newId } from '../../../src/shared/ids';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import { expectRefusedWithoutWrites, openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';

const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;

let court: TestCourt;
let documentId: string;
beforeEach(async () => {
  court = await openTestCourt();
  const { caseId } = await registerSampleCase(court);
  ({ documentId } = await runCommand(court.db, court.env, court.clerk, 'attachDocument', {
    caseId,
    documentTypeId: PETITION,
    language: 'fr',
    ocrLanguage: 'ara',
    title: 'Requête',
    fileName: 'requete.pdf',
    sha256: 'b'.repeat(64),
    size: 2048,
    mime: 'application/pdf',
    pageCount: 3,
  }));
  // The desk's pages as OCR left them (the server's twin table takes them just the same).
  for (let p = 0; p < 3; p++) {
    await court.store.run(
      `INSERT INTO document_pages (document_id, page_index, ocr_status, source, model, script, text, confidence, words, width, height, corrected, read_ms, read_at)
       VALUES ('${documentId}', ${p}, 'done', 'ocr', 'ara', 'arabic', 'garbage ${p}', 30, '[]', 100, 100, 0, 10, '2026-03-01T10:00:00Z')`,
    );
  }
});
afterEach(async () => {
  await court.close();
});

const documentRow = () => court.db.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirstOrThrow();
const waiting = async () =>
  (await court.db.selectFrom('document_pages').select(['page_index', 'reread_language']).where('document_id', '=', documentId).orderBy('page_index').execute()).map((p) => p.reread_language);
const choose = (args: Record<string, unknown>, actor = court.clerk) => runCommand(court.db, court.env, actor, 'chooseOcrLanguage', { documentId, ...args });

describe('reading a document again with another language', () => {
  it('the whole document: the document\'s choice changes, every page waits for its new reading, audited and in the outbox', async () => {
    const result = await choose({ baseVersion: 1, ocrLanguage: 'fra' });
    expect(result).toEqual({ documentId, version: 2, pages: [0, 1, 2], keptCorrected: [] });
    expect(await documentRow()).toMatchObject({ ocr_language: 'fra', page_ocr_languages: '{}', version: 2 });
    expect(await waiting()).toEqual(['fra', 'fra', 'fra']);
    // The pages keep the text they had until the new reading succeeds (the OCR queue's part).
    const texts = await court.db.selectFrom('document_pages').select('text').where('document_id', '=', documentId).orderBy('page_index').execute();
    expect(texts.map((t) => t.text)).toEqual(['garbage 0', 'garbage 1', 'garbage 2']);
    const outbox = await court.db.selectFrom('outbox').select(['name', 'args']).orderBy('mutation_id', 'desc').executeTakeFirstOrThrow();
    expect(outbox.name).toBe('chooseOcrLanguage');
    expect(JSON.parse(outbox.args)).toEqual({ documentId, baseVersion: 1, ocrLanguage: 'fra' });
    const audit = await court.db.selectFrom('audit').select(['command', 'changes']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.command).toBe('chooseOcrLanguage');
    expect(JSON.parse(audit.changes)).toEqual([{ entity: 'document', id: documentId, before: { ocr_language: 'ara', version: 1 }, after: { ocr_language: 'fra', version: 2 } }]);
    expect((await verifyChain(court)).ok).toBe(true);
  });

  it('one page with the combined model: recorded for that page alone, the others untouched; a later whole-document choice replaces it', async () => {
    const page = await choose({ baseVersion: 1, ocrLanguage: 'ara+fra', pageIndex: 2 });
    expect(page).toEqual({ documentId, version: 2, pages: [2], keptCorrected: [] });
    expect(await documentRow()).toMatchObject({ ocr_language: 'ara', page_ocr_languages: '{"2":"ara+fra"}', version: 2 });
    expect(await waiting()).toEqual([null, null, 'ara+fra']);
    await choose({ baseVersion: 2, ocrLanguage: 'eng', pageIndex: 0 });
    expect((await documentRow()).page_ocr_languages).toBe('{"0":"eng","2":"ara+fra"}');
    await choose({ baseVersion: 3, ocrLanguage: 'auto' });
    expect(await documentRow()).toMatchObject({ ocr_language: 'auto', page_ocr_languages: '{}', version: 4 });
    expect(await waiting()).toEqual(['auto', 'auto', 'auto']);
    expect((await verifyChain(court)).ok).toBe(true);
  });

  it('a corrected page keeps its correction: refused alone; for the whole document confirmed first, then the other pages only', async () => {
    await runCommand(court.db, court.env, court.clerk, 'correctPageText', { documentId, pageIndex: 1, text: 'Texte corrigé par le greffier' });
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 1, ocrLanguage: 'fra', pageIndex: 1 }), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.pageCorrectedNotReread' });
    const unconfirmed = await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 1, ocrLanguage: 'fra' }), { code: 'CONFIRMATION_REQUIRED' });
    expect(unconfirmed.fields).toEqual([{ path: ['confirmed'], i18nKey: 'errors.confirm.correctedPagesKept', params: { pages: '2', count: 1 } }]);
    const confirmed = await choose({ baseVersion: 1, ocrLanguage: 'fra', confirmed: ['correctedPagesKept'] });
    expect(confirmed).toMatchObject({ pages: [0, 2], keptCorrected: [1] });
    expect(await waiting()).toEqual(['fra', null, 'fra']);
    const corrected = await court.db.selectFrom('document_pages').select(['text', 'corrected']).where('document_id', '=', documentId).where('page_index', '=', 1).executeTakeFirstOrThrow();
    expect(corrected).toEqual({ text: 'Texte corrigé par le greffier', corrected: 1 });
    // Every page corrected: nothing to read again.
    await runCommand(court.db, court.env, court.clerk, 'correctPageText', { documentId, pageIndex: 0, text: 'a' });
    await runCommand(court.db, court.env, court.clerk, 'correctPageText', { documentId, pageIndex: 2, text: 'b' });
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 2, ocrLanguage: 'eng', confirmed: ['correctedPagesKept'] }), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.allPagesCorrected' });
    expect((await verifyChain(court)).ok).toBe(true);
  });

  it('refuses, writing nothing: an unknown document, another court\'s, an unknown language, a page past the end, a stale version, an administrator', async () => {
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'chooseOcrLanguage', { documentId: newId(), baseVersion: 1, ocrLanguage: 'fra' }), { code: 'NOT_FOUND' });
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 1, ocrLanguage: 'deu' }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 1, ocrLanguage: 'fra+ara' }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 1, ocrLanguage: 'fra', pageIndex: -1 }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 1, ocrLanguage: 'fra', unknown: true }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 1, ocrLanguage: 'fra', pageIndex: 3 }), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.pageOutOfRange' });
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 7, ocrLanguage: 'fra' }), { code: 'STALE_VERSION' });
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 1, ocrLanguage: 'fra' }, court.pureAdmin), { code: 'FORBIDDEN' });
    await court.store.run("INSERT INTO courts (id, code, name_ar, name_fr, version, updated_hlc) VALUES ('01900000-0000-7000-8000-00000000c0c0', 'TPI-FES', 'المحكمة الابتدائية بفاس', 'TPI de Fès', 1, 'x')");
    await court.store.run(`UPDATE documents SET court_id = '01900000-0000-7000-8000-00000000c0c0' WHERE id = '${documentId}'`);
    await expectRefusedWithoutWrites(court, () => choose({ baseVersion: 1, ocrLanguage: 'fra' }), { code: 'NOT_FOUND' });
  });
});
