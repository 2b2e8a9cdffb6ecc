// A court set up on a fresh desk and a case registered in it, through the real app service (the
// same calls the setup screen and the registration form make): the opening of most e2e files,
// before the test drives the UI.
import type { AppService } from '../../src/main/services/app-service';
import type { IpcInput, IpcOutput } from '../../src/shared/ipc/contract';
import { courtDate } from './harness';

export interface DeskCourt {
  chamberId: string;
  caseTypeId: string;
  /** The first user, made by setup (an admin and, by the roles the setup gives, a clerk). */
  user: NonNullable<IpcOutput<'setup.initialize'>['user']>;
}

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Sets the desk up for `court` with one civil chamber, in Arabic, `user` its first user. */
export async function setUpDeskCourt(service: AppService, court: IpcInput<'setup.initialize'>['court'], user: IpcInput<'setup.initialize'>['user']): Promise<DeskCourt> {
  const setup = ok(
    await service.handle('setup.initialize', {
      language: 'ar',
      court,
      chambers: [{ code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' }],
      user,
    }),
  );
  const ref = ok(await service.handle('reference.get', {}));
  return { chamberId: ref.chambers[0]!.id, caseTypeId: ref.caseTypes.find((t) => t.validTo === null)!.id, user: setup.user! };
}

/** Registers a case filed today in the court's chamber. */
export async function registerDeskCase(
  service: AppService,
  court: DeskCourt,
  subject: string,
  parties: IpcInput<'cases.register'>['parties'],
): Promise<{ caseId: string; number: string }> {
  const reg = ok(await service.handle('cases.register', { chamberId: court.chamberId, caseTypeId: court.caseTypeId, filedOn: courtDate(), subject, parties }));
  return { caseId: reg.caseId, number: reg.number };
}

export const RABAT = { code: 'TPI-RABAT', nameAr: 'المحكمة الابتدائية بالرباط', nameFr: 'Tribunal de première instance de Rabat' };
export const MEKNES = { code: 'TPI-MEKNES', nameAr: 'المحكمة الابتدائية بمكناس', nameFr: 'Tribunal de première instance de Meknès' };
export const FES = { code: 'TPI-FES', nameAr: 'المحكمة الابتدائية بفاس', nameFr: 'Tribunal de première instance de Fès' };
