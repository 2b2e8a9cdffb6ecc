// The one logger of the workstation (pino, JSON lines on stderr). Passwords, password hashes,
// tokens, cookies and card PINs are redacted by path; callers still never pass command inputs wholesale.
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

// `pin`: the card's PIN, in the token protocol's sign request and signing.signJudgment's input (and
// MAHKAMA_PIN should an environment ever be logged).
const SECRET_KEYS = ['password', 'passwordHash', 'password_hash', 'newPassword', 'token', 'cookie', 'authorization', 'pin', 'MAHKAMA_PIN'];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]);

export function createLogger(level: LogLevel = 'info', destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: { app: 'mahkama' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

/** For tests and tools that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
