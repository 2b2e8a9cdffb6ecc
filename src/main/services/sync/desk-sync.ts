// The desk's side of sync as a clerk meets it (ARCHITECTURE §4, §7): enrolment with a court's
// server, online sign-in (tokens in memory) with the offline verifier kept for later, the
// background loop of rounds (sync-once.ts, unchanged: this only decides when to run it), and the
// status the header shows, pushed to the renderer on every change. It holds no court rule: what a
// round does is sync-once's, what the server answers is the server's.
import os from 'node:os';
import type { Db } from '../../../domain';
import { AppError, toAppError, type AppErrorData } from '../../../shared/errors';
import { courtWallClockText } from '../../../shared/court-time-zone';
import { LOCAL_COMMANDS } from '../../../shared/schemas/commands';
import { syncStatusSchema, type DocumentFileState, type EnrolInput, type SyncState, type SyncStatus } from '../../../shared/schemas/desk-sync';
import type { DeviceCredential } from '../../../shared/schemas/server-auth';
import type { Logger } from '../logger';
import { createBlobClient, type BlobClient } from '../blobs/blob-client';
import { createPace, pacedFetch } from '../blobs/paced-fetch';
import type { DeskSettings } from '../settings';
import { DocumentFiles, type FilePass } from './document-files';
import { credentialFileOf, readCredential, removeCredential, writeCredential, type DeviceCredentialFile } from './device-credential';
import { httpSyncTransport } from './http-transport';
import { checkOfflineVerifier, saveOfflineVerifier } from './offline-verifier';
import { enrolDevice, loginOnline, logoutOnline } from './server-client';
import { ServerSession } from './server-session';
import type { PageOf } from './apply-pull';
import { syncOnce } from './sync-once';
import { SyncLoop } from './sync-loop';

const LAST_SYNCED_KEY = 'sync_last_synced_at';

export interface DeskSyncOptions {
  db: Db;
  dataDir: string;
  settings: DeskSettings;
  log: Logger;
  now: () => Date;
  offlineLoginDays: number;
  syncIntervalSeconds: number;
  /** Someone is signed in and the screen is open: rounds may run. */
  mayRun: () => boolean;
  /** Who is signed in at the desk now (null: nobody): a server session is only ever theirs. */
  signedInUserId?: () => string | null;
  /** Called before each round writes: throws when the file must not be written (found damaged). */
  beforeWrite?: () => Promise<void>;
  /** Enrolment moved the desk to the server's court: the service's court id follows. */
  courtChanged: (courtId: string) => void;
  /** Document files up and down at most this fast, both ways together (0: no cap). */
  fileBytesPerSecond?: number;
  /** A document's file came down from the server: its OCR can start (DocumentService.fileArrived). */
  onDocumentFileArrived?: (sha256: string) => Promise<void> | void;
  /** A round brought, changed or took back page corrections (already in the page index): the checks that follow a page's text. */
  onPagesChanged?: (pages: readonly PageOf[]) => Promise<void>;
  /** A round marked pages of a document to be read again (its language chosen on another desk): a job reads them (DocumentService.rereadRequested). */
  onRereadMarked?: (documentId: string) => Promise<unknown>;
  /** A round went through (the desk is online): work that needs the network may run now, outside the round. */
  onRoundSucceeded?: () => void;
  /** Tests: jitter, debounce. */
  random?: () => number;
  debounceMs?: number;
}

export type SignInOutcome = { userId: string; online: boolean } | null;

type StatusListener = (status: SyncStatus) => void;

export class DeskSync {
  private credential: DeviceCredentialFile | null;
  private session: ServerSession | null = null;
  private state: SyncState;
  private lastError: AppErrorData | null = null;
  private lastSyncedAt: string | null = null;
  private readonly listeners = new Set<StatusListener>();
  private readonly loop: SyncLoop;
  private emitTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private signingIn = false;
  private readonly files: DocumentFiles;
  private filePass: Promise<FilePass | null> | null = null;
  private fileAbort: AbortController | null = null;
  private fileAgain = false;

