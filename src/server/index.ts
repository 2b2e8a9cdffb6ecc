// `npm run server` (scripts/server.mjs): reads the configuration (every problem printed, exit 1),
// opens the store, listens, prints one line with its URL on stdout, and on SIGTERM/SIGINT stops
// accepting, lets requests in flight finish (bounded by the grace period), closes the store and
// exits 0. Logs are pino JSON on stderr. No business logic here: it wires config, store and app.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppError, toAppError } from '../shared/errors';
import { catalogueMessage } from '../shared/i18n/message';
import { buildServer } from './app';
import { createServerAuth } from './auth/routes';
import { ENROL_RATE_LIMIT } from './auth/rate-limit';
import { createBlobStore, startUploadExpiry } from './blobs/blob-store';
import { registerBlobRoutes } from './blobs/routes';
import { readHiddenLine, runAdminCommand } from './cli';
import { serverCommandEnvs } from './command-env';
import { startLtvWorker, wakesLtv, type LtvWorker } from './ltv/ltv-worker';
import { syncRoutes } from './sync/routes';
import { configProblemLines, loadServerConfig, type ServerConfig } from './config';
import { createServerLogger } from './logger';
import { checkFolderWritable, openServerStore } from './store';

/** The console's language: the server has no user, its operator reads English. */
const CONSOLE_LANG = 'en';

function packageVersion(): string {
  try {
    const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json');
    return String((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version?: unknown }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
}

function printCannotStart(lines: string[]): void {
  process.stderr.write(`${catalogueMessage(CONSOLE_LANG, 'server.cannotStart')}\n${lines.map((l) => `  - ${l}\n`).join('')}`);
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * With no arguments, runs the server until a signal stops it; with arguments, runs one admin
 * command (cli.ts) on the same store and configuration. Resolves with the process exit code.
 */
export async function main(args: string[] = []): Promise<number> {
  if (args.length > 0) {
    return runAdminCommand(args, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      env: process.env,
      readPassword: readHiddenLine,
    });
  }
  let config: ServerConfig;
  try {
    config = loadServerConfig(process.env);
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFIG_INVALID') printCannotStart(configProblemLines(err));
    else printCannotStart([err instanceof Error ? err.message : String(err)]);
    return 1;
  }
  const log = createServerLogger(config.logLevel);
  if (config.jwt.secretSource === 'generated') {
    log.warn('MAHKAMA_SERVER_JWT_SECRET is not set: a secret was generated for this process only, so tokens will not survive a restart (production refuses to start without one)');
  }
  for (const w of config.warnings) log.warn(w);

  let store: Awaited<ReturnType<typeof openServerStore>>;
  const blobDir = config.blobs.dir;
  let blobs: ReturnType<typeof createBlobStore>;
  try {
    store = await openServerStore(config, { log });
    blobs = createBlobStore({ db: store.db, settings: config.blobs, log });
    await blobs.init();
  } catch (err) {
    const e = toAppError(err);
    log.error({ err: e.cause ?? e }, 'store could not be opened');
    printCannotStart([catalogueMessage(CONSOLE_LANG, e.i18nKey, e.params)]);
    return 1;
  }

  // One environment per court for everything this process records: pushed mutations and its own work.
  const envOf = serverCommandEnvs({ writeConcurrency: 1 });
  // Started once the server listens; the routes only wake it.
  let ltv: LtvWorker | null = null;
  const serverAuth = createServerAuth({ db: store.db, jwt: config.jwt, enrolLimit: { ...ENROL_RATE_LIMIT, max: config.enrolPerMinute } });
  const app = await buildServer({
    config,
    logger: log,
    version: packageVersion(),
    readinessChecks: { database: () => store.ping(), blobStore: () => checkFolderWritable(blobDir) },
    routes: (app) => {
      serverAuth.routes(app);
      // One write transaction at a time per process, on either engine: measured (npm run bench:sync),
      // several PostgreSQL writers wait on the court's shared rows (its lock, its case counts) and
      // break off in deadlocks more than they gain. Several instances stay correct (§4).
      syncRoutes({
        db: store.db,
        auth: serverAuth,
        writeConcurrency: 1,
        oldestProtocol: config.syncOldestProtocol,
        envOf,
        onApplied: (_courtId, names) => {
          if (wakesLtv(names)) ltv?.wake();
        },
      })(app);
      // A blob belongs to the courts that uploaded it: the caller's court and device, as their token proves.
      registerBlobRoutes(app, {
        store: blobs,
        authorize: async (request) => {
          const caller = await serverAuth.authenticate(request.headers.authorization);
          return { courtId: caller.courtId, deviceId: caller.deviceId };
        },
        onStored: (_access, sha256) => ltv?.fileArrived(sha256),
      });
    },
  });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    log.error({ err }, 'could not listen');
    const code = (err as { code?: unknown }).code;
    const where = { host: config.host, port: config.port };
    // The address is the operator's choice (MAHKAMA_SERVER_HOST, MAHKAMA_SERVER_PORT): named in the refusal.
    const key =
      code === 'EADDRINUSE' ? 'errors.server.portInUse' : code === 'EACCES' ? 'errors.server.portDenied' : code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' ? 'errors.server.hostUnknown' : null;
    printCannotStart([key ? catalogueMessage(CONSOLE_LANG, key, where) : err instanceof Error ? err.message : String(err)]);
    await app.close().catch(() => {});
    await store.close();
    return 1;
  }
  store.startMaintenance(() => app.activeRequests() > 0);
  const stopUploadExpiry = startUploadExpiry(blobs, { log });
  // Signed judgments extended for long-term validation, off the request path (src/server/ltv).
  ltv = startLtvWorker({ db: store.db, blobs, settings: config.ltv, envOf, log });
  const url = urlOf(app.server.address() as AddressInfo);
  log.info({ url, engine: store.engine, dataDir: config.dataDir }, 'listening');
  process.stdout.write(`${catalogueMessage(CONSOLE_LANG, 'server.listening', { url })}\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal, inFlight: app.activeRequests() }, 'shutting down');
      stopUploadExpiry();
      // close() stops accepting and waits for requests in flight; past the grace period their
      // connections are cut, so a stuck client cannot keep the process (and the store) open.
      const grace = setTimeout(() => {
        log.warn({ inFlight: app.activeRequests(), graceMs: config.shutdownGraceMs }, 'grace period over: closing the connections still open');
        app.server.closeAllConnections();
      }, config.shutdownGraceMs);
      grace.unref();
      app
        .close()
        .then(
          () => undefined,
          (err: unknown) => log.error({ err }, 'HTTP server did not close cleanly'),
        )
        .then(() => {
          clearTimeout(grace);
          // The extension under way ends (or is cut by the exit: its lease then frees it for the next start).
          return ltv?.stop();
        })
        .then(() => store.close())
        .then(
          () => {
            log.info('stopped');
            resolve(0);
          },
          (err: unknown) => {
            log.error({ err }, 'store did not close cleanly');
            resolve(1);
          },
        );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      printCannotStart([err instanceof Error ? (err.stack ?? err.message) : String(err)]);
      process.exit(1);
    },
  );
}
