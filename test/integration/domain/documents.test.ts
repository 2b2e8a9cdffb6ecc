// A clerk files a document in a case and a person corrects a page's text: both are commands of the
// one write path (audited, in the outbox for sync), checked against the case, the document type
// and the court's clock; a correction is based on the correction before it. Runs on both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/domain';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import { caseVersion, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';

const PETITION = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;
const SHA = 'a'.repeat(64);

let court: TestCourt;
let caseId: string;
beforeEach(async () => {
  court = await openTestCourt();
  caseId = (await registerSampleCase(court)).caseId;
});
afterEach(async () => {
  await court.close();
});

function attach(overrides: Record<string, unknown> = {}) {
  return runCommand(court.db, court.env, court.clerk, 'attachDocument', {
    caseId,
    documentTypeId: PETITION,
    documentDate: '2026-01-02',
    language: 'ar',
    title: 'مقال افتتاحي',
    fileName: 'petition.pdf',
    sha256: SHA,
    size: 12345,
    mime: 'application/pdf',
    pageCount: 3,
    ...overrides,
  });
}

describe('attaching a document to a case', () => {
  it('records the document with its metadata, audited and in the outbox, the case untouched', async () => {
    const before = await caseVersion(court, caseId);
    const { documentId, version } = await attach();
    expect(version).toBe(1);
    const row = await court.db.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ case_id: caseId, court_id: court.courtId, document_type_id: PETITION, ocr_language: 'auto', sha256: SHA, page_count: 3, created_by: court.clerk.userId });
    expect(await caseVersion(court, caseId)).toBe(before);
    const outbox = await court.db.selectFrom('outbox').select(['name', 'args']).orderBy('mutation_id', 'desc').executeTakeFirstOrThrow();
    expect(outbox.name).toBe('attachDocument');
    expect(JSON.parse(outbox.args)).toMatchObject({ sha256: SHA, pageCount: 3 });
    const audit = await court.db.selectFrom('audit').select(['command', 'changes']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.command).toBe('attachDocument');
    expect(JSON.parse(audit.changes)[0]).toMatchObject({ entity: 'document', id: documentId, before: null });
    expect((await verifyChain(court)).ok).toBe(true);
  });

  it('refuses, writing nothing: a date in the future, an unknown type, a closed case, a bad hash, a judge', async () => {
    await expectRefusedWithoutWrites(court, () => attach({ documentDate: '2026-02-01' }), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.documentDateInFuture' });
    await expectRefusedWithoutWrites(court, () => attach({ documentTypeId: '01900000-0000-7000-8000-0000000000ff' }), { code: 'NOT_FOUND' });
    await expectRefusedWithoutWrites(court, () => attach({ sha256: 'not-a-hash' }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => attach({ mime: 'text/plain' }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.judge, 'attachDocument', {}), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(
      court,
      () => runCommand(court.db, court.env, court.judge, 'attachDocument', { caseId, documentTypeId: PETITION, language: 'ar', title: 't', fileName: 'f.pdf', sha256: SHA, size: 1, mime: 'application/pdf', pageCount: 1 }),
      { code: 'FORBIDDEN' },
    );
    await runCommand(court.db, court.env, court.chiefClerk, 'closeCase', { caseId, baseVersion: await caseVersion(court, caseId), reason: 'withdrawn' });
    await expectRefusedWithoutWrites(court, () => attach(), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.caseClosed' });
  });
});

describe('correcting the text of a page', () => {
  it('a first correction creates it; the next is based on it; a stale or missing base version is refused', async () => {
    const { documentId } = await attach();
    const first = await runCommand(court.db, court.env, court.clerk, 'correctPageText', { documentId, pageIndex: 1, text: 'المحكمة الابتدائية بالرباط' });
    expect(first.version).toBe(1);
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.judge, 'correctPageText', { documentId, pageIndex: 1, text: 'x' }), { code: 'STALE_VERSION' });
    const second = await runCommand(court.db, court.env, court.judge, 'correctPageText', { documentId, pageIndex: 1, text: 'المحكمة الابتدائية بالرباط\nسطر ثان', baseVersion: 1 });
    expect(second).toMatchObject({ correctionId: first.correctionId, version: 2 });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'correctPageText', { documentId, pageIndex: 1, text: 'y', baseVersion: 1 }), { code: 'STALE_VERSION' });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'correctPageText', { documentId, pageIndex: 3, text: 'y' }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.pageOutOfRange',
    });
    const row = await court.db.selectFrom('page_corrections').selectAll().where('id', '=', first.correctionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ text: 'المحكمة الابتدائية بالرباط\nسطر ثان', corrected_by: court.judge.userId, version: 2 });
    expect((await verifyChain(court)).ok).toBe(true);
  });
});
