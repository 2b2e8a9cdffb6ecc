// The workstation's command line (`npm run cli -- …`, or `node out/main/cli.js …`):
//   audit verify [--db PATH]            walk the audit hash chain and check it against the signed
//   audit-verify [--db PATH]            daily registers; exit 0 intact, 1 broken (register-commands.ts)
//   close-day --user NAME --token LABEL  the chief clerk signs the day's register with the card
//   snapshot list                       snapshots in <dataDir>/snapshots
//   snapshot create [--db PATH]         online backup now
//   snapshot restore FILE [--db PATH]   put a checked snapshot in place (app must be closed)
//   sign IN.pdf --out OUT.pdf …         PAdES signature with a PKCS#11 token (signing-commands.ts)
//   verify FILE.pdf [--trust CA.pem]…   check every signature; exit 0 only when all are valid
//   ocr FILE... [--lang auto|ara|fra|eng|ara+fra] [--dpi N] [--json]
//                                       each page's text through the app's OCR pipeline, no database;
//                                       exit 1 when a file could not be read (the others still are)
//   reindex [--db PATH] [--json]        rebuild the page search index, resumable (reindex.ts)
// Exit 2 on any error, printed from the catalogues (MAHKAMA_LANG, default English). It never
// migrates or repairs a database: `audit verify` opens it read-only.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError, toAppError } from '../../shared/errors';
import type { Language } from '../../shared/enums';
import { OCR_LANGUAGE_CHOICES, ocrLanguageChoiceSchema } from '../../shared/schemas/documents';
import { DB_FILE_NAME } from '../services/app-service';
import { loadConfig, requestedLanguage } from '../services/config';
import { listSnapshots, restoreSnapshot, snapshotDatabaseFile, SNAPSHOT_DIR_NAME } from '../services/snapshots';
import { readHiddenLine } from './hidden-input';
import { catalogueMessage } from './messages';
import { auditVerifyWithRegisters, isRegisterCommand, REGISTER_USAGE, runRegisterCommand } from './register-commands';
import { isSigningCommand, runSigningCommand, SigningUsageError, SIGNING_USAGE } from './signing-commands';
import { ocrFiles } from './ocr';
import { reindexCommand } from './reindex';

export const USAGE = `usage:
  mahkama audit verify [--db PATH]
  mahkama snapshot list [--db PATH]
  mahkama snapshot create [--db PATH]
  mahkama snapshot restore FILE [--db PATH]
${SIGNING_USAGE}
${REGISTER_USAGE}
  mahkama ocr FILE... [--lang auto|ara|fra|eng|ara+fra] [--dpi N] [--json]
  mahkama reindex [--db PATH] [--json]
The database defaults to mahkama.db in MAHKAMA_DATA_DIR (or the per-user data folder).`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

async function auditVerify(dbFile: string, io: CliIo, lang: Language): Promise<number> {
  const outcome = await auditVerifyWithRegisters(dbFile, lang, loadConfig(io.env).trustAnchorsDir);
  for (const line of outcome.lines) io.out(line);
  return outcome.ok ? 0 : 1;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

const CLI_OPTIONS = {
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
  dpi: { type: 'string' },
  json: { type: 'boolean' },
} as const;

async function run(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof CLI_OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: CLI_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (parsed.positionals[0] === 'ocr') {
    const files = parsed.positionals.slice(1);
    if (files.length === 0) throw new UsageError('ocr: expected at least one FILE');
    const lang = parsed.values.lang ?? 'auto';
    const language = ocrLanguageChoiceSchema.safeParse(lang);
    if (!language.success) throw new UsageError(`ocr: --lang must be one of ${OCR_LANGUAGE_CHOICES.join(', ')}`);
    const dpi = parsed.values.dpi === undefined ? undefined : Number(parsed.values.dpi);
    if (dpi !== undefined && (!Number.isInteger(dpi) || dpi < 72 || dpi > 600)) throw new UsageError('ocr: --dpi must be a whole number from 72 to 600');
    const lang_ = loadConfig(io.env).cliLanguage;
    return ocrFiles(files.map((f) => path.resolve(f)), { language: language.data, dpi, json: parsed.values.json ?? false, lang: lang_ }, io);
  }
  const json = parsed.values.json;
  if (parsed.positionals[0] === 'reindex' && parsed.values.lang === undefined && parsed.values.dpi === undefined) {
    if (parsed.positionals.length !== 1) throw new UsageError('reindex: expected no argument');
    const config = loadConfig(io.env);
    const stop = new AbortController();
    const onInterrupt = () => stop.abort();
    process.once('SIGINT', onInterrupt);
    try {
      return await reindexCommand(path.resolve(parsed.values.db ?? path.join(config.dataDir, DB_FILE_NAME)), { json: json ?? false, signal: stop.signal }, io);
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  }
  if (parsed.values.lang !== undefined || parsed.values.dpi !== undefined || json !== undefined) throw new UsageError('--lang, --dpi and --json belong to ocr (--json also to reindex)');
  const [group, action, ...rest] = parsed.positionals;
  if (parsed.values.help || !group) {
    io.out(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const config = loadConfig(io.env);
  const dbFile = path.resolve(parsed.values.db ?? path.join(config.dataDir, DB_FILE_NAME));
  const snapshotDir = path.join(path.dirname(dbFile), SNAPSHOT_DIR_NAME);
  const command = `${group} ${action ?? ''}`.trim();
  const expectArgs = (n: number) => {
    if (rest.length !== n) throw new UsageError(`${command}: expected ${n} argument(s), got ${rest.length}`);
  };
  switch (command) {
    case 'audit verify':
      expectArgs(0);
      return auditVerify(dbFile, io, config.cliLanguage);
    case 'snapshot list': {
      expectArgs(0);
      const all = listSnapshots(snapshotDir);
      if (all.length === 0) io.out(`no snapshots in ${snapshotDir}`);
      for (const s of all) io.out(`${s.takenAt.toISOString()}  ${s.reason.padEnd(20)}  ${formatSize(s.sizeBytes).padStart(10)}  ${s.file}`);
      return 0;
    }
    case 'snapshot create': {
      expectArgs(0);
      const s = await snapshotDatabaseFile(dbFile, snapshotDir, 'manual');
      io.out(`snapshot created: ${s.file}`);
      return 0;
    }
    case 'snapshot restore': {
      expectArgs(1);
      const outcome = await restoreSnapshot(path.resolve(rest[0]!), dbFile);
      io.out(`restored ${outcome.restoredFrom} into ${dbFile} (schema ${outcome.schemaVersion}, ${outcome.auditEntries} audit entries verified)`);
      for (const f of outcome.movedAside) io.out(`previous database kept at ${f}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // The language asked for, even when another setting is wrong: that error is read in it too.
  let lang: Language = requestedLanguage(io.env);
  try {
    lang = loadConfig(io.env).cliLanguage;
  } catch {
    /* the config error itself is reported below */
  }
  try {
    if (isSigningCommand(argv)) return await runSigningCommand(argv, { askSecret: readHiddenLine, ...io }, lang);
    if (isRegisterCommand(argv)) return await runRegisterCommand(argv, { askSecret: readHiddenLine, ...io }, lang);
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof SigningUsageError) {
      io.err(err.message);
      io.err(USAGE);
      return 2;
    }
    const e = toAppError(err);
    io.err(`${e.code}: ${catalogueMessage(lang, e.i18nKey, e.params)}`);
    if (e.code === 'INTERNAL' && !(err instanceof AppError)) io.err(String(err instanceof Error ? err.stack ?? err.message : err));
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
  }).then((code) => process.exit(code));
}
