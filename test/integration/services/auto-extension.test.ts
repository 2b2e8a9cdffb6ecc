// The desk's automatic extension pass (after a sync round went through), on a real desk database
// with locked judgments recorded through the write path: at most three a pass, oldest lock first,
// only those whose newest file is on this desk, recorded for the signed-in keeper; a failure is
// logged, ends the pass and is tried again only after a wait that grows; nothing runs without a
// keeper signed in or without trust anchors. The extension itself is the one the judgment's
// service makes (tested with real cards, TSA and responder in extend-judgment.test.ts): here it
// records the extension through the real command, so a judgment once extended leaves the list.
// With a TSA, B-LTA files this desk made whose archive timestamp's TSA certificate expires within
// the desk's margin are renewed (the renewal itself, with the real TSA, in desk-auto-extension.test.ts).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newestJudgmentFile, runCommand, type Actor, type CommandEnv } from '../../../src/domain';
import { createLogger } from '../../../src/main/services/logger';
import { AutoExtension, type AutoExtensionOptions } from '../../../src/main/services/signing/auto-extension';
import { AppError } from '../../../src/shared/errors';
import type { ExtensionLevel, SignatureStep } from '../../../src/shared/schemas/judgment-signing';
import { caseVersion, openTestCourt, registerSampleCase, type TestCourt } from '../../helpers/db';
import { tempDir } from './helpers';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

let court: TestCourt;
let store: string;
let clock: number;
let logs: Record<string, unknown>[];
const pathOf = (h: string) => path.join(store, h.slice(0, 2), h);

/** A judgment judged, signed and countersigned at `lockedAt`; its countersigned file put in the store when `here`. */
async function lockedJudgment(tag: string, lockedAt: string, here = true): Promise<string> {
  const caseId = (await registerSampleCase(court)).caseId;
  court.setNow('2026-01-05T08:00:00Z');
  const h = await runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId, baseVersion: await caseVersion(court, caseId), date: '2026-01-06', time: '09:30' });
  court.setNow('2026-01-06T10:00:00Z');
  const { judgmentId } = await runCommand(court.db, court.env, court.judge, 'recordJudgment', { caseId, baseVersion: await caseVersion(court, caseId), hearingId: h.hearingId, pronouncedOn: '2026-01-06', operativePart: 'حكمت المحكمة.' });
  court.setNow(lockedAt);
  const sign = async (actor: Actor, step: SignatureStep, file: string, over: string) => {
    const version = Number((await court.db.selectFrom('judgments').select('version').where('id', '=', judgmentId).executeTakeFirstOrThrow()).version);
    await runCommand(court.db, court.env, actor, 'signJudgment', {
      judgmentId,
      baseVersion: version,
      step,
      file: { sha256: file, size: 50_000 },
      signedOverSha256: over,
      certificate: { subject: `CN=${step}`, issuer: 'CN=CA', serialNumber: '0a', sha256: sha(step) },
      signedAt: lockedAt.replace('Z', '.000Z'),
    });
  };
  await sign(court.judge, 'judge', sha(`judge ${tag}`), sha(`printed ${tag}`));
  await sign(court.clerk, 'clerk', sha(`clerk ${tag}`), sha(`judge ${tag}`));
  if (here) {
    fs.mkdirSync(path.dirname(pathOf(sha(`clerk ${tag}`))), { recursive: true });
    fs.writeFileSync(pathOf(sha(`clerk ${tag}`)), `countersigned ${tag}`);
  }
  return judgmentId;
}

interface Calls {
  extended: { judgmentId: string; actor: Actor }[];
  renewals?: string[];
}

/** The pass, with the desk's pieces: its database and store, the keeper signed in, a clock the test moves. */
function autoExtension(calls: Calls, over: Partial<AutoExtensionOptions> = {}, failing: Set<string> = new Set()): AutoExtension {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return new AutoExtension({
    db: court.db,
    courtId: () => court.courtId,
    reachable: () => 'B-LTA',
    pathOf,
    actor: async () => court.clerk,
    env: () => court.env,
    async extend(judgmentId: string, actor: Actor, env: CommandEnv, opts?: { renewal?: boolean }): Promise<{ level: ExtensionLevel }> {
      if (failing.has(judgmentId)) throw new AppError('TIMESTAMP_FAILED', 'signing.errors.extendTsaUnreachable', { params: { url: 'http://tsa.test/', reason: 'HTTP 503' } });
      calls.extended.push({ judgmentId, actor });
      if (opts?.renewal) (calls.renewals ??= []).push(judgmentId);
      // On top of the newest file (the countersigned one, or the last extension), kept in the store.
      const newest = (await newestJudgmentFile(court.db, judgmentId))!;
      const file = sha(`extended ${newest.sha256}`);
      fs.mkdirSync(path.dirname(pathOf(file)), { recursive: true });
      fs.writeFileSync(pathOf(file), `extended ${newest.sha256}`);
      await runCommand(court.db, env, actor, 'recordSignatureExtension', {
        judgmentId,
        fromSha256: newest.sha256,
        file: { sha256: file, size: newest.size + 30_000 },
        level: 'B-LTA',
        extendedAt: new Date(clock).toISOString(),
      });
      return { level: 'B-LTA' };
    },
    now: () => clock,
    log: createLogger('info', sink),
    random: () => 0,
    ...over,
  });
}

