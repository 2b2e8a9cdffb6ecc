// createChamber: the server's operator (admin CLI) adds a chamber to a court of the server (a court
// opens a new chamber long after it was created). Runs with no actor (OPERATOR_COMMANDS), in the
// environment's court, whose journal records it; the chamber reaches the court's desks by pull like
// any synced row. A desk's store refuses it: a desk's chambers come from the server.
import { notFound, ruleViolation } from '../../shared/errors';
import { insertVersioned } from '../rows';
import type { CommandDefinition } from '../types';
import { assertServerStore } from './server-store';

export const createChamber: CommandDefinition<'createChamber'> = {
  name: 'createChamber',
  async execute(trx, ctx, args) {
    await assertServerStore(trx);
    const court = await trx.selectFrom('courts').select('id').where('id', '=', ctx.env.courtId).executeTakeFirst();
    if (!court) throw notFound('court', ctx.env.courtId);
    const sameCode = await trx.selectFrom('chambers').select('id').where('court_id', '=', court.id).where('code', '=', args.code).executeTakeFirst();
    if (sameCode) throw ruleViolation('chamberCodeExists', { code: args.code }, ['code']);
    const { row, change } = await insertVersioned(trx, ctx, 'chambers', {
      id: ctx.newId('chamber'),
      court_id: court.id,
      code: args.code,
      name_ar: args.nameAr,
      name_fr: args.nameFr,
    });
    return { result: { chamberId: row.id }, changes: [change], baseVersions: {} };
  },
};
