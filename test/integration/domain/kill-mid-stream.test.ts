// Pulling the plug: a process registering cases and scheduling hearings in a loop is killed with
// SIGKILL at a random moment. Reopened, the file holds only whole commands — each case with its one
// registerCase audit entry, its one outbox row and all its parties — and the audit chain verifies.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/domain';
import { openDatabase } from '../../../src/store/sqlite/open-database';
import type { AuditChange } from '../../../src/shared/schemas/views';
import { CASE_TYPE, openTestCourt, tempDbFile } from '../../helpers/db';
import { entryArgs } from '../../helpers/entries';

const REPO = path.resolve(import.meta.dirname, '../../..');

/** Starts the stream, waits until it writes, lets it run ~1 s more, then kills it mid-stream. */
async function runAndKill(args: object): Promise<{ lines: string[]; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [...entryArgs('command-stream'), JSON.stringify(args)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const deadline = Date.now() + 30_000;
  while (!out.includes('registered ') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (!out.includes('registered ')) {
    child.kill('SIGKILL');
    throw new Error(`worker did not start writing: ${err}`);
  }
  await new Promise((r) => setTimeout(r, 800 + Math.random() * 500));
  child.kill('SIGKILL');
  const signal = await exited;
  expect(err).toBe('');
  return { lines: out.trim().split('\n'), signal };
}

describe('a workstation process killed in the middle of a stream of commands', () => {
  it.each([1, 2, 3])('leaves no partial command and a chain that verifies (round %i)', async () => {
    const file = tempDbFile();
    const court = await openTestCourt({ file });
    const args = {
      file,
      mode: 'stream',
      actor: court.clerk,
      courtId: court.courtId,
      chamberId: court.chambers.civil,
      caseTypeId: CASE_TYPE.civil,
      deviceId: 'device-test-1',
      deviceTag: 'TEST01',
    };
    const setupEntries = (court.store.sqliteRaw().prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    await court.close();

    const { lines, signal } = await runAndKill(args);
    expect(signal).toBe('SIGKILL');
    const reportedCases = lines.filter((l) => l.startsWith('registered ')).length;

    const db = await openDatabase(file);
    try {
      const raw = db.raw;
      const chain = await verifyAuditChain(db.db);
      expect(chain).toMatchObject({ ok: true });

      const cases = raw.prepare('SELECT id, status, next_hearing_date FROM cases').all() as { id: string; status: string; next_hearing_date: string | null }[];
      // Every command the worker reported done is there; at most the one in flight is extra.
      expect(cases.length).toBeGreaterThanOrEqual(reportedCases);
      expect(cases.length).toBeLessThanOrEqual(reportedCases + 1);
      expect(cases.length).toBeGreaterThan(5);

      const audit = (raw.prepare('SELECT seq, hlc, command, changes FROM audit WHERE seq > ?').all(setupEntries) as { seq: number; hlc: string; command: string; changes: string }[]).map(
        (a) => ({ ...a, changes: JSON.parse(a.changes) as AuditChange[] }),
      );
      const outbox = raw.prepare('SELECT name, hlc FROM outbox').all() as { name: string; hlc: string }[];
      // One outbox row per audit entry, command for command.
      expect(outbox.length).toBe(audit.length + setupEntries);
      const outboxByHlc = new Map<string, string[]>();
      for (const o of outbox) outboxByHlc.set(o.hlc, [...(outboxByHlc.get(o.hlc) ?? []), o.name]);

      for (const c of cases) {
        const creations = audit.filter((a) => a.command === 'registerCase' && a.changes.some((ch) => ch.entity === 'case' && ch.id === c.id && ch.before === null));
        expect(creations, `registerCase audit entries of ${c.id}`).toHaveLength(1);
        expect(outboxByHlc.get(creations[0]!.hlc)).toEqual(['registerCase']);
        const links = raw.prepare('SELECT count(*) AS n FROM case_parties cp JOIN parties p ON p.id = cp.party_id WHERE cp.case_id = ?').get(c.id) as { n: number };
        expect(links.n, `parties of ${c.id}`).toBe(3);
        const hearings = raw.prepare('SELECT count(*) AS n FROM hearings WHERE case_id = ?').get(c.id) as { n: number };
        const scheduled = audit.filter((a) => a.command === 'scheduleHearing' && a.changes.some((ch) => ch.entity === 'case' && ch.id === c.id));
        expect(hearings.n).toBe(scheduled.length);
        // A case with its hearing is in hearing with the date; one without is still registered.
        expect([c.status, c.next_hearing_date]).toEqual(hearings.n === 1 ? ['in_hearing', '2026-01-07'] : ['registered', null]);
      }
      expect(audit.filter((a) => a.command === 'registerCase')).toHaveLength(cases.length);
      // Search index and parties agree (the FTS triggers ran in the same transactions).
      const indexed = raw.prepare("SELECT count(*) AS n FROM party_search WHERE party_search MATCH 'bennani'").get() as { n: number };
      expect(indexed.n).toBe(cases.length);
    } finally {
      await db.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
