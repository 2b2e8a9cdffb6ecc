// Every command refuses bad input with a typed error and writes nothing: missing, wrong-typed,
// oversized, unknown-enum and unknown fields; a stale base version; an unknown id; a person whose
// role does not allow the command. "Nothing" is checked on every table, row by row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type Actor } from '../../../src/domain';
import { newId } from '../../../src/shared/ids';
import type { CommandName } from '../../../src/shared/schemas/commands';
import { TEST_PASSWORD_HASH, caseVersion, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, sampleCaseArgs, type TestCourt } from '../../helpers/db';

let court: TestCourt;
let caseId: string;
let casePartyId: string;
let hearingId: string;

beforeAll(async () => {
  court = await openTestCourt();
  caseId = (await registerSampleCase(court)).caseId;
  const links = await court.db.selectFrom('case_parties').select('id').where('case_id', '=', caseId).orderBy('id').execute();
  casePartyId = links[1]!.id;
  // A hearing at 11:00 today; the clock then moves to 13:00 so its outcome can be recorded.
  hearingId = (await runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId, baseVersion: 1, date: '2026-01-05', time: '11:00' })).hearingId;
  court.setNow('2026-01-05T12:00:00Z');
});
afterAll(async () => {
  await court.close();
});

type Args = Record<string, unknown>;
interface Expected {
  code: string;
  i18nKey?: string;
  path?: (string | number)[];
}
interface CommandCase {
  name: CommandName;
  actor: () => Actor;
  wrongActors: () => Actor[];
  args: () => Promise<Args>;
  bad: [label: string, mutate: (a: Args) => Args, expected: Expected][];
}

const huge = 'ق'.repeat(5000);
const set = (path: (string | number)[], value: unknown) => (a: Args): Args => {
  const copy = structuredClone(a);
  let node: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
};
const required = (path: (string | number)[]): [string, (a: Args) => Args, Expected] => [
  `missing ${path.join('.')}`,
  set(path, undefined),
  { code: 'VALIDATION_FAILED', i18nKey: 'errors.validationFailed', path },
];
const wrongType = (path: (string | number)[], value: unknown): [string, (a: Args) => Args, Expected] => [
  `${path.join('.')} of the wrong type`,
  set(path, value),
  { code: 'VALIDATION_FAILED', path },
];
const oversized = (path: (string | number)[]): [string, (a: Args) => Args, Expected] => [
  `${path.join('.')} far too long`,
  set(path, huge),
  { code: 'VALIDATION_FAILED', path },
];
const unknownEnum = (path: (string | number)[]): [string, (a: Args) => Args, Expected] => [
  `${path.join('.')} not in the vocabulary`,
  set(path, 'lost_in_the_archives'),
  { code: 'VALIDATION_FAILED', path },
];
const unknownField: [string, (a: Args) => Args, Expected] = ['an unknown field', (a) => ({ ...a, priority: 'urgent' }), { code: 'VALIDATION_FAILED' }];
const stale = (field = 'baseVersion'): [string, (a: Args) => Args, Expected] => [
  'a stale base version',
  (a) => ({ ...a, [field]: (a[field] as number) + 7 }),
  { code: 'STALE_VERSION', i18nKey: 'errors.staleVersion' },
];
const unknownId = (path: (string | number)[]): [string, (a: Args) => Args, Expected] => [
  `an unknown ${path.join('.')}`,
  set(path, newId()),
  { code: 'NOT_FOUND', i18nKey: 'errors.notFound' },
];

