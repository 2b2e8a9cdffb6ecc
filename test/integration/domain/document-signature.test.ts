// A document's detached signature recorded through the one write path (recordDocumentSignature):
// audited (the case's timeline names it), in the outbox to be pushed, a synced record whose id comes
// from the .p7s, the document and the case untouched; a judge and a clerk may each sign the same
// document. Refused with a typed error and nothing written: a malformed call, an unknown document,
// another court's, a file that is not the document's, the same .p7s twice, an administrator.
// Runs on both engines (integration and integration-pg).
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand, type Actor } from '../../../src/domain';
import { documentSignatureId } from '../../../src/domain/rules/document-signature';
import { newId } from '../../../src/shared/ids';
import type { CommandArgsInput } from '../../../src/shared/schemas/commands';
import { SEED_DOCUMENT_TYPES } from '../../../src/store/sqlite/migrations/0018-documents';
import { caseVersion, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const REPORT = SEED_DOCUMENT_TYPES.find((t) => t.code === 'petition')!.id;
const FILE = sha('the expert report as scanned');
const P7S_JUDGE = sha('the judge’s .p7s');
const P7S_CLERK = sha('the clerk’s .p7s');

let court: TestCourt;
let caseId: string;
let documentId: string;

beforeEach(async () => {
  court = await openTestCourt();
  caseId = (await registerSampleCase(court)).caseId;
  ({ documentId } = await runCommand(court.db, court.env, court.clerk, 'attachDocument', {
    caseId,
    documentTypeId: REPORT,
    documentDate: '2026-01-02',
    language: 'ar',
    title: 'تقرير الخبرة',
    fileName: 'rapport.png',
    sha256: FILE,
    size: 48_213,
    mime: 'image/png',
    pageCount: 1,
  }));
});
afterEach(async () => {
  await court.close();
});

function args(over: Partial<CommandArgsInput<'recordDocumentSignature'>> = {}): CommandArgsInput<'recordDocumentSignature'> {
  return {
    documentId,
    documentSha256: FILE,
    signature: { sha256: P7S_JUDGE, size: 2_417 },
    certificate: { subject: 'CN=Samira Alaoui,O=Tribunal', issuer: 'CN=Mahkama Test Signing CA', serialNumber: '1f03', sha256: sha('judge certificate') },
    level: 'B-B',
    signedAt: '2026-01-05T08:00:00.000Z',
    ...over,
  };
}

const record = (actor: Actor, over: Partial<CommandArgsInput<'recordDocumentSignature'>> = {}) => runCommand(court.db, court.env, actor, 'recordDocumentSignature', args(over));

async function documentVersion(): Promise<number> {
  return Number((await court.db.selectFrom('documents').select('version').where('id', '=', documentId).executeTakeFirstOrThrow()).version);
}

describe('recording a document\'s detached signature', () => {
  it('the judge\'s signature: a record of its own, audited on the case, in the outbox; the document and the case untouched; a clerk signs the same document after', async () => {
    const caseBefore = await caseVersion(court, caseId);
    const docBefore = await documentVersion();
    const r = await record(court.judge);
    expect(r).toEqual({ documentId, signatureId: documentSignatureId(P7S_JUDGE), version: 1 });
    const row = await court.db.selectFrom('document_signatures').selectAll().where('id', '=', r.signatureId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      court_id: court.courtId,
      document_id: documentId,
      document_sha256: FILE,
      signature_sha256: P7S_JUDGE,
      signature_size: 2_417,
      signer_id: court.judge.userId,
      signer_role: 'judge',
      certificate_subject: 'CN=Samira Alaoui,O=Tribunal',
      certificate_issuer: 'CN=Mahkama Test Signing CA',
      certificate_serial: '1f03',
      certificate_sha256: sha('judge certificate'),
      level: 'B-B',
      signed_at: '2026-01-05T08:00:00.000Z',
      version: 1,
    });
    expect(await caseVersion(court, caseId)).toBe(caseBefore);
    expect(await documentVersion()).toBe(docBefore);

    const entry = await court.db.selectFrom('audit').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry.command).toBe('recordDocumentSignature');
    expect(entry.user_id).toBe(court.judge.userId);
    expect(JSON.parse(entry.changes)).toEqual([
      { entity: 'document_signature', id: r.signatureId, before: null, after: expect.objectContaining({ document_id: documentId, signature_sha256: P7S_JUDGE, level: 'B-B', signer_role: 'judge' }) },
    ]);
    const subjects = await court.db.selectFrom('audit_subjects').select('case_id').where('seq', '=', entry.seq).execute();
    expect(subjects.map((s) => s.case_id)).toEqual([caseId]);
    const outbox = await court.db.selectFrom('outbox').selectAll().orderBy('mutation_id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(outbox.name).toBe('recordDocumentSignature');
    expect(JSON.parse(outbox.args)).toMatchObject({ documentId, signature: { sha256: P7S_JUDGE } });

    const clerk = await record(court.clerk, { signature: { sha256: P7S_CLERK, size: 1_100 }, level: 'B-T', certificate: { ...args().certificate, subject: 'CN=Karim Bennani' } });
    const rows = await court.db.selectFrom('document_signatures').select(['id', 'signer_role', 'level']).where('document_id', '=', documentId).orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(rows.find((x) => x.id === clerk.signatureId)).toMatchObject({ signer_role: 'clerk', level: 'B-T' });
    expect((await verifyChain(court)).ok).toBe(true);
  });

  it('refuses, writing nothing: malformed calls, an unknown document, another court\'s, a file that is not the document\'s, the same .p7s twice, an administrator', async () => {
    const malformed = (input: unknown) => runCommand(court.db, court.env, court.judge, 'recordDocumentSignature', input as CommandArgsInput<'recordDocumentSignature'>);
    await expectRefusedWithoutWrites(court, () => malformed({ ...args(), documentSha256: 'not-a-hash' }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => malformed({ ...args(), level: 'B-LTA' }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => malformed({ ...args(), signature: { sha256: P7S_JUDGE, size: 2 ** 21 } }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => malformed({ ...args(), signedBy: court.clerk.userId }), { code: 'VALIDATION_FAILED' });
    await expectRefusedWithoutWrites(court, () => malformed({ documentId }), { code: 'VALIDATION_FAILED' });
    // A signing time no court act has: year 0 or 9999 would read as garbage on every desk.
    for (const signedAt of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1999-12-31T23:59:59.999Z']) {
      await expectRefusedWithoutWrites(court, () => malformed({ ...args(), signedAt }), { code: 'VALIDATION_FAILED' });
    }
    await expectRefusedWithoutWrites(court, () => record(court.judge, { documentId: newId() }), { code: 'NOT_FOUND' });
    await expectRefusedWithoutWrites(court, () => record(court.judge, { documentSha256: sha('another copy') }), {
      code: 'RULE_VIOLATION',
      i18nKey: 'errors.rule.documentSignatureOverOtherFile',
    });
    await expectRefusedWithoutWrites(court, () => record(court.pureAdmin), { code: 'FORBIDDEN' });
    await record(court.judge);
    await expectRefusedWithoutWrites(court, () => record(court.clerk), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.documentSignatureRecorded' });
    await court.store.run("INSERT INTO courts (id, code, name_ar, name_fr, version, updated_hlc) VALUES ('01900000-0000-7000-8000-00000000c0c0', 'TPI-FES', 'المحكمة الابتدائية بفاس', 'TPI de Fès', 1, 'x')");
    await court.store.run(`UPDATE documents SET court_id = '01900000-0000-7000-8000-00000000c0c0' WHERE id = '${documentId}'`);
    await expectRefusedWithoutWrites(court, () => record(court.clerk, { signature: { sha256: P7S_CLERK, size: 1_100 } }), { code: 'NOT_FOUND' });
  });
});
