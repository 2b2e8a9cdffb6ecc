// Set-up for the server's tests: temp folders removed afterwards, a configuration made by the real
// loader from an environment, and a logger whose JSON lines the test can read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { loadServerConfig, type ServerConfig } from '../../../src/server/config';
import { createServerLogger, type Logger } from '../../../src/server/logger';

const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'mahkama-server-test-'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A development configuration through loadServerConfig, with these variables set. */
export function serverConfig(env: NodeJS.ProcessEnv = {}): ServerConfig {
  return loadServerConfig({ MAHKAMA_SERVER_DATA_DIR: tempDir(), MAHKAMA_SERVER_PORT: '0', ...env });
}

export interface CapturedLog {
  logger: Logger;
  /** Everything written so far, one JSON line each. */
  text(): string;
  entries(): Record<string, unknown>[];
}

export function capturedLogger(level: 'info' | 'debug' | 'trace' = 'trace'): CapturedLog {
  const lines: string[] = [];
  const logger = createServerLogger(level, { write: (s: string) => void lines.push(s) });
  return {
    logger,
    text: () => lines.join(''),
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
