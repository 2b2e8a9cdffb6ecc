// A desk downloading one blob onto a disk that may be full, for the full-disk test (run with
// `node --import tsx`): prints one line, the bytes downloaded or the failure as the app sees it
// (toAppError), or that the download was still going after `giveUpMs` (then exits 3).
// Test support only: never imported by the app.
import { createBlobClient } from '../../../../src/main/services/blobs/blob-client';
import { toAppError } from '../../../../src/shared/errors';

const args = JSON.parse(process.argv[2]!) as { serverUrl: string; headers: Record<string, string>; sha256: string; dest: string; giveUpMs: number };
const client = createBlobClient({ serverUrl: args.serverUrl, authHeaders: () => args.headers, retryDelayMs: () => 20 });
const stuck = setTimeout(() => {
  process.stdout.write(`${JSON.stringify({ stillGoing: true })}\n`);
  process.exit(3);
}, args.giveUpMs);
try {
  const { size } = await client.download(args.sha256, args.dest);
  process.stdout.write(`${JSON.stringify({ downloaded: size })}\n`);
} catch (err) {
  const e = toAppError(err);
  process.stdout.write(`${JSON.stringify({ failure: { code: e.code, i18nKey: e.i18nKey } })}\n`);
}
clearTimeout(stuck);
