// THE implementation of the IPC contract (src/shared/ipc/contract.ts), free of Electron: the
// Electron IPC handlers and the browser shell both call `handle`. Every call is validated, checked
// against the desk session, run, and answered as a Result — a thrown error never crosses this line,
// and a database that cannot be opened is reported through app.status, never retried or replaced.
// A file found damaged while running (quick_check before the first write, or SQLite reporting
// corruption on any call) is answered DB_CORRUPT, and from then on nothing more is written to it.
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { COURT_ID_SETTING, courtLocalNow, getAppUser, indexDocumentPages, readAuditTip, reindexPage, rolesAllow, type Actor, type CommandEnv } from '../../domain';
import type { Database } from '../../domain/db-schema';
import { AppError, toAppError, validationError, type Result } from '../../shared/errors';
import { HlcClock } from '../../shared/hlc';
import { ipcContract, type IpcMethod, type IpcOutput } from '../../shared/ipc/contract';
import { ipcEvents, type IpcEventMessage } from '../../shared/ipc/push-channel';
import { commandSchemas } from '../../shared/schemas/commands';
import type { AppStatus } from '../../shared/schemas/views';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/enums';
import pkg from '../../../package.json' with { type: 'json' };
import { AttemptLimiter, brakeFile, DeskSession } from './auth';
import type { WorkstationConfig } from './config';
import { damagedDatabase, isCorruption, startQuickCheck } from './db/integrity';
import { openDatabase, type OpenedDatabase } from '../../store/sqlite/open-database';
import { idleMaintenance } from './db/idle-maintenance';
import type { Migration } from '../../store/sqlite/migrations/migration';
import { acquireLock, lockFileFor, type DataDirLock } from './lock';
import { createLogger, type Logger } from './logger';
import { loadDeskSettings, persistAll, saveDeskSetting, type DeskSettings } from './settings';
import { createSnapshot, dailySnapshotDue, pruneSnapshots, snapshotsDirOf } from './snapshots';
import { createDocumentService, type DocumentService } from './documents/document-service';
import { recordMisfiledSigns } from './documents/misfiled-pages';
import { OcrPool } from './documents/ocr-pool';
import { createPageImages, type RenderedPage } from './documents/page-images';
import { runPageTextChangedHooks, type PageTextChangedHook } from './documents/page-text-hook';
import { documentViewerHandlers } from './handlers/document-viewer';
import { appHandlers } from './handlers/app';
import { caseHandlers } from './handlers/cases';
import { documentHandlers } from './handlers/documents';
import { hearingHandlers } from './handlers/hearings';
import { printHandlers } from './handlers/print';
import { referenceHandlers } from './handlers/reference';
import { sessionHandlers } from './handlers/session';
import { setupHandlers } from './handlers/setup';
import { registerHandlers } from './handlers/registers';
import { searchIndexHandlers } from './handlers/search-index';
import { signingHandlers } from './handlers/signing';
import { documentSigningHandlers } from './handlers/document-signing';
import { verificationHandlers } from './handlers/verification';
import { syncHandlers } from './handlers/sync';
import { ReindexRunner } from './search/reindex-runner';
import { AutoExtension } from './signing/auto-extension';
import { createJudgmentSigning } from './signing/judgment-signing';
import { reachableLevel } from './signing/judgment-verification';
import { newestArchiveTimestamp } from '../../signatures/archive-timestamp';
import { readTrustAnchorsDir } from '../../signatures/trust-anchors';
import type { TokenServiceClient } from './signing/token-client';
import { startTokenServiceClient } from './signing/token-service-entry';
import { TokenWatch } from './signing/token-watch';
import { DeskSync } from './sync/desk-sync';
import { fileMadeOnThisDesk } from './sync/document-files';
import { ScannerInbox } from './documents/scanner-inbox';
import { ExportDownloads } from './documents/export-downloads';
import { UploadStore, type ReceivedUpload } from './documents/upload-store';
import type { CallContext, HandlerMap, ServiceContext } from './handlers/types';
import { userHandlers } from './handlers/users';
import type { PaperPrinter, PdfMaker, PrintingPorts } from './print/printing-ports';
import { signingStatus } from './signing/token-policy';

export const DB_FILE_NAME = 'mahkama.db';
/** The sign-in brake kept between runs (auth.ts), beside the database. */
export const SIGN_IN_BRAKE_FILE = 'sign-in-brake.json';
const HOUR_MS = 60 * 60 * 1000;

/** Methods anyone at the desk may call; everything else needs a signed-in, unlocked user. */
export const PUBLIC_METHODS: ReadonlySet<IpcMethod> = new Set<IpcMethod>([
  'app.status',
  'setup.initialize',
  'session.login',
  'session.unlock',
  'session.logout',
  'settings.setLanguage',
]);

