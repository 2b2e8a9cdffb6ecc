// A signed PDF cut short (in transit, on a full disk, by a copy stopped halfway) must never read as
// a PDF that was never signed. Incremental updates leave each earlier revision whole at the start
// of the file, so a file cut inside its signature's revision still opens as the revision before —
// with one signature fewer, or none. These find the end of the last revision that is whole, and a
// signature dictionary (its /ByteRange, which the signature's own bytes must be outside of, so it
// is never inside a compressed object stream) in the bytes after it.
import fs from 'node:fs';
import { readAt } from './pdf-file';

const WINDOW = 64 * 1024;
const EOF_MARK = Buffer.from('%%EOF', 'latin1');
const BYTE_RANGE = Buffer.from('/ByteRange', 'latin1');

/**
 * The end of the last %%EOF of the first `size` bytes of the file, with the end-of-line after it
 * (a signature's byte range covers it); null when there is none.
 */
export function lastRevisionEnd(file: string, size: number): number | null {
  const fd = fs.openSync(file, 'r');
  try {
    for (let end = size; end > 0; end -= WINDOW - EOF_MARK.length) {
      const start = Math.max(0, end - WINDOW);
      const at = readAt(fd, start, end - start).lastIndexOf(EOF_MARK);
      if (at < 0) {
        if (start === 0) return null;
        continue;
      }
      let after = start + at + EOF_MARK.length;
      const eol = readAt(fd, after, 2);
      if (eol[0] === 0x0d) after++;
      if (eol[eol[0] === 0x0d ? 1 : 0] === 0x0a) after++;
      return Math.min(after, size);
    }
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether bytes `from`…`to` of the file hold a signature dictionary's /ByteRange. */
export function holdsSignatureBetween(file: string, from: number, to: number): boolean {
  if (to <= from) return false;
  const fd = fs.openSync(file, 'r');
  try {
    for (let start = from; start < to; start += WINDOW - BYTE_RANGE.length) {
      if (readAt(fd, start, Math.min(WINDOW, to - start)).includes(BYTE_RANGE)) return true;
      if (start + WINDOW >= to) break;
    }
    return false;
  } finally {
    fs.closeSync(fd);
  }
}
