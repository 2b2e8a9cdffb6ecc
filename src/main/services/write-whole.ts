// A file written where a person or a program will look for it only once it is whole: written to a
// temporary name beside the destination (same folder, so the rename stays on one file system),
// synced, then renamed over it; removed on any failure, so a failed write never leaves half a file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Writes `bytes` to `destination` whole or not at all; returns the bytes written. */
export async function writeWhole(destination: string, bytes: Uint8Array | string): Promise<number> {
  const tmp = path.join(path.dirname(path.resolve(destination)), `.${path.basename(destination)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.promises.open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const { size } = await fs.promises.stat(tmp);
    await fs.promises.rename(tmp, destination);
    return size;
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