/** What a user whose password an admin reset may do before choosing their own. */
const WHILE_PASSWORD_MUST_CHANGE: ReadonlySet<IpcMethod> = new Set<IpcMethod>(['users.changeOwnPassword', 'session.lock']);

const handlers: HandlerMap<IpcMethod> = {
  ...appHandlers,
  ...setupHandlers,
  ...sessionHandlers,
  ...referenceHandlers,
  ...caseHandlers,
  ...hearingHandlers,
  ...userHandlers,
  ...printHandlers,
  ...syncHandlers,
  ...documentHandlers,
  ...documentViewerHandlers,
  ...signingHandlers,
  ...verificationHandlers,
  ...documentSigningHandlers,
  ...registerHandlers,
  ...searchIndexHandlers,
};

/** Methods that record a command (their input is a command's arguments): the sync loop hears of each. */
const COMMAND_INPUTS: ReadonlySet<unknown> = new Set(Object.values(commandSchemas).map((c) => c.args));
const COMMAND_METHODS: ReadonlySet<IpcMethod> = new Set((Object.keys(ipcContract) as IpcMethod[]).filter((m) => COMMAND_INPUTS.has(ipcContract[m].input)));

export interface AppServiceOptions {
  dataDir: string;
  config: WorkstationConfig;
  /** Defaults to <dataDir>/mahkama.db. */
  dbFile?: string;
  log?: Logger;
  /** Wall clock of commands, the idle lock and the attempt brake (tests move it). */
  now?: () => Date;
  appVersion?: string;
  /** Check every answer against the contract's output schema; default: not in production. */
  validateOutput?: boolean;
  /** Daily snapshot on start and by timer; default true. */
  dailySnapshots?: boolean;
  /** Tests only: the migrations this build knows. */
  migrations?: readonly Migration[];
  /**
   * Makes the PDFs of print.pdf (a headless Chromium in the browser shell, the app's own Chromium in
   * Electron). The service owns it from here: it is closed with the service. None = print.pdf refuses.
   */
  pdfMaker?: PdfMaker;
  /** Paper printing through a system dialog (desktop app only). None = print.paper refuses. */
  paperPrinter?: PaperPrinter;
  /**
   * Where a file made for the clerk goes (a searchable PDF export, a verification report): the desktop app's save dialog,
   * answering the path chosen or null when closed. None (the browser shell, tests) = a download.
   */
  chooseExportFile?: (suggestedName: string) => Promise<string | null>;
  /**
   * Called once a document's OCR succeeded, never before (the search index of its pages is written
   * here). Must replace the document's entries, not add to them: after a crash it runs again.
   */
  onDocumentRead?: (documentId: string, db: Kysely<Database>) => Promise<void>;
  /** OCR worker threads; default all cores but one. */
  ocrPoolSize?: number;
  /** Tests only: the cap of a browser-shell upload (default: the document size limit, 512 MB). */
  uploadMaxBytes?: number;
  /** Tests only: how often the scanner folder is looked at, and how long a file must hold still. */
  scannerPollMs?: number;
  scannerStableMs?: number;
  /** The OCR pool documents are read and rendered on; default one of the machine's size, owned by the service. */
  ocrPool?: OcrPool;
  /** Also told when a page's text changed (a correction): the search index re-reads that page. */
  onPageTextChanged?: PageTextChangedHook;
  /**
   * The token service (§6): Electron passes its utilityProcess one; default a child process of the
   * same entry, started at the first token request. The service owns it and stops it at close.
   */
  tokenService?: TokenServiceClient;
  /** Tests only: pages per batch of a search index rebuild (default 200). */
  reindexBatch?: number;
}

export interface AppService {
  handle<M extends IpcMethod>(method: M, input: unknown): Promise<Result<IpcOutput<M>>>;
  /** The desk's language (for text shown outside the UI, e.g. the browser shell's own pages). */
  language(): Language;
  /** The push channel (ARCHITECTURE §8): every event main sends the renderer, checked by its schema. Returns the unsubscribe. */
  subscribe(listener: (message: IpcEventMessage) => void): () => void;
  /**
   * Browser shell: a document's bytes streamed in (never whole in memory), kept until imported by
   * the upload id (documents.import). Needs a signed-in, unlocked user, as the methods do.
   */
  acceptUpload(body: AsyncIterable<Buffer>, opts: { declaredBytes: number | null; complete: () => boolean }): Promise<Result<ReceivedUpload>>;
  /**
   * One page of a document as a PNG for the viewer (binary: served out of band by the Electron
   * scheme and the shell's route, never through the JSON IPC), behind the same session check as
   * documents.viewPage. `pageIndex` is 0-based.
   */
  pageImage(documentId: string, pageIndex: number): Promise<Result<RenderedPage>>;
  /**
   * Browser shell: a file made for download (documents.exportSearchablePdf's `download`), handed
   * over once behind the same session check as the method; the caller streams it, then removes it.
   */
  takeDownload(id: string): Promise<Result<{ file: string; fileName: string; size: number }>>;
  /** The desk's documents and their OCR jobs (null when the database did not open). */
  readonly documents: DocumentService | null;
  /** Resolves once the automatic extension of judgments a sync round started (if any) is over (tests). */
  extensionsSettled(): Promise<void>;
  /** The error that kept the database from opening, if any. */
  readonly startupError: AppError | null;
  readonly dbFile: string;
  close(): Promise<void>;
}

