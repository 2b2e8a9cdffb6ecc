// Reused compiled queries of the write path must write and read exactly what Kysely's ordinary
// path would, for every call after the first, and must not reuse a query whose values sit
// anywhere but in its parameters.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { insertRow, insertRows, keptQueries, runPrepared } from '../../../src/domain/prepared-queries';
import { openTestCourt, type TestCourt } from '../../helpers/db';

let court: TestCourt | undefined;
afterEach(async () => {
  await court?.close();
  court = undefined;
});

function outboxRow(n: number) {
  return {
    name: `command-${n}`,
    args: `{"n":${n}}`,
    base_versions: '{}',
    hlc: `hlc-${n}`,
    user_id: `user-${n}`,
    created_at: `2026-01-05T08:00:0${n}.000Z`,
    status: 'pending' as const,
  };
}

describe('prepared queries of the write path', () => {
  it('each outbox row inserted through a reused INSERT holds its own values, exactly as written', async () => {
    court = await openTestCourt();
    const before = ((await court.store.get('SELECT count(*) AS n FROM outbox')) as { n: number }).n;
    await court.db.transaction().execute(async (trx) => {
      for (const n of [1, 2, 3]) await insertRow(trx, 'outbox', outboxRow(n));
    });
    const rows = (await court.store.query('SELECT name, args, base_versions, hlc, user_id, created_at, status FROM outbox ORDER BY mutation_id DESC LIMIT 3'))
      .reverse();
    expect(rows).toEqual([outboxRow(1), outboxRow(2), outboxRow(3)]);
    expect(((await court.store.get('SELECT count(*) AS n FROM outbox')) as { n: number }).n).toBe(before + 3);
  });

  it("a kept INSERT holds none of the values it was first built from (a server meets many row counts: they stayed in memory)", async () => {
    court = await openTestCourt();
    const marked = (n: number) => ({ ...outboxRow(n), args: `{"marker":"kept-values-${n}"}` });
    await court.db.transaction().execute(async (trx) => {
      await insertRows(trx, 'outbox', [marked(1), marked(2), marked(3)]);
      await insertRows(trx, 'outbox', [marked(4), marked(5), marked(6)]);
    });
    const rows = await court.store.query("SELECT args FROM outbox WHERE args LIKE '%kept-values-%' ORDER BY mutation_id");
    expect(rows).toEqual([1, 2, 3, 4, 5, 6].map((n) => ({ args: `{"marker":"kept-values-${n}"}` })));
    const kept = keptQueries(court.db).filter((q) => q.sql.toLowerCase().includes('insert into "outbox"'));
    expect(kept.length).toBeGreaterThan(0);
    expect(JSON.stringify(kept)).not.toContain('kept-values-');
  });

  it('a row leaving a column undefined is written without it, like Kysely would, even after the full shape was reused', async () => {
    court = await openTestCourt();
    await court.db.transaction().execute(async (trx) => {
      await insertRow(trx, 'outbox', outboxRow(1));
      // In a savepoint, as the command runner does: a failed statement aborts a PostgreSQL transaction.
      await sql`SAVEPOINT undefined_column`.execute(trx);
      await expect(insertRow(trx, 'outbox', { ...outboxRow(2), status: undefined as unknown as 'pending' })).rejects.toThrow(/NOT NULL|not-null constraint/);
      await sql`ROLLBACK TO SAVEPOINT undefined_column`.execute(trx);
      await insertRow(trx, 'outbox', outboxRow(3));
    });
    const names = await court.store.query('SELECT name FROM outbox ORDER BY mutation_id DESC LIMIT 2');
    expect(names).toEqual([{ name: 'command-3' }, { name: 'command-1' }]);
  });

  it('a reused SELECT answers for the values of each call, and finds nothing for an unknown chamber', async () => {
    court = await openTestCourt();
    const { civil, family } = court.chambers;
    const find = (id: string) =>
      court!.db.transaction().execute(async (trx) => {
        const res = await runPrepared(trx, 'test-chamber', (t, chamberId) => t.selectFrom('chambers').select('id').where('id', '=', chamberId as string), id);
        return res.rows.map((r) => r.id);
      });
    expect(await find(civil)).toEqual([civil]);
    expect(await find(family)).toEqual([family]);
    expect(await find('no-such-chamber')).toEqual([]);
  });

  it('a query whose value is written into the SQL text itself is never reused with another value', async () => {
    court = await openTestCourt();
    const { civil, family } = court.chambers;
    const find = (id: string) =>
      court!.db.transaction().execute(async (trx) => {
        const res = await runPrepared(trx, 'test-chamber-literal', (t, chamberId) => t.selectFrom('chambers').select('id').where('id', '=', sql.lit(chamberId as string)), id);
        return res.rows.map((r) => r.id);
      });
    expect(await find(civil)).toEqual([civil]);
    expect(await find(family)).toEqual([family]);
  });

  it('an UPDATE run through a reused query reports how many rows it changed', async () => {
    court = await openTestCourt();
    const { civil } = court.chambers;
    const rename = (id: string, name: string) =>
      court!.db.transaction().execute((trx) =>
        runPrepared(trx, 'test-rename-chamber', (t, n, i) => t.updateTable('chambers').set({ name_fr: n as string }).where('id', '=', i as string), name, id),
      );
    expect(Number((await rename(civil, 'Chambre A')).numAffectedRows)).toBe(1);
    expect(Number((await rename('no-such-chamber', 'Chambre B')).numAffectedRows)).toBe(0);
    expect(await court.store.get('SELECT name_fr FROM chambers WHERE id = ?', [civil])).toEqual({ name_fr: 'Chambre A' });
  });
});
