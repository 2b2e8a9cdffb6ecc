// Bad input at the sync routes (issue 8, "Bad input and faults"): push and pull bodies that are
// malformed, oversized, replayed or out of order, sent with good tokens and with refused ones
// (forged, expired, another court's): only typed 4xx answers or a 200 whose every mutation is
// answered on its own, never a 5xx, and no court record written. What a refusal may write is the
// push's own answer (`mutations`: a well-formed mutation that a rule refuses is answered the same
// way every time) and the login limit's count.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncRoutes } from '../../../src/server/sync/routes';
import { errorResponseSchema } from '../../../src/shared/schemas/server-api';
import { pushResponseSchema, pullResponseSchema } from '../../../src/shared/schemas/sync';
import { pullResponseV1Schema, pushResponseV1Schema } from '../../../src/shared/schemas/sync-v1';
import { fingerprintOfStore } from '../../helpers/store';
import { authStage, bearer, createCourt, createUser, enrol, login, serverConfigWithLimit, type AuthStage } from './auth-helpers';

let s: AuthStage;
let courtA = '';
let clerkA = '';
let goodToken = '';
let otherCourtToken = '';

/** Every court record, as one string: equal means no court record was written. */
function records(): Promise<string> {
  return fingerprintOfStore(s.store.db, s.store.engine, { except: ['login_throttle', 'mutations'], exceptSearch: true });
}

beforeAll(async () => {
  s = await authStage({ config: serverConfigWithLimit(64 * 1024), moreRoutes: (app, auth, store) => syncRoutes({ db: store.db, auth })(app) });
  const a = await createCourt(s, 'TPI-A');
  const b = await createCourt(s, 'TPI-B');
  courtA = a.courtId;
  clerkA = await createUser(s, a, 'clerk.a', ['clerk']);
  await createUser(s, b, 'clerk.b', ['clerk']);
  goodToken = (await login(s, 'clerk.a', await enrol(s, a))).accessToken;
  otherCourtToken = (await login(s, 'clerk.b', await enrol(s, b))).accessToken;
}, 60_000);

afterAll(async () => {
  await s?.close();
});

const garbage = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null));

