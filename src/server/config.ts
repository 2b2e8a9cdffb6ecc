// Server configuration: every setting comes from an environment variable, validated once at start,
// and every problem is reported at once (seed 001). In production it refuses what is only safe on a
// developer's machine. Never read process.env for these settings anywhere else, never put a secret
// in a default, and never echo a value in a problem (a DATABASE_URL or a secret holds a password).
import { randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import { inspect } from 'node:util';
import path from 'node:path';
import { z } from 'zod';
import { AppError, type FieldIssue } from '../shared/errors';
import { emptyAsUnset, intSetting } from '../shared/env-settings';
import { OLDEST_SYNC_PROTOCOL, SYNC_PROTOCOL_VERSION } from '../shared/schemas/sync';
import { MAX_DOCUMENT_BYTES } from '../domain/rules/document-files';
import { checkedCertificatesInFile, CERTIFICATE_FILES } from '../signatures/trust-anchors';

export const SERVER_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type ServerLogLevel = (typeof SERVER_LOG_LEVELS)[number];

/** The smallest JWT secret accepted in production: HS256 wants a key as long as its hash (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

/**
 * Secrets seen in tutorials, framework defaults and .env examples. A long one still passes the
 * length rule, so these are refused by name (compared without case, spaces or punctuation).
 */
const WELL_KNOWN_SECRETS = [
  'a-string-secret-at-least-256-bits-long', // jwt.io's example key
  'your-256-bit-secret', // jwt.io's older example key
  'your-secret-key',
  'your_jwt_secret',
  'your-super-secret-jwt-token-with-at-least-32-characters-long', // Supabase's example .env
  'super-secret-jwt-token-with-at-least-32-characters-long',
  'change-me-to-a-long-random-secret',
  'changeme',
  'change-me',
  'secret',
  'secretkey',
  'jwtsecret',
  'supersecret',
  'password',
  'mahkama',
  'mahkama-server',
  'mahkama-jwt-secret',
  'development',
  'test',
];
const normalizedWeak = new Set(WELL_KNOWN_SECRETS.map(normalizeSecretText));

function normalizeSecretText(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A secret that must not leave this object by accident: it prints, serializes and inspects as
 * "[redacted]", so logging the configuration cannot leak it. `reveal()` is for the token signer.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  get byteLength(): number {
    return Buffer.byteLength(this.#value, 'utf8');
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}

export interface ServerConfig {
  host: string;
  /** 0 lets the OS choose a free port (tests); the chosen one is printed at start. */
  port: number;
  /** postgres:// or postgresql:// URL; null = the embedded SQLite file in dataDir. */
  databaseUrl: Secret | null;
  /** Absolute folder of the SQLite file (mahkama-server.db) and the blob store (blobs/). */
  dataDir: string;
  jwt: {
    secret: Secret;
    /** 'generated': made for this process only (development), so tokens die with it. */
    secretSource: 'environment' | 'generated';
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    /** How long a refresh token may wait to be exchanged; each exchange gives a new one. */
    refreshTokenTtlSeconds: number;
  };
  bodyLimitBytes: number;
  /**
   * Enrolment attempts a minute per client IP. An office behind one address enrolling many desks
   * at once may raise it; it stays counted in the database, so it holds across instances.
   */
  enrolPerMinute: number;
  /** Origins allowed to call from a browser; empty = CORS closed. '*' only outside production. */
  corsOrigins: string[];
  /**
   * The reverse proxies whose X-Forwarded-For is believed (addresses, CIDR subnets, or loopback,
   * linklocal, uniquelocal); empty = none, the client is the socket's peer. The per-IP rate limits
   * count by this address, so behind a proxy they need it set, and it must name only the proxies.
   */
  trustProxy: string[];
  logLevel: ServerLogLevel;
  allowSqliteInProduction: boolean;
  /** How long a shutdown waits for requests in flight before it cuts their connections. */
  shutdownGraceMs: number;
  blobs: BlobSettings;
  /** The oldest sync protocol served: desks older than it are told to update (ARCHITECTURE §4, version skew). */
  syncOldestProtocol: number;
  /** Long-term validation of judgments' signatures on the server (ARCHITECTURE §6). */
  ltv: LtvSettings;
  production: boolean;
  /** What production would refuse but development lets through: logged at start. */
  warnings: string[];
}

/** The blob store's settings (src/server/blobs). */
export interface BlobSettings {
  /** Absolute folder of the blobs and of the uploads in progress; shared by every instance. */
  dir: string;
  /** The largest blob an upload may declare. */
  maxBlobBytes: number;
  /** The largest chunk one request may carry; never above the body limit. */
  chunkBytes: number;
  /** Uploads one device may have open at once. */
  maxOpenUploadsPerDevice: number;
  /** An upload that received nothing for this long is abandoned: its parts are deleted. */
  uploadExpiryMs: number;
}

/**
 * The server's extension of signed judgments for long-term validation (src/server/ltv): with trust
 * anchors it extends to B-LT, with a timestamp authority as well to B-LTA; without trust anchors it
 * extends nothing (it could not tell where a chain ends).
 */
export interface LtvSettings {
  /** The RFC 3161 timestamp authority's URL; null: extensions reach B-LT only. */
  tsaUrl: string | null;
  /** Absolute folder of the certificates the court trusts as roots (.pem, .crt, .cer); null: nothing is extended. */
  trustAnchorsDir: string | null;
  /** How often an instance looks for judgments to extend (besides being woken when a file or a signature arrives). */
  scanIntervalMs: number;
  /** How long an instance holds a judgment it works on; a crashed instance's judgment is taken over after it. */
  leaseMs: number;
  /** The wait after a judgment's first failed try (a TSA or responder down); it doubles up to six hours. */
  retryMs: number;
  /**
   * Days before its TSA's certificate expires that a B-LTA file's archive timestamp is renewed
   * (with a TSA). The server renews first: the desks' own margin (MAHKAMA_LTV_RENEW_DAYS) is shorter.
   */
  renewDays: number;
}

/** As intSetting, but unset stays undefined: its default depends on another setting. */
function optionalIntSetting(min: number, max: number) {
  return z.preprocess(
    (s) => (typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined),
    z
      .string()
      .regex(/^[0-9]+$/, { message: `must be a whole number between ${min} and ${max}` })
      .transform(Number)
      .pipe(z.number().int().min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` }))
      .optional(),
  );
}

const trimmed = (s: unknown) => (typeof s === 'string' ? s.trim() : s);

const BOOLEAN_WORDS = ['1', '0', 'true', 'false'] as const;
const booleanSetting = z.preprocess(
  emptyAsUnset,
  z.enum(BOOLEAN_WORDS, { message: 'must be 1, 0, true or false' }).default('0').transform((v) => v === '1' || v === 'true'),
);

/** A name that fits in a JWT claim and a log line: printable, no spaces at the ends. */
const claimSetting = (fallback: string) =>
  z.preprocess(
    emptyAsUnset,
    z
      .string()
      .max(200, { message: 'must be at most 200 characters' })
      .regex(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' })
      .default(fallback),
  );

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/** One trusted proxy as proxy-addr (Fastify's trustProxy) reads it: an address, a CIDR subnet, or a keyword. */
function isProxySetting(s: string): boolean {
  if (PROXY_KEYWORDS.includes(s)) return true;
  const [address = '', prefix, ...rest] = s.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** One browser origin as a browser sends it: scheme, host and optional port, nothing more. */
function isOrigin(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s;
}

const envSchema = z.object({
  MAHKAMA_SERVER_HOST: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9.:-]+$/, { message: 'must be a host name or an IP address' })
      .max(253, { message: 'must be a host name or an IP address' })
      .default('127.0.0.1'),
  ),
  MAHKAMA_SERVER_PORT: intSetting(0, 65535, 8787),
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((u) => URL.canParse(u) && ['postgres:', 'postgresql:'].includes(new URL(u).protocol) && new URL(u).hostname !== '', {
        message: 'must be a postgres:// or postgresql:// URL with a host (unset it to use the embedded SQLite file)',
      })
      .optional(),
  ),
  MAHKAMA_SERVER_DATA_DIR: z.preprocess(emptyAsUnset, z.string().default('./server-data')),
  MAHKAMA_SERVER_JWT_SECRET: z.preprocess(emptyAsUnset, z.string().optional()),
  MAHKAMA_SERVER_JWT_ISSUER: claimSetting('mahkama-server'),
  MAHKAMA_SERVER_JWT_AUDIENCE: claimSetting('mahkama-workstation'),
  MAHKAMA_SERVER_ACCESS_TOKEN_TTL_SECONDS: intSetting(30, 3600, 900),
  MAHKAMA_SERVER_REFRESH_TOKEN_TTL_DAYS: intSetting(1, 90, 14),
  MAHKAMA_SERVER_BODY_LIMIT_BYTES: intSetting(1024, 256 * 1024 * 1024, 1024 * 1024),
  MAHKAMA_SERVER_ENROL_PER_MINUTE: intSetting(1, 1000, 10),
  MAHKAMA_SERVER_CORS_ORIGINS: z.preprocess(
    (s) => (typeof s === 'string' ? s.split(',').map((o) => o.trim()).filter((o) => o !== '') : []),
    z.array(
      z.string().refine((o) => o === '*' || isOrigin(o), {
        message: 'must be a comma-separated list of origins such as https://greffe.example.ma (scheme, host, optional port; no path)',
      }),
    ),
  ),
  MAHKAMA_SERVER_TRUST_PROXY: z.preprocess(
    (s) => (typeof s === 'string' ? s.split(',').map((o) => o.trim()).filter((o) => o !== '') : []),
    z.array(
      z.string().refine(isProxySetting, {
        message: 'must be a comma-separated list of the reverse proxies\' addresses or subnets (e.g. 10.0.0.5 or 10.0.0.0/24), or loopback, linklocal, uniquelocal',
      }),
    ),
  ),
  MAHKAMA_SERVER_LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z.enum(SERVER_LOG_LEVELS, { message: `must be one of ${SERVER_LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  MAHKAMA_SERVER_ALLOW_SQLITE_IN_PRODUCTION: booleanSetting,
  MAHKAMA_SERVER_SHUTDOWN_GRACE_SECONDS: intSetting(0, 600, 10),
  MAHKAMA_SERVER_BLOB_DIR: z.preprocess(emptyAsUnset, z.string().optional()),
  // 64 GiB: far beyond a scanned file, and still exact as a JSON number and in SQLite's INTEGER.
  // As large as the largest document a desk takes, so no scan a desk accepted is refused here.
  MAHKAMA_SERVER_BLOB_MAX_BYTES: intSetting(1, 64 * 1024 * 1024 * 1024, MAX_DOCUMENT_BYTES),
  MAHKAMA_SERVER_BLOB_CHUNK_BYTES: optionalIntSetting(1024, 256 * 1024 * 1024),
  MAHKAMA_SERVER_BLOB_MAX_OPEN_UPLOADS: intSetting(1, 1000, 8),
  MAHKAMA_SERVER_BLOB_UPLOAD_EXPIRY_HOURS: intSetting(1, 24 * 30, 24),
  MAHKAMA_SERVER_SYNC_OLDEST_PROTOCOL: intSetting(OLDEST_SYNC_PROTOCOL, SYNC_PROTOCOL_VERSION, OLDEST_SYNC_PROTOCOL),
  MAHKAMA_SERVER_TSA_URL: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((u) => URL.canParse(u) && ['http:', 'https:'].includes(new URL(u).protocol) && new URL(u).hostname !== '', { message: 'must be an http:// or https:// URL' })
      // It is logged with each failed try: a password in it would be too.
      .refine((u) => !URL.canParse(u) || (new URL(u).username === '' && new URL(u).password === ''), { message: 'must not carry a user name or password' })
      .optional(),
  ),
  MAHKAMA_SERVER_TRUST_ANCHORS: z.preprocess(emptyAsUnset, z.string().optional()),
  MAHKAMA_SERVER_LTV_SCAN_SECONDS: intSetting(1, 86_400, 60),
  MAHKAMA_SERVER_LTV_LEASE_SECONDS: intSetting(5, 86_400, 600),
  MAHKAMA_SERVER_LTV_RETRY_SECONDS: intSetting(1, 86_400, 60),
  MAHKAMA_SERVER_LTV_RENEW_DAYS: intSetting(1, 3650, 90),
  NODE_ENV: z.preprocess(trimmed, z.string().optional()),
});

/** Why a JWT secret is unfit for production, or null. Never includes the secret itself. */
export function secretWeakness(secret: string): string | null {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (normalizedWeak.has(normalizeSecretText(secret))) return 'is a well-known example value: generate a random one (e.g. `openssl rand -base64 48`)';
  if (bytes < MIN_SECRET_BYTES) return `is too short: at least ${MIN_SECRET_BYTES} bytes (e.g. \`openssl rand -base64 48\`)`;
  // One character, or one short piece, repeated: long, but guessable.
  if (/^(.{1,8})\1+.{0,7}$/su.test(secret)) return 'is one character or one short piece repeated: generate a random one (e.g. `openssl rand -base64 48`)';
  if (new Set(secret).size < 8) return 'uses fewer than 8 different characters: generate a random one (e.g. `openssl rand -base64 48`)';
  return null;
}

interface Problem {
  name: string;
  problem: string;
}

/**
 * The trust anchors' folder checked at start: a folder, holding at least one certificate, every
 * certificate file readable as certificates. In production each must be a CA certificate valid now
 * (a leaf or an expired root trusts nothing worth extending to); in development that is a warning.
 */
function trustAnchorProblems(dir: string, production: boolean, now: Date, warnings: string[]): string[] {
  const name = 'MAHKAMA_SERVER_TRUST_ANCHORS';
  let files: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) return ['must be a folder of certificates (.pem, .crt, .cer)'];
    files = fs.readdirSync(dir).filter((n) => CERTIFICATE_FILES.test(n)).sort();
  } catch {
    return ['must be an existing folder of certificates (.pem, .crt, .cer)'];
  }
  if (files.length === 0) return ['holds no certificate file (.pem, .crt, .cer)'];
  const problems: string[] = [];
  for (const file of files) {
    let certs: X509Certificate[];
    try {
      certs = checkedCertificatesInFile(path.join(dir, file));
    } catch {
      problems.push(`${file} is not a certificate (PEM or DER)`);
      continue;
    }
    for (const cert of certs) {
      const unfit = !cert.ca ? 'is not a CA certificate' : Date.parse(cert.validTo) < now.getTime() || Date.parse(cert.validFrom) > now.getTime() ? 'is not valid now' : null;
      if (!unfit) continue;
      if (production) problems.push(`${file}: a certificate ${unfit}`);
      else warnings.push(`${name}: ${file}: a certificate ${unfit} (production would refuse it)`);
    }
  }
  return problems;
}

/** Reads and validates the configuration; throws CONFIG_INVALID naming every bad variable. */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), now: Date = new Date()): ServerConfig {
  const problems: Problem[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push({ name: String(i.path[0] ?? ''), problem: i.message });
  }
  // Production's refusals are judged on the raw values too, so they are listed together with any
  // malformed setting instead of after the operator has fixed it.
  const production = (typeof env.NODE_ENV === 'string' ? env.NODE_ENV.trim() : '') === 'production';
  const rawSecret = typeof env.MAHKAMA_SERVER_JWT_SECRET === 'string' && env.MAHKAMA_SERVER_JWT_SECRET.trim() !== '' ? env.MAHKAMA_SERVER_JWT_SECRET : undefined;
  const weakness = rawSecret === undefined ? null : secretWeakness(rawSecret);
  const rawOrigins = (env.MAHKAMA_SERVER_CORS_ORIGINS ?? '').split(',').map((o) => o.trim());
  const warnings: string[] = [];
  if (production) {
    if (rawSecret === undefined) {
      problems.push({ name: 'MAHKAMA_SERVER_JWT_SECRET', problem: `is required in production (at least ${MIN_SECRET_BYTES} random bytes)` });
    } else if (weakness) {
      problems.push({ name: 'MAHKAMA_SERVER_JWT_SECRET', problem: weakness });
    }
    const sqliteAllowed = parsed.success ? parsed.data.MAHKAMA_SERVER_ALLOW_SQLITE_IN_PRODUCTION : false;
    const noDatabaseUrl = typeof env.DATABASE_URL !== 'string' || env.DATABASE_URL.trim() === '';
    if (noDatabaseUrl && !sqliteAllowed) {
      problems.push({
        name: 'DATABASE_URL',
        problem: 'is required in production (PostgreSQL); to run on the embedded SQLite file anyway, set MAHKAMA_SERVER_ALLOW_SQLITE_IN_PRODUCTION=1',
      });
    }
    if (rawOrigins.includes('*')) {
      problems.push({ name: 'MAHKAMA_SERVER_CORS_ORIGINS', problem: 'must not be * in production: list the origins allowed' });
    }
  } else if (weakness) {
    warnings.push(`MAHKAMA_SERVER_JWT_SECRET ${weakness} (production would refuse it)`);
  }
  // Long-term validation: the trust anchors say where each chain ends; a TSA alone extends nothing.
  const rawAnchors = typeof env.MAHKAMA_SERVER_TRUST_ANCHORS === 'string' && env.MAHKAMA_SERVER_TRUST_ANCHORS.trim() !== '' ? path.resolve(cwd, env.MAHKAMA_SERVER_TRUST_ANCHORS.trim()) : null;
  const rawTsa = typeof env.MAHKAMA_SERVER_TSA_URL === 'string' && env.MAHKAMA_SERVER_TSA_URL.trim() !== '';
  if (rawAnchors !== null) {
    for (const problem of trustAnchorProblems(rawAnchors, production, now, warnings)) problems.push({ name: 'MAHKAMA_SERVER_TRUST_ANCHORS', problem });
  } else if (rawTsa) {
    problems.push({ name: 'MAHKAMA_SERVER_TSA_URL', problem: 'needs MAHKAMA_SERVER_TRUST_ANCHORS: without trust anchors the server extends nothing' });
  }
  // A chunk travels as one request body, so it can never be larger than what a request may carry.
  if (parsed.success && (parsed.data.MAHKAMA_SERVER_BLOB_CHUNK_BYTES ?? 0) > parsed.data.MAHKAMA_SERVER_BODY_LIMIT_BYTES) {
    problems.push({ name: 'MAHKAMA_SERVER_BLOB_CHUNK_BYTES', problem: 'must not exceed MAHKAMA_SERVER_BODY_LIMIT_BYTES (a chunk is one request body)' });
  }
  if (problems.length > 0 || !parsed.success) {
    const fields: FieldIssue[] = problems.map((p) => ({
      path: [p.name],
      i18nKey: 'errors.config.badSetting',
      params: { name: p.name, problem: p.problem },
    }));
    throw new AppError('CONFIG_INVALID', 'errors.server.configInvalid', {
      params: { count: problems.length, problems: problems.map((p) => `${p.name}: ${p.problem}`).join('; ') },
      fields,
    });
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.MAHKAMA_SERVER_DATA_DIR);
  return {
    host: e.MAHKAMA_SERVER_HOST,
    port: e.MAHKAMA_SERVER_PORT,
    databaseUrl: e.DATABASE_URL === undefined ? null : new Secret(e.DATABASE_URL),
    dataDir,
    jwt: {
      // A per-process secret lets a developer start with nothing set; tokens then die with the process.
      secret: new Secret(e.MAHKAMA_SERVER_JWT_SECRET ?? randomBytes(48).toString('base64url')),
      secretSource: e.MAHKAMA_SERVER_JWT_SECRET === undefined ? 'generated' : 'environment',
      issuer: e.MAHKAMA_SERVER_JWT_ISSUER,
      audience: e.MAHKAMA_SERVER_JWT_AUDIENCE,
      accessTokenTtlSeconds: e.MAHKAMA_SERVER_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.MAHKAMA_SERVER_REFRESH_TOKEN_TTL_DAYS * 86_400,
    },
    bodyLimitBytes: e.MAHKAMA_SERVER_BODY_LIMIT_BYTES,
    enrolPerMinute: e.MAHKAMA_SERVER_ENROL_PER_MINUTE,
    corsOrigins: [...new Set(e.MAHKAMA_SERVER_CORS_ORIGINS)],
    trustProxy: [...new Set(e.MAHKAMA_SERVER_TRUST_PROXY)],
    logLevel: e.MAHKAMA_SERVER_LOG_LEVEL,
    allowSqliteInProduction: e.MAHKAMA_SERVER_ALLOW_SQLITE_IN_PRODUCTION,
    shutdownGraceMs: e.MAHKAMA_SERVER_SHUTDOWN_GRACE_SECONDS * 1000,
    blobs: {
      dir: e.MAHKAMA_SERVER_BLOB_DIR === undefined ? path.join(dataDir, 'blobs') : path.resolve(cwd, e.MAHKAMA_SERVER_BLOB_DIR),
      maxBlobBytes: e.MAHKAMA_SERVER_BLOB_MAX_BYTES,
      chunkBytes: e.MAHKAMA_SERVER_BLOB_CHUNK_BYTES ?? e.MAHKAMA_SERVER_BODY_LIMIT_BYTES,
      maxOpenUploadsPerDevice: e.MAHKAMA_SERVER_BLOB_MAX_OPEN_UPLOADS,
      uploadExpiryMs: e.MAHKAMA_SERVER_BLOB_UPLOAD_EXPIRY_HOURS * 3600 * 1000,
    },
    syncOldestProtocol: e.MAHKAMA_SERVER_SYNC_OLDEST_PROTOCOL,
    ltv: {
      tsaUrl: e.MAHKAMA_SERVER_TSA_URL ?? null,
      trustAnchorsDir: rawAnchors,
      scanIntervalMs: e.MAHKAMA_SERVER_LTV_SCAN_SECONDS * 1000,
      leaseMs: e.MAHKAMA_SERVER_LTV_LEASE_SECONDS * 1000,
      retryMs: e.MAHKAMA_SERVER_LTV_RETRY_SECONDS * 1000,
      renewDays: e.MAHKAMA_SERVER_LTV_RENEW_DAYS,
    },
    production,
    warnings,
  };
}

/** The problems of a CONFIG_INVALID error, one line each, as the operator reads them. */
export function configProblemLines(err: AppError): string[] {
  return (err.fields ?? []).map((f) => `${String(f.params?.name ?? f.path.join('.'))}: ${String(f.params?.problem ?? '')}`);
}