function isIpcMethod(m: unknown): m is IpcMethod {
  return typeof m === 'string' && Object.hasOwn(ipcContract, m);
}

/** Opens the database (snapshot first if it must migrate) and returns the service; never throws for a bad file. */
export async function createAppService(opts: AppServiceOptions): Promise<AppService> {
  const dataDir = path.resolve(opts.dataDir);
  const dbFile = path.resolve(opts.dbFile ?? path.join(dataDir, DB_FILE_NAME));
  const config = opts.config;
  const log = opts.log ?? createLogger(config.logLevel);
  const now = opts.now ?? (() => new Date());
  const validateOutput = opts.validateOutput ?? !config.production;
  if (signingStatusOf(config).configuredModuleRefused) log.warn({ module: config.pkcs11Module }, 'the configured PKCS#11 module is a software token: this production build refuses to sign with it');
  const snapshotDir = snapshotsDirOf(dataDir);
  const appVersion = opts.appVersion ?? pkg.version;

  let lock: DataDirLock | null = null;
  let opened: OpenedDatabase | null = null;
  let startupError: AppError | null = null;
  try {
    try {
      fs.mkdirSync(path.dirname(dbFile), { recursive: true });
      lock = acquireLock(lockFileFor(dbFile));
    } catch (err) {
      // A data folder that cannot be created or written (read-only disk, a file in the way).
      if (err instanceof AppError) throw err;
      throw new AppError('DB_UNAVAILABLE', 'errors.db.cannotOpen', { params: { file: dbFile }, cause: err });
    }
    opened = await openDatabase(dbFile, {
      ...(opts.migrations ? { migrations: opts.migrations } : {}),
      beforeMigrate: async (raw, fromVersion) => {
        const snap = await createSnapshot(raw, snapshotDir, `pre-migration-v${fromVersion}`, now());
        log.info({ snapshot: snap.file, fromVersion }, 'snapshot taken before migration');
      },
    });
  } catch (err) {
    startupError = toAppError(err);
    log.error({ err, code: startupError.code, file: dbFile }, 'database could not be opened; serving the error only');
    lock?.release();
    lock = null;
  }

  const printing: PrintingPorts = { pdf: opts.pdfMaker ?? null, paper: opts.paperPrinter ?? null };
  if (!opened) {
    await printing.pdf?.close();
    await opts.ocrPool?.close();
    await opts.tokenService?.close();
    return failedService(startupError!, dbFile, appVersion, config);
  }
  try {
    return await runningService({
      opened,
      lock: lock!,
      dbFile,
      config,
      log,
      now,
      validateOutput,
      snapshotDir,
      appVersion,
      dailySnapshots: opts.dailySnapshots ?? true,
      printing,
      chooseExportFile: opts.chooseExportFile ?? null,
      documents: {
        ...(opts.onDocumentRead ? { onDocumentRead: opts.onDocumentRead } : {}),
        ...(opts.ocrPoolSize !== undefined ? { poolSize: opts.ocrPoolSize } : {}),
        ...(opts.uploadMaxBytes !== undefined ? { uploadMaxBytes: opts.uploadMaxBytes } : {}),
        ...(opts.scannerPollMs !== undefined ? { scannerPollMs: opts.scannerPollMs } : {}),
        ...(opts.scannerStableMs !== undefined ? { scannerStableMs: opts.scannerStableMs } : {}),
        ...(opts.ocrPool ? { pool: opts.ocrPool } : {}),
        ...(opts.onPageTextChanged ? { onPageTextChanged: opts.onPageTextChanged } : {}),
      },
      tokenService: opts.tokenService ?? null,
      ...(opts.reindexBatch !== undefined ? { reindexBatch: opts.reindexBatch } : {}),
    });
  } catch (err) {
    // Opened, but the desk could not be read back (settings, clock): still no crash loop.
    const e = toAppError(err);
    log.error({ err, code: e.code, file: dbFile }, 'database opened but the desk could not start; serving the error only');
    await opened.close().catch(() => undefined);
    lock?.release();
    await printing.pdf?.close();
    await opts.ocrPool?.close();
    await opts.tokenService?.close();
    return failedService(e, dbFile, appVersion, config);
  }
}

/** The database did not open: app.status tells why, every other method answers the same error. */
/** app.status's signing flags: what this build's policy does with software tokens, and with the module configured here. */
function signingStatusOf(config: WorkstationConfig): AppStatus['signing'] {
  return signingStatus({ production: config.production, allowSoftTokenOverride: config.allowSoftToken }, config.pkcs11Module);
}

