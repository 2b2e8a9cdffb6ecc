// The audit trail proves itself: a chain written by real commands verifies, and an attacker who has
// the database — turns the append-only triggers off and edits rows with plain SQL — cannot change
// one field, delete an entry or swap two entries without verifyAuditChain naming where the chain
// breaks; the outbox beside it must agree entry for entry; and nothing is appended after a cut-off
// end. On either engine (the attacker's session: test/helpers/store.ts).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, runCommand, verifyAuditChain, type AuditVerification } from '../../../src/domain';
import { caseVersion, expectRefusedWithoutWrites, openTestCourt, registerSampleCase, verifyChain, type TestCourt } from '../../helpers/db';
import { openTestStore, type AttackerSession } from '../../helpers/store';

let court: TestCourt;
let seqs: number[];

beforeAll(async () => {
  court = await openTestCourt();
  for (let i = 0; i < 6; i++) {
    const { caseId } = await registerSampleCase(court);
    await runCommand(court.db, court.env, court.clerk, 'scheduleHearing', { caseId, baseVersion: 1, date: '2026-01-07', time: '10:00' });
    await runCommand(court.db, court.env, court.clerk, 'updateCaseParticulars', { caseId, baseVersion: await caseVersion(court, caseId), changes: { subject: `موضوع ${i}` } });
  }
  seqs = ((await court.store.query('SELECT seq FROM audit ORDER BY seq')) as { seq: number }[]).map((r) => r.seq);
});
afterAll(async () => {
  await court.close();
});

/**
 * The attacker's session: inside a transaction that is always rolled back (so each property run
 * starts from the same honest chain), with the append-only triggers and foreign keys off, tamper,
 * then verify in that same transaction.
 */
function tamperAndVerify(tamper: (s: AttackerSession) => Promise<unknown>, batchSize?: number): Promise<AuditVerification> {
  return court.store.attack(async (s) => {
    await tamper(s);
    return verifyAuditChain(s.db, { highWaterSeq: court.store.auditHighWater, ...(batchSize ? { batchSize } : {}) });
  });
}

const FIELDS = ['device_id', 'hlc', 'wall_time', 'user_id', 'command', 'changes', 'prev_hash', 'hash'] as const;

