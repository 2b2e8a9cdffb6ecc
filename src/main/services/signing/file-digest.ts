// SHA-256 of a file or of byte ranges of it, read as a stream: a 20 MB scanned judgment is never
// held in memory to be hashed.
import crypto from 'node:crypto';
import fs from 'node:fs';

/** SHA-256 over the ranges [start, start+length) of `file`, in order, followed by `extra` bytes. */
export async function sha256OfRanges(file: string, ranges: readonly { start: number; length: number }[], extra?: Buffer): Promise<Buffer> {
  return digestOfRanges('sha256', file, ranges, extra);
}

/** The same with another digest (a timestamp token names its own: the verifier follows it). */
export async function digestOfRanges(algorithm: string, file: string, ranges: readonly { start: number; length: number }[], extra?: Buffer): Promise<Buffer> {
  const hash = crypto.createHash(algorithm);
  for (const { start, length } of ranges) {
    if (length === 0) continue;
    const stream = fs.createReadStream(file, { start, end: start + length - 1, highWaterMark: 1 << 20 });
    let read = 0;
    for await (const chunk of stream) {
      hash.update(chunk as Buffer);
      read += (chunk as Buffer).length;
    }
    if (read !== length) throw new RangeError(`${file}: wanted ${length} bytes at ${start}, read ${read}`);
  }
  if (extra) hash.update(extra);
  return hash.digest();
}

export async function sha256OfFile(file: string): Promise<Buffer> {
  const size = (await fs.promises.stat(file)).size;
  return sha256OfRanges(file, [{ start: 0, length: size }]);
}
