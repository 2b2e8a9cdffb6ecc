// createCourt: the server's operator (admin CLI) adds a court, its chambers and its first user
// (admin). Runs with no actor (OPERATOR_COMMANDS). The court's id is the environment's court: the
// court journal records a command in env.courtId's chain, so that id is known before the court is.
// A desk's store (its set-up recorded a court) refuses it: a desk holds one court.
import { AppError, ruleViolation } from '../../shared/errors';
import type { AuditChange } from '../../shared/schemas/views';
import { insertVersioned } from '../rows';
import type { CommandDefinition } from '../types';
import { assertServerStore, assertUsernameFree } from './server-store';

export const createCourt: CommandDefinition<'createCourt'> = {
  name: 'createCourt',
  async execute(trx, ctx, args) {
    await assertServerStore(trx);
    const courtId = ctx.env.courtId;
    const sameId = await trx.selectFrom('courts').select('id').where('id', '=', courtId).executeTakeFirst();
    if (sameId) throw new AppError('ALREADY_SET_UP', 'errors.setup.courtExists', { params: { code: args.court.code } });
    const sameCode = await trx.selectFrom('courts').select('id').where('code', '=', args.court.code).executeTakeFirst();
    if (sameCode) throw ruleViolation('courtCodeTaken', { code: args.court.code }, ['court', 'code']);
    const codes = new Set<string>();
    for (const [i, c] of args.chambers.entries()) {
      if (codes.has(c.code)) throw ruleViolation('chamberCodeTaken', { code: c.code }, ['chambers', i, 'code']);
      codes.add(c.code);
    }
    await assertUsernameFree(trx, args.admin.username, ['admin', 'username']);

    const changes: AuditChange[] = [];
    const court = await insertVersioned(trx, ctx, 'courts', { id: courtId, code: args.court.code, name_ar: args.court.nameAr, name_fr: args.court.nameFr });
    changes.push(court.change);
    for (const c of args.chambers) {
      const chamber = await insertVersioned(trx, ctx, 'chambers', {
        id: ctx.newId('chamber'),
        court_id: courtId,
        code: c.code,
        name_ar: c.nameAr,
        name_fr: c.nameFr,
      });
      changes.push(chamber.change);
    }
    const user = await insertVersioned(trx, ctx, 'users', {
      id: ctx.newId('user'),
      court_id: courtId,
      username: args.admin.username,
      display_name: args.admin.displayName,
      roles: JSON.stringify(['admin']),
      password_hash: args.admin.passwordHash,
      active: 1,
      must_change_password: 0,
      created_at: ctx.wallTime,
    });
    changes.push(user.change);
    return { result: { courtId, userId: user.row.id }, changes, baseVersions: {}, outboxUserId: user.row.id };
  },
  outboxArgs: ({ admin: { passwordHash: _secret, ...admin }, ...rest }) => ({ ...rest, admin }),
};
