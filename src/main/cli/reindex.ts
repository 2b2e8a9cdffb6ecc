// `cli reindex [--json]`: rebuilds the desk's page index with the service the app uses
// (services/search/reindex.ts), printing progress; Ctrl+C stops it after the batch under way, and
// the next `reindex` resumes there (so does one after a kill). Exit 0 when done, 1 when stopped.
// The database must exist: this never creates one; an older schema is migrated as the app would,
// after a snapshot. It takes the data folder's lock as the app does (services/lock.ts): beside a
// running app (or another reindex) it is refused with DB_UNAVAILABLE naming the holder, since two
// writers would rebuild the same index from two cursors.
import path from 'node:path';
import { openDatabase, requireDatabaseFile } from '../../store/sqlite/open-database';
import { acquireLock, lockFileFor } from '../services/lock';
import { runReindex } from '../services/search/reindex';
import { createSnapshot, SNAPSHOT_DIR_NAME } from '../services/snapshots';
import type { CliIo } from './index';

export async function reindexCommand(dbFile: string, opts: { json: boolean; signal?: AbortSignal }, io: CliIo): Promise<number> {
  requireDatabaseFile(dbFile);
  const lock = acquireLock(lockFileFor(dbFile));
  let opened;
  try {
    opened = await openDatabase(dbFile, {
      beforeMigrate: async (raw, fromVersion) => void (await createSnapshot(raw, path.join(path.dirname(dbFile), SNAPSHOT_DIR_NAME), `pre-migration-v${fromVersion}`)),
    });
  } catch (err) {
    lock.release();
    throw err;
  }
  try {
    let last = -1;
    const state = await runReindex(opened.db, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      onProgress: (p) => {
        if (opts.json) io.out(JSON.stringify({ event: 'progress', pagesDone: p.pagesDone, pagesTotal: p.pagesTotal, resumed: p.resumed }));
        else if (p.pagesDone !== last) io.out(`reindex: ${p.pagesDone}/${p.pagesTotal} pages${p.resumed ? ' (resumed)' : ''}`);
        last = p.pagesDone;
      },
    });
    if (opts.json) io.out(JSON.stringify({ event: state.finished ? 'finished' : 'stopped', pagesDone: state.pagesDone, pagesTotal: state.pagesTotal, resumed: state.resumed }));
    else io.out(state.finished ? `reindex done: ${state.pagesDone} pages` : `reindex stopped at ${state.pagesDone}/${state.pagesTotal} pages: run it again to resume`);
    return state.finished ? 0 : 1;
  } finally {
    await opened.close();
    lock.release();
  }
}
