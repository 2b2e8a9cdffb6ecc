// Where the token service's entry is and how Node must start it: the TypeScript source through tsx
// when main itself runs from source (tests, `npm run cli`, the browser shell under tsx), the
// bundled file next to main's bundle otherwise (out/main/token-service.js; the code asking may sit
// one folder down, in a chunk shared by several entries, as the OCR and quick_check workers' do).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/errors';
import { TokenServiceClient } from './token-client';

export function tokenServiceEntry(): { entry: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return { entry: path.resolve(path.dirname(here), '../../workers/token-service.ts'), execArgv: ['--import', 'tsx'] };
  const dir = path.dirname(here);
  for (const candidate of [path.join(dir, 'token-service.js'), path.join(dir, '..', 'token-service.js')]) {
    if (fs.existsSync(candidate)) return { entry: candidate, execArgv: [] };
  }
  throw new AppError('TOKEN_UNAVAILABLE', 'signing.errors.serviceStopped', { params: { reason: `token-service.js is not next to ${dir}` } });
}

/** The request deadlines a workstation's configuration sets (MAHKAMA_TOKEN_SIGN_TIMEOUT_SECONDS); the others keep their defaults. */
export function tokenDeadlinesOf(config: { tokenSignTimeoutSeconds: number }): { sign: number } {
  return { sign: config.tokenSignTimeoutSeconds * 1000 };
}

export function startTokenServiceClient(env: NodeJS.ProcessEnv, config: { tokenSignTimeoutSeconds: number }): TokenServiceClient {
  return new TokenServiceClient({ ...tokenServiceEntry(), env, deadlinesMs: tokenDeadlinesOf(config) });
}