const COMMANDS: CommandCase[] = [
  {
    name: 'registerCase',
    actor: () => court.clerk,
    wrongActors: () => [court.judge, court.pureAdmin],
    args: async () => sampleCaseArgs(court) as Args,
    bad: [
      required(['subject']),
      required(['parties']),
      wrongType(['filedOn'], 20260105),
      wrongType(['parties'], 'محمد بناني'),
      ['a date that does not exist', set(['filedOn'], '2026-02-30'), { code: 'VALIDATION_FAILED', path: ['filedOn'] }],
      ['no party at all', set(['parties'], []), { code: 'VALIDATION_FAILED', path: ['parties'] }],
      oversized(['subject']),
      oversized(['parties', 0, 'party', 'newParty', 'nameAr']),
      unknownEnum(['parties', 0, 'role']),
      // A party is "existing or new": the bad kind is reported at its own field.
      ['a party kind not in the vocabulary', set(['parties', 0, 'party', 'newParty', 'kind'], 'robot'), { code: 'VALIDATION_FAILED', path: ['parties', 0, 'party', 'newParty', 'kind'] }],
      unknownField,
      ['an unknown field inside a party', set(['parties', 0, 'party', 'newParty', 'religion'], 'x'), { code: 'VALIDATION_FAILED' }],
      unknownId(['chamberId']),
      unknownId(['caseTypeId']),
      ['an unknown existing party', set(['parties', 0, 'party'], { existingPartyId: newId() }), { code: 'NOT_FOUND' }],
      ['an id that is not an id', set(['chamberId'], "x' OR 1=1 --"), { code: 'VALIDATION_FAILED', path: ['chamberId'] }],
      ['a right-to-left override in a name', set(['parties', 0, 'party', 'newParty', 'nameLatin'], 'Moh\u202Eammed'), { code: 'VALIDATION_FAILED', path: ['parties', 0, 'party', 'newParty', 'nameLatin'] }],
      ['a control character in the subject', set(['subject'], 'دين\u0007'), { code: 'VALIDATION_FAILED', path: ['subject'] }],
      ['an emoji in a name', set(['parties', 0, 'party', 'newParty', 'nameAr'], 'محمد 😀'), { code: 'VALIDATION_FAILED', path: ['parties', 0, 'party', 'newParty', 'nameAr'] }],
      ['a bar number of -5', set(['parties', 0, 'lawyerBarNumber'], '-5'), { code: 'VALIDATION_FAILED', path: ['parties', 0, 'lawyerBarNumber'] }],
      ['a telephone of letters', set(['parties', 0, 'party', 'newParty', 'phone'], 'appelez-moi'), { code: 'VALIDATION_FAILED', path: ['parties', 0, 'party', 'newParty', 'phone'] }],
      oversized(['parties', 0, 'party', 'newParty', 'address']),
    ],
  },
  {
    name: 'updateCaseParticulars',
    actor: () => court.clerk,
    wrongActors: () => [court.judge, court.pureAdmin],
    args: async () => ({ caseId, baseVersion: await caseVersion(court, caseId), changes: { subject: 'موضوع جديد' } }),
    bad: [
      required(['caseId']),
      required(['baseVersion']),
      wrongType(['baseVersion'], '2'),
      ['no change at all', set(['changes'], {}), { code: 'VALIDATION_FAILED', path: ['changes'] }],
      oversized(['changes', 'subject']),
      ['an unknown field among the changes', set(['changes', 'status'], 'closed'), { code: 'VALIDATION_FAILED' }],
      unknownField,
      stale(),
      unknownId(['caseId']),
      unknownId(['changes', 'chamberId']),
    ],
  },
  {
    name: 'addParty',
    actor: () => court.clerk,
    wrongActors: () => [court.judge, court.pureAdmin],
    args: async () => ({
      caseId,
      baseVersion: await caseVersion(court, caseId),
      entry: { party: { newParty: { kind: 'person', nameAr: 'ليلى العلوي' } }, role: 'intervener' },
    }),
    bad: [
      required(['entry']),
      required(['entry', 'role']),
      wrongType(['entry', 'party'], 'ليلى'),
      oversized(['entry', 'lawyerName']),
      unknownEnum(['entry', 'role']),
      unknownField,
      stale(),
      unknownId(['caseId']),
    ],
  },
  {
    name: 'removeParty',
    actor: () => court.clerk,
    wrongActors: () => [court.judge, court.pureAdmin],
    args: async () => ({ caseId, baseVersion: await caseVersion(court, caseId), casePartyId, reason: 'withdrew' }),
    bad: [
      required(['reason']),
      wrongType(['casePartyId'], 42),
      unknownEnum(['reason']),
      unknownField,
      stale(),
      unknownId(['caseId']),
      unknownId(['casePartyId']),
    ],
  },
  {
    name: 'scheduleHearing',
    actor: () => court.clerk,
    wrongActors: () => [court.judge, court.pureAdmin],
    args: async () => ({ caseId, baseVersion: await caseVersion(court, caseId), date: '2026-01-07', time: '10:00' }),
    bad: [
      required(['date']),
      required(['time']),
      wrongType(['date'], { day: 7 }),
      ['a time of day that does not exist', set(['time'], '25:00'), { code: 'VALIDATION_FAILED', path: ['time'] }],
      oversized(['room']),
      unknownField,
      stale(),
      unknownId(['caseId']),
      unknownId(['chamberId']),
    ],
  },
  {
    name: 'adjournHearing',
    actor: () => court.clerk,
    wrongActors: () => [court.pureAdmin],
    args: async () => ({ hearingId, baseVersion: 1, reason: 'party_absent', newDate: '2026-01-20', newTime: '10:00' }),
    bad: [
      required(['reason']),
      required(['newDate']),
      wrongType(['newTime'], 1000),
      oversized(['note']),
      unknownEnum(['reason']),
      unknownField,
      stale(),
      unknownId(['hearingId']),
    ],
  },
  {
    name: 'recordHearingOutcome',
    actor: () => court.judge,
    wrongActors: () => [court.pureAdmin],
    args: async () => ({ hearingId, baseVersion: 1, outcome: 'debates_held' }),
    bad: [required(['outcome']), wrongType(['baseVersion'], 1.5), oversized(['note']), unknownEnum(['outcome']), unknownField, stale(), unknownId(['hearingId'])],
  },
  {
    name: 'closeCase',
    actor: () => court.judge,
    wrongActors: () => [court.clerk, court.pureAdmin],
    args: async () => ({ caseId, baseVersion: await caseVersion(court, caseId), reason: 'withdrawn' }),
    bad: [required(['reason']), wrongType(['caseId'], null), oversized(['note']), unknownEnum(['reason']), unknownField, stale(), unknownId(['caseId'])],
  },
  {
    name: 'createUser',
    actor: () => court.pureAdmin,
    wrongActors: () => [court.clerk, court.judge, court.chiefClerk],
    args: async () => ({ username: 'nadia.greffe', displayName: 'نادية', roles: ['clerk'], passwordHash: TEST_PASSWORD_HASH }),
    bad: [
      required(['passwordHash']),
      ['a plain password instead of a hash', set(['passwordHash'], 'correct horse battery staple'), { code: 'VALIDATION_FAILED', path: ['passwordHash'] }],
      ['a password field', (a) => ({ ...a, password: 'secret-secret' }), { code: 'VALIDATION_FAILED' }],
      wrongType(['roles'], 'clerk'),
      ['no role', set(['roles'], []), { code: 'VALIDATION_FAILED', path: ['roles'] }],
      oversized(['displayName']),
      ['a username with spaces', set(['username'], 'nadia greffe'), { code: 'VALIDATION_FAILED', path: ['username'] }],
      unknownEnum(['roles', 0]),
      unknownField,
      ['a username already taken', set(['username'], 'karim.greffier'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.usernameTaken' }],
    ],
  },
  {
    name: 'recordJudgment',
    actor: () => court.clerk,
    wrongActors: () => [court.pureAdmin],
    args: async () => ({ caseId, baseVersion: await caseVersion(court, caseId), pronouncedOn: '2026-01-05', operativePart: 'حكمت المحكمة برفض الطلب.' }),
    bad: [
      required(['operativePart']),
      required(['pronouncedOn']),
      ['a day/month/year date where the contract wants YYYY-MM-DD', set(['pronouncedOn'], '05/01/2026'), { code: 'VALIDATION_FAILED', path: ['pronouncedOn'] }],
      ['an empty operative part', set(['operativePart'], '  \n '), { code: 'VALIDATION_FAILED', path: ['operativePart'] }],
      ['an unknown confirmation', set(['confirmed'], ['everything']), { code: 'VALIDATION_FAILED', path: ['confirmed', 0] }],
      unknownField,
      stale(),
      unknownId(['caseId']),
      unknownId(['hearingId']),
    ],
  },
  {
    name: 'setUserRoles',
    actor: () => court.pureAdmin,
    wrongActors: () => [court.clerk, court.judge, court.chiefClerk],
    args: async () => ({ userId: court.judge.userId, baseVersion: 1, roles: ['judge', 'chief_clerk'] }),
    bad: [
      ['no role', set(['roles'], []), { code: 'VALIDATION_FAILED', path: ['roles'] }],
      ['a role twice', set(['roles'], ['judge', 'judge']), { code: 'VALIDATION_FAILED', path: ['roles'] }],
      unknownEnum(['roles', 0]),
      unknownField,
      stale(),
      unknownId(['userId']),
    ],
  },
  {
    name: 'setUserActive',
    actor: () => court.pureAdmin,
    wrongActors: () => [court.clerk, court.judge, court.chiefClerk],
    args: async () => ({ userId: court.judge.userId, baseVersion: 1, active: false }),
    bad: [wrongType(['active'], 'no'), required(['active']), unknownField, stale(), unknownId(['userId'])],
  },
  {
    name: 'resetUserPassword',
    actor: () => court.pureAdmin,
    wrongActors: () => [court.clerk, court.judge, court.chiefClerk],
    args: async () => ({ userId: court.judge.userId, baseVersion: 1, passwordHash: TEST_PASSWORD_HASH }),
    bad: [
      ['a plain password instead of a hash', set(['passwordHash'], 'correct horse battery staple'), { code: 'VALIDATION_FAILED', path: ['passwordHash'] }],
      required(['passwordHash']),
      unknownField,
      stale(),
      unknownId(['userId']),
    ],
  },
  {
    name: 'grantNumberBlock',
    actor: () => court.pureAdmin,
    wrongActors: () => [court.clerk, court.judge, court.chiefClerk],
    args: async () => ({ typeCode: '1301', year: 2027, firstSerial: 1, lastSerial: 500 }),
    bad: [
      required(['year']),
      wrongType(['firstSerial'], '1'),
      ['a reversed range', set(['lastSerial'], 0), { code: 'VALIDATION_FAILED' }],
      ['a type code that is not 4 digits', set(['typeCode'], '13'), { code: 'VALIDATION_FAILED', path: ['typeCode'] }],
      ['a case type that does not exist', set(['typeCode'], '9999'), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.unknownCaseTypeCode' }],
      ['a block overlapping the bootstrap block', (a) => ({ ...a, typeCode: '1101', year: 2026, firstSerial: 900, lastSerial: 1100 }), { code: 'RULE_VIOLATION', i18nKey: 'errors.rule.numberBlockOverlap' }],
      unknownField,
    ],
  },
  {
    name: 'initializeWorkstation',
    actor: () => court.pureAdmin,
    wrongActors: () => [court.clerk, court.judge, court.chiefClerk],
    args: async () => ({
      court: { code: 'TPI-SALE', nameAr: 'المحكمة الابتدائية بسلا', nameFr: 'TPI de Salé' },
      chambers: [{ code: 'CIV', nameAr: 'الغرفة المدنية', nameFr: 'Chambre civile' }],
      user: { username: 'second.admin', displayName: 'مدير ثان', passwordHash: TEST_PASSWORD_HASH },
    }),
    bad: [
      ['a workstation already set up', (a) => a, { code: 'ALREADY_SET_UP', i18nKey: 'errors.setup.alreadyDone' }],
      required(['chambers']),
      ['no chamber', set(['chambers'], []), { code: 'VALIDATION_FAILED', path: ['chambers'] }],
      wrongType(['court', 'code'], 7),
      oversized(['court', 'nameAr']),
      unknownField,
    ],
  },
];

describe('one limit per field', () => {
  it('a name of 5,000, 800 or 201 letters is refused with the same limit, 200, each time', async () => {
    for (const length of [5000, 800, 201]) {
      const err = await expectRefusedWithoutWrites(
        court,
        () => runCommand(court.db, court.env, court.clerk, 'registerCase', set(['parties', 0, 'party', 'newParty', 'nameAr'], 'م'.repeat(length))(sampleCaseArgs(court) as Args)),
        { code: 'VALIDATION_FAILED' },
      );
      expect(err.fields).toEqual([{ path: ['parties', 0, 'party', 'newParty', 'nameAr'], i18nKey: 'errors.field.tooLong', params: { max: 200 } }]);
    }
  });
});

describe.each(COMMANDS.map((c) => [c.name, c] as const))('%s refuses bad input and writes nothing', (_name, c) => {
  it.each(c.bad.map(([label, mutate, expected]) => [label, mutate, expected] as const))('%s', async (_label, mutate, expected) => {
    const args = mutate(await c.args());
    const err = await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, c.actor(), c.name, args), {
      code: expected.code,
      ...(expected.i18nKey ? { i18nKey: expected.i18nKey } : {}),
    });
    if (expected.code === 'VALIDATION_FAILED') expect(err.fields?.length).toBeGreaterThan(0);
    if (expected.path) expect(err.fields?.map((f) => f.path)).toContainEqual(expected.path);
  });

  it('refuses a person whose roles do not allow it', async () => {
    const args = await c.args();
    for (const actor of c.wrongActors()) {
      await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, actor, c.name, args), { code: 'FORBIDDEN', i18nKey: 'errors.forbidden' });
    }
  });

  it('refuses input that is not an object at all', async () => {
    for (const input of [null, undefined, 'registerCase', 42, [], [await c.args()]]) {
      await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, c.actor(), c.name, input), { code: 'VALIDATION_FAILED' });
    }
  });
});

