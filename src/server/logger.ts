// The server's one logger: pino JSON lines on stderr (stdout carries only the listening line).
// Secrets are cut by path before a line is written, so a handler that logs a body, a header set or
// an error with its request cannot leak a password, a token, a cookie or an enrolment code.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { ServerLogLevel } from './config';

export type { Logger };

/** Keys that hold a secret wherever they appear (bodies, headers, objects a handler logs). */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'password_hash',
  'refreshToken',
  'refresh_token',
  'accessToken',
  'access_token',
  'token',
  'secret',
  'deviceSecret',
  'credential_hash',
  'token_hash',
  'code_hash',
  'jwtSecret',
  'authorization',
  'cookie',
  'set-cookie',
  'databaseUrl',
];
/**
 * `code` is a secret only where a client sends it (a one-time enrolment code in a body or query):
 * an error's `code` (VALIDATION_FAILED…) is what an operator needs to read, so it is not cut.
 */
const CLIENT_CODE_PATHS = ['body.code', '*.body.code', 'query.code', '*.query.code', 'enrolment.code', '*.enrolment.code'];

function keyPath(prefix: string, key: string): string {
  const part = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return prefix === '' ? part.replace(/^\./, '') : `${prefix}${part}`;
}

export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS.flatMap((k) => ['', '*', '*.*', '*.*.*', '*.*.*.*'].map((prefix) => keyPath(prefix, k))),
  ...CLIENT_CODE_PATHS,
];

const SECRET_QUERY = new Set([...SECRET_KEYS, 'code'].map((k) => k.toLowerCase()));

/** A request URL for the log: the path, and the query with secret-named values cut. */
export function urlForLog(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  // Collected first: setting a value while iterating the keys would skip some.
  const keys = new Set(params.keys());
  for (const key of keys) if (SECRET_QUERY.has(key.toLowerCase())) params.set(key, '[redacted]');
  return `${url.slice(0, q)}?${params.toString()}`;
}

export function createServerLogger(level: ServerLogLevel = 'info', destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: { app: 'mahkama-server' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        err: pino.stdSerializers.err,
        // Fastify's own request line: no headers (they carry the Authorization and cookies).
        req: (req: { method?: string; url?: string; ip?: string }) => ({ method: req.method, url: urlForLog(req.url ?? ''), remoteAddress: req.ip }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
