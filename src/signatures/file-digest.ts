// SHA-256 of a file or of byte ranges of it, read in large positional chunks: a 20 MB scanned
// judgment is never held in memory to be hashed. Not fs.createReadStream: its stream machinery
// costs several event-loop turns per chunk, which on a busy workstation was most of the time of
// signing a one-page PDF (measured by bench:sign); a FileHandle read of 4 MiB is one turn.
import crypto from 'node:crypto';
import fs from 'node:fs';

const CHUNK = 4 << 20;

/**
 * Feeds the ranges [start, start+length) of `file`, in order, to `hash`; every chunk read is also
 * given to `sink` (the signer writes its output file in the same pass).
 */
export async function hashRanges(hash: crypto.Hash, file: string, ranges: readonly { start: number; length: number }[], sink?: (chunk: Buffer) => Promise<void>): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const longest = Math.max(0, ...ranges.map((r) => r.length));
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, longest)));
    for (const { start, length } of ranges) {
      let pos = start;
      let left = length;
      while (left > 0) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, left), pos);
        if (bytesRead === 0) throw new RangeError(`${file}: wanted ${length} bytes at ${start}, the file ends at ${pos}`);
        const chunk = buf.subarray(0, bytesRead);
        hash.update(chunk);
        if (sink) await sink(chunk);
        pos += bytesRead;
        left -= bytesRead;
      }
    }
  } finally {
    await handle.close();
  }
}

/** SHA-256 over the ranges [start, start+length) of `file`, in order, followed by `extra` bytes. */
export async function sha256OfRanges(file: string, ranges: readonly { start: number; length: number }[], extra?: Buffer): Promise<Buffer> {
  return digestOfRanges('sha256', file, ranges, extra);
}

/** The same with another digest (a timestamp token names its own: the verifier follows it). */
export async function digestOfRanges(algorithm: string, file: string, ranges: readonly { start: number; length: number }[], extra?: Buffer): Promise<Buffer> {
  const hash = crypto.createHash(algorithm);
  await hashRanges(hash, file, ranges);
  if (extra) hash.update(extra);
  return hash.digest();
}

export async function sha256OfFile(file: string): Promise<Buffer> {
  const size = (await fs.promises.stat(file)).size;
  return sha256OfRanges(file, [{ start: 0, length: size }]);
}
