// Workstation configuration: every setting comes from an environment variable, validated once at
// start with zod, and every problem is reported at once (seed 001). Never read process.env for
// these settings anywhere else, and never put a secret in a default.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { AppError, type FieldIssue } from '../../shared/errors';
import { emptyAsUnset, intSetting } from '../../shared/env-settings';
import { LANGUAGES, type Language } from '../../shared/enums';
import { DEFAULT_OCR_DPI, MAX_OCR_DPI, MIN_OCR_DPI } from '../../domain/rules/document-files';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface WorkstationConfig {
  /** Folder holding mahkama.db, snapshots/ and the lock file. */
  dataDir: string;
  snapshotRetentionDays: number;
  /** Browser shell port on 127.0.0.1; 0 lets the OS choose a free one. */
  shellPort: number;
  idleLockMinutes: number;
  logLevel: LogLevel;
  /** Language of CLI messages (the UI language is a workstation setting in the database). */
  cliLanguage: (typeof LANGUAGES)[number];
  /** electron-updater feed; updates stay off unless set. */
  updateFeedUrl: string | null;
  /** Browser shell: try to open the system browser at start. */
  openBrowser: boolean;
  /**
   * Chromium or Chrome that makes the PDFs in the browser shell; null = look in the usual places.
   * Only its form is checked here: a browser installed later must not need a restart to be found.
   */
  chromiumPath: string | null;
  /** Days an offline sign-in stays possible after the last online sign-in of that user here (enrolled desks). */
  offlineLoginDays: number;
  /** Seconds between background sync rounds when nothing else starts one (enrolled desks). */
  syncIntervalSeconds: number;
  /** Document files to and from the server at most this many KiB/s, both ways together; 0 = no cap (enrolled desks). */
  syncFilesKiBps: number;
  /**
   * The PKCS#11 module of this workstation's cards or HSM (OpenSC, a vendor driver); null = none
   * configured. Only its form is checked here: the token service loads it when a signature is asked.
   */
  pkcs11Module: string | null;
  /** C_Initialize with CKF_OS_LOCKING_OK; off for the modules that answer CKR_CANT_LOCK (PITFALLS). */
  pkcs11OsLocking: boolean;
  /**
   * The folder this workstation's scanner writes to (files listed for filing once their size is
   * stable, moved to its `filed/` subfolder once filed); null = no scanner folder.
   */
  scannerFolder: string | null;
  /**
   * The RFC 3161 timestamp authority of this workstation: signatures are made B-T (a
   * signature-time-stamp) and `extend` adds the document timestamp; null = none (B-B only).
   */
  tsaUrl: string | null;
  /**
   * Folder of the certificates (PEM, .pem/.crt/.cer) the admin trusts as roots of signers' chains:
   * the built-in verifier calls a signature's chain trusted only when it leads to one of them.
   * null = none: every chain is reported as not checked. Read at each verification.
   */
  trustAnchorsDir: string | null;
  /**
   * Days before its TSA's certificate expires that the automatic pass renews the archive
   * timestamp of a B-LTA judgment file this desk made (with a TSA). Shorter than the server's
   * (MAHKAMA_SERVER_LTV_RENEW_DAYS, 90): the court's server renews first, a desk only when it did not.
   */
  ltvRenewDays: number;
  /**
   * Pixels per inch at which the pages of a scanned PDF are rasterized for OCR (150–600, bounds in
   * `document-files.ts`; images are read at their own pixels). A page is still lowered, at any
   * DPI, to stay under the page pixel cap. Stored on each job, so a job queued before a change
   * finishes at the DPI it began with.
   */
  ocrDpi: number;
  /**
   * Seconds the token service has to answer a signature (MAHKAMA_TOKEN_SIGN_TIMEOUT_SECONDS, 10–600,
   * default 120) before it is taken as hung and restarted: long enough for a judge typing the PIN on
   * a pinpad reader or a busy network HSM, short enough that a dead driver does not hold the queue.
   */
  tokenSignTimeoutSeconds: number;
  /** NODE_ENV=production, or (set by the Electron entry) a packaged app: software tokens are refused (§6). */
  production: boolean;
  /** MAHKAMA_ALLOW_SOFT_TOKEN: a production build signs with a software token all the same (tests of the built app). */
  allowSoftToken: boolean;
}

