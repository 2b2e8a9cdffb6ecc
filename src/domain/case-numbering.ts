// Takes the next case number for a registration, inside the command's transaction (ARCHITECTURE §4):
// from the block this store used last while it has serials left, else from the lowest number block
// with serials left; a standalone workstation grants itself the next 1000 serials when none is
// left; an enrolled one issues a provisional number instead. The unique index on case numbers is
// the last line of defence; this code must never hand out a number twice.
import { AppError } from '../shared/errors';
import { formatCaseNumber, parseCaseNumber, type CaseNumber } from '../shared/case-number';
import type { AuditChange } from '../shared/schemas/views';
import type { Tx } from './db-schema';
import { creationChange, updateChange } from './rows';
import { runPrepared } from './prepared-queries';
import { storeMemo } from './store-memo';
import { txMemo } from './tx-reads';
import { writeBehind } from './write-behind';
import type { CommandContext, NumberAuthority, TakenNumber } from './types';

export const BOOTSTRAP_BLOCK_SIZE = 1000;
/**
 * The server's own pool serves only provisional numbers it replaces and cases registered on the
 * server itself: small blocks, so few serials are held back from the devices' blocks.
 */
export const SERVER_POOL_BLOCK_SIZE = 100;

export type { TakenNumber };

// The block each (court, type, year) last gave a serial, per store: the next registration tries it
// first, with the one statement that takes a serial only if the block still has one left. A hint,
// never trusted: when it fails (block used up, its transaction rolled back) the lowest open block
// is looked up. Forgotten when a block is granted here, so a newly granted lower block is not
// passed over; a block granted by another process on the same file is used once the hinted one
// is used up.
const OPEN_BLOCK_HINTS = 'open-number-block';

export function forgetOpenBlockHints(trx: Tx): void {
  storeMemo<string>(trx, OPEN_BLOCK_HINTS).clear();
}

/** Takes the next serial of a block, if it has one left: the serial, or null. */
async function takeSerialFrom(trx: Tx, blockId: string): Promise<number | null> {
  const [row] = (
    await runPrepared(
      trx,
      'take-serial',
      (t, id) =>
        t
          .updateTable('number_blocks')
          .set((eb) => ({ next_serial: eb('next_serial', '+', 1) }))
          .where('id', '=', id as string)
          .whereRef('next_serial', '<=', 'last_serial')
          .returning('next_serial'),
      blockId,
    )
  ).rows;
  return row ? row.next_serial - 1 : null;
}

/** Sets a block's next serial: at once, or with the transaction's other writes kept behind. */
async function moveBlock(trx: Tx, blockId: string, nextSerial: number): Promise<void> {
  const write = () => runPrepared(trx, 'move-number-block', (t, next, id) => t.updateTable('number_blocks').set({ next_serial: next as number }).where('id', '=', id as string), nextSerial, blockId);
  if (!writeBehind(trx, `number-block\u0000${blockId}`, write)) await write();
}

interface DeviceBlock {
  id: string;
  first_serial: number;
  last_serial: number;
  next_serial: number;
}

/**
 * The block granted to `deviceId` that holds `serial`. Kept for the rest of the transaction (a push
 * of registrations takes its serials one after the other from the same block): a court's blocks
 * change only under the court's lock, which the transaction holds, and the caller keeps
 * `next_serial` current as it moves it.
 */
async function deviceBlockOf(trx: Tx, courtId: string, typeCode: string, year: number, deviceId: string, serial: number): Promise<DeviceBlock | undefined> {
  const memo = txMemo<DeviceBlock[]>(trx, 'device-blocks');
  const key = `${courtId}\u0000${typeCode}\u0000${year}\u0000${deviceId}`;
  const known = memo.get(key)?.find((b) => b.first_serial <= serial && serial <= b.last_serial);
  if (known) return known;
  const [block] = (
    await runPrepared(
      trx,
      'device-block-of',
      (t, court, type, yr, device, from, to) =>
        t
          .selectFrom('number_blocks')
          .select(['id', 'first_serial', 'last_serial', 'next_serial'])
          .where('court_id', '=', court as string)
          .where('type_code', '=', type as string)
          .where('year', '=', yr as number)
          .where('device_id', '=', device as string)
          .where('first_serial', '<=', from as number)
          .where('last_serial', '>=', to as number),
      courtId,
      typeCode,
      year,
      deviceId,
      serial,
      serial,
    )
  ).rows;
  if (!block) return undefined;
  const kept = { id: block.id, first_serial: Number(block.first_serial), last_serial: Number(block.last_serial), next_serial: Number(block.next_serial) };
  memo.set(key, [...(memo.get(key) ?? []), kept]);
  return kept;
}

