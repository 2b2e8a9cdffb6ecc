// joinServerCourt: a standalone desk becomes a device of its court's server (enrolment). What its
// own set-up made — its court, chambers and users, and bootstrap blocks no case used — gives way to
// the server's records, which the first pull brings (same court code, same user names: both could
// not stand side by side). Every removal is in this command's audit entry, so the chain still says
// what the desk held. A desk that registered a case keeps its court: its numbers were its own.
import { AppError } from '../../shared/errors';
import type { AuditChange } from '../../shared/schemas/views';
import { COURT_ID_SETTING } from './initialize-workstation';
import type { CommandDefinition } from '../types';

const DESK_FACTS = { device_id: 'deviceId', device_tag: 'deviceTag', numbering_mode: null, [COURT_ID_SETTING]: 'courtId' } as const;

export const joinServerCourt: CommandDefinition<'joinServerCourt'> = {
  name: 'joinServerCourt',
  async execute(trx, ctx, args) {
    const court = ctx.env.courtId;
    const cases = await trx.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(cases.n) > 0) throw new AppError('CONFLICT', 'errors.enrolment.deskHasRecords', { params: { count: Number(cases.n) } });
    const changes: AuditChange[] = [];
    const removed = (entity: string, row: Record<string, unknown> & { id: string }) => {
      const { password_hash: _hash, ...before } = row;
      changes.push({ entity, id: row.id, before: 'password_hash' in row ? { ...before, password_hash: '[redacted]' } : before, after: null });
    };
    for (const b of await trx.selectFrom('number_blocks').selectAll().where('court_id', '=', court).execute()) removed('number_block', b);
    await trx.deleteFrom('number_blocks').where('court_id', '=', court).execute();
    await trx.deleteFrom('case_counts').where('court_id', '=', court).execute();
    for (const u of await trx.selectFrom('users').selectAll().where('court_id', '=', court).execute()) removed('user', u);
    await trx.deleteFrom('users').where('court_id', '=', court).execute();
    for (const c of await trx.selectFrom('chambers').selectAll().where('court_id', '=', court).execute()) removed('chamber', c);
    await trx.deleteFrom('chambers').where('court_id', '=', court).execute();
    for (const c of await trx.selectFrom('courts').selectAll().where('id', '=', court).execute()) removed('court', c);
    await trx.deleteFrom('courts').where('id', '=', court).execute();

    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, arg] of Object.entries(DESK_FACTS)) {
      const value = arg === null ? 'server' : args[arg];
      const prev = await trx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      before[key] = prev?.value ?? null;
      after[key] = value;
      await trx.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    }
    changes.push({ entity: 'setting', id: 'desk', before, after });
    return { result: { courtId: args.courtId }, changes, baseVersions: {} };
  },
};
