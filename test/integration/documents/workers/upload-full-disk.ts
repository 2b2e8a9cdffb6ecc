// The browser shell's upload store receiving a body larger than the disk left, for the full-disk
// test (run with `node --import tsx`): prints one line, the upload received or the failure as the
// app sees it (toAppError). Test support only: never imported by the app.
import crypto from 'node:crypto';
import { UploadStore } from '../../../../src/main/services/documents/upload-store';
import { toAppError } from '../../../../src/shared/errors';

const args = JSON.parse(process.argv[2]!) as { dataDir: string; chunks: number };
async function* body(): AsyncIterable<Buffer> {
  for (let i = 0; i < args.chunks; i++) yield crypto.randomBytes(64 * 1024);
}
try {
  const received = await new UploadStore(args.dataDir).receive(body(), { declaredBytes: args.chunks * 64 * 1024, complete: () => true });
  process.stdout.write(`${JSON.stringify({ received: received.size })}\n`);
} catch (err) {
  const e = toAppError(err);
  process.stdout.write(`${JSON.stringify({ failure: { code: e.code, i18nKey: e.i18nKey } })}\n`);
}
