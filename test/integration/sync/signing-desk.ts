// A workstation that signs judgments, enrolled with a real server: the desk service with SoftHSM2
// behind its token service and Chromium printing, set up with a local administrator who enrols it
// with the one-time code. The stories of signed files between desks and server (countersigning,
// the desk's and the server's extensions) all start from one; each passes its own configuration
// (trust anchors, TSA), clock and log.
import type { Logger } from 'pino';
import { createAppService, type AppService } from '../../../src/main/services/app-service';
import type { WorkstationConfig } from '../../../src/main/services/config';
import { silentLogger } from '../../../src/main/services/logger';
import { createChromiumPdfMaker } from '../../../src/main/services/print/chromium-pdf-maker';
import { TokenServiceClient } from '../../../src/main/services/signing/token-client';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import { entryFork } from '../../helpers/entries';
import { SOFTHSM_MODULE } from '../../helpers/softhsm-tokens';
import { testConfig } from '../services/helpers';

/** The desk's answer, or a thrown error naming the method and the typed error. */
export async function deskOk<M extends IpcMethod>(desk: AppService, method: M, input: IpcInput<M>): Promise<IpcOutput<M>> {
  const r = await desk.handle(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}

export interface SigningDeskOptions {
  dataDir: string;
  serverUrl: string;
  /** A one-time enrolment code of the server's court. */
  code: string;
  /** The SoftHSM2 environment of the test's tokens (SOFTHSM2_CONF). */
  hsmEnv: NodeJS.ProcessEnv;
  /** Over the test configuration; timer rounds are off (the story decides when the desk syncs). */
  config?: Partial<WorkstationConfig>;
  log?: Logger;
  now?: () => Date;
}

export async function openEnrolledSigningDesk(o: SigningDeskOptions): Promise<AppService> {
  const service = await createAppService({
    dataDir: o.dataDir,
    config: testConfig(o.dataDir, { syncIntervalSeconds: 3600, pkcs11Module: SOFTHSM_MODULE, ...o.config }),
    log: o.log ?? silentLogger(),
    ...(o.now ? { now: o.now } : {}),
    dailySnapshots: false,
    pdfMaker: createChromiumPdfMaker({ chromiumPath: '/usr/bin/chromium', log: silentLogger() }),
    tokenService: new TokenServiceClient({ ...entryFork('token-service'), env: { ...process.env, ...o.hsmEnv } }),
  });
  await deskOk(service, 'setup.initialize', {
    language: 'ar',
    court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
    chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
    user: { username: 'admin.local', displayName: 'مسؤول محلي', password: 'local-admin-pass-2026' },
  });
  await deskOk(service, 'session.login', { username: 'admin.local', password: 'local-admin-pass-2026' });
  await deskOk(service, 'sync.enrol', { serverUrl: o.serverUrl, code: o.code });
  return service;
}
