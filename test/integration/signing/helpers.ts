// Shared by the signing tests: the token service started the way the browser shell starts it (a
// Node child process running the TypeScript entry through tsx).
import path from 'node:path';
import { TokenServiceClient } from '../../../src/main/services/signing/token-client';

export const TOKEN_SERVICE_ENTRY = path.resolve(import.meta.dirname, '../../../src/main/workers/token-service.ts');

export function startTokenService(env: NodeJS.ProcessEnv): TokenServiceClient {
  return new TokenServiceClient({ entry: TOKEN_SERVICE_ENTRY, execArgv: ['--import', 'tsx'], env: { ...process.env, ...env } });
}
