// The operator's reports (`npm run server -- audit-verify | list-conflicts | report-blocks`) on a
// real server store: after two devices pushed (one conflict) and asked for serials, the CLI says
// the court's chain holds, lists the conflict with its fields, and reports each device's blocks
// with their used and unused serials; a chain edited behind the server's back makes audit-verify
// name the entry and exit 1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtJournal, serverNumberAuthority, type CommandEnv } from '../../../src/domain';
import { runAdminCommand } from '../../../src/server/cli';
import { openServerStore } from '../../../src/server/store';
import { applyPush } from '../../../src/server/sync/apply-push';
import { pullForDevice } from '../../../src/server/sync/pull-for-device';
import { HlcClock, encodeHlc } from '../../../src/shared/hlc';
import { newId } from '../../../src/shared/ids';
import { SYNC_PROTOCOL_VERSION, type PushedMutation } from '../../../src/shared/schemas/sync';
import { serverDatabaseEnv, serverStoreConfig } from '../../helpers/server-database';
import { prepareServerCourt, type ServerCourt } from '../sync/http-stage';

let dataDir: string;
let court: ServerCourt;

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: { MAHKAMA_SERVER_DATA_DIR: dataDir, MAHKAMA_LANG: 'en', ...(await serverDatabaseEnv(dataDir)) }, readPassword: async () => null });
  return { code, out, err };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-reports-'));
  court = await prepareServerCourt(dataDir, 0);
  const store = await openServerStore(await serverStoreConfig(dataDir));
  try {
    const env: CommandEnv = { deviceId: 'server', deviceTag: 'SERVER', courtId: court.courtId, clock: new HlcClock('server'), now: () => new Date(), numbering: 'server', journal: courtJournal(), numbers: serverNumberAuthority };
    const clerk = { userId: court.clerk.id, roles: ['clerk' as const] };
    const chamberId = (await store.db.selectFrom('chambers').select('id').where('code', '=', 'CIV').executeTakeFirstOrThrow()).id;
    const year = new Date().getUTCFullYear();
    const granted = await pullForDevice({ db: store.db, env, deviceId: 'dev-a' }, clerk, { protocol: SYNC_PROTOCOL_VERSION, cursor: {}, wantBlocks: [{ typeCode: '1101', year }] });
    const first = granted.blocks[0]!.firstSerial;
    const caseId = newId();
    const mutation = (id: number, name: PushedMutation['name'], args: unknown, generated: PushedMutation['generated'], baseVersions: Record<string, number> = {}): PushedMutation => ({
      mutationId: id,
      name,
      args,
      baseVersions,
      hlc: encodeHlc({ wallMs: Date.now(), counter: id, node: 'dev-a' }),
      at: new Date().toISOString(),
      userId: court.clerk.id,
      generated,
    });
    const today = new Date().toISOString().slice(0, 10);
    const outcomes = await applyPush({ db: store.db, env, deviceId: 'dev-a' }, [
      mutation(1, 'registerCase', { chamberId, caseTypeId: '01900000-0000-7000-8000-000000001101', filedOn: today, subject: 'أداء', parties: [{ party: { newParty: { kind: 'person', nameAr: 'محمد' } }, role: 'plaintiff' }] }, { ids: { case: [caseId], party: [newId()], case_party: [newId()] }, numbers: [`${year}/1101/${first}`] }),
      mutation(2, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'أداء دين' } }, { ids: {}, numbers: [] }, { [caseId]: 1 }),
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied']);
    // Device B edited the same subject from version 1: a conflict.
    const [conflict] = await applyPush({ db: store.db, env, deviceId: 'dev-b' }, [
      { ...mutation(1, 'updateCaseParticulars', { caseId, baseVersion: 1, changes: { subject: 'تعويض' } }, { ids: {}, numbers: [] }, { [caseId]: 1 }), hlc: encodeHlc({ wallMs: Date.now(), counter: 1, node: 'dev-b' }) },
    ]);
    expect(conflict).toMatchObject({ outcome: 'conflict' });
  } finally {
    await store.close();
  }
}, 60_000);

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the operator reports', () => {
  it('audit-verify says each court chain holds; list-conflicts and report-blocks list what waits and what is used', async () => {
    const verify = await cli('audit-verify');
    expect(verify.code, verify.err.join('\n')).toBe(0);
    expect(verify.out).toEqual([expect.stringMatching(/^Court TPI-RABAT: audit chain verified, [0-9]+ entries\.$/)]);

    const conflicts = await cli('list-conflicts', '--court', 'TPI-RABAT');
    expect(conflicts.code).toBe(0);
    expect(conflicts.out).toEqual([expect.stringMatching(/^\[[0-9a-f-]{36}\] .*TPI-RABAT {2}updateCaseParticulars on case .*: subject {2}\(device dev-b, mutation 1\)$/)]);

    const blocks = await cli('report-blocks');
    expect(blocks.code).toBe(0);
    expect(blocks.out).toEqual([expect.stringMatching(/^TPI-RABAT {2}dev-a {2}1101\/[0-9]{4} {2}[0-9]+–[0-9]+: 1 used, 99 unused$/)]);

    expect((await cli('report-blocks', '--court', 'NOPE')).code).toBe(1);
  });

  it('resolve-conflict runs resolveConflict as the operator: bad choices refused with every problem, the chosen value kept, the conflict closed', async () => {
    const id = /^\[([0-9a-f-]{36})\]/.exec((await cli('list-conflicts')).out[0]!)![1]!;
    const refused = [
      await cli('resolve-conflict', '--conflict', id),
      await cli('resolve-conflict', '--conflict', id, '--keep', 'yours'),
      await cli('resolve-conflict', '--conflict', id, '--keep', 'chamber_id=mine'),
      await cli('resolve-conflict', '--conflict', '01900000-0000-7000-8000-0000000000aa', '--keep', 'mine'),
      await cli('resolve-conflict', '--conflict', 'not-an-id', '--keep', 'mine'),
    ];
    expect(refused.map((r) => r.code)).toEqual([1, 1, 1, 1, 1]);
    expect(refused[0]!.err.join('\n')).toMatch(/--keep: missing/);
    expect(refused[1]!.err.join('\n')).toMatch(/--keep: yours: say which value to keep, one of base, mine, theirs/);
    expect(refused[2]!.err.join('\n')).toMatch(/--keep: .*chamber_id/);
    expect(refused[2]!.err.join('\n')).toMatch(/no value chosen for the field subject/);
    expect(refused[3]!.err.join('\n')).toMatch(/--conflict: no conflict has the id/);
    expect((await cli('list-conflicts')).out).toHaveLength(1);

    const done = await cli('resolve-conflict', '--conflict', id, '--keep', 'subject=mine');
    expect(done.code, done.err.join('\n')).toBe(0);
    expect(done.out).toEqual([expect.stringMatching(new RegExp(`^Conflict ${id} resolved: subject=mine kept on case .* \\(now version 3\\)\\.$`))]);
    expect((await cli('list-conflicts')).out).toEqual(['No conflict is waiting.']);
    const again = await cli('resolve-conflict', '--conflict', id, '--keep', 'theirs');
    expect(again.code).toBe(1);
    expect(again.err.join('\n')).toMatch(/already been resolved/);
    const store = await openServerStore(await serverStoreConfig(dataDir));
    try {
      const row = await store.db.selectFrom('conflicts').select(['status', 'resolved_by', 'entity_id']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status).toBe('resolved');
      expect(row.resolved_by).toMatch(/^cli:/);
      expect((await store.db.selectFrom('cases').select('subject').where('id', '=', row.entity_id).executeTakeFirstOrThrow()).subject).toBe('تعويض');
    } finally {
      await store.close();
    }
    const verify = await cli('audit-verify');
    expect(verify.code, verify.err.join('\n')).toBe(0);
  });

  it('audit-verify names the entry where an edited chain breaks, and exits 1', async () => {
    // Someone holding the database edits an entry behind the append-only trigger's back.
    const store = await openServerStore(await serverStoreConfig(dataDir));
    try {
      const edit = sql`UPDATE court_audit SET changes = replace(changes, 'أداء دين', 'أداء آخر') WHERE command = 'updateCaseParticulars'`;
      if (store.engine === 'sqlite') {
        // SQLite: the trigger dropped, the entry edited, the trigger back.
        await sql`DROP TRIGGER court_audit_no_update`.execute(store.db);
        await edit.execute(store.db);
        await sql.raw("CREATE TRIGGER court_audit_no_update BEFORE UPDATE ON court_audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END").execute(store.db);
      } else {
        // PostgreSQL: a superuser's session in replica mode fires no ordinary trigger.
        await store.db.transaction().execute(async (trx) => {
          await sql`SET LOCAL session_replication_role = replica`.execute(trx);
          await edit.execute(trx);
        });
      }
    } finally {
      await store.close();
    }
    const verify = await cli('audit-verify');
    expect(verify.code).toBe(1);
    expect(verify.out).toEqual([expect.stringMatching(/^Court TPI-RABAT: the audit chain does not hold at entry [0-9]+ \(hash_mismatch\)\.$/)]);
  });
});
