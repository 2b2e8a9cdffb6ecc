// Damage done to a closed database file on disk, the way a failing disk or a careless copy does it:
// bytes of one b-tree page overwritten, or one page put back as it was earlier. Test support only;
// the file must be closed (its WAL checkpointed) before, and is opened by the code under test after.
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

/** Page number and size of an index's root page (a small table's index fits in its root page). */
export function indexRootPage(dbFile: string, index: string): { page: number; pageSize: number } {
  const raw = new BetterSqlite3(dbFile, { readonly: true });
  try {
    const page = raw.prepare("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(index) as number | undefined;
    if (!page) throw new Error(`no index ${index}`);
    return { page, pageSize: Number(raw.pragma('page_size', { simple: true })) };
  } finally {
    raw.close();
  }
}

export function readPage(dbFile: string, page: number, pageSize: number): Buffer {
  const buf = Buffer.alloc(pageSize);
  const fd = fs.openSync(dbFile, 'r');
  try {
    fs.readSync(fd, buf, 0, pageSize, (page - 1) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
  return buf;
}

export function writePage(dbFile: string, page: number, bytes: Buffer): void {
  const fd = fs.openSync(dbFile, 'r+');
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, (page - 1) * bytes.length);
  } finally {
    fs.closeSync(fd);
  }
}

/** Overwrites the b-tree header and first cells of an index's root page with garbage. */
export function smashIndexRootPage(dbFile: string, index: string): void {
  const { page, pageSize } = indexRootPage(dbFile, index);
  const bytes = readPage(dbFile, page, pageSize);
  bytes.fill(0xa5, 0, Math.min(512, pageSize));
  writePage(dbFile, page, bytes);
}