/**
 * Takes the next serial of a block no other transaction writes meanwhile (behind the court's lock):
 * read once per transaction, then counted here, its row moved with the transaction's writes.
 */
async function takeSerialUnderLock(trx: Tx, blockId: string): Promise<number | null> {
  const memo = txMemo<{ next: number; last: number }>(trx, 'own-blocks');
  let block = memo.get(blockId);
  if (!block) {
    const [row] = (
      await runPrepared(trx, 'own-block-serials', (t, id) => t.selectFrom('number_blocks').select(['next_serial', 'last_serial']).where('id', '=', id as string), blockId)
    ).rows;
    if (!row) return null;
    memo.set(blockId, (block = { next: Number(row.next_serial), last: Number(row.last_serial) }));
  }
  if (block.next > block.last) return null;
  const serial = block.next;
  block.next = serial + 1;
  await moveBlock(trx, blockId, block.next);
  return serial;
}

/**
 * The case number of a registration, from the store's number authority (`CommandEnv.numbers`); by
 * default the desk's blocks, or for a re-run mutation the number its device took. Recorded in
 * what the command drew, so the mutation carries it.
 */
export async function takeCaseNumber(trx: Tx, ctx: CommandContext, typeCode: string, year: number): Promise<TakenNumber> {
  const authority = ctx.env.numbers ?? (ctx.origin ? replayedNumberAuthority : deskNumberAuthority);
  const taken = await authority.takeCaseNumber(trx, ctx, typeCode, year);
  ctx.generated.numbers.push(taken.number);
  return taken;
}

/** The next number a re-run mutation took on its device: of the case's type and year, well formed. */
function recordedNumber(ctx: CommandContext, typeCode: string, year: number): { text: string; parsed: CaseNumber } {
  const text = ctx.origin?.generated.numbers[ctx.generated.numbers.length];
  const parsed = text === undefined ? null : parseCaseNumber(text);
  if (text === undefined || !parsed || parsed.typeCode !== typeCode || parsed.year !== year || formatCaseNumber(parsed) !== text) {
    throw new AppError('MUTATION_MISMATCH', 'errors.sync.mutationMismatch', { params: { kind: 'case_number' } });
  }
  return { text, parsed };
}

/**
 * A re-run mutation keeps the number its device gave the case (the number on the receipt never
 * changes unless it was provisional), without checking where it came from: for a copy of a desk
 * (tests, a restore). The server uses `serverNumberAuthority`.
 */
export const replayedNumberAuthority: NumberAuthority = {
  async takeCaseNumber(_trx, ctx, typeCode, year) {
    const { text, parsed } = recordedNumber(ctx, typeCode, year);
    return { number: text, serial: parsed.kind === 'final' ? parsed.serial : null, provisional: parsed.kind === 'provisional', changes: [] };
  },
};

/**
 * The server's numbers. A re-run mutation's final number must lie in a block the server granted to
 * that device (else it is refused: a desk cannot make up numbers), and the block's use moves on past
 * it, so unused serials can be reported. A provisional number is replaced by the next serial of the
 * server's own pool and kept beside it. A case registered on the server itself takes from the pool.
 */
export const serverNumberAuthority: NumberAuthority = {
  async takeCaseNumber(trx, ctx, typeCode, year) {
    if (!ctx.origin) return takeFromOwnBlocks(trx, ctx, typeCode, year, 'server');
    const { text, parsed } = recordedNumber(ctx, typeCode, year);
    if (parsed.kind === 'provisional') {
      return { ...(await takeFromOwnBlocks(trx, ctx, typeCode, year, 'server')), replacedProvisional: text };
    }
    const block = await deviceBlockOf(trx, ctx.env.courtId, typeCode, year, ctx.origin.deviceId, parsed.serial);
    if (!block) throw new AppError('MUTATION_MISMATCH', 'errors.sync.numberNotGranted', { params: { number: text } });
    const changes: AuditChange[] = [];
    if (block.next_serial <= parsed.serial) {
      await moveBlock(trx, block.id, parsed.serial + 1);
      changes.push(updateChange('number_block', block.id, { next_serial: block.next_serial }, { next_serial: parsed.serial + 1 }));
      block.next_serial = parsed.serial + 1;
    }
    return { number: text, serial: parsed.serial, provisional: false, changes };
  },
};

