// Shared by the signing tests: the token service started the way the browser shell starts it (a
// Node child process; here the run's bundle of its entry, test/helpers/entries.ts).
import { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import { entryFork } from '../../helpers/entries';

export function startTokenService(env: NodeJS.ProcessEnv): TokenServiceClient {
  return new TokenServiceClient({ ...entryFork('token-service'), env: { ...process.env, ...env } });
}
