// `reindex` rebuilds the page index and can be interrupted and resumed (issue 9, item 5): the real
// CLI (`npm run cli -- reindex --json`) is killed with SIGKILL mid-run, then run again: it resumes
// from its persisted cursor, and at the end every readable page is in the index exactly once (each
// page carries a word of its own, counted with fts5vocab), none is missed, the count of pages done
// equals the pages there are (no batch done twice), and entries of documents no longer read are
// gone. Also: an AbortSignal stops the service between batches, and a second run changes nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexDocumentPages } from '../../../src/domain';
import { runCli } from '../../../src/main/cli';
import { LOCK_FILE_NAME } from '../../../src/main/services/lock';
import { runReindex } from '../../../src/main/services/search/reindex';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import { openTestCourt, registerSampleCase, tempDbFile } from '../../helpers/db';
import { fileReadDocument } from '../../helpers/read-documents';
import { entryArgs } from '../../helpers/entries';

const REPO = path.resolve(import.meta.dirname, '../../..');
const DOCUMENTS = 60;
const PAGES = 100;
const word = (d: number, p: number) => `k${d}p${p}`;
const pageText = (d: number, p: number) =>
  `المحكمة الابتدائية بالرباط ملف عدد ${d}/1101/2026 الصفحة ${p + 1} ${word(d, p)} حيث إن المدعي يلتمس الحكم على المدعى عليه بأداء واجبات الكراء Attendu que le demandeur sollicite`;

let file: string;
const ids: string[] = [];

beforeAll(async () => {
  file = tempDbFile();
  const court = await openTestCourt({ file });
  const caseId = (await registerSampleCase(court)).caseId;
  for (let d = 0; d < DOCUMENTS; d++) ids.push(await fileReadDocument(court, { caseId, pages: Array.from({ length: PAGES }, (_, p) => pageText(d, p)) }));
  // Half were indexed by the OCR hook already; one of those was then read again and is not read now.
  for (const id of ids.slice(0, DOCUMENTS / 2)) await indexDocumentPages(court.db, id);
  await court.db.updateTable('ocr_jobs').set({ status: 'running' }).where('document_id', '=', ids[0]!).execute();
  await court.close();
}, 120_000);

afterAll(() => undefined);