beforeEach(async () => {
  court = await openTestCourt();
  store = tempDir('mahkama-auto-extension-');
  clock = Date.parse('2026-03-01T10:00:00Z');
  logs = [];
});
afterEach(async () => {
  await court.close();
});

describe('the automatic extension after a sync round', () => {
  it('extends at most three a pass, oldest lock first, only judgments whose file is here, as the signed-in keeper', async () => {
    // Made in one order, locked in another; one countersigned on another desk (its file is not here).
    const c = await lockedJudgment('c', '2026-02-03T10:00:00Z');
    const a = await lockedJudgment('a', '2026-01-20T10:00:00Z');
    const elsewhere = await lockedJudgment('x', '2026-01-21T10:00:00Z', false);
    const b = await lockedJudgment('b', '2026-02-02T10:00:00Z');
    const d = await lockedJudgment('d', '2026-02-04T10:00:00Z');
    const calls: Calls = { extended: [] };
    const auto = autoExtension(calls);

    expect(await auto.pass()).toEqual({ extended: [a, b, c], renewed: [], failed: [] });
    expect(calls.extended.every((x) => x.actor === court.clerk)).toBe(true);
    expect(await auto.pass()).toEqual({ extended: [d], renewed: [], failed: [] });
    // Nothing left that this desk can extend: the other desk's judgment stays that desk's.
    expect(await auto.pass()).toEqual({ extended: [], renewed: [], failed: [] });
    expect(calls.extended.map((x) => x.judgmentId)).not.toContain(elsewhere);
    expect(await court.store.value('SELECT count(*) FROM signature_extensions')).toBe(4);
    expect(logs.filter((l) => l.msg === 'judgment signatures extended automatically').map((l) => l.judgmentId)).toEqual([a, b, c, d]);
  });

  it('a failure is logged, ends the pass, and that judgment is tried again only after a wait that grows', async () => {
    const a = await lockedJudgment('a', '2026-01-20T10:00:00Z');
    const b = await lockedJudgment('b', '2026-01-21T10:00:00Z');
    const calls: Calls = { extended: [] };
    const failing = new Set([a]);
    const auto = autoExtension(calls, {}, failing);

    expect(await auto.pass()).toEqual({ extended: [], renewed: [], failed: [a] });
    const first = logs.find((l) => l.msg === 'automatic extension failed; tried again later')!;
    expect(first).toMatchObject({ level: 40, judgmentId: a, code: 'TIMESTAMP_FAILED', i18nKey: 'signing.errors.extendTsaUnreachable', tries: 1, retryInSeconds: 30 });
    // The next round: the failed one waits, the next one goes.
    expect(await auto.pass()).toEqual({ extended: [b], renewed: [], failed: [] });
    clock += 29_000;
    expect(await auto.pass()).toEqual({ extended: [], renewed: [], failed: [] });
    // Its wait over, it fails again: the wait doubles.
    clock += 2_000;
    expect(await auto.pass()).toEqual({ extended: [], renewed: [], failed: [a] });
    expect(logs.filter((l) => l.msg === 'automatic extension failed; tried again later').map((l) => [l.tries, l.retryInSeconds])).toEqual([
      [1, 30],
      [2, 60],
    ]);
    // The TSA is back: once the wait is over, it is extended and forgotten.
    failing.clear();
    clock += 59_000;
    expect(await auto.pass()).toEqual({ extended: [], renewed: [], failed: [] });
    clock += 2_000;
    expect(await auto.pass()).toEqual({ extended: [a], renewed: [], failed: [] });
    expect(await court.store.value('SELECT count(*) FROM signature_extensions')).toBe(2);
  });

  it('nothing runs without a keeper signed in, without trust anchors, or before set-up', async () => {
    await lockedJudgment('a', '2026-01-20T10:00:00Z');
    const calls: Calls = { extended: [] };
    expect(await autoExtension(calls, { actor: async () => null }).pass()).toEqual({ extended: [], renewed: [], failed: [] });
    expect(await autoExtension(calls, { reachable: () => null }).pass()).toEqual({ extended: [], renewed: [], failed: [] });
    expect(await autoExtension(calls, { courtId: () => null }).pass()).toEqual({ extended: [], renewed: [], failed: [] });
    expect(calls.extended).toEqual([]);
    expect(await court.store.value('SELECT count(*) FROM signature_extensions')).toBe(0);
  });

  it('one pass at a time: kicks while a pass runs make one more pass after it; a closing pass stops before its next judgment and takes no kick', async () => {
    const ids: string[] = [];
    for (const [i, tag] of ['a', 'b', 'c', 'd', 'e', 'f', 'g'].entries()) ids.push(await lockedJudgment(tag, `2026-01-2${i}T10:00:00Z`));
    const calls: Calls = { extended: [] };
    const auto = autoExtension(calls);
    auto.kick();
    auto.kick();
    auto.kick();
    await auto.settled();
    // Two passes of three, not three passes: the kicks during the first made one more, the seventh waits.
    expect(calls.extended.map((x) => x.judgmentId)).toEqual(ids.slice(0, 6));
    // Closing: the pass started just before stops before its next judgment, and no kick starts another.
    auto.kick();
    await auto.close();
    auto.kick();
    await auto.settled();
    expect(calls.extended).toHaveLength(6);
  });

  it('renews the archive timestamp of a B-LTA file made here once its TSA certificate expires within the margin; not one with time left, not one made elsewhere, not without a TSA', async () => {
    const DAY = 86_400_000;
    const soon = await lockedJudgment('soon', '2026-01-20T10:00:00Z');
    const later = await lockedJudgment('later', '2026-01-21T10:00:00Z');
    const elsewhere = await lockedJudgment('elsewhere', '2026-01-22T10:00:00Z');
    const calls: Calls = { extended: [] };
    const expiry = new Map<string, string>();
    const notMine = new Set<string>();
    const options: Partial<AutoExtensionOptions> = {
      perPass: 5,
      renewDays: () => 30,
      archiveExpiryOf: (file) => expiry.get(file) ?? null,
      madeHere: async (file) => !notMine.has(file),
    };
    const auto = autoExtension(calls, options);
    // First: the three extended to B-LTA (nothing to renew yet).
    expect(await auto.pass()).toEqual({ extended: [soon, later, elsewhere], renewed: [], failed: [] });
    const newestOf = async (id: string) => (await newestJudgmentFile(court.db, id))!.sha256;
    expiry.set(await newestOf(soon), new Date(clock + 20 * DAY).toISOString());
    expiry.set(await newestOf(later), new Date(clock + 200 * DAY).toISOString());
    expiry.set(await newestOf(elsewhere), new Date(clock + 10 * DAY).toISOString());
    // The last extension of this one came down from elsewhere (the server, another desk): theirs to renew.
    notMine.add(await newestOf(elsewhere));
    const renewedFrom = await newestOf(soon);

    // The next pass renews the one within 30 days, as the chain's next extension.
    expect(await auto.pass()).toEqual({ extended: [soon], renewed: [soon], failed: [] });
    expect(calls.renewals).toEqual([soon]);
    expect(await court.store.value<number>('SELECT max(seq) FROM signature_extensions WHERE judgment_id = ?', [soon])).toBe(2);
    expect(await court.store.value<string>('SELECT from_sha256 FROM signature_extensions WHERE judgment_id = ? AND seq = 2', [soon])).toBe(renewedFrom);
    // Renewed: its new file's archive timestamp has its time ahead (not known here as expiring): nothing more.
    expect(await auto.pass()).toEqual({ extended: [], renewed: [], failed: [] });

    // 180 days on, the other comes within the margin; without a TSA (B-LT reachable) nothing is renewed.
    clock += 180 * DAY;
    expect(await autoExtension(calls, { ...options, reachable: () => 'B-LT' }).pass()).toEqual({ extended: [], renewed: [], failed: [] });
    expect(await autoExtension(calls, options).pass()).toEqual({ extended: [later], renewed: [later], failed: [] });
    expect(calls.renewals).toEqual([soon, later]);
  });
});
