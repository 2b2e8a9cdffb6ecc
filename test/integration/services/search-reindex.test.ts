// Rebuilding the search index from the desk (search.reindexStatus / reindexStart / reindexStop and
// the push channel's `search.reindex`) through the real app service: a real SQLite file, documents
// filed through documents.import and read by the real OCR pool (PDFs with their own text layer, so
// no Tesseract wait). Each page carries a word of its own, so "indexed once" is counted in the
// index itself (fts5vocab) and compared with the page table. Stories: progress arrives in order and
// ends at the total; a second start changes nothing; a stop mid-way then a resume indexes every page
// once; the app closed mid-run stops after its batch, starts nothing more, and the next start
// resumes there; another program holding the database mid-run fails the run with a typed error and
// loses nothing; OCR indexing documents in the middle of a rebuild; a clerk is refused; malformed
// input is refused with nothing written.
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService, DB_FILE_NAME, type AppService } from '../../../src/main/services/app-service';
import { catalogueMessage } from '../../../src/shared/i18n/message';
import type { Result } from '../../../src/shared/errors';
import type { IpcInput, IpcMethod } from '../../../src/shared/ipc/contract';
import type { IpcEventMessage } from '../../../src/shared/ipc/push-channel';
import type { ReindexStatus } from '../../../src/shared/schemas/search-index';
import { writeTextPdf } from '../../helpers/text-pdf';
import { SETUP } from './desk';
import { failsOn, okOn, tempDir, testConfig } from './helpers';

const BATCH = 8;
const PAGES = 30;
const CLERK = { username: 'karim.greffe', displayName: 'كريم بناني', roles: ['clerk' as const], password: SETUP.user.password };

const dataDir = tempDir('mahkama-reindex-');
const dbFile = path.join(dataDir, DB_FILE_NAME);
const scratch = tempDir('mahkama-reindex-files-');
let service: AppService;
let events: IpcEventMessage[] = [];
let caseId = '';
let petition = '';
let documents = 0;

const ok = <M extends IpcMethod>(method: M, input: IpcInput<M>) => okOn(service, method, input);
const fails = (method: IpcMethod, input: unknown) => failsOn(service, method, input);
const reindexEvents = (): ReindexStatus[] => events.flatMap((e) => (e.event === 'search.reindex' ? [e.payload] : []));

async function open(): Promise<void> {
  service = await createAppService({ dataDir, config: testConfig(dataDir), dailySnapshots: false, ocrPoolSize: 1, reindexBatch: BATCH });
  events = [];
  service.subscribe((m) => events.push(m));
}

async function signIn(username: string): Promise<void> {
  await ok('session.logout', {});
  await ok('session.login', { username, password: SETUP.user.password });
}

/** Files a document of `PAGES` text pages through documents.import; its job id. Page p of document d says `r<d>p<p>`. */
async function fileDocument(): Promise<string> {
  const d = documents++;
  const file = path.join(scratch, `requete-${d}.pdf`);
  writeTextPdf(
    file,
    Array.from({ length: PAGES }, (_, p) => ['Tribunal de premiere instance de Rabat', `Requete numero ${d} page ${p + 1}`, `mot r${d}p${p}`]),
  );
  const imported = await ok('documents.import', {
    source: { kind: 'path', path: file },
    meta: { caseId, documentTypeId: petition, language: 'fr', ocrLanguage: 'auto', title: `Requête ${d}`, documentDate: '2026-03-01' },
  });
  return imported.jobId;
}

