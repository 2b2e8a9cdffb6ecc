// Migration 0019 on PostgreSQL corrects the search text the server keeps without its source, in
// SQL: on text stored by the first normalization it must give exactly what normalizeForSearch
// gives now (the desk re-derives it with the function itself).
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeForSearch } from '../../../src/shared/normalize';
import { correctedSearchText } from '../../../src/store/postgres/migrations/0019-search-across-scripts';
import { openPostgres, type OpenedPostgres } from '../../../src/store/postgres/open-postgres';
import { firstNormalizeForSearch } from '../../helpers/first-normalization';
import { testDatabaseUrl } from '../../helpers/store';

let store: OpenedPostgres;
const schema = `t_0019_${randomBytes(6).toString('hex')}`;
beforeAll(async () => {
  store = await openPostgres(testDatabaseUrl(), { schema });
});
afterAll(async () => {
  await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(store.db);
  await store.close();
});

describe('migration 0019 on PostgreSQL', () => {
  it('turns the first normalization of any text into what normalizeForSearch gives now', async () => {
    const letters = fc.constantFrom(...'ۓﮰﮱﹳẞßےي عل Mo ﻣﺤﻤﺪ ﷲ ﮲ -'.split(''));
    const texts = fc.sample(fc.array(fc.oneof(letters, fc.string({ maxLength: 3, unit: 'grapheme' })), { maxLength: 10 }).map((a) => a.join('')), 400);
    texts.push('ﹳعلۓ', 'STRAẞE ۓ', 'ﮰ ﮱ', ' ﹳ ');
    const stored = texts.map(firstNormalizeForSearch);
    const rows = await sql<{ i: number; out: string }>`
      SELECT i, ${sql.raw(correctedSearchText('t'))} AS out
      FROM unnest(${stored}::text[]) WITH ORDINALITY AS s(t, i) ORDER BY i`.execute(store.db);
    const wrong = rows.rows.map((r) => [texts[r.i - 1]!, r.out, normalizeForSearch(texts[r.i - 1]!)]).filter(([, out, want]) => out !== want);
    expect(wrong).toEqual([]);
    expect(rows.rows).toHaveLength(texts.length);
  });
});
