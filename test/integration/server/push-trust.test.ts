// What a push may claim, checked from outside as an attacker holding one clerk's credentials would
// try it (issue 8, RBAC and bad input): a mutation authored by another person of the court who
// never signed in on that device is refused (a device's credential lends no one else's roles); a
// mutation id already answered is never answered again for different content (a desk restored
// from an older copy numbers anew); a push naming one id twice is malformed; an id a mutation
// says it created that is already taken is refused on its own, not a 500 that stops the queue.
// On the run's engine (SQLite file or PostgreSQL), through the real routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncRoutes } from '../../../src/server/sync/routes';
import { encodeHlc } from '../../../src/shared/hlc';
import { newId } from '../../../src/shared/ids';
import type { EnrolResponse } from '../../../src/shared/schemas/server-auth';
import { SYNC_PROTOCOL_VERSION, type WireMutation } from '../../../src/shared/schemas/sync';
import { TestClock, authStage, bearer, createCourt, createUser, enrol, login, type AuthStage, type TestCourt } from './auth-helpers';

let s: AuthStage;
let court: TestCourt;
let clerkId = '';
let chiefId = '';
let chamberId = '';
let desk: EnrolResponse;
let clerkToken = '';

beforeAll(async () => {
  const clock = new TestClock();
  s = await authStage({ clock, moreRoutes: (app, auth, store) => syncRoutes({ db: store.db, auth, now: clock.now })(app) });
  court = await createCourt(s, 'TPI-PUSH');
  clerkId = await createUser(s, court, 'clerk.push', ['clerk']);
  chiefId = await createUser(s, court, 'chief.push', ['chief_clerk', 'clerk']);
  chamberId = (await s.store.db.selectFrom('chambers').select('id').where('court_id', '=', court.courtId).executeTakeFirstOrThrow()).id;
  desk = await enrol(s, court);
  clerkToken = (await login(s, 'clerk.push', desk)).accessToken;
}, 60_000);

afterAll(async () => {
  await s?.close();
});

let counter = 0;
/** An offline registration as the desk's outbox would push it, by `userId`, with a provisional number. */
function registration(userId: string, opts: { mutationId?: number; caseId?: string; subject?: string } = {}): WireMutation {
  const n = ++counter;
  return {
    mutationId: opts.mutationId ?? n,
    name: 'registerCase',
    args: {
      chamberId,
      caseTypeId: '01900000-0000-7000-8000-000000001101',
      filedOn: '2026-03-02',
      subject: opts.subject ?? `أداء مبلغ دين ${n}`,
      parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد بناني', nameLatin: 'Mohammed Bennani' } }, role: 'plaintiff' }],
    },
    baseVersions: {},
    hlc: encodeHlc({ wallMs: s.clock.t, counter: n, node: desk.deviceId }),
    at: s.clock.now().toISOString(),
    userId,
    generated: { ids: { case: [opts.caseId ?? newId()], party: [newId()], case_party: [newId()] }, numbers: [`2026/1101/P-${desk.deviceTag}-${n}`] },
    schemaVersion: SYNC_PROTOCOL_VERSION,
  };
}

async function push(mutations: WireMutation[], token = clerkToken) {
  return s.app.inject({ method: 'POST', url: '/v1/sync/push', headers: { 'content-type': 'application/json', ...bearer(token) }, payload: { protocol: SYNC_PROTOCOL_VERSION, mutations } });
}

const casesOfCourt = async () => (await s.store.db.selectFrom('cases').select(['id', 'subject', 'created_by']).where('court_id', '=', court.courtId).orderBy('id').execute());

describe('a push claims only what its device may', () => {
  it("a mutation by a person who never signed in on this device is refused before it runs; once they have, theirs go through", async () => {
    const before = await casesOfCourt();
    const forged = registration(chiefId);
    const own = registration(clerkId);
    const res = await push([forged, own]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().outcomes).toMatchObject([
      { mutationId: forged.mutationId, outcome: 'rejected', error: { code: 'FORBIDDEN', i18nKey: 'errors.sync.authorNotSignedInHere' } },
      { mutationId: own.mutationId, outcome: 'applied' },
    ]);
    const after = await casesOfCourt();
    expect(after).toHaveLength(before.length + 1);
    expect(after.map((c) => c.created_by)).not.toContain(chiefId);
    // The same answer when pushed again: it was recorded.
    expect((await push([forged])).json().outcomes).toMatchObject([{ outcome: 'rejected', error: { i18nKey: 'errors.sync.authorNotSignedInHere' } }]);

    // The chief clerk signs in on this desk (the desk's offline sign-ins come from such a sign-in):
    // their work done there later is theirs, pushed under whoever is signed in at the time.
    await login(s, 'chief.push', desk);
    const byChief = registration(chiefId);
    expect((await push([byChief])).json().outcomes).toMatchObject([{ outcome: 'applied' }]);
    expect((await casesOfCourt()).filter((c) => c.created_by === chiefId)).toHaveLength(1);
  });

  it('a mutation id already answered, pushed again with other content, is refused and the first stands', async () => {
    const first = registration(clerkId, { subject: 'الموضوع الأول' });
    expect((await push([first])).json().outcomes).toMatchObject([{ outcome: 'applied' }]);
    // A desk restored from an older copy numbers its next mutation as this one.
    const reused = registration(clerkId, { mutationId: first.mutationId, subject: 'موضوع آخر' });
    const res = await push([reused]);
    expect(res.json().outcomes).toMatchObject([{ mutationId: first.mutationId, outcome: 'rejected', error: { code: 'MUTATION_MISMATCH', i18nKey: 'errors.sync.mutationIdReused' } }]);
    expect((await casesOfCourt()).map((c) => c.subject)).not.toContain('موضوع آخر');
    // The same mutation again is still answered as applied, once.
    expect((await push([first])).json().outcomes).toMatchObject([{ outcome: 'applied' }]);
    expect((await casesOfCourt()).filter((c) => c.subject === 'الموضوع الأول')).toHaveLength(1);
  });

  it('a push naming one mutation twice is malformed: 400, nothing applied', async () => {
    const before = await casesOfCourt();
    const m = registration(clerkId);
    const res = await push([m, { ...m, args: { ...(m.args as object), subject: 'نسخة' } }]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', i18nKey: 'errors.sync.duplicateMutation' } });
    expect(await casesOfCourt()).toEqual(before);
  });

  it('an id the mutation says it created that is taken already is refused on its own; the rest of the push goes through', async () => {
    const [taken] = await casesOfCourt();
    const clash = registration(clerkId, { caseId: taken!.id });
    const next = registration(clerkId);
    const res = await push([clash, next]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().outcomes).toMatchObject([
      { mutationId: clash.mutationId, outcome: 'rejected', error: { code: 'CONFLICT' } },
      { mutationId: next.mutationId, outcome: 'applied' },
    ]);
    // Final: the same answer next time, so the desk's queue moves past it.
    expect((await push([clash])).json().outcomes).toMatchObject([{ outcome: 'rejected', error: { code: 'CONFLICT' } }]);
    expect((await casesOfCourt()).find((c) => c.id === taken!.id)).toEqual(taken);
  });
});
