// A desk driven through AppService.handle, the same entry Electron's IPC and the browser shell use,
// on a real database file in a temp folder, with a wall clock the test moves.
import path from 'node:path';
import { createAppService, DB_FILE_NAME, type AppService } from '../../../src/main/services/app-service';
import type { AppErrorData, Result } from '../../../src/shared/errors';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../src/shared/ipc/contract';
import { rowCount, tempDir, testConfig } from './helpers';

export const PASSWORD = 'Rabat-greffe-2026!';
/** Monday 2 March 2026, 10:00 in Rabat. */
export const START = Date.parse('2026-03-02T09:00:00Z');
const COUNTED = ['courts', 'chambers', 'users', 'cases', 'parties', 'case_parties', 'hearings', 'audit', 'outbox', 'settings'];

export class Desk {
  constructor(
    readonly service: AppService,
    readonly dataDir: string,
    private readonly clock: { t: number },
  ) {}
  /** The desk's wall clock; tests move it forward. */
  get t(): number {
    return this.clock.t;
  }
  set t(v: number) {
    this.clock.t = v;
  }
  static async open(dataDir = tempDir(), t = START, extra: { dailySnapshots?: boolean } = {}): Promise<Desk> {
    const clock = { t };
    const service = await createAppService({
      dataDir,
      config: testConfig(dataDir),
      now: () => new Date(clock.t),
      dailySnapshots: extra.dailySnapshots ?? false,
    });
    return new Desk(service, dataDir, clock);
  }
  get dbFile() {
    return path.join(this.dataDir, DB_FILE_NAME);
  }
  call<M extends IpcMethod>(method: M, input: IpcInput<M> | Record<string, unknown>): Promise<Result<IpcOutput<M>>> {
    return this.service.handle(method, input);
  }
  async ok<M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> {
    const r = await this.call(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.value;
  }
  async fails(method: IpcMethod, input: unknown): Promise<AppErrorData> {
    const r = await this.service.handle(method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(r.value)}`);
    return r.error;
  }
  counts(): Record<string, number> {
    return Object.fromEntries(COUNTED.map((t) => [t, rowCount(this.dbFile, t)]));
  }
}

export const SETUP = {
  language: 'ar' as const,
  court: { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' },
  chambers: [
    { code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' },
    { code: 'COM', nameAr: 'الغرفة التجارية', nameFr: 'Chambre commerciale' },
  ],
  user: { username: 'samira.alaoui', displayName: 'سميرة العلوي', password: PASSWORD },
};

export async function setUpDesk(): Promise<{ desk: Desk; chamberId: string; caseTypeId: string }> {
  const desk = await Desk.open();
  await desk.ok('setup.initialize', SETUP);
  const ref = await desk.ok('reference.get', {});
  const caseTypeId = ref.caseTypes.find((t) => t.code === '1201')!.id;
  return { desk, chamberId: ref.chambers[0]!.id, caseTypeId };
}