  private constructor(private readonly o: DeskSyncOptions) {
    this.credential = readCredential(credentialFileOf(o.dataDir));
    this.state = this.credential ? 'signedOut' : 'standalone';
    this.files = new DocumentFiles({
      db: o.db,
      dataDir: o.dataDir,
      now: o.now,
      log: o.log,
      ...(o.onDocumentFileArrived ? { onFileArrived: o.onDocumentFileArrived } : {}),
    });
    this.loop = new SyncLoop({
      round: () => this.round(),
      // The round of a sign-in runs before the desk's session opens: it brings the user's record.
      mayRun: () => this.session !== null && !this.session.isEnded && (this.signingIn || o.mayRun()),
      intervalMs: o.syncIntervalSeconds * 1000,
      ...(o.debounceMs !== undefined ? { debounceMs: o.debounceMs } : {}),
      ...(o.random ? { random: o.random } : {}),
      onRoundStart: () => this.setState('syncing'),
      onRoundEnd: (err) => this.roundEnded(err),
    });
  }

  static async open(o: DeskSyncOptions): Promise<DeskSync> {
    const sync = new DeskSync(o);
    const last = await o.db.selectFrom('settings').select('value').where('key', '=', LAST_SYNCED_KEY).executeTakeFirst();
    sync.lastSyncedAt = last?.value ?? null;
    return sync;
  }

  get enrolled(): boolean {
    return this.credential !== null;
  }

  private device(): DeviceCredential {
    if (!this.credential) throw new AppError('NOT_SET_UP', 'errors.enrolment.notEnrolled');
    return { id: this.credential.deviceId, secret: this.credential.deviceSecret };
  }

