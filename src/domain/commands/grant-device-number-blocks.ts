// grantDeviceNumberBlocks (server): a device that will register cases offline asks for serials
// ahead of time. Per type and year it asks for, it gets a new block after every serial given out
// so far in the court, unless it already holds two open ones (a device cannot hoard numbers);
// it is answered with every open block it holds, so asking again is harmless.
import { ruleViolation } from '../../shared/errors';
import type { NumberBlock } from '../../shared/schemas/commands';
import type { AuditChange } from '../../shared/schemas/views';
import { creationChange } from '../rows';
import type { CommandDefinition } from '../types';

export const DEVICE_BLOCK_SIZE = 100;
export const MAX_OPEN_BLOCKS_PER_DEVICE = 2;

export const grantDeviceNumberBlocks: CommandDefinition<'grantDeviceNumberBlocks'> = {
  name: 'grantDeviceNumberBlocks',
  async execute(trx, ctx, args) {
    const courtId = ctx.env.courtId;
    // A block starts after every serial given out in the court: one granting writer at a time.
    await ctx.env.journal?.lockCourt?.(trx, courtId);
    const changes: AuditChange[] = [];
    for (const [i, want] of args.wants.entries()) {
      const type = await trx.selectFrom('case_types').select('id').where('code', '=', want.typeCode).limit(1).executeTakeFirst();
      if (!type) throw ruleViolation('unknownCaseTypeCode', { code: want.typeCode }, ['wants', i, 'typeCode']);
      const open = await trx
        .selectFrom('number_blocks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('court_id', '=', courtId)
        .where('device_id', '=', args.deviceId)
        .where('type_code', '=', want.typeCode)
        .where('year', '=', want.year)
        .whereRef('next_serial', '<=', 'last_serial')
        .executeTakeFirstOrThrow();
      if (Number(open.n) >= MAX_OPEN_BLOCKS_PER_DEVICE) continue;
      const top = await trx
        .selectFrom('number_blocks')
        .select((eb) => eb.fn.max('last_serial').as('last'))
        .where('court_id', '=', courtId)
        .where('type_code', '=', want.typeCode)
        .where('year', '=', want.year)
        .executeTakeFirst();
      const first = Number(top?.last ?? 0) + 1;
      const block = {
        id: ctx.newOwnId(),
        court_id: courtId,
        type_code: want.typeCode,
        year: want.year,
        first_serial: first,
        last_serial: first + DEVICE_BLOCK_SIZE - 1,
        next_serial: first,
        source: 'server',
        granted_at: ctx.wallTime,
        device_id: args.deviceId,
      };
      await trx.insertInto('number_blocks').values(block).execute();
      changes.push(creationChange('number_block', block.id, block));
    }
    const held = await trx
      .selectFrom('number_blocks')
      .select(['id', 'type_code', 'year', 'first_serial', 'last_serial'])
      .where('court_id', '=', courtId)
      .where('device_id', '=', args.deviceId)
      .whereRef('next_serial', '<=', 'last_serial')
      .orderBy('type_code')
      .orderBy('year')
      .orderBy('first_serial')
      .execute();
    const blocks: NumberBlock[] = held.map((b) => ({ id: b.id, typeCode: b.type_code, year: Number(b.year), firstSerial: Number(b.first_serial), lastSerial: Number(b.last_serial) }));
    return { result: { blocks }, changes, baseVersions: {} };
  },
};
