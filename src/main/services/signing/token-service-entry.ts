// Where the token service's entry is and how Node must start it: the TypeScript source through tsx
// when main itself runs from source (tests, `npm run cli`, the browser shell under tsx), the
// bundled file next to main's bundle otherwise.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TokenServiceClient } from './token-client';

export function tokenServiceEntry(): { entry: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return { entry: path.resolve(path.dirname(here), '../../workers/token-service.ts'), execArgv: ['--import', 'tsx'] };
  return { entry: path.join(path.dirname(here), 'token-service.js'), execArgv: [] };
}

export function startTokenServiceClient(env: NodeJS.ProcessEnv = process.env): TokenServiceClient {
  return new TokenServiceClient({ ...tokenServiceEntry(), env });
}