  /**
   * Enrols this desk with a server (one-time code): the device credential is written (0600), and the
   * desk becomes the server's device of the server's court with server numbering. Refused, with
   * nothing changed, when already enrolled or when the desk holds cases it numbered standalone.
   */
  async enrol(input: { serverUrl: string; code: string }, join: (args: { courtId: string; deviceId: string; deviceTag: string }) => Promise<void>): Promise<void> {
    if (this.credential) throw new AppError('CONFLICT', 'errors.enrolment.alreadyEnrolled', { params: { serverUrl: this.credential.serverUrl } });
    // Asked before the code is spent on the server (joinServerCourt asks again, in its transaction).
    const cases = await this.o.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(cases.n) > 0) throw new AppError('CONFLICT', 'errors.enrolment.deskHasRecords', { params: { count: Number(cases.n) } });
    const enrolled = await enrolDevice(input.serverUrl, input.code, os.hostname().slice(0, 200) || 'Mahkama').catch((err: unknown) => {
      const e = toAppError(err);
      throw e.i18nKey === 'errors.sync.serverUnreachable' ? new AppError('SERVICE_UNAVAILABLE', 'errors.enrolment.serverUnreachable', { cause: err }) : e;
    });
    const credential: DeviceCredentialFile = {
      serverUrl: new URL(input.serverUrl).origin,
      deviceId: enrolled.deviceId,
      deviceTag: enrolled.deviceTag,
      courtId: enrolled.courtId,
      deviceSecret: enrolled.deviceSecret,
      enrolledAt: this.o.now().toISOString(),
    };
    const file = credentialFileOf(this.o.dataDir);
    writeCredential(file, credential);
    try {
      // The desk's records and facts, through the one write path, all or nothing.
      await join({ courtId: enrolled.courtId, deviceId: enrolled.deviceId, deviceTag: enrolled.deviceTag });
    } catch (err) {
      // Without its records switched the credential would name a device this desk is not.
      removeCredential(file);
      throw err;
    }
    this.credential = credential;
    this.o.settings.deviceId = enrolled.deviceId;
    this.o.settings.deviceTag = enrolled.deviceTag;
    this.o.settings.numberingMode = 'server';
    this.o.courtChanged(enrolled.courtId);
    this.o.log.info({ deviceId: enrolled.deviceId, serverUrl: credential.serverUrl }, 'workstation enrolled');
    this.setState('signedOut');
  }

  /**
   * Signs a user in on an enrolled desk: online when the server answers (a session for sync, the
   * first round run before the desk opens so the user's record is here, the offline verifier
   * renewed), else against the offline verifier. Null: wrong name or password.
   */
  async signIn(username: string, password: string): Promise<SignInOutcome> {
    const credential = this.credential;
    if (!credential) throw new AppError('NOT_SET_UP', 'errors.enrolment.notEnrolled');
    let tokens;
    try {
      tokens = await loginOnline(credential.serverUrl, username, password, this.device());
    } catch (err) {
      const e = toAppError(err);
      if (e.code === 'SERVICE_UNAVAILABLE') {
        const userId = await checkOfflineVerifier(this.o.db, { username, password, now: this.o.now() });
        if (userId) this.setState('signedOut');
        return userId ? { userId, online: false } : null;
      }
      if (e.i18nKey === 'errors.auth.badCredentials') return null;
      throw e;
    }
    await this.session?.end();
    this.session = new ServerSession(credential.serverUrl, this.device(), tokens, () => this.o.now().getTime());
    this.signingIn = true;
    try {
      this.loop.start();
      await this.loop.runNow();
    } finally {
      this.signingIn = false;
    }
    const here = await this.o.db.selectFrom('users').select('id').where('id', '=', tokens.userId).executeTakeFirst();
    if (!here) throw AppError.fromData(this.lastError ?? new AppError('SERVICE_UNAVAILABLE', 'errors.sync.serverUnreachable').toData());
    await saveOfflineVerifier(this.o.db, { username, userId: tokens.userId, password, days: this.o.offlineLoginDays, now: this.o.now() });
    return { userId: tokens.userId, online: true };
  }

  /** Unlocking on an enrolled desk: the password is checked against the verifier (the session is open already). */
  async checkPassword(username: string, password: string): Promise<string | null> {
    return checkOfflineVerifier(this.o.db, { username, password, now: this.o.now(), ignoreExpiry: true });
  }

  /** The person signed out: no more rounds, the server session ended. */
  async signedOut(): Promise<void> {
    await this.loop.stop();
    await this.stopFiles();
    const session = this.session;
    this.session = null;
    await session?.end();
    if (this.credential) this.setState('signedOut');
  }

  /** A command was recorded: its mutation waits in the outbox; a round soon. */
  commandRan(): void {
    if (!this.credential) return;
    this.loop.kick();
    this.scheduleEmit();
  }

  /**
   * Unlocked with the right password: a round soon; and a desk with no server session (signed in
   * offline, or its session ended) tries to sign in online again in the background — never in the
   * way of the unlock, which has already happened.
   */
  resumed(who: { userId: string; username: string; password: string }): void {
    if (!this.credential) return;
    if (this.session && !this.session.isEnded) {
      this.loop.kick();
      return;
    }
    void this.reconnect(who).catch((err: unknown) => this.o.log.info({ code: toAppError(err).code }, 'sync: online sign-in after unlock did not succeed'));
  }

  /** Signs the person at the desk in with the server again; false when the desk may not sync now (closed, locked) or the server named another account. */
  private async reconnect(who: { userId: string; username: string; password: string }): Promise<boolean> {
    const credential = this.credential!;
    const tokens = await loginOnline(credential.serverUrl, who.username, who.password, this.device());
    // Another account's tokens would sync in someone else's name — and so would these, if the
    // person signed out (or another signed in) while the server answered: they are given back.
    const stillTheirs = tokens.userId === who.userId && (this.o.signedInUserId?.() ?? who.userId) === who.userId;
    if (!stillTheirs || this.closed || !this.o.mayRun()) {
      await logoutOnline(credential.serverUrl, tokens.accessToken, tokens.refreshToken);
      return false;
    }
    await this.session?.end();
    this.session = new ServerSession(credential.serverUrl, this.device(), tokens, () => this.o.now().getTime());
    await saveOfflineVerifier(this.o.db, { username: who.username, userId: who.userId, password: who.password, days: this.o.offlineLoginDays, now: this.o.now() });
    this.loop.start();
    return true;
  }

  /**
   * The clerk asked, password given (checked already), to connect again after an offline sign-in:
   * signed in online and a round run now; a server still away is SERVICE_UNAVAILABLE, a password
   * the server no longer takes BAD_CREDENTIALS — typed, and nothing changed.
   */
  async reconnectNow(who: { userId: string; username: string; password: string }): Promise<void> {
    if (!this.credential) throw new AppError('NOT_SET_UP', 'errors.enrolment.notEnrolled');
    if (!this.session || this.session.isEnded) {
      if (!(await this.reconnect(who))) throw new AppError('NOT_AUTHENTICATED', 'errors.sync.signInOnline');
    }
    await this.loop.runNow();
  }

  /** A round now (the clerk asked); resolves once it is over. */
  async syncNow(): Promise<void> {
    if (!this.credential) throw new AppError('NOT_SET_UP', 'errors.enrolment.notEnrolled');
    if (!this.session || this.session.isEnded) throw new AppError('NOT_AUTHENTICATED', 'errors.sync.signInOnline');
    await this.loop.runNow();
  }

  private async round(): Promise<void> {
    const credential = this.credential;
    const session = this.session;
    if (!credential || !session) return;
    // A damaged file takes no more writes, pulled ones included (its outbox waits for a restore).
    await this.o.beforeWrite?.();
    const transport = httpSyncTransport({ serverUrl: credential.serverUrl, accessToken: () => session.accessToken() });
    const done = await syncOnce(this.o.db, transport, { now: this.o.now, courtId: credential.courtId, numbering: 'server' });
    if (done.pagesChanged.length > 0) await this.o.onPagesChanged?.(done.pagesChanged);
    for (const documentId of done.documentsToReread) await this.o.onRereadMarked?.(documentId);
    // A version mismatch pauses the queue (nothing dropped): shown as the round's error, retried with
    // the loop's backoff, so an updated server lets the same outbox through.
    const u = done.updateRequired;
    if (u) {
      const key = u.update === 'server' ? 'errors.sync.serverUpdateRequired' : 'errors.sync.updateRequired';
      throw new AppError('UPDATE_REQUIRED', key, { params: { version: u.version, oldest: u.oldest, current: u.current } });
    }
  }

  /** The server's blob routes, as the signed-in user on this device; null without a live session. */
  private blobClient(): BlobClient | null {
    const credential = this.credential;
    const session = this.session;
    if (!credential || !session || session.isEnded) return null;
    const rate = this.o.fileBytesPerSecond ?? 0;
    return createBlobClient({
      serverUrl: credential.serverUrl,
      authHeaders: async () => ({ authorization: `Bearer ${await session.accessToken()}` }),
      ...(rate > 0 ? { fetch: pacedFetch(createPace(rate)) } : {}),
    });
  }

  /**
   * Moves document files in the background after a round went through: never inside the round, so
   * a large scan going up never holds back the next push. One pass at a time; a pass asked for
   * while one runs runs once after it.
   */
  private kickFiles(): void {
    if (this.closed) return;
    if (this.filePass) {
      this.fileAgain = true;
      return;
    }
    const client = this.blobClient();
    if (!client) return;
    const abort = new AbortController();
    this.fileAbort = abort;
    this.filePass = this.files
      .pass(client, { signal: abort.signal })
      .then(
        (done) => {
          if (done.uploaded + done.fetched + done.problems > 0) this.o.log.info({ ...done }, 'document files moved');
          return done;
        },
        (err: unknown) => {
          if (!abort.signal.aborted) this.o.log.warn({ err }, 'document files not moved');
          return null;
        },
      )
      .finally(() => {
        this.filePass = null;
        this.fileAbort = null;
        this.scheduleEmit(0);
        if (this.fileAgain && !abort.signal.aborted) {
          this.fileAgain = false;
          this.kickFiles();
        }
      });
  }

  /** Waits for the file pass under way to finish (tests; the clerk's "sync now" does not wait for it). */
  async filesSettled(): Promise<void> {
    while (this.filePass) await this.filePass;
  }

  private async stopFiles(): Promise<void> {
    this.fileAgain = false;
    this.fileAbort?.abort(new AppError('SERVICE_UNAVAILABLE', 'errors.sync.sessionEnded'));
    await this.filePass;
  }

  /**
   * A document is being opened: where its file stands, fetched now from the server if it is not
   * on this desk and a session is open. Never throws for a file the server lacks: that is a state.
   */
  async documentFile(documentId: string): Promise<DocumentFileState> {
    const state = await this.files.ensure(documentId, this.blobClient());
    this.scheduleEmit(0);
    return state;
  }

  /**
   * A file a synced record names by its SHA-256 (a signed judgment's, which a clerk countersigns on
   * another desk than the judge's) is needed now: where it stands, fetched if need be.
   */
  async fileBySha(sha256: string): Promise<DocumentFileState> {
    const state = await this.files.ensureFile(sha256, this.blobClient());
    this.scheduleEmit(0);
    return state;
  }

  private roundEnded(err: unknown): void {
    if (err === null) {
      this.kickFiles();
      this.o.onRoundSucceeded?.();
      this.lastError = null;
      this.lastSyncedAt = courtWallClockText(this.o.now());
      void this.o.db
        .insertInto('settings')
        .values({ key: LAST_SYNCED_KEY, value: this.lastSyncedAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: this.lastSyncedAt! }))
        .execute()
        .catch((e: unknown) => this.o.log.warn({ err: e }, 'last sync time not kept'));
      this.setState('online');
      return;
    }
    const e = toAppError(err);
    this.lastError = e.toData();
    if (e.code === 'SERVICE_UNAVAILABLE') this.o.log.info({ i18nKey: e.i18nKey }, 'sync: server not reached; trying again later');
    else this.o.log.warn({ err: e.cause ?? e, code: e.code }, 'sync round failed');
    this.setState(this.session?.isEnded ? 'signedOut' : 'offline');
  }

  private setState(state: SyncState): void {
    this.state = state;
    this.scheduleEmit(0);
  }

  async status(): Promise<SyncStatus> {
    const db = this.o.db;
    const pending = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .where('name', 'not in', [...LOCAL_COMMANDS])
      .executeTakeFirstOrThrow();
    const open = await db
      .selectFrom('push_outcomes')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('outcome', '!=', 'applied')
      .where('settled_at', 'is', null)
      .groupBy('outcome')
      .execute();
    const count = (o: string) => Number(open.find((r) => r.outcome === o)?.n ?? 0);
    const files = this.credential ? await this.files.counts() : { toUpload: 0, toFetch: 0, problems: 0 };
    return syncStatusSchema.parse({
      state: this.credential ? this.state : 'standalone',
      serverUrl: this.credential?.serverUrl ?? null,
      pending: this.credential ? Number(pending.n) : 0,
      conflicts: count('conflict'),
      rejected: count('rejected'),
      filesToUpload: files.toUpload,
      filesToFetch: files.toFetch,
      fileProblems: files.problems,
      lastSyncedAt: this.lastSyncedAt,
      lastError: this.lastError,
    });
  }

  /** Calls `listener` with every new status; returns the unsubscribe. */
  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell listeners soon (a burst of changes makes one message). */
  scheduleEmit(delayMs = 200): void {
    if (this.closed || this.listeners.size === 0) return;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      void this.status().then(
        (s) => {
          for (const l of this.listeners) l(s);
        },
        (err: unknown) => this.o.log.warn({ err }, 'sync status not computed'),
      );
    }, delayMs);
    this.emitTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    await this.loop.stop();
    await this.stopFiles();
    this.listeners.clear();
  }
}

export type { EnrolInput };
