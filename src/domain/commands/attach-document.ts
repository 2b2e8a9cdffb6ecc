// attachDocument: a document is filed in a case — its file already in the desk's store under its
// SHA-256 (the file itself travels as a blob, not in the command), its type, date, language and
// page count. OCR follows on the desk and is never awaited: a registered document is usable at once.
import { notFound, ruleViolation } from '../../shared/errors';
import { loadCase } from '../load';
import { insertVersioned } from '../rows';
import { RuleIssues } from '../rule-issues';
import type { CommandDefinition } from '../types';

export const attachDocument: CommandDefinition<'attachDocument'> = {
  name: 'attachDocument',
  async execute(trx, ctx, args) {
    const kase = await loadCase(trx, ctx.env.courtId, args.caseId);
    if (kase.status === 'closed') throw ruleViolation('caseClosed', { number: kase.number });
    const type = await trx.selectFrom('document_types').selectAll().where('id', '=', args.documentTypeId).executeTakeFirst();
    if (!type) throw notFound('document_type', args.documentTypeId);
    const issues = new RuleIssues();
    issues.check(() => {
      if (type.active !== 1) throw ruleViolation('documentTypeInactive', {}, ['documentTypeId']);
    });
    issues.check(() => {
      if (args.documentDate !== undefined && args.documentDate > ctx.today) throw ruleViolation('documentDateInFuture', { date: args.documentDate }, ['documentDate']);
    });
    issues.throwIfAny();
    const doc = await insertVersioned(trx, ctx, 'documents', {
      id: ctx.newId('document'),
      court_id: ctx.env.courtId,
      case_id: kase.id,
      document_type_id: type.id,
      document_date: args.documentDate ?? null,
      language: args.language,
      ocr_language: args.ocrLanguage,
      title: args.title,
      file_name: args.fileName,
      sha256: args.sha256,
      size: args.size,
      mime: args.mime,
      page_count: args.pageCount,
      created_at: ctx.wallTime,
      created_by: ctx.actor!.userId,
      page_ocr_languages: '{}',
    });
    return {
      result: { documentId: doc.row.id, version: doc.row.version },
      changes: [doc.change],
      baseVersions: {},
      caseIds: [kase.id],
    };
  },
};
