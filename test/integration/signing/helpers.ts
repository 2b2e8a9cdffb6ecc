// Shared by the signing tests: the token service started the way the browser shell starts it (a
// Node child process; here the run's bundle of its entry, test/helpers/entries.ts).
import { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { entryFork } from '../../helpers/entries';

/** The token service as tests start it: this run's bundle, or the source behind tsx (test/helpers/entries.ts). */
export function tokenServiceFork(): { entry: string; execArgv: string[] } {
  return entryFork('token-service');
}

export function startTokenService(env: NodeJS.ProcessEnv): TokenServiceClient {
  return new TokenServiceClient({ ...tokenServiceFork(), env: { ...process.env, ...env } });
}