describe('an honest chain', () => {
  it('verifies, entry by entry, in one batch or in many', async () => {
    expect(await verifyChain(court)).toEqual({ ok: true, checked: seqs.length });
    expect(await verifyChain(court, { batchSize: 4 })).toEqual({ ok: true, checked: seqs.length });
    expect(await verifyChain(court, { batchSize: 1 })).toEqual({ ok: true, checked: seqs.length });
  });

  it('starts from the genesis hash', async () => {
    expect(await court.store.get('SELECT prev_hash FROM audit WHERE seq = 1')).toEqual({ prev_hash: GENESIS_HASH });
  });

  it('an empty audit verifies with nothing checked', async () => {
    const opened = await openTestStore();
    try {
      expect(await verifyChain({ db: opened.db, store: opened })).toEqual({ ok: true, checked: 0 });
    } finally {
      await opened.close();
    }
  });

  it('the app itself cannot update or delete an entry (append-only triggers)', async () => {
    await expect(court.store.run("UPDATE audit SET command = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(court.store.run('DELETE FROM audit WHERE seq = 1')).rejects.toThrow(/append-only/);
  });
});

describe('an attacker drops the append-only triggers and edits the audit with plain SQL', () => {
  it('any single-field edit of any entry breaks the chain at that entry', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(...FIELDS),
        fc.string({ minLength: 0, maxLength: 70 }),
        async (pick, field, text) => {
          const seq = seqs[pick % seqs.length]!;
          const current = ((await court.store.get(`SELECT ${field} AS v FROM audit WHERE seq = ?`, [seq])) as { v: string | null }).v;
          fc.pre(text !== current);
          const result = await tamperAndVerify((s) => s.run(`UPDATE audit SET ${field} = ? WHERE seq = ?`, [text, seq]), 5);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.firstBroken.seq).toBe(seq);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a plausible edit inside the changes (valid canonical JSON) is caught too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.string({ minLength: 1, maxLength: 20 }), async (pick, newSubject) => {
        const seq = seqs[pick % seqs.length]!;
        const row = (await court.store.get('SELECT changes FROM audit WHERE seq = ?', [seq])) as { changes: string };
        const changes = JSON.parse(row.changes) as { after: Record<string, unknown> | null }[];
        const target = changes.find((c) => c.after !== null)!;
        fc.pre(target.after!.subject !== newSubject);
        target.after!.subject = newSubject;
        const forged = JSON.stringify(changes);
        const result = await tamperAndVerify((s) => s.run('UPDATE audit SET changes = ? WHERE seq = ?', [forged, seq]));
        expect(result).toMatchObject({ ok: false, firstBroken: { seq } });
      }),
      { numRuns: 40 },
    );
  });

  it('the same changes re-serialized differently (whitespace) do not pass as the original bytes', async () => {
    const seq = seqs[3]!;
    const result = await tamperAndVerify(async (s) => {
      const row = (await s.get('SELECT changes FROM audit WHERE seq = ?', [seq])) as { changes: string };
      await s.run('UPDATE audit SET changes = ? WHERE seq = ?', [JSON.stringify(JSON.parse(row.changes), null, 1), seq]);
    });
    expect(result).toEqual({ ok: false, checked: seq - 1, firstBroken: { seq, reason: 'hash_mismatch' } });
  });

  it('changes that are not JSON are named as such', async () => {
    const seq = seqs[2]!;
    const result = await tamperAndVerify((s) => s.run("UPDATE audit SET changes = '[{oops' WHERE seq = ?", [seq]));
    expect(result).toEqual({ ok: false, checked: seq - 1, firstBroken: { seq, reason: 'bad_json' } });
  });

  it('deleting any entry — first, middle or last — is detected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 7 }), async (pick, batchSize) => {
        const seq = seqs[pick % seqs.length]!;
        const result = await tamperAndVerify((s) => s.run('DELETE FROM audit WHERE seq = ?', [seq]), batchSize);
        expect(result).toMatchObject({ ok: false, firstBroken: { seq, reason: 'seq_gap' } });
      }),
      { numRuns: 60 },
    );
  });

  it('renumbering an entry (editing its seq) is detected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -5, max: 10_000 }), async (pick, newSeq) => {
        const seq = seqs[pick % seqs.length]!;
        fc.pre(!seqs.includes(newSeq));
        const result = await tamperAndVerify((s) => s.run('UPDATE audit SET seq = ? WHERE seq = ?', [newSeq, seq]));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('swapping the contents of two entries is detected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 }), async (pickA, offset) => {
        const a = seqs[pickA % seqs.length]!;
        const b = seqs[(pickA + (offset % (seqs.length - 1)) + 1) % seqs.length]!;
        const result = await tamperAndVerify(async (s) => {
          const cols = ['device_id', 'hlc', 'wall_time', 'user_id', 'command', 'changes', 'prev_hash', 'hash'];
          const ra = (await s.get(`SELECT ${cols.join(', ')} FROM audit WHERE seq = ?`, [a])) as Record<string, unknown>;
          const rb = (await s.get(`SELECT ${cols.join(', ')} FROM audit WHERE seq = ?`, [b])) as Record<string, unknown>;
          const upd = (row: Record<string, unknown>, seq: number) =>
            s.run(`UPDATE audit SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`, [...cols.map((c) => row[c]), seq]);
          await upd(rb, a);
          await upd(ra, b);
        });
        expect(result).toMatchObject({ ok: false, firstBroken: { seq: Math.min(a, b) } });
      }),
      { numRuns: 60 },
    );
  });

  it('recomputing one entry\'s hash after editing it still breaks the link to the next entry', async () => {
    const seq = seqs[4]!;
    const result = await tamperAndVerify(async (s) => {
      await s.run("UPDATE audit SET command = 'closeCase' WHERE seq = ?", [seq]);
      await s.run('UPDATE audit SET hash = ? WHERE seq = ?', ['f'.repeat(64), seq]);
    });
    expect(result).toMatchObject({ ok: false, firstBroken: { seq } });
  });
});

