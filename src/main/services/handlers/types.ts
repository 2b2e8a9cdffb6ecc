// The shape every feature module's handlers share (Actual Budget style): a typed map from IPC
// method to a function of the validated input and the call's context. Handlers never validate,
// check the session or catch errors: app-service does that once for all of them.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Actor, CommandEnv } from '../../../domain';
import type { Database } from '../../../domain/db-schema';
import type { IpcMethod, IpcOutput, IpcParsedInput } from '../../../shared/ipc/contract';
import type { AppStatus } from '../../../shared/schemas/views';
import type { AttemptLimiter, DeskSession } from '../auth';
import type { DocumentService } from '../documents/document-service';
import type { ExportDownloads } from '../documents/export-downloads';
import type { ScannerInbox } from '../documents/scanner-inbox';
import type { UploadStore } from '../documents/upload-store';
import type { WorkstationConfig } from '../config';
import type { Logger } from '../logger';
import type { PrintingPorts } from '../print/printing-ports';
import type { DeskSettings } from '../settings';
import type { JudgmentSigning } from '../signing/judgment-signing';
import type { TokenWatch } from '../signing/token-watch';
import type { DeskSync } from '../sync/desk-sync';
import type { PageTextChange } from '../documents/page-text-hook';
import type { ReindexRunner } from '../search/reindex-runner';

/** What the running service offers every handler. */
export interface ServiceContext {
  db: Kysely<Database>;
  raw: BetterSqlite3.Database;
  config: WorkstationConfig;
  log: Logger;
  session: DeskSession;
  limiter: AttemptLimiter;
  settings: DeskSettings;
  /** What makes PDFs and reaches a printer here (either may be missing: then print.* says so). */
  printing: PrintingPorts;
  /** Enrolment, online sign-in and the background sync (a standalone desk has one too, idle). */
  sync: DeskSync;
  /** Documents and their OCR jobs (one per desk; other handler files — the viewer's — use it too). */
  documents: DocumentService;
  /** Where an export goes: the save dialog's choice (desktop app), else a download (browser shell). */
  exportFiles: { choose: ((suggestedName: string) => Promise<string | null>) | null; downloads: ExportDownloads };
  /** Browser shell uploads waiting to be imported. */
  uploads: UploadStore;
  /** The scanner folder of this workstation; null when MAHKAMA_SCANNER_FOLDER is not set. */
  scanner: ScannerInbox | null;
  /** Judgments signed on a card, and their verification (§6). */
  signing: JudgmentSigning;
  /** Polls the tokens while a signing dialog is open; changes go out on the push channel. */
  tokenWatch: TokenWatch;
  /** The search index rebuild run in the background (one at a time); its moves go out on the push channel. */
  searchIndex: ReindexRunner;
  now(): Date;
  /** Court of this workstation; throws NOT_SET_UP before first-run setup. */
  courtId(): string;
  isSetUp(): boolean;
  /** Called by setup once the court exists: persists the settings kept in memory until then. */
  markSetUp(courtId: string): Promise<void>;
  setLanguage(language: DeskSettings['language']): Promise<void>;
  commandEnv(): CommandEnv;
  status(): Promise<AppStatus>;
  /**
   * After a page's text changed (a person's correction): re-checks it for misfiled signs and runs
   * every registered page-text hook (the search index). A failing hook is logged, never undoes the
   * correction.
   */
  pageTextChanged(change: PageTextChange): Promise<void>;
  /** Runs fn after every earlier exclusive call of this service has finished. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/** One call: the context plus who is calling (null only for the public methods). */
export interface CallContext extends ServiceContext {
  actor: Actor | null;
}

export type Handler<M extends IpcMethod> = (input: IpcParsedInput<M>, ctx: CallContext) => Promise<IpcOutput<M>>;
export type HandlerMap<K extends IpcMethod> = { [M in K]: Handler<M> };

/** For handlers of methods app-service only lets through with a signed-in, unlocked user. */
export function actorOf(ctx: CallContext): Actor {
  if (!ctx.actor) throw new Error('handler of a protected method called without an actor');
  return ctx.actor;
}
