// The desktop app's token service: the same entry and messages as the browser shell's child
// process (services/signing/token-client.ts), started with Electron's utilityProcess so a vendor
// PKCS#11 driver that crashes takes down only that process. Thin on purpose: nothing to test here
// that the child-process path does not already show.
import { utilityProcess } from 'electron';
import { TokenServiceClient, type TokenProcess, type TokenServiceOptions } from './services/signing/token-client';
import { tokenDeadlinesOf, tokenServiceEntry } from './services/signing/token-service-entry';

function utilityTokenProcess(options: TokenServiceOptions): TokenProcess {
  const child = utilityProcess.fork(options.entry, [], { serviceName: 'Mahkama token service', stdio: 'inherit', env: options.env ?? process.env });
  return {
    get pid() {
      return child.pid;
    },
    send(envelope, failed) {
      try {
        child.postMessage(envelope);
      } catch {
        failed();
      }
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', () => listener()),
    stop() {
      child.kill();
    },
    kill() {
      child.kill();
    },
  };
}

export function createElectronTokenService(config: { tokenSignTimeoutSeconds: number }, env: NodeJS.ProcessEnv = process.env): TokenServiceClient {
  return new TokenServiceClient({ ...tokenServiceEntry(), env, spawn: utilityTokenProcess, deadlinesMs: tokenDeadlinesOf(config) });
}
