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
import { COURT_ID_SETTING, courtLocalNow, getAppUser, readAuditTip, type Actor, type CommandEnv } from '../../domain';
import type { Database } from '../../domain/db-schema';
import { AppError, toAppError, validationError, type Result } from '../../shared/errors';
import { HlcClock } from '../../shared/hlc';
import { ipcContract, type IpcMethod, type IpcOutput } from '../../shared/ipc/contract';
import { ipcEvents, type IpcEventMessage } from '../../shared/ipc/push-channel';
import { commandSchemas } from '../../shared/schemas/commands';
import type { AppStatus } from '../../shared/schemas/views';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/enums';
import pkg from '../../../package.json' with { type: 'json' };
import { AttemptLimiter, DeskSession } from './auth';
import type { WorkstationConfig } from './config';
import { damagedDatabase, isCorruption, startQuickCheck } from './db/integrity';
import { openDatabase, type OpenedDatabase } from '../../store/sqlite/open-database';
import { idleMaintenance } from './db/idle-maintenance';
import type { Migration } from '../../store/sqlite/migrations/migration';
import { acquireLock, lockFileFor, type DataDirLock } from './lock';
import { createLogger, type Logger } from './logger';
import { loadDeskSettings, persistAll, saveDeskSetting, type DeskSettings } from './settings';
import { createSnapshot, dailySnapshotDue, pruneSnapshots, snapshotsDirOf } from './snapshots';
import { appHandlers } from './handlers/app';
import { caseHandlers } from './handlers/cases';
import { hearingHandlers } from './handlers/hearings';
import { printHandlers } from './handlers/print';
import { referenceHandlers } from './handlers/reference';
import { sessionHandlers } from './handlers/session';
import { setupHandlers } from './handlers/setup';
import { syncHandlers } from './handlers/sync';
import { DeskSync } from './sync/desk-sync';
import type { CallContext, HandlerMap, ServiceContext } from './handlers/types';
import { userHandlers } from './handlers/users';
import type { PaperPrinter, PdfMaker, PrintingPorts } from './print/printing-ports';

export const DB_FILE_NAME = 'mahkama.db';
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
}

export interface AppService {
  handle<M extends IpcMethod>(method: M, input: unknown): Promise<Result<IpcOutput<M>>>;
  /** The desk's language (for text shown outside the UI, e.g. the browser shell's own pages). */
  language(): Language;
  /** The push channel (ARCHITECTURE §8): every event main sends the renderer, checked by its schema. Returns the unsubscribe. */
  subscribe(listener: (message: IpcEventMessage) => void): () => void;
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
    return failedService(startupError!, dbFile, appVersion);
  }
  try {
    return await runningService({ opened, lock: lock!, dbFile, config, log, now, validateOutput, snapshotDir, appVersion, dailySnapshots: opts.dailySnapshots ?? true, printing });
  } catch (err) {
    // Opened, but the desk could not be read back (settings, clock): still no crash loop.
    const e = toAppError(err);
    log.error({ err, code: e.code, file: dbFile }, 'database opened but the desk could not start; serving the error only');
    await opened.close().catch(() => undefined);
    lock?.release();
    await printing.pdf?.close();
    return failedService(e, dbFile, appVersion);
  }
}

/** The database did not open: app.status tells why, every other method answers the same error. */
function failedService(error: AppError, dbFile: string, appVersion: string): AppService {
  const startupError = { code: error.code, i18nKey: error.i18nKey, ...(error.params ? { params: error.params } : {}) };
  return {
    startupError: error,
    dbFile,
    language: () => DEFAULT_LANGUAGE,
    subscribe: () => () => undefined,
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
  const limiter = new AttemptLimiter(() => now().getTime());
  let queue: Promise<unknown> = Promise.resolve();
  const sync = await DeskSync.open({
    db,
    dataDir: path.dirname(d.dbFile),
    settings,
    log,
    now,
    offlineLoginDays: config.offlineLoginDays,
    syncIntervalSeconds: config.syncIntervalSeconds,
    fileBytesPerSecond: config.syncFilesKiBps * 1024,
    mayRun: () => {
      session.applyIdleLock();
      return session.currentUserId !== null && !session.isLocked;
    },
    courtChanged: (id) => {
      courtId = id;
    },
    beforeWrite: () => assertWritable(),
  });

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

  const ctx: ServiceContext = {
    db,
    raw,
    config,
    log,
    session,
    limiter,
    settings,
    printing: d.printing,
    sync,
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
        startupError: null,
      };
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
      else log.debug({ method, code: e.code, i18nKey: e.i18nKey }, 'request refused');
      return { ok: false, error: e.toData() };
    }
  }

  function subscribe(listener: (message: IpcEventMessage) => void): () => void {
    return sync.subscribe((status) => {
      // Checked as it leaves, as an IPC answer is: a payload the renderer would drop is a bug here.
      const payload = ipcEvents['sync.status'].safeParse(status);
      if (payload.success) listener({ event: 'sync.status', payload: payload.data });
      else log.error({ issues: payload.error.issues.slice(0, 5) }, 'sync.status event does not match its schema');
    });
  }

  return {
    handle,
    subscribe,
    startupError: null,
    dbFile: d.dbFile,
    language: () => settings.language,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      // The round under way ends before the file closes.
      await sync.close();
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