describe('the outbox beside the chain', () => {
  it('an outbox row deleted, or its HLC or command changed, is named at the entry it belongs to', async () => {
    const mutationIds = ((await court.store.query('SELECT mutation_id FROM outbox ORDER BY mutation_id')) as { mutation_id: number }[]).map((r) => r.mutation_id);
    expect(mutationIds).toHaveLength(seqs.length);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), fc.constantFrom('delete', 'hlc', 'name'), async (pick, how) => {
        const i = pick % mutationIds.length;
        const result = await tamperAndVerify(async (s) => {
          if (how === 'delete') await s.run('DELETE FROM outbox WHERE mutation_id = ?', [mutationIds[i]]);
          else if (how === 'hlc') await s.run("UPDATE outbox SET hlc = hlc || '0' WHERE mutation_id = ?", [mutationIds[i]]);
          else await s.run("UPDATE outbox SET name = 'closeCase' WHERE mutation_id = ? AND name <> 'closeCase'", [mutationIds[i]]);
        });
        expect(result).toMatchObject({ ok: false, firstBroken: { seq: seqs[i], reason: 'outbox_mismatch' } });
      }),
      { numRuns: 40 },
    );
  });

  it('an outbox row with no entry after the last one (the entry cut, its high-water record edited) is named', async () => {
    const last = seqs[seqs.length - 1]!;
    const result = await tamperAndVerify(async (s) => {
      await s.run('DELETE FROM audit_subjects WHERE seq = ?', [last]);
      await s.run('DELETE FROM audit WHERE seq = ?', [last]);
      await s.setAuditHighWater(last - 1);
    });
    expect(result).toEqual({ ok: false, checked: last - 1, firstBroken: { seq: last, reason: 'outbox_mismatch' } });
  });

  it('a store without an outbox (the server) verifies its chain alone', async () => {
    const result = await tamperAndVerify((s) => s.run('DELETE FROM outbox'));
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 1, reason: 'outbox_mismatch' } });
    const alone = await court.store.attack(async (s) => {
      await s.run('DELETE FROM outbox');
      return verifyAuditChain(s.db, { highWaterSeq: court.store.auditHighWater, withOutbox: false });
    });
    expect(alone).toEqual({ ok: true, checked: seqs.length });
  });
});

describe('appending after a chain whose end was cut off', () => {
  it('every command is refused with DB_CORRUPT (errors.db.auditTailCut) and nothing is written', async () => {
    const mine = await openTestCourt();
    try {
      await registerSampleCase(mine);
      const last = (await mine.store.value('SELECT max(seq) FROM audit')) as number;
      // The attacker cuts the last two entries off and leaves (committed; the triggers are back after).
      await mine.store.attack((s) => s.run('DELETE FROM audit WHERE seq > ?', [last - 2]), { commit: true });
      const err = await expectRefusedWithoutWrites(mine, () => registerSampleCase(mine), { code: 'DB_CORRUPT', i18nKey: 'errors.db.auditTailCut' });
      expect(err.params).toEqual({ first: last - 1, last });
      await expectRefusedWithoutWrites(mine, () => Promise.all([registerSampleCase(mine), registerSampleCase(mine)]), { code: 'DB_CORRUPT' });
    } finally {
      await mine.close();
    }
  });

  it('the high-water mark comes from the environment where the engine is not SQLite', async () => {
    const mine = await openTestCourt();
    try {
      const tip = (await mine.store.value('SELECT max(seq) FROM audit')) as number;
      // An engine that remembers a higher mark than the tip: the same refusal.
      mine.env.auditHighWater = async () => tip + 3;
      await expectRefusedWithoutWrites(mine, () => registerSampleCase(mine), { code: 'DB_CORRUPT', i18nKey: 'errors.db.auditTailCut' });
      // One that keeps no mark at all: appending goes on after the tip.
      mine.env.auditHighWater = async () => null;
      await registerSampleCase(mine);
      expect(await verifyChain(mine)).toMatchObject({ ok: true, checked: tip + 1 });
    } finally {
      await mine.close();
    }
  });
});
