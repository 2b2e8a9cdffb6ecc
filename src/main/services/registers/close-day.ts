// Closing a court day on the desk: the day's register (src/domain/daily-register.ts) is built from
// this desk's chain, signed CAdES-detached with the chief clerk's card (the same token service and
// signer as a PAdES signature) and recorded by recordDailyRegister through the one write path.
// What is refused is refused before the card is asked for a signature (wrong role, day already
// closed, day not come), so a PIN is never spent on a register that will not be kept.
import crypto from 'node:crypto';
import { buildDailyRegister, courtLocalNow, dailyRegisterBytes, PERMISSIONS, runCommand, type Actor, type CommandEnv, type Db } from '../../../domain';
import { forbidden, ruleViolation } from '../../../shared/errors';
import { signCadesDetached, type CmsSigner } from '../../../signatures/cades';

export interface ClosedDay {
  registerId: string;
  courtDate: string;
  headSeq: number;
  headHash: string;
  entryCount: number;
  signerSubject: string;
}

/** Signs and records the register of `courtDate` (default: the court's today) as `actor`. */
export async function closeCourtDay(opts: { db: Db; env: CommandEnv; actor: Actor; signer: CmsSigner; courtDate?: string }): Promise<ClosedDay> {
  const { db, env, actor, signer } = opts;
  const courtDate = opts.courtDate ?? courtLocalNow(env.now()).date;
  if (!actor.roles.some((r) => PERMISSIONS[r].includes('recordDailyRegister'))) throw forbidden('recordDailyRegister');
  if (courtDate > courtLocalNow(env.now()).date) throw ruleViolation('dailyRegisterInFuture', { date: courtDate }, ['courtDate']);
  const existing = await db.selectFrom('daily_registers').select('id').where('court_id', '=', env.courtId).where('court_date', '=', courtDate).executeTakeFirst();
  if (existing) throw ruleViolation('dailyRegisterExists', { date: courtDate }, ['courtDate']);

  const register = await buildDailyRegister(db, { courtId: env.courtId, courtDate, deviceId: env.deviceId });
  const content = dailyRegisterBytes(register);
  const cms = await signCadesDetached(crypto.createHash('sha256').update(content).digest(), signer);
  const result = await runCommand(db, env, actor, 'recordDailyRegister', { courtDate, registerJson: content.toString('utf8'), signature: cms.toString('base64') });
  const row = await db.selectFrom('daily_registers').select('signer_subject').where('id', '=', result.registerId).executeTakeFirstOrThrow();
  return { registerId: result.registerId, courtDate, headSeq: register.head.seq, headHash: register.head.hash, entryCount: result.entryCount, signerSubject: row.signer_subject };
}