function failedService(error: AppError, dbFile: string, appVersion: string, config: WorkstationConfig): AppService {
  const startupError = { code: error.code, i18nKey: error.i18nKey, ...(error.params ? { params: error.params } : {}) };
  return {
    startupError: error,
    dbFile,
    language: () => DEFAULT_LANGUAGE,
    subscribe: () => () => undefined,
    acceptUpload: async () => ({ ok: false, error: error.toData() }),
    documents: null,
    extensionsSettled: async () => undefined,
    pageImage: async () => ({ ok: false, error: error.toData() }),
    takeDownload: async () => ({ ok: false, error: error.toData() }),
    async handle<M extends IpcMethod>(method: M, _input: unknown): Promise<Result<IpcOutput<M>>> {
      if (!isIpcMethod(method)) return { ok: false, error: unknownMethod(method).toData() };
      if (method !== 'app.status') return { ok: false, error: error.toData() };
      const status: AppStatus = {
        setUp: false,
        locked: false,
        user: null,
        language: DEFAULT_LANGUAGE,
        deviceId: '',
        court: null,
        appVersion,
        courtToday: courtLocalNow(new Date()).date,
        canPrintOnPaper: false,
        signing: signingStatusOf(config),
        startupError,
      };
      return { ok: true, value: status as IpcOutput<M> };
    },
    async close() {},
  };
}

function unknownMethod(method: unknown): AppError {
  return new AppError('NOT_FOUND', 'errors.unknownMethod', { params: { method: String(method).slice(0, 64) } });
}

interface RunningDeps {
  opened: OpenedDatabase;
  lock: DataDirLock;
  dbFile: string;
  config: WorkstationConfig;
  log: Logger;
  now: () => Date;
  validateOutput: boolean;
  snapshotDir: string;
  appVersion: string;
  dailySnapshots: boolean;
  printing: PrintingPorts;
  chooseExportFile: ((suggestedName: string) => Promise<string | null>) | null;
  documents: {
    onDocumentRead?: (documentId: string, db: Kysely<Database>) => Promise<void>;
    poolSize?: number;
    uploadMaxBytes?: number;
    scannerPollMs?: number;
    scannerStableMs?: number;
    pool?: OcrPool;
    onPageTextChanged?: PageTextChangedHook;
  };
  tokenService: TokenServiceClient | null;
  reindexBatch?: number;
}

/** The document service and what feeds it, started once the desk has a court. */
interface DeskDocuments {
  service: DocumentService;
  pool: OcrPool;
  uploads: UploadStore;
  scanner: ScannerInbox | null;
}

async function readCourtId(db: Kysely<Database>): Promise<string | null> {
  const fromSettings = await db.selectFrom('settings').select('value').where('key', '=', COURT_ID_SETTING).executeTakeFirst();
  if (fromSettings) return fromSettings.value;
  const court = await db.selectFrom('courts').select('id').orderBy('id').limit(1).executeTakeFirst();
  return court?.id ?? null;
}

/**
 * The newest audit HLC, so the clock never goes backwards across restarts even if the wall clock
 * does. The desk's single writer appends the chain in clock order, so the last entry holds the
 * largest HLC: read through the primary key, not max() over the whole table.
 */
function lastAuditHlc(raw: BetterSqlite3.Database): string | undefined {
  const row = raw.prepare('SELECT hlc FROM audit ORDER BY seq DESC LIMIT 1').get() as { hlc: string | null } | undefined;
  return row?.hlc ?? undefined;
}