describe('the runner itself', () => {
  it('nobody signed in can run nothing but the first set-up', async () => {
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, null, 'registerCase', sampleCaseArgs(court)), {
      code: 'NOT_AUTHENTICATED',
      i18nKey: 'errors.auth.notAuthenticated',
    });
  });

  it('an unknown command name is refused', async () => {
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, 'deleteCase' as CommandName, { caseId }), {
      code: 'VALIDATION_FAILED',
      i18nKey: 'errors.unknownCommand',
    });
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, court.clerk, '__proto__' as CommandName, {}), { code: 'VALIDATION_FAILED' });
  });

  it('a role claimed by the session but not held in the user table is not honoured', async () => {
    const pretender: Actor = { userId: court.clerk.userId, roles: ['clerk', 'judge'] };
    await expectRefusedWithoutWrites(
      court,
      async () => runCommand(court.db, court.env, pretender, 'closeCase', { caseId, baseVersion: await caseVersion(court, caseId), reason: 'withdrawn' }),
      { code: 'FORBIDDEN' },
    );
  });

  it('an actor who is not a user of this court is refused', async () => {
    const stranger: Actor = { userId: newId(), roles: ['clerk'] };
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, stranger, 'registerCase', sampleCaseArgs(court)), { code: 'FORBIDDEN' });
  });

  it('a deactivated user is refused', async () => {
    const { userId } = await runCommand(court.db, court.env, court.pureAdmin, 'createUser', {
      username: 'departed.clerk',
      displayName: 'كاتب سابق',
      roles: ['clerk'],
      passwordHash: TEST_PASSWORD_HASH,
    });
    await court.store.run('UPDATE users SET active = 0 WHERE id = ?', [userId]);
    await expectRefusedWithoutWrites(court, () => runCommand(court.db, court.env, { userId, roles: ['clerk'] }, 'registerCase', sampleCaseArgs(court)), {
      code: 'FORBIDDEN',
    });
  });
});
