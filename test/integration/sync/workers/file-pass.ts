// One pass of document files for a desk, in a process of its own so a test can kill it (SIGKILL)
// mid-transfer: the desk's file and data folder, the server and the signed-in token, and a
// bandwidth cap slow enough that the kill lands while bytes move. Prints "moving" before the pass
// and "moved <json>" after.
import { createBlobClient } from '../../../../src/main/services/blobs/blob-client';
import { createPace, pacedFetch } from '../../../../src/main/services/blobs/paced-fetch';
import { DocumentFiles } from '../../../../src/main/services/sync/document-files';
import { openDatabase } from '../../../../src/store/sqlite/open-database';

interface Args {
  file: string;
  dataDir: string;
  serverUrl: string;
  token: string;
  bytesPerSecond: number;
}

const args = JSON.parse(process.argv[2]!) as Args;
const opened = await openDatabase(args.file);
const files = new DocumentFiles({ db: opened.db, dataDir: args.dataDir, now: () => new Date() });
const client = createBlobClient({
  serverUrl: args.serverUrl,
  authHeaders: () => ({ authorization: `Bearer ${args.token}` }),
  fetch: pacedFetch(createPace(args.bytesPerSecond)),
});
process.stdout.write('moving\n');
const done = await files.pass(client);
process.stdout.write(`moved ${JSON.stringify(done)}\n`);
await opened.close();
