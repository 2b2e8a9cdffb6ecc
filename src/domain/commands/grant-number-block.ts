// grantNumberBlock: an admin records a block of serials for a case type and year (source
// 'bootstrap' until the server grants blocks). Blocks of one court, type and year never overlap.
import { ruleViolation } from '../../shared/errors';
import { forgetOpenBlockHints } from '../case-numbering';
import { creationChange } from '../rows';
import type { CommandDefinition } from '../types';

export const grantNumberBlock: CommandDefinition<'grantNumberBlock'> = {
  name: 'grantNumberBlock',
  async execute(trx, ctx, args) {
    const type = await trx.selectFrom('case_types').select('id').where('code', '=', args.typeCode).limit(1).executeTakeFirst();
    if (!type) throw ruleViolation('unknownCaseTypeCode', { code: args.typeCode }, ['typeCode']);
    const overlapping = await trx
      .selectFrom('number_blocks')
      .select(['first_serial', 'last_serial'])
      .where('court_id', '=', ctx.env.courtId)
      .where('type_code', '=', args.typeCode)
      .where('year', '=', args.year)
      .where('first_serial', '<=', args.lastSerial)
      .where('last_serial', '>=', args.firstSerial)
      .limit(1)
      .executeTakeFirst();
    if (overlapping) {
      throw ruleViolation(
        'numberBlockOverlap',
        { first: overlapping.first_serial, last: overlapping.last_serial },
        ['firstSerial'],
      );
    }
    const block = {
      id: ctx.newId('number_block'),
      court_id: ctx.env.courtId,
      type_code: args.typeCode,
      year: args.year,
      first_serial: args.firstSerial,
      last_serial: args.lastSerial,
      next_serial: args.firstSerial,
      source: 'bootstrap',
      granted_at: ctx.wallTime,
      device_id: null,
    };
    await trx.insertInto('number_blocks').values(block).execute();
    forgetOpenBlockHints(trx);
    return { result: { blockId: block.id }, changes: [creationChange('number_block', block.id, block)], baseVersions: {} };
  },
};
