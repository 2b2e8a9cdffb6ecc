// initializeWorkstation: first run of an empty workstation — its court, the court's chambers and
// the first user (admin and chief clerk). The only command that runs with nobody signed in, and
// only once: a database that already has a court refuses it.
import { AppError, ruleViolation } from '../../shared/errors';
import type { AuditChange } from '../../shared/schemas/views';
import { creationChange, insertVersioned, updateChange } from '../rows';
import type { CommandDefinition } from '../types';

export const COURT_ID_SETTING = 'court_id';

export const initializeWorkstation: CommandDefinition<'initializeWorkstation'> = {
  name: 'initializeWorkstation',
  async execute(trx, ctx, args) {
    const existing = await trx.selectFrom('courts').select('id').limit(1).executeTakeFirst();
    if (existing) throw new AppError('ALREADY_SET_UP', 'errors.setup.alreadyDone');
    const codes = new Set<string>();
    for (const [i, c] of args.chambers.entries()) {
      if (codes.has(c.code)) throw ruleViolation('chamberCodeTaken', { code: c.code }, ['chambers', i, 'code']);
      codes.add(c.code);
    }

    const changes: AuditChange[] = [];
    const court = await insertVersioned(trx, ctx, 'courts', {
      id: ctx.newId('court'),
      code: args.court.code,
      name_ar: args.court.nameAr,
      name_fr: args.court.nameFr,
    });
    changes.push(court.change);
    for (const c of args.chambers) {
      const chamber = await insertVersioned(trx, ctx, 'chambers', {
        id: ctx.newId('chamber'),
        court_id: court.row.id,
        code: c.code,
        name_ar: c.nameAr,
        name_fr: c.nameFr,
      });
      changes.push(chamber.change);
    }
    const user = await insertVersioned(trx, ctx, 'users', {
      id: ctx.newId('user'),
      court_id: court.row.id,
      username: args.user.username,
      display_name: args.user.displayName,
      roles: JSON.stringify(['chief_clerk', 'admin']),
      password_hash: args.user.passwordHash,
      active: 1,
      must_change_password: 0,
      created_at: ctx.wallTime,
    });
    changes.push(user.change);

    const previous = await trx.selectFrom('settings').select('value').where('key', '=', COURT_ID_SETTING).executeTakeFirst();
    await trx
      .insertInto('settings')
      .values({ key: COURT_ID_SETTING, value: court.row.id })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: court.row.id }))
      .execute();
    changes.push(
      previous
        ? updateChange('setting', COURT_ID_SETTING, { value: previous.value }, { value: court.row.id })
        : creationChange('setting', COURT_ID_SETTING, { key: COURT_ID_SETTING, value: court.row.id }),
    );

    return {
      result: { courtId: court.row.id, userId: user.row.id },
      changes,
      baseVersions: {},
      outboxUserId: user.row.id,
    };
  },
  // Nothing that leaves the desk carries a password hash.
  outboxArgs: ({ user: { passwordHash: _secret, ...user }, ...rest }) => ({ ...rest, user }),
};
