// The serials an enrolled desk registers cases with (ARCHITECTURE §4): it asks the server ahead of
// time for each case type in force whose serials run low this year, and keeps what it is granted
// as blocks of its own (source 'server'). When none is left offline, registration falls back to a
// provisional number that the server replaces on sync.
import type { Db, Tx } from '../../../domain';
import type { NumberBlock } from '../../../shared/schemas/commands';

/** Ask for more when fewer serials than this are left for a type this year. */
export const LOW_WATER_SERIALS = 20;

export async function blocksWanted(db: Db, courtId: string, today: string): Promise<{ typeCode: string; year: number }[]> {
  const year = Number(today.slice(0, 4));
  const types = await db
    .selectFrom('case_types')
    .select('code')
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
    .orderBy('code')
    .execute();
  const left = await db
    .selectFrom('number_blocks')
    .select(['type_code', (eb) => eb.fn.sum<number>(eb(eb('last_serial', '-', eb.ref('next_serial')), '+', 1)).as('left')])
    .where('court_id', '=', courtId)
    .where('year', '=', year)
    .where('device_id', 'is', null)
    .whereRef('next_serial', '<=', 'last_serial')
    .groupBy('type_code')
    .execute();
  const leftOf = new Map(left.map((r) => [r.type_code, Number(r.left)]));
  return [...new Set(types.map((t) => t.code))].filter((code) => (leftOf.get(code) ?? 0) < LOW_WATER_SERIALS).slice(0, 20).map((typeCode) => ({ typeCode, year }));
}

/** Keeps the blocks the server granted (by id: one already kept is left as it is, with its use). */
export async function keepGrantedBlocks(trx: Tx, courtId: string, blocks: readonly NumberBlock[], grantedAt: string): Promise<void> {
  for (const b of blocks) {
    await trx
      .insertInto('number_blocks')
      .values({
        id: b.id,
        court_id: courtId,
        type_code: b.typeCode,
        year: b.year,
        first_serial: b.firstSerial,
        last_serial: b.lastSerial,
        next_serial: b.firstSerial,
        source: 'server',
        granted_at: grantedAt,
        device_id: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}