/** Waits for `cond` (outside a test too: beforeAll files documents). */
async function until(cond: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function jobsDone(jobIds: readonly string[]): Promise<void> {
  const ended = (id: string) => events.some((e) => e.event === 'documents.job' && e.payload.jobId === id && e.payload.status === 'done');
  await until(() => jobIds.every(ended), `jobs ${jobIds.join(', ')} done`);
}

/** The next `search.reindex` event after `from` events that ends a run (or is `state`). */
async function reindexEnd(from: number, state?: ReindexStatus['state']): Promise<ReindexStatus> {
  const end = () => reindexEvents().slice(from).find((s) => (state ? s.state === state : s.state !== 'running'));
  await until(() => end() !== undefined, 'the end of the rebuild', 60_000);
  return end()!;
}

/** A rebuild started over and stopped as soon as `pages` are done (the batch under way is written first); its last status. */
async function rebuildStoppedAfter(pages: number): Promise<ReindexStatus> {
  const from = reindexEvents().length;
  const unsubscribe = service.subscribe((m) => {
    if (m.event === 'search.reindex' && m.payload.state === 'running' && m.payload.pagesDone >= pages && !m.payload.stopping) void service.handle('search.reindexStop', {});
  });
  try {
    await ok('search.reindexStart', { mode: 'rebuild' });
    return await reindexEnd(from);
  } finally {
    unsubscribe();
  }
}

/** What the file holds, read on a connection of its own: the readable pages, the index's pages, its FTS rows, and how many rows hold each page's word. */
function onDisk(): { readable: string[]; indexed: string[]; ftsRows: number; notOnce: string[]; run: { pages_done: number; pages_total: number; finished_at: string | null } | undefined } {
  const db = new BetterSqlite3(dbFile);
  try {
    const keys = (sql: string) => (db.prepare(sql).all() as { k: string }[]).map((r) => r.k);
    const readable = keys(`SELECT p.document_id || ':' || p.page_index AS k FROM document_pages p
      LEFT JOIN page_corrections c ON c.document_id = p.document_id AND c.page_index = p.page_index
      WHERE (p.ocr_status = 'done' OR c.id IS NOT NULL) AND EXISTS (SELECT 1 FROM ocr_jobs j WHERE j.document_id = p.document_id AND j.status = 'done')
      ORDER BY p.document_id, p.page_index`);
    const indexed = keys(`SELECT document_id || ':' || page_index AS k FROM page_search_rows ORDER BY document_id, page_index`);
    const ftsRows = (db.prepare('SELECT count(*) AS n FROM page_search').get() as { n: number }).n;
    db.exec('CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, page_search, row)');
    const held = new Map((db.prepare("SELECT term, doc FROM temp.terms WHERE term GLOB 'r*p*'").all() as { term: string; doc: number }[]).map((r) => [r.term, r.doc]));
    const notOnce: string[] = [];
    for (let d = 0; d < documents; d++) for (let p = 0; p < PAGES; p++) if (held.get(`r${d}p${p}`) !== 1) notOnce.push(`r${d}p${p}: ${held.get(`r${d}p${p}`) ?? 0}`);
    const run = db.prepare('SELECT pages_done, pages_total, finished_at FROM page_reindex').get() as { pages_done: number; pages_total: number; finished_at: string | null } | undefined;
    return { readable, indexed, ftsRows, notOnce, run };
  } finally {
    db.close();
  }
}

/** Every readable page of the page table in the index, once, with no FTS row of its own. */
function expectIndexedOnce(): void {
  const disk = onDisk();
  expect(disk.readable).toHaveLength(documents * PAGES);
  expect(disk.indexed).toEqual(disk.readable);
  expect(disk.ftsRows).toBe(disk.readable.length);
  expect(disk.notOnce).toEqual([]);
}

/** Events of one run: pages done never go back, revisions always grow, every one but the last running. */
function expectInOrder(run: ReindexStatus[]): void {
  for (let i = 1; i < run.length; i++) {
    expect(run[i]!.revision).toBeGreaterThan(run[i - 1]!.revision);
    expect(run[i]!.pagesDone).toBeGreaterThanOrEqual(run[i - 1]!.pagesDone);
  }
  expect(run.slice(0, -1).every((s) => s.state === 'running')).toBe(true);
}

beforeAll(async () => {
  await open();
  await ok('setup.initialize', SETUP);
  await ok('users.create', CLERK);
  const ref = await ok('reference.get', {});
  caseId = (
    await ok('cases.register', {
      chamberId: ref.chambers[0]!.id,
      caseTypeId: ref.caseTypes.find((t) => t.code === '1201')!.id,
      filedOn: '2026-03-02',
      subject: 'أداء دين تجاري',
      parties: [
        { party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohamed Bennani' } }, role: 'plaintiff' },
        { party: { newParty: { kind: 'organisation', nameLatin: 'Société Atlas SARL' } }, role: 'defendant' },
      ],
    })
  ).caseId;
  petition = (await ok('documents.types', {})).types.find((t) => t.code === 'petition')!.id;
  // Read by OCR, and indexed by its success hook as each ended.
  await jobsDone([await fileDocument(), await fileDocument(), await fileDocument(), await fileDocument()]);
}, 180_000);

afterAll(async () => {
  await service?.close();
});

describe('the search index rebuild from the desk', () => {
  it('malformed input to each method is refused, typed, before anything runs or is written', async () => {
    const before = onDisk();
    const cases: [IpcMethod, unknown, (string | number)[]][] = [
      ['search.reindexStatus', { full: true }, []],
      ['search.reindexStart', {}, ['mode']],
      ['search.reindexStart', { mode: 'fast' }, ['mode']],
      ['search.reindexStart', { mode: 7 }, ['mode']],
      ['search.reindexStart', { mode: 'rebuild', batch: 1 }, []],
      ['search.reindexStart', 'rebuild', []],
      ['search.reindexStop', { now: true }, []],
      ['search.reindexStop', [], []],
    ];
    for (const [method, input, at] of cases) {
      const error = await fails(method, input);
      expect(error, `${method} ${JSON.stringify(input)}`).toMatchObject({ code: 'VALIDATION_FAILED', i18nKey: 'errors.validationFailed' });
      expect(error.fields?.[0]?.path, `${method} ${JSON.stringify(input)}`).toEqual(at);
    }
    expect(reindexEvents()).toEqual([]);
    expect(onDisk()).toEqual(before);
    expect(before.run).toBeUndefined();
  });

  it('a clerk may neither see, start nor stop it: FORBIDDEN with its message, nothing written', async () => {
    await signIn(CLERK.username);
    try {
      for (const [method, input] of [
        ['search.reindexStatus', {}],
        ['search.reindexStart', { mode: 'rebuild' }],
        ['search.reindexStop', {}],
      ] as const) {
        const error = await fails(method, input);
        expect(error, method).toMatchObject({ code: 'FORBIDDEN', i18nKey: 'errors.forbidden', params: { action: 'rebuildSearchIndex' } });
        for (const lang of ['ar', 'fr', 'en'] as const) expect(catalogueMessage(lang, error.i18nKey, error.params)).not.toMatch(/errors\.|\{\{/);
      }
      expect(reindexEvents()).toEqual([]);
      expect(onDisk().run).toBeUndefined();
    } finally {
      await signIn(SETUP.user.username);
    }
  });

  it('never rebuilt, then rebuilt: progress in order ending at the total; a second start changes nothing', async () => {
    expect(await ok('search.reindexStatus', {})).toMatchObject({ state: 'never', pagesDone: 0, pagesTotal: 0, startedAt: null, finishedAt: null, error: null });
    const total = documents * PAGES;
    const started = await ok('search.reindexStart', { mode: 'rebuild' });
    expect(started).toMatchObject({ state: 'running', stopping: false, pagesDone: 0, pagesTotal: total, resumed: false, finishedAt: null, error: null });
    expect(started.startedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Asked again (a double click, a second window) while it runs: the same run, where it stands.
    const again = await ok('search.reindexStart', { mode: 'rebuild' });
    expect(again).toMatchObject({ state: 'running', pagesTotal: total, startedAt: started.startedAt });
    expect(again.pagesDone).toBeLessThan(total);

    const end = await reindexEnd(0);
    const run = reindexEvents();
    expect(end).toMatchObject({ state: 'finished', pagesDone: total, pagesTotal: total, resumed: false, error: null });
    expect(end.finishedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expectInOrder(run);
    // One run: begun once at 0, then a batch at a time.
    expect(run.filter((s) => s.pagesDone === 0)).toHaveLength(1);
    // Begun at 0, then each batch; the last one finds no page left and closes the run.
    const batches = Math.floor(total / BATCH) + 1;
    expect(run.filter((s) => s.state === 'running').map((s) => s.pagesDone)).toEqual(Array.from({ length: batches + 1 }, (_, i) => Math.min(i * BATCH, total)));
    expect(await ok('search.reindexStatus', {})).toEqual(end);
    expectIndexedOnce();
    expect(onDisk().run).toMatchObject({ pages_done: total, pages_total: total });
  });

  it('stopped mid-way, then resumed: every page indexed once, none walked twice', async () => {
    const total = documents * PAGES;
    const from = reindexEvents().length;
    const stopped = await rebuildStoppedAfter(40);
    expect(stopped).toMatchObject({ state: 'stopped', stopping: false, pagesTotal: total, error: null, finishedAt: null });
    expect(stopped.pagesDone).toBeGreaterThanOrEqual(40);
    expect(stopped.pagesDone).toBeLessThan(total);
    expect(stopped.pagesDone % BATCH).toBe(0);
    const run = reindexEvents().slice(from);
    expectInOrder(run);
    expect(run.some((s) => s.stopping)).toBe(true);
    expect(onDisk().run).toMatchObject({ pages_done: stopped.pagesDone, finished_at: null });

    // Stop with nothing running: nothing to do, nothing pushed.
    const count = reindexEvents().length;
    expect(await ok('search.reindexStop', {})).toEqual(stopped);
    expect(reindexEvents()).toHaveLength(count);

    const resumed = await ok('search.reindexStart', { mode: 'resume' });
    expect(resumed).toMatchObject({ state: 'running', resumed: true, pagesDone: stopped.pagesDone, startedAt: stopped.startedAt });
    const end = await reindexEnd(count);
    expect(end).toMatchObject({ state: 'finished', resumed: true, pagesDone: total, pagesTotal: total });
    expectInOrder(reindexEvents().slice(count));
    expectIndexedOnce();
  });

  it('the app closed mid-run stops after its batch; the next start says so and resumes there', async () => {
    const total = documents * PAGES;
    const from = reindexEvents().length;
    let closing: Promise<void> | null = null;
    let startedWhileClosing: Promise<Result<ReindexStatus>> | null = null;
    service.subscribe((m) => {
      if (m.event === 'search.reindex' && m.payload.pagesDone >= 40 && !closing) {
        closing = service.close();
        startedWhileClosing = service.handle('search.reindexStart', { mode: 'resume' });
      }
    });
    await ok('search.reindexStart', { mode: 'rebuild' });
    await until(() => closing !== null, 'the close mid-run', 60_000);
    await closing;
    // A start that arrives while the app closes begins nothing.
    expect(await startedWhileClosing).toEqual({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', i18nKey: 'errors.search.reindexClosing' } });
    const last = reindexEvents().slice(from).at(-1)!;
    expect(last).toMatchObject({ state: 'stopped' });
    const left = onDisk();
    expect(left.run).toMatchObject({ pages_done: last.pagesDone, finished_at: null });
    expect(last.pagesDone).toBeGreaterThanOrEqual(40);
    expect(last.pagesDone).toBeLessThan(total);
    // Whole batches only, and nothing lost meanwhile: the pages were replaced, never dropped.
    expect(last.pagesDone % BATCH).toBe(0);
    expect(left.indexed).toEqual(left.readable);

    await open();
    await signIn(SETUP.user.username);
    expect(await ok('search.reindexStatus', {})).toMatchObject({ state: 'interrupted', pagesDone: last.pagesDone, pagesTotal: total, finishedAt: null });
    const resumed = await ok('search.reindexStart', { mode: 'resume' });
    expect(resumed).toMatchObject({ state: 'running', resumed: true, pagesDone: last.pagesDone });
    expect(await reindexEnd(0)).toMatchObject({ state: 'finished', resumed: true, pagesDone: total, pagesTotal: total });
    expectIndexedOnce();
  });

  it('another program holding the database mid-run: the run fails typed, loses nothing, and resumes', async () => {
    const total = documents * PAGES;
    const from = reindexEvents().length;
    const other = new BetterSqlite3(dbFile);
    let held = false;
    const unsubscribe = service.subscribe((m) => {
      if (m.event === 'search.reindex' && m.payload.state === 'running' && m.payload.pagesDone >= 40 && !held) {
        // Between two batches: the next one waits for the lock (busy_timeout) and is refused.
        other.exec('BEGIN IMMEDIATE');
        held = true;
      }
    });
    try {
      await ok('search.reindexStart', { mode: 'rebuild' });
      const failed = await reindexEnd(from);
      expect(failed).toMatchObject({
        state: 'failed',
        pagesTotal: total,
        error: { code: 'DB_UNAVAILABLE', i18nKey: 'errors.search.reindexFailed', params: { pagesDone: failed.pagesDone, pagesTotal: total } },
      });
      for (const lang of ['ar', 'fr', 'en'] as const) expect(catalogueMessage(lang, failed.error!.i18nKey, failed.error!.params)).not.toMatch(/errors\.|\{\{/);
      expect(failed.pagesDone).toBeGreaterThanOrEqual(40);
      expect(failed.pagesDone).toBeLessThan(total);
      expect(await ok('search.reindexStatus', {})).toEqual(failed);
    } finally {
      unsubscribe();
      if (held) other.exec('ROLLBACK');
      other.close();
    }
    const failedAt = reindexEvents().at(-1)!.pagesDone;
    // The refused batch wrote nothing; the ones before stand, and the index lost no page.
    const left = onDisk();
    expect(left.run).toMatchObject({ pages_done: failedAt, finished_at: null });
    expect(left.indexed).toEqual(left.readable);
    expect(left.notOnce).toEqual([]);

    const count = reindexEvents().length;
    expect(await ok('search.reindexStart', { mode: 'resume' })).toMatchObject({ state: 'running', resumed: true, pagesDone: failedAt });
    expect(await reindexEnd(count)).toMatchObject({ state: 'finished', resumed: true, pagesDone: total, pagesTotal: total, error: null });
    expectIndexedOnce();
  }, 60_000);

  it('documents read by OCR in the middle of a rebuild are indexed once, by the hook and by the run alike', async () => {
    const stopped = await rebuildStoppedAfter(40);
    expect(stopped.state).toBe('stopped');
    // Mid-run, two documents are read and their success hook indexes them: filed last, they lie after the run's cursor.
    await jobsDone([await fileDocument(), await fileDocument()]);
    const count = reindexEvents().length;
    await ok('search.reindexStart', { mode: 'resume' });
    // Two more filed as it goes on: their OCR and the run write the index at the same time.
    const racing = [await fileDocument(), await fileDocument()];
    await jobsDone(racing);
    const end = await reindexEnd(count);
    expect(end).toMatchObject({ state: 'finished', resumed: true, error: null });
    // The run walked the pages the hook had indexed meanwhile (its total grew with them), and did no page twice.
    expect(end.pagesTotal).toBe(end.pagesDone);
    expect(end.pagesDone).toBeGreaterThanOrEqual((documents - 2) * PAGES);
    expect(end.pagesDone).toBeLessThanOrEqual(documents * PAGES);
    expect(stopped.pagesTotal).toBe((documents - 4) * PAGES);
    expectIndexedOnce();
  });
});