/** A mutation well formed in every field, which the domain then refuses (no such case, bad args). */
const wellFormed = fc.record({
  mutationId: fc.integer({ min: 1, max: 20 }),
  name: fc.constantFrom('registerCase', 'updateCaseParticulars', 'scheduleHearing', 'addParty'),
  args: fc.oneof(fc.record({ caseId: fc.uuid(), baseVersion: fc.integer({ min: 1, max: 3 }), changes: fc.record({ subject: fc.string() }) }), fc.anything()),
  baseVersions: fc.dictionary(fc.uuid(), fc.integer({ min: 0, max: 5 }), { maxKeys: 2 }),
  hlc: fc.constant('001767600000000-00000-dev'),
  at: fc.constant('2026-01-05T08:00:00.000Z'),
  userId: fc.constantFrom('CLERK', '01900000-0000-7000-8000-0000000000aa'),
  generated: fc.record({ ids: fc.dictionary(fc.constantFrom('case', 'party', 'hearing'), fc.array(fc.uuid(), { maxLength: 2 })), numbers: fc.array(fc.constantFrom('2026/1101/1', 'x'), { maxLength: 1 }) }),
});
/** The same, with one field replaced by something out of range, of another type, or far ahead. */
const mutation = fc.oneof(
  wellFormed,
  fc.tuple(wellFormed, fc.constantFrom('mutationId', 'name', 'baseVersions', 'hlc', 'at', 'userId', 'generated'), fc.oneof(garbage, fc.constantFrom(2 ** 31, -1, 'initializeWorkstation', 'createCourt', 'grantDeviceNumberBlocks', '2099-01-01T00:00:00.000Z', `${String(Date.now() + 5 * 86_400_000).padStart(15, '0')}-00000-dev`))).map(([m, k, v]) => ({ ...m, [k]: v })),
);
const pushBody = fc.oneof(
  // The previous release's protocol (no versions on mutations) and this one's.
  { weight: 2, arbitrary: fc.record({ protocol: fc.constant(1), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ protocol: fc.constant(2), mutations: fc.array(fc.tuple(mutation, fc.constantFrom(1, 2, 3, 0, 'x')).map(([m, v]) => ({ ...m, schemaVersion: v })), { minLength: 1, maxLength: 4 }) }),
  },
  { weight: 1, arbitrary: fc.record({ protocol: fc.constantFrom(3, '1', 0), mutations: fc.array(mutation, { maxLength: 600 }) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: garbage },
);
const pullBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        protocol: fc.constantFrom(1, 2),
        cursor: fc.oneof(fc.constant({}), fc.record({ COURT: fc.integer({ min: 0, max: 100 }) }), fc.dictionary(fc.uuid(), fc.integer({ min: 0, max: 9 }), { maxKeys: 1 })),
        limit: fc.integer({ min: 1, max: 2000 }),
        // Only types the court does not have (or malformed): a grant is a legitimate write.
        wantBlocks: fc.array(fc.record({ typeCode: fc.constantFrom('9999', 'x'), year: fc.integer({ min: 1900, max: 3000 }) }), { maxLength: 25 }),
        // Version 2 only: records asked for again, of this court, of another, unknown or malformed.
        refetch: fc.array(fc.record({ entity: fc.constantFrom('case', 'party', 'nothing', ''), id: fc.oneof(fc.uuid(), fc.constant('COURT'), garbage) }), { maxLength: 3 }),
        // Version 2 only: conflicts still open on the desk, unknown, another court's or malformed.
        openConflicts: fc.array(fc.oneof(fc.uuid(), fc.constant('COURT'), garbage), { maxLength: 3 }),
      },
      { requiredKeys: ['protocol', 'cursor'] },
    ),
  },
  // A well-formed pull, so that the runs surely reach past validation (the mixes above rarely are).
  { weight: 2, arbitrary: fc.record({ protocol: fc.constant(2), cursor: fc.constantFrom({}, { COURT: 0 }), limit: fc.integer({ min: 1, max: 2000 }) }) },
  { weight: 1, arbitrary: fc.record({ protocol: fc.constantFrom(0, 3), cursor: garbage, limit: fc.integer() }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: garbage },
);
const token = fc.constantFrom('good', 'otherCourt', 'forged', 'none');

function headersFor(t: string): Record<string, string> {
  if (t === 'good') return bearer(goodToken);
  if (t === 'otherCourt') return bearer(otherCourtToken);
  if (t === 'forged') return bearer(`${goodToken.slice(0, -4)}AAAA`);
  return {};
}

/** Placeholders the generators use for real values of this court. */
function withRealIds(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body ?? null).replaceAll('"CLERK"', JSON.stringify(clerkA)).replaceAll('"COURT"', JSON.stringify(courtA)));
}

describe('the sync routes under random bad input', () => {
  it('answer a typed 4xx or a 200 with an answer per mutation, never a 5xx, and write no court record', async () => {
    const before = await records();
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('push', 'pull'), token, pushBody, pullBody, async (route, t, push, pull) => {
        const res = await s.app.inject({
          method: 'POST',
          url: `/v1/sync/${route}`,
          headers: { 'content-type': 'application/json', ...headersFor(t) },
          payload: JSON.stringify(withRealIds(route === 'push' ? push : pull)),
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        seen.set(`${route} ${res.statusCode}`, (seen.get(`${route} ${res.statusCode}`) ?? 0) + 1);
        if (res.statusCode === 200) {
          // Answered in the protocol asked in: a v1 desk's schemas are strict.
          const v1 = ((route === 'push' ? push : pull) as { protocol?: unknown }).protocol === 1;
          const body = (route === 'push' ? (v1 ? pushResponseV1Schema : pushResponseSchema) : v1 ? pullResponseV1Schema : pullResponseSchema).parse(res.json());
          if (route === 'push') expect((body as { outcomes: { outcome: string }[] }).outcomes.every((o) => o.outcome !== 'applied')).toBe(true);
        } else {
          expect(errorResponseSchema.safeParse(res.json()).success, res.body).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    // The runs reached past the door: answered pushes and pulls, and each kind of refusal.
    for (const k of ['push 200', 'pull 200', 'push 400', 'pull 400', 'push 401', 'pull 401']) expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
    expect(await records()).toBe(before);
  }, 120_000);
});