function cli(args: string[]): { kill(): void; lines: string[]; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stderr: () => string } {
  const child = spawn(process.execPath, [...entryArgs('cli'), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    kill: () => child.kill('SIGKILL'),
    lines,
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
    stderr: () => err,
  };
}

async function killMidRun(): Promise<number> {
  const run = cli(['reindex', '--db', file, '--json']);
  const deadline = Date.now() + 60_000;
  const progressed = () => run.lines.map((l) => JSON.parse(l) as { event: string; pagesDone: number }).some((e) => e.event === 'progress' && e.pagesDone > 0);
  while (!progressed() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  run.kill();
  const exit = await run.exited;
  expect(exit.signal, run.stderr()).toBe('SIGKILL');
  const last = run.lines.map((l) => JSON.parse(l) as { event: string; pagesDone: number }).at(-1)!;
  return last.pagesDone;
}

describe('reindex', () => {
  it('killed mid-run (twice) and run again: every readable page indexed once, none missed, stale entries gone', async () => {
    const readable = (DOCUMENTS - 1) * PAGES;
    const firstStop = await killMidRun();
    const secondStop = await killMidRun();
    const opened = await openDatabase(file);
    try {
      const state = opened.raw.prepare('SELECT * FROM page_reindex').get() as { pages_done: number; finished_at: string | null };
      // Stopped mid-run, and the second run went on from the first's cursor.
      expect(state.finished_at).toBeNull();
      expect(state.pages_done).toBeGreaterThan(0);
      expect(state.pages_done).toBeLessThan(readable);
      expect(state.pages_done).toBeGreaterThanOrEqual(secondStop);
      expect(secondStop).toBeGreaterThanOrEqual(firstStop);
    } finally {
      await opened.close();
    }

    const out: string[] = [];
    expect(await runCli(['reindex', '--db', file, '--json'], { out: (l) => out.push(l), err: (l) => out.push(l), env: process.env })).toBe(0);
    const events = out.map((l) => JSON.parse(l) as { event: string; pagesDone: number; pagesTotal: number; resumed: boolean });
    expect(events[0]).toMatchObject({ event: 'progress', resumed: true });
    expect(events.at(-1)).toEqual({ event: 'finished', pagesDone: readable, pagesTotal: readable, resumed: true });

    const db = await openDatabase(file);
    try {
      db.raw.exec('CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, page_search, row)');
      const holding = new Map((db.raw.prepare("SELECT term, doc FROM temp.terms WHERE term GLOB 'k*p*'").all() as { term: string; doc: number }[]).map((r) => [r.term, r.doc]));
      const missing: string[] = [];
      const twice: string[] = [];
      for (let d = 1; d < DOCUMENTS; d++)
        for (let p = 0; p < PAGES; p++) {
          const n = holding.get(word(d, p)) ?? 0;
          if (n === 0) missing.push(word(d, p));
          if (n > 1) twice.push(word(d, p));
        }
      expect({ missing, twice }).toEqual({ missing: [], twice: [] });
      // The document not read any more has left the index.
      expect([...holding.keys()].filter((t) => t.startsWith('k0p'))).toEqual([]);
      expect((db.raw.prepare('SELECT count(*) AS n FROM page_search_rows').get() as { n: number }).n).toBe(readable);

      // Run again: a new run, the same index.
      const before = db.raw.prepare('SELECT document_id, page_index FROM page_search_rows ORDER BY 1, 2').all();
      const again = await runReindex(db.db, { batch: 500 });
      expect(again).toMatchObject({ finished: true, resumed: false, pagesDone: readable });
      expect(db.raw.prepare('SELECT document_id, page_index FROM page_search_rows ORDER BY 1, 2').all()).toEqual(before);
      db.raw.exec('DROP TABLE temp.terms');
    } finally {
      await db.close();
    }
  }, 180_000);

  it('stops between batches when asked and resumes where it stood', async () => {
    const db = await openDatabase(file);
    try {
      const stop = new AbortController();
      const seen: number[] = [];
      const stopped = await runReindex(db.db, {
        batch: 100,
        signal: stop.signal,
        onProgress: (p) => {
          seen.push(p.pagesDone);
          if (p.pagesDone >= 300) stop.abort();
        },
      });
      expect(stopped).toMatchObject({ finished: false, pagesDone: 300 });
      const resumed = await runReindex(db.db, { batch: 1000 });
      expect(resumed).toMatchObject({ finished: true, resumed: true, pagesDone: (DOCUMENTS - 1) * PAGES });
      expect(seen).toEqual([0, 100, 200, 300]);
    } finally {
      await db.close();
    }
  });

  it('refuses a database that does not exist rather than making one, and a stray argument', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (l: string) => err.push(l), env: process.env };
    expect(await runCli(['reindex', '--db', path.join(path.dirname(file), 'none.db')], io)).toBe(2);
    expect(err.join('\n')).toContain('DB_UNAVAILABLE');
    expect(await runCli(['reindex', 'now', '--db', file], io)).toBe(2);
  });

  it('is refused beside a running app (the data folder is locked): nothing read or written, and runs once the holder is gone', async () => {
    // A live process holds the lock, as the open app would.
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    const lockFile = path.join(path.dirname(file), LOCK_FILE_NAME);
    fs.writeFileSync(lockFile, `${holder.pid}\n`);
    const before = fs.readFileSync(file);
    const err: string[] = [];
    const io = { out: () => undefined, err: (l: string) => err.push(l), env: process.env };
    try {
      expect(await runCli(['reindex', '--db', file, '--json'], io)).toBe(2);
      expect(err.join('\n')).toContain('DB_UNAVAILABLE');
      expect(err.join('\n')).toContain(String(holder.pid));
      expect(fs.readFileSync(file).equals(before)).toBe(true);
      expect(fs.readFileSync(lockFile, 'utf8').trim()).toBe(String(holder.pid));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // The holder died without releasing it: the lock is stale and taken over, then released.
    expect(await runCli(['reindex', '--db', file, '--json'], { ...io, err: () => undefined })).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});
