// recordDailyRegister: the chief clerk's signed register of a court day is kept (daily-register.ts
// says what it is and why). The command trusts nothing it is given: the JSON must be a canonical
// register of this court and of the day named, signed (CAdES detached) by a certificate whose
// signature verifies, and — on the desk whose chain it anchors — its head must be that chain's
// entry. One register per court and day; a second is refused. Re-run on the server as pushed.
import { ruleViolation } from '../../shared/errors';
import { readDailyRegister, verifyDetachedSignature } from '../daily-register';
import { insertVersioned } from '../rows';
import type { CommandDefinition } from '../types';

export const recordDailyRegister: CommandDefinition<'recordDailyRegister'> = {
  name: 'recordDailyRegister',
  async execute(trx, ctx, args) {
    const mismatch = (reason: string) => ruleViolation('dailyRegisterMismatch', { reason }, ['registerJson']);
    if (args.courtDate > ctx.today) throw ruleViolation('dailyRegisterInFuture', { date: args.courtDate }, ['courtDate']);
    const reading = readDailyRegister(args.registerJson);
    if (!reading.ok) throw mismatch(reading.reason);
    const reg = reading.register;
    if (reg.courtId !== ctx.env.courtId) throw mismatch('another court');
    if (reg.courtDate !== args.courtDate) throw mismatch(`the register is of ${reg.courtDate}`);
    const existing = await trx.selectFrom('daily_registers').select('id').where('court_id', '=', ctx.env.courtId).where('court_date', '=', args.courtDate).executeTakeFirst();
    if (existing) throw ruleViolation('dailyRegisterExists', { date: args.courtDate }, ['courtDate']);
    const signature = verifyDetachedSignature(Buffer.from(args.registerJson, 'utf8'), args.signature);
    if (!signature.ok) throw ruleViolation('dailyRegisterSignatureInvalid', { reason: signature.reason }, ['signature']);
    // On the desk whose chain it anchors, the head it signs must be that chain's entry.
    if (reg.deviceId === ctx.env.deviceId && reg.head.seq > 0) {
      const entry = await trx.selectFrom('audit').select('hash').where('seq', '=', reg.head.seq).executeTakeFirst();
      if (entry?.hash !== reg.head.hash) throw mismatch(`entry #${reg.head.seq} of this workstation's chain is not the one signed`);
    }
    const { row, change } = await insertVersioned(trx, ctx, 'daily_registers', {
      id: ctx.newId('daily_register'),
      court_id: ctx.env.courtId,
      court_date: args.courtDate,
      device_id: reg.deviceId,
      head_seq: reg.head.seq,
      head_hash: reg.head.hash,
      entry_count: reg.entries.length,
      register_json: args.registerJson,
      signature: args.signature,
      signer_subject: signature.signerSubject,
      signed_by: ctx.actor!.userId,
      signed_at: ctx.wallTime,
    });
    return {
      result: { registerId: row.id, headSeq: reg.head.seq, entryCount: reg.entries.length },
      changes: [change],
      baseVersions: {},
      caseIds: [],
    };
  },
};