async function runningService(d: RunningDeps): Promise<AppService> {
  const { opened, log, now, config } = d;
  const { db, raw } = opened;
  // A chain whose end was cut off is refused at start, as a damaged file is (issue 7, item 2).
  await readAuditTip(db);
  const loaded = await loadDeskSettings(db);
  const settings: DeskSettings = loaded.settings;
  let courtId = await readCourtId(db);
  const clock = new HlcClock(settings.deviceId, () => now().getTime(), lastAuditHlc(raw));
  const session = new DeskSession(config.idleLockMinutes * 60_000, () => now().getTime());
  const limiter = new AttemptLimiter(() => now().getTime(), brakeFile(path.join(path.dirname(d.dbFile), SIGN_IN_BRAKE_FILE)));
  let queue: Promise<unknown> = Promise.resolve();
  // Filled once the document service exists (below): a file fetched by a sync round queues its OCR.
  let deskDocuments: DeskDocuments | null = null;
  // Filled once the signing service exists (below): a round that went through lets it extend judgments.
  let autoExtension: AutoExtension | null = null;
  const sync = await DeskSync.open({
    db,
    dataDir: path.dirname(d.dbFile),
    settings,
    log,
    now,
    offlineLoginDays: config.offlineLoginDays,
    syncIntervalSeconds: config.syncIntervalSeconds,
    fileBytesPerSecond: config.syncFilesKiBps * 1024,
    onDocumentFileArrived: (sha256) => deskDocuments?.service.fileArrived(sha256),
    // Another desk's page correction came down (the pull put it in the page index): the page's
    // other checks follow it, as after a correction made here.
    onPagesChanged: async (pages) => {
      for (const page of pages) await ctx.pageTextChanged(page);
    },
    // Marked in the pull's transaction: a desk closing meanwhile queues the job at its next start.
    onRereadMarked: async (documentId) => deskDocuments?.service.rereadRequested(documentId).catch(() => undefined),
    onRoundSucceeded: () => autoExtension?.kick(),
    mayRun: () => {
      session.applyIdleLock();
      return session.currentUserId !== null && !session.isLocked;
    },
    signedInUserId: () => session.currentUserId,
    courtChanged: (id) => {
      courtId = id;
    },
    beforeWrite: () => assertWritable(),
  });

  const dataDir = path.dirname(d.dbFile);
  const eventListeners = new Set<(message: IpcEventMessage) => void>();
  /** Checked as it leaves, as an IPC answer is: a payload the renderer would drop is a bug here. */
  function push(message: IpcEventMessage, to: Iterable<(message: IpcEventMessage) => void>): void {
    const payload = ipcEvents[message.event].safeParse(message.payload);
    if (!payload.success) {
      log.error({ event: message.event, issues: payload.error.issues.slice(0, 5) }, 'event does not match its schema');
      return;
    }
    for (const listener of to) listener({ event: message.event, payload: payload.data } as IpcEventMessage);
  }
  const courtToday = () => courtLocalNow(now()).date;
  const pool = d.documents.pool ?? new OcrPool(d.documents.poolSize !== undefined ? { size: d.documents.poolSize } : {});
  const onDocumentRead = d.documents.onDocumentRead;
  const downloads = new ExportDownloads(dataDir);
  const docs: DeskDocuments = {
    pool,
    uploads: new UploadStore(dataDir, d.documents.uploadMaxBytes),
    service: createDocumentService({
      db,
      dataDir,
      pool,
      // The workstation's MAHKAMA_OCR_DPI: each job keeps the DPI it was queued with.
      dpi: config.ocrDpi,
      commandEnv: () => ctx.commandEnv(),
      // Once a document's OCR succeeded: are any of its pages another case's? Then the page index.
      onDocumentRead: async (documentId: string) => {
        if (courtId !== null) await recordMisfiledSigns(db, courtId, documentId, courtToday(), now().toISOString());
        // The search index: written here, never before OCR succeeded; it replaces the document's entries.
        await indexDocumentPages(db, documentId);
        if (onDocumentRead) await onDocumentRead(documentId, db);
      },
      now,
    }),
    scanner: config.scannerFolder
      ? new ScannerInbox({
          folder: config.scannerFolder,
          ...(d.documents.scannerPollMs !== undefined ? { pollMs: d.documents.scannerPollMs } : {}),
          ...(d.documents.scannerStableMs !== undefined ? { stableMs: d.documents.scannerStableMs } : {}),
          onChange: (files) => push({ event: 'documents.scannerInbox', payload: { configured: true, files } }, eventListeners),
          onError: (err) => log.warn({ err, folder: config.scannerFolder }, 'the scanner folder could not be read'),
        })
      : null,
  };
  deskDocuments = docs;
  docs.service.events.on('progress', (p) =>
    push({ event: 'documents.progress', payload: { jobId: p.jobId, documentId: p.documentId, pageIndex: p.pageIndex, pagesDone: p.pagesDone, pagesTotal: p.pagesTotal } }, eventListeners),
  );
  docs.service.events.on('jobQueued', (q) => push({ event: 'documents.job', payload: { jobId: q.jobId, documentId: q.documentId, status: 'queued', errorCode: null } }, eventListeners));
  // Reading stopped by a full disk: the job reads as running, with the reason the clerk is shown.
  docs.service.events.on('jobWaitingForSpace', (w) =>
    push({ event: 'documents.job', payload: { jobId: w.jobId, documentId: w.documentId, status: 'running', errorCode: 'diskFull' } }, eventListeners),
  );
  docs.service.events.on('jobFinished', (f) =>
    push({ event: 'documents.job', payload: { jobId: f.jobId, documentId: f.documentId, status: f.status, errorCode: f.errorCode } }, eventListeners),
  );
  let documentsStarted: Promise<void> | null = null;
  /** Jobs resumed, orphans queued, the scanner folder watched: once the desk has a court (imports need it). */
  const startDocuments = (): Promise<void> =>
    (documentsStarted ??= (async () => {
      try {
        await docs.uploads.clear();
        await downloads.clear();
        // Jobs left by a killed process write pages: they resume once the file is known sound.
        await assertWritable();
        await docs.service.start();
        docs.scanner?.start();
      } catch (err) {
        log.error({ err }, 'the document service could not start; documents stay registered, their OCR waits');
      }
    })());

  // quick_check reads every page (about 2 s at 100,000 cases): in a worker thread from the start,
  // its verdict awaited by the first write and by the daily snapshot. A file made in this session
  // holds nothing that could be damaged yet.
  const integrity =
    opened.previousVersion === 0
      ? null
      : startQuickCheck(d.dbFile, (reason) => log.warn({ reason }, 'quick_check worker could not run; checking on the main thread'));
  void integrity?.verdict.then(
    (v) => (v.ok ? log.info({ ms: v.ms }, 'quick_check: database sound') : log.error({ ms: v.ms, problems: v.problems }, 'quick_check: database damaged; nothing more will be written')),
    (err: unknown) => {
      if (!closed) log.error({ err }, 'quick_check could not run');
    },
  );
  /** Set once damage is seen (quick_check, or SQLite's corruption codes on any call): every later write is refused. */
  let damaged: AppError | null = null;
  const markDamaged = (cause?: unknown): AppError => (damaged ??= damagedDatabase(d.dbFile, cause));
  async function assertWritable(): Promise<void> {
    if (damaged) throw damaged;
    if (!integrity) return;
    let verdict: Awaited<typeof integrity.verdict>;
    try {
      verdict = await integrity.verdict;
    } catch (err) {
      throw new AppError('DB_UNAVAILABLE', 'errors.db.cannotOpen', { params: { file: d.dbFile }, cause: err });
    }
    if (!verdict.ok) throw markDamaged();
  }

  const pageImages = createPageImages({ db, store: docs.service.store, pool });
  const pageTextHooks: PageTextChangedHook[] = [
    async ({ documentId, pageIndex }) => {
      if (courtId !== null) await recordMisfiledSigns(db, courtId, documentId, courtToday(), now().toISOString(), [pageIndex]);
    },
    // The corrected text replaces the page's entry in the search index.
    async ({ documentId, pageIndex }) => {
      await reindexPage(db, documentId, pageIndex);
    },
    ...(d.documents.onPageTextChanged ? [d.documents.onPageTextChanged] : []),
  ];
  let tokenService = d.tokenService;
  const tokens = () => (tokenService ??= startTokenServiceClient(process.env, d.config));
  const signing = createJudgmentSigning({
    db,
    courtId: () => {
      if (courtId === null) throw new AppError('NOT_SET_UP', 'errors.setup.notDone');
      return courtId;
    },
    dataDir: path.dirname(d.dbFile),
    config,
    now,
    log,
    pdfMaker: () => d.printing.pdf,
    tokens,
    // Countersigning or checking a judgment signed on another desk: its file, from the court's server.
    fetchFile: async (sha256) => {
      await sync.fileBySha(sha256);
    },
  });
  autoExtension = new AutoExtension({
    db,
    courtId: () => courtId,
    reachable: () => reachableLevel(config, readTrustAnchorsDir(config.trustAnchorsDir)),
    pathOf: (sha256) => signing.pathOf(sha256),
    madeHere: (sha256) => fileMadeOnThisDesk(db, sha256),
    // The one signed in, when one of the judgment's keepers (the sync runs only while someone is).
    actor: async () => {
      session.applyIdleLock();
      const userId = session.currentUserId;
      const user = userId && !session.isLocked ? await getAppUser(db, userId) : null;
      return user && user.active && !user.mustChangePassword && rolesAllow(user.roles, 'recordSignatureExtension') ? { userId: user.id, roles: user.roles } : null;
    },
    env: () => ctx.commandEnv(),
    extend: (judgmentId, actor, env, opts) => signing.extend(judgmentId, actor, env, opts),
    renewDays: () => config.ltvRenewDays,
    archiveExpiryOf: (sha256) => {
      try {
        return newestArchiveTimestamp(signing.pathOf(sha256))?.tsaCertificateExpiresAt ?? null;
      } catch {
        return null; // A file that does not read has no archive timestamp to renew; its verification says why.
      }
    },
    now: () => now().getTime(),
    log,
  });
  const tokenWatch = new TokenWatch(
    () => signing.listTokens(),
    (list) => push({ event: 'signing.tokens', payload: list }, eventListeners),
    () => now().getTime(),
  );

  // Beside OCR's own writes to the index: both replace a page's entry in one transaction, one at a
  // time on the desk's one connection, so a page is never in it twice (page-index.ts).
  const searchIndex = new ReindexRunner({
    db,
    now,
    log,
    ...(d.reindexBatch !== undefined ? { batch: d.reindexBatch } : {}),
    beforeWrite: assertWritable,
    knownError: (err) => (isCorruption(err) ? markDamaged(err) : null),
    onChange: (status) => push({ event: 'search.reindex', payload: status }, eventListeners),
  });

  const ctx: ServiceContext = {
    db,
    raw,
    signing,
    tokenWatch,
    searchIndex,
    config,
    log,
    session,
    limiter,
    settings,
    printing: d.printing,
    exportFiles: { choose: d.chooseExportFile, downloads },
    sync,
    documents: docs.service,
    uploads: docs.uploads,
    scanner: docs.scanner,
    now,
    courtId() {
      if (courtId === null) throw new AppError('NOT_SET_UP', 'errors.setup.notDone');
      return courtId;
    },
    isSetUp: () => courtId !== null,
    async markSetUp(id) {
      // court_id itself was written (and audited) by initializeWorkstation.
      await persistAll(db, settings);
      courtId = id;
      await startDocuments();
    },
    async setLanguage(language: Language) {
      settings.language = language;
      if (courtId === null) return;
      // A preference of this desk, not a court record: on a damaged file it holds for this session only.
      try {
        await assertWritable();
      } catch (err) {
        log.warn({ code: toAppError(err).code }, 'language kept for this session only: the database is not written to');
        return;
      }
      await saveDeskSetting(db, 'language', language);
    },
    commandEnv(): CommandEnv {
      return {
        deviceId: settings.deviceId,
        deviceTag: settings.deviceTag,
        courtId: courtId ?? '',
        clock,
        now,
        numbering: settings.numberingMode,
        beforeWrite: assertWritable,
      };
    },
    async status(): Promise<AppStatus> {
      session.applyIdleLock();
      const userId = session.currentUserId;
      const user = userId ? await getAppUser(db, userId) : null;
      const court = courtId
        ? await db.selectFrom('courts').select(['id', 'code', 'name_ar', 'name_fr']).where('id', '=', courtId).executeTakeFirst()
        : undefined;
      return {
        setUp: courtId !== null,
        locked: session.isLocked,
        user,
        language: settings.language,
        deviceId: settings.deviceId,
        court: court ? { id: court.id, code: court.code, nameAr: court.name_ar, nameFr: court.name_fr } : null,
        appVersion: d.appVersion,
        courtToday: courtLocalNow(now()).date,
        canPrintOnPaper: d.printing.paper !== null,
        signing: signingStatusOf(config),
        startupError: null,
      };
    },
    async pageTextChanged(change) {
      for (const err of await runPageTextChangedHooks(pageTextHooks, change)) log.error({ err, ...change }, 'a page-text-changed hook failed');
    },
    exclusive<T>(fn: () => Promise<T>): Promise<T> {
      const run = queue.then(fn);
      queue = run.catch(() => undefined);
      return run;
    },
  };

  /** Roles are read afresh on every call: a user deactivated a minute ago cannot act now. */
  async function actorFor(method: IpcMethod): Promise<Actor | null> {
    if (PUBLIC_METHODS.has(method)) return null;
    const userId = session.requireActiveUser();
    const user = await getAppUser(db, userId);
    if (!user || !user.active) {
      session.signOut();
      throw new AppError('NOT_AUTHENTICATED', 'errors.auth.notAuthenticated');
    }
    if (user.mustChangePassword && !WHILE_PASSWORD_MUST_CHANGE.has(method)) throw new AppError('FORBIDDEN', 'errors.auth.mustChangePassword');
    return { userId: user.id, roles: user.roles };
  }

  // Daily snapshots: one now if the newest is older than a day, then checked every hour.
  let snapshotRun: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const dailySnapshot = () => {
    snapshotRun = snapshotRun.then(async () => {
      if (closed) return;
      try {
        if (dailySnapshotDue(d.snapshotDir, now())) {
          // A snapshot of a damaged file would pass the damage on to the day it is restored.
          await assertWritable();
          const snap = await createSnapshot(raw, d.snapshotDir, 'daily', now());
          log.info({ snapshot: snap.file }, 'daily snapshot taken');
        }
        const pruned = pruneSnapshots(d.snapshotDir, config.snapshotRetentionDays, now());
        if (pruned.length > 0) log.info({ pruned }, 'old snapshots removed');
      } catch (err) {
        if (isCorruption(err) || (err instanceof AppError && err.code === 'DB_CORRUPT')) markDamaged(err);
        log.error({ err }, 'daily snapshot failed');
      }
    });
  };
  if (d.dailySnapshots) {
    dailySnapshot();
    timer = setInterval(dailySnapshot, HOUR_MS);
    timer.unref();
  }

  const maintenance = idleMaintenance(raw, 2_000, (err) => log.warn({ err }, 'idle database maintenance failed'));

  async function handle<M extends IpcMethod>(method: M, input: unknown): Promise<Result<IpcOutput<M>>> {
    if (!isIpcMethod(method)) return { ok: false, error: unknownMethod(method).toData() };
    maintenance.touched();
    try {
      // reportInput: lets the error tell a missing field (required) from a wrong one (wrongType).
      const parsed = ipcContract[method].input.safeParse(input === undefined ? {} : input, { reportInput: true });
      if (!parsed.success) throw validationError(parsed.error);
      const actor = await actorFor(method);
      const call: CallContext = Object.assign(Object.create(ctx) as ServiceContext, { actor });
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => Promise<IpcOutput<M>>;
      const value = await handler(parsed.data, call);
      if (actor) session.touch();
      if (COMMAND_METHODS.has(method)) sync.commandRan();
      if (d.validateOutput) {
        const check = ipcContract[method].output.safeParse(value);
        if (!check.success) {
          throw new AppError('INTERNAL', 'errors.internal', {
            cause: new Error(`output of ${method} does not match the contract: ${JSON.stringify(check.error.issues.slice(0, 5))}`),
          });
        }
      }
      return { ok: true, value };
    } catch (err) {
      const firstSign = damaged === null && isCorruption(err);
      const e = isCorruption(err) ? markDamaged(err) : toAppError(err);
      if (firstSign) log.error({ err, method }, 'SQLite reported the database damaged; nothing more will be written');
      else if (e.code === 'INTERNAL') log.error({ err: e.cause ?? e, method }, 'internal error');
      else if (e.code === 'DISK_FULL') log.error({ err: e.cause ?? e, method }, 'the disk is full');
      else log.debug({ method, code: e.code, i18nKey: e.i18nKey }, 'request refused');
      return { ok: false, error: e.toData() };
    }
  }

  function subscribe(listener: (message: IpcEventMessage) => void): () => void {
    eventListeners.add(listener);
    const unsubscribeSync = sync.subscribe((status) => push({ event: 'sync.status', payload: status }, [listener]));
    return () => {
      eventListeners.delete(listener);
      unsubscribeSync();
    };
  }

  async function acceptUpload(body: AsyncIterable<Buffer>, opts: { declaredBytes: number | null; complete: () => boolean }): Promise<Result<ReceivedUpload>> {
    try {
      session.applyIdleLock();
      session.requireActiveUser();
      if (courtId === null) throw new AppError('NOT_SET_UP', 'errors.setup.notDone');
      const received = await docs.uploads.receive(body, opts);
      session.touch();
      return { ok: true, value: received };
    } catch (err) {
      const e = toAppError(err);
      log.debug({ code: e.code, i18nKey: e.i18nKey }, 'upload refused');
      return { ok: false, error: e.toData() };
    }
  }

  async function pageImage(documentId: string, pageIndex: number): Promise<Result<RenderedPage>> {
    try {
      const actor = await actorFor('documents.viewPage');
      const image = await pageImages.pageImage(ctx.courtId(), documentId, pageIndex);
      if (actor) session.touch();
      return { ok: true, value: image };
    } catch (err) {
      const e = toAppError(err);
      if (e.code === 'INTERNAL') log.error({ err: e.cause ?? e, documentId, pageIndex }, 'page image failed');
      return { ok: false, error: e.toData() };
    }
  }

  async function takeDownload(id: string): Promise<Result<{ file: string; fileName: string; size: number }>> {
    try {
      const actor = await actorFor('documents.exportSearchablePdf');
      const taken = await downloads.take(id);
      if (actor) session.touch();
      return { ok: true, value: taken };
    } catch (err) {
      return { ok: false, error: toAppError(err).toData() };
    }
  }

  if (courtId !== null) void startDocuments();

  return {
    handle,
    subscribe,
    acceptUpload,
    pageImage,
    takeDownload,
    documents: docs.service,
    extensionsSettled: () => autoExtension?.settled() ?? Promise.resolve(),
    startupError: null,
    dbFile: d.dbFile,
    language: () => settings.language,
    async close() {
      if (closed) return;
      closed = true;
      // No rebuild starts from here on; the one under way stops after its batch (it resumes there next time).
      const searchIndexStopped = searchIndex.close();
      if (timer) clearInterval(timer);
      tokenWatch.stop();
      await tokenService?.close().catch((err: unknown) => log.warn({ err }, 'token service did not stop cleanly'));
      // The round under way ends before the file closes, then the extension pass it may have
      // started, and the index rebuild's batch.
      await sync.close();
      await autoExtension?.close();
      await searchIndexStopped;
      // Jobs under way stop before their next page and go back to the queue for the next start.
      await documentsStarted;
      await docs.scanner?.close();
      await docs.service.close();
      await docs.pool.close();
      downloads.close();
      // A daily snapshot under way (or waiting for quick_check's verdict) is finished first.
      await snapshotRun;
      integrity?.cancel();
      await queue.catch(() => undefined);
      maintenance.runNow();
      maintenance.stop();
      await d.printing.pdf?.close().catch((err: unknown) => log.warn({ err }, 'PDF maker did not close cleanly'));
      await opened.close();
      d.lock.release();
    },
  };
}
