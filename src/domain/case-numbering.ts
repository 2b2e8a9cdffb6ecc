// Takes the next case number for a registration, inside the command's transaction (ARCHITECTURE §4):
// the lowest number block with serials left; a standalone workstation grants itself the next
// 1000 serials when none is left; an enrolled one issues a provisional number instead. The unique
// index on case numbers is the last line of defence; this code must never hand out a number twice.
import { AppError } from '../shared/errors';
import { formatCaseNumber } from '../shared/case-number';
import type { AuditChange } from '../shared/schemas/views';
import type { Tx } from './db-schema';
import { creationChange, updateChange } from './rows';
import { runPrepared } from './prepared-queries';
import type { CommandContext } from './types';

export const BOOTSTRAP_BLOCK_SIZE = 1000;

export interface TakenNumber {
  number: string;
  serial: number | null;
  provisional: boolean;
  changes: AuditChange[];
}

export async function takeCaseNumber(trx: Tx, ctx: CommandContext, typeCode: string, year: number): Promise<TakenNumber> {
  const courtId = ctx.env.courtId;
  const changes: AuditChange[] = [];
  let [block] = (
    await runPrepared(
      trx,
      'open-number-block',
      (t, court, type, yr) =>
        t
          .selectFrom('number_blocks')
          .select(['id', 'next_serial', 'last_serial'])
          .where('court_id', '=', court as string)
          .where('type_code', '=', type as string)
          .where('year', '=', yr as number)
          .whereRef('next_serial', '<=', 'last_serial')
          .orderBy('first_serial')
          .limit(1),
      courtId,
      typeCode,
      year,
    )
  ).rows;

  if (!block && ctx.env.numbering === 'standalone') {
    const top = await trx
      .selectFrom('number_blocks')
      .select((eb) => eb.fn.max('last_serial').as('last'))
      .where('court_id', '=', courtId)
      .where('type_code', '=', typeCode)
      .where('year', '=', year)
      .executeTakeFirst();
    const first = Number(top?.last ?? 0) + 1;
    const granted = {
      id: ctx.newId(),
      court_id: courtId,
      type_code: typeCode,
      year,
      first_serial: first,
      last_serial: first + BOOTSTRAP_BLOCK_SIZE - 1,
      next_serial: first,
      source: 'bootstrap',
      granted_at: ctx.wallTime,
    };
    await trx.insertInto('number_blocks').values(granted).execute();
    changes.push(creationChange('number_block', granted.id, granted));
    block = { id: granted.id, next_serial: granted.next_serial, last_serial: granted.last_serial };
  }

  if (block) {
    const serial = block.next_serial;
    const res = await runPrepared(
      trx,
      'take-serial',
      (t, id, taken, next) =>
        t
          .updateTable('number_blocks')
          .set({ next_serial: next as number })
          .where('id', '=', id as string)
          .where('next_serial', '=', taken as number),
      block.id,
      serial,
      serial + 1,
    );
    // Cannot happen under the write lock; if it ever does, refuse rather than reuse a serial.
    if (Number(res.numAffectedRows) !== 1) throw new AppError('CONFLICT', 'errors.conflict');
    changes.push(updateChange('number_block', block.id, { next_serial: serial }, { next_serial: serial + 1 }));
    return { number: formatCaseNumber({ kind: 'final', year, typeCode, serial }), serial, provisional: false, changes };
  }

  const deviceTag = ctx.env.deviceTag;
  const counter = await trx
    .selectFrom('provisional_counters')
    .select('last_sequence')
    .where('device_tag', '=', deviceTag)
    .where('type_code', '=', typeCode)
    .where('year', '=', year)
    .executeTakeFirst();
  const sequence = (counter?.last_sequence ?? 0) + 1;
  const counterId = `${deviceTag}/${typeCode}/${year}`;
  if (counter) {
    await trx
      .updateTable('provisional_counters')
      .set({ last_sequence: sequence })
      .where('device_tag', '=', deviceTag)
      .where('type_code', '=', typeCode)
      .where('year', '=', year)
      .execute();
    changes.push(updateChange('provisional_counter', counterId, { last_sequence: sequence - 1 }, { last_sequence: sequence }));
  } else {
    await trx.insertInto('provisional_counters').values({ device_tag: deviceTag, type_code: typeCode, year, last_sequence: sequence }).execute();
    changes.push(creationChange('provisional_counter', counterId, { device_tag: deviceTag, type_code: typeCode, year, last_sequence: sequence }));
  }
  return {
    number: formatCaseNumber({ kind: 'provisional', year, typeCode, deviceTag, sequence }),
    serial: null,
    provisional: true,
    changes,
  };
}