/** Per-user data folder of the OS: %APPDATA%\Mahkama, ~/Library/Application Support/Mahkama, $XDG_DATA_HOME/mahkama. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Mahkama');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Mahkama');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'mahkama');
}



const envSchema = z.object({
  MAHKAMA_DATA_DIR: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((p) => path.isAbsolute(p), { message: 'must be an absolute path' })
      .optional(),
  ),
  MAHKAMA_SNAPSHOT_RETENTION_DAYS: intSetting(1, 3650, 30),
  MAHKAMA_SHELL_PORT: intSetting(0, 65535, 0),
  MAHKAMA_IDLE_LOCK_MINUTES: intSetting(1, 1440, 10),
  MAHKAMA_OFFLINE_LOGIN_DAYS: intSetting(1, 90, 7),
  MAHKAMA_SYNC_INTERVAL_SECONDS: intSetting(5, 3600, 60),
  MAHKAMA_SYNC_FILES_KIBPS: intSetting(0, 10_000_000, 0),
  MAHKAMA_LTV_RENEW_DAYS: intSetting(1, 3650, 30),
  MAHKAMA_OCR_DPI: intSetting(MIN_OCR_DPI, MAX_OCR_DPI, DEFAULT_OCR_DPI),
  MAHKAMA_TOKEN_SIGN_TIMEOUT_SECONDS: intSetting(10, 600, 120),
  MAHKAMA_LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  MAHKAMA_LANG: z.preprocess(emptyAsUnset, z.enum(LANGUAGES, { message: `must be one of ${LANGUAGES.join(', ')}` }).default('en')),
  MAHKAMA_UPDATE_FEED_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((u) => URL.canParse(u) && new URL(u).protocol === 'https:', { message: 'must be an https:// URL' })
      .optional(),
  ),
  MAHKAMA_OPEN_BROWSER: z.preprocess(
    emptyAsUnset,
    z.enum(['1', '0', 'true', 'false'], { message: 'must be 1, 0, true or false' }).default('1'),
  ),
  MAHKAMA_CHROMIUM_PATH: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((p) => path.isAbsolute(p), { message: 'must be an absolute path to a Chromium or Chrome executable' })
      .optional(),
  ),
  MAHKAMA_PKCS11_MODULE: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((p) => path.isAbsolute(p), { message: 'must be an absolute path to a PKCS#11 library' })
      .optional(),
  ),
  MAHKAMA_PKCS11_OS_LOCKING: z.preprocess(
    emptyAsUnset,
    z.enum(['1', '0', 'true', 'false'], { message: 'must be 1, 0, true or false' }).default('1'),
  ),
  MAHKAMA_SCANNER_FOLDER: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((p) => path.isAbsolute(p), { message: 'must be an absolute path to a folder' })
      .optional(),
  ),
  MAHKAMA_ALLOW_SOFT_TOKEN: z.preprocess(
    emptyAsUnset,
    z.enum(['1', '0', 'true', 'false'], { message: 'must be 1, 0, true or false' }).default('0'),
  ),
  MAHKAMA_TSA_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((u) => URL.canParse(u) && ['http:', 'https:'].includes(new URL(u).protocol), { message: 'must be an http:// or https:// URL' })
      .optional(),
  ),
  MAHKAMA_TRUST_ANCHORS: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((p) => path.isAbsolute(p), { message: 'must be an absolute path to a folder of PEM certificates' })
      .optional(),
  ),
  NODE_ENV: z.string().optional(),
});

/** The language MAHKAMA_LANG asks for, read alone: a configuration error is reported in it too. */
export function requestedLanguage(env: NodeJS.ProcessEnv): Language {
  return LANGUAGES.find((l) => l === env.MAHKAMA_LANG?.trim()) ?? 'en';
}

/** Reads and validates the configuration; throws CONFIG_INVALID naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkstationConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    const fields: FieldIssue[] = parsed.error.issues.map((i) => ({
      path: i.path.map(String),
      i18nKey: 'errors.config.badSetting',
      params: { name: i.path.join('.'), problem: i.message },
    }));
    throw new AppError('CONFIG_INVALID', 'errors.config.invalid', {
      params: { count: problems.length, problems: problems.join('; ') },
      fields,
    });
  }
  const e = parsed.data;
  return {
    dataDir: path.resolve(e.MAHKAMA_DATA_DIR ?? defaultDataDir(env)),
    snapshotRetentionDays: e.MAHKAMA_SNAPSHOT_RETENTION_DAYS,
    shellPort: e.MAHKAMA_SHELL_PORT,
    idleLockMinutes: e.MAHKAMA_IDLE_LOCK_MINUTES,
    logLevel: e.MAHKAMA_LOG_LEVEL,
    cliLanguage: e.MAHKAMA_LANG,
    updateFeedUrl: e.MAHKAMA_UPDATE_FEED_URL ?? null,
    openBrowser: e.MAHKAMA_OPEN_BROWSER === '1' || e.MAHKAMA_OPEN_BROWSER === 'true',
    chromiumPath: e.MAHKAMA_CHROMIUM_PATH ?? null,
    offlineLoginDays: e.MAHKAMA_OFFLINE_LOGIN_DAYS,
    syncIntervalSeconds: e.MAHKAMA_SYNC_INTERVAL_SECONDS,
    syncFilesKiBps: e.MAHKAMA_SYNC_FILES_KIBPS,
    pkcs11Module: e.MAHKAMA_PKCS11_MODULE ?? null,
    pkcs11OsLocking: e.MAHKAMA_PKCS11_OS_LOCKING === '1' || e.MAHKAMA_PKCS11_OS_LOCKING === 'true',
    scannerFolder: e.MAHKAMA_SCANNER_FOLDER ? path.resolve(e.MAHKAMA_SCANNER_FOLDER) : null,
    tsaUrl: e.MAHKAMA_TSA_URL ?? null,
    trustAnchorsDir: e.MAHKAMA_TRUST_ANCHORS ?? null,
    ltvRenewDays: e.MAHKAMA_LTV_RENEW_DAYS,
    tokenSignTimeoutSeconds: e.MAHKAMA_TOKEN_SIGN_TIMEOUT_SECONDS,
    ocrDpi: e.MAHKAMA_OCR_DPI,
    production: e.NODE_ENV === 'production',
    allowSoftToken: e.MAHKAMA_ALLOW_SOFT_TOKEN === '1' || e.MAHKAMA_ALLOW_SOFT_TOKEN === 'true',
  };
}