/** The desk's own blocks (see the file's header). */
export const deskNumberAuthority: NumberAuthority = {
  takeCaseNumber: (trx, ctx, typeCode, year) => takeFromOwnBlocks(trx, ctx, typeCode, year, ctx.env.numbering === 'standalone' ? 'bootstrap' : null),
};

/**
 * A serial from the store's own blocks (not those granted to devices); none left: a new block of
 * `grantSource` after every serial given out so far, or (null) a provisional number.
 */
async function takeFromOwnBlocks(trx: Tx, ctx: CommandContext, typeCode: string, year: number, grantSource: 'bootstrap' | 'server' | null): Promise<TakenNumber> {
  const courtId = ctx.env.courtId;
  // With several writers (the server), the court's lock comes before the pool's block row, in the
  // order every writer takes them, so two transactions never wait on each other in a circle.
  if (grantSource === 'server') await ctx.env.journal?.lockCourt?.(trx, courtId);
  const hints = storeMemo<string>(trx, OPEN_BLOCK_HINTS);
  const hintKey = `${courtId}\u0000${typeCode}\u0000${year}`;
  const final = (blockId: string, serial: number, changes: AuditChange[]): TakenNumber => {
    hints.set(hintKey, blockId);
    changes.push(updateChange('number_block', blockId, { next_serial: serial }, { next_serial: serial + 1 }));
    return { number: formatCaseNumber({ kind: 'final', year, typeCode, serial }), serial, provisional: false, changes };
  };

  // Behind the court's lock, the store's blocks of this court are this transaction's alone.
  const locked = grantSource === 'server' && ctx.env.journal?.lockCourt !== undefined;
  const take = (blockId: string) => (locked ? takeSerialUnderLock(trx, blockId) : takeSerialFrom(trx, blockId));
  const hinted = hints.get(hintKey);
  if (hinted !== undefined) {
    const serial = await take(hinted);
    if (serial !== null) return final(hinted, serial, []);
    hints.delete(hintKey);
  }

  const changes: AuditChange[] = [];
  let [block] = (
    await runPrepared(
      trx,
      'open-number-block',
      (t, court, type, yr) =>
        t
          .selectFrom('number_blocks')
          .select('id')
          .where('court_id', '=', court as string)
          .where('type_code', '=', type as string)
          .where('year', '=', yr as number)
          .where('device_id', 'is', null)
          .whereRef('next_serial', '<=', 'last_serial')
          .orderBy('first_serial')
          .limit(1),
      courtId,
      typeCode,
      year,
    )
  ).rows;

  if (!block && grantSource !== null) {
    // The next range starts after every serial given out in the court: no other writer may grant
    // at the same time (a server with several connections or instances; taken above there).
    if (grantSource !== 'server') await ctx.env.journal?.lockCourt?.(trx, courtId);
    const top = await trx
      .selectFrom('number_blocks')
      .select((eb) => eb.fn.max('last_serial').as('last'))
      .where('court_id', '=', courtId)
      .where('type_code', '=', typeCode)
      .where('year', '=', year)
      .executeTakeFirst();
    const first = Number(top?.last ?? 0) + 1;
    const granted = {
      // The store's own record, not the mutation's: a re-run on the server draws a fresh id.
      id: ctx.newOwnId(),
      court_id: courtId,
      type_code: typeCode,
      year,
      first_serial: first,
      last_serial: first + (grantSource === 'server' ? SERVER_POOL_BLOCK_SIZE : BOOTSTRAP_BLOCK_SIZE) - 1,
      next_serial: first,
      source: grantSource,
      granted_at: ctx.wallTime,
      device_id: null,
    };
    await trx.insertInto('number_blocks').values(granted).execute();
    changes.push(creationChange('number_block', granted.id, granted));
    block = { id: granted.id };
  }

  if (block) {
    const serial = await take(block.id);
    // Cannot happen under the write lock; if it ever does, refuse rather than reuse a serial.
    if (serial === null) throw new AppError('CONFLICT', 'errors.conflict');
    return final(block.id, serial, changes);
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
