// A desk process reading documents, for the crash test (run with `node --import tsx`): opens the
// workstation file, starts the document service and prints a line per page read, until done or
// killed. Test support only: never imported by the app.
import { createDocumentService } from '../../../../src/main/services/documents/document-service';
import { openDatabase } from '../../../../src/store/sqlite/open-database';
import { HlcClock } from '../../../../src/shared/hlc';

const args = JSON.parse(process.argv[2]!) as { file: string; dataDir: string; courtId: string };
const opened = await openDatabase(args.file);
const service = createDocumentService({
  db: opened.db,
  dataDir: args.dataDir,
  commandEnv: () => ({ deviceId: 'device-test-1', deviceTag: 'TEST01', courtId: args.courtId, clock: new HlcClock('device-test-1'), now: () => new Date(), numbering: 'standalone' }),
  onDocumentRead: async (documentId) => {
    process.stdout.write(`indexed ${documentId}\n`);
  },
});
service.events.on('progress', (p) => process.stdout.write(`page ${p.documentId} ${p.pageIndex} ${p.pagesDone}/${p.pagesTotal}\n`));
await service.start();
await service.idle();
await service.close();
await opened.close();
process.stdout.write('finished\n');
