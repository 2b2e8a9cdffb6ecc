// A desk importing a document whose store is on a disk too small for it, for the full-disk test
// (run with `node --import tsx`): opens the workstation file, imports `source` through the
// document service (OCR not started) and prints one line, the document imported or the failure
// as the app sees it (toAppError); then closes. Test support only: never imported by the app.
import type { Actor } from '../../../../src/domain';
import { createDocumentService } from '../../../../src/main/services/documents/document-service';
import { toAppError } from '../../../../src/shared/errors';
import { HlcClock } from '../../../../src/shared/hlc';
import { openDatabase } from '../../../../src/store/sqlite/open-database';

const args = JSON.parse(process.argv[2]!) as { file: string; dataDir: string; courtId: string; caseId: string; documentTypeId: string; actor: Actor; source: string };
const opened = await openDatabase(args.file);
const service = createDocumentService({
  db: opened.db,
  dataDir: args.dataDir,
  commandEnv: () => ({ deviceId: 'device-test-1', deviceTag: 'TEST01', courtId: args.courtId, clock: new HlcClock('device-test-1'), now: () => new Date(), numbering: 'standalone' }),
});
try {
  const imported = await service.importDocument(args.actor, args.source, { caseId: args.caseId, documentTypeId: args.documentTypeId, language: 'ar', title: 'مقال' });
  process.stdout.write(`${JSON.stringify({ imported: imported.documentId })}\n`);
} catch (err) {
  const e = toAppError(err);
  process.stdout.write(`${JSON.stringify({ failure: { code: e.code, i18nKey: e.i18nKey, cause: (e.cause as { code?: string } | undefined)?.code ?? String(e.cause) } })}\n`);
}
await service.close();
await opened.close();
