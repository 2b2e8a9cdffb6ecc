// `npm run server -- create-chamber` (issue 8, admin CLI) on a real server store, on the run's
// engine: a chamber added to an existing court through the domain's createChamber, shown to the
// operator in their language; every problem (a code the court has, an unknown court, malformed
// fields) listed at once, exit 1, nothing written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../../src/server/cli';
import { openServerStore } from '../../../src/server/store';
import { serverDatabaseEnv, serverStoreConfig } from '../../helpers/server-database';
import { prepareServerCourt, type ServerCourt } from '../sync/http-stage';

let dataDir: string;
let court: ServerCourt;

async function cli(lang: string, ...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { MAHKAMA_SERVER_DATA_DIR: dataDir, MAHKAMA_LANG: lang, ...(await serverDatabaseEnv(dataDir)) };
  const code = await runAdminCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l), env, readPassword: async () => null });
  return { code, out, err };
}

async function chambers(): Promise<{ code: string; name_fr: string }[]> {
  const store = await openServerStore(await serverStoreConfig(dataDir));
  try {
    return await store.db.selectFrom('chambers').select(['code', 'name_fr']).where('court_id', '=', court.courtId).orderBy('code').execute();
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-chamber-cli-'));
  court = await prepareServerCourt(dataDir, 0);
}, 60_000);

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('create-chamber', () => {
  it('adds a chamber to a court, audited under the CLI; the audit chain still holds', async () => {
    const done = await cli('fr', 'create-chamber', '--court', 'tpi-rabat', '--code', 'COM', '--name-ar', 'الغرفة التجارية', '--name-fr', 'Chambre commerciale');
    expect(done.code, done.err.join('\n')).toBe(0);
    expect(done.out).toEqual([expect.stringMatching(/^Chambre COM ajoutée au tribunal TPI-RABAT \([0-9a-f-]{36}\)\. Les postes du tribunal la reçoivent/)]);
    expect(await chambers()).toEqual([
      { code: 'CIV', name_fr: 'Chambre civile' },
      { code: 'COM', name_fr: 'Chambre commerciale' },
      { code: 'FAM', name_fr: 'Chambre de la famille' },
    ]);
    const verify = await cli('en', 'audit-verify');
    expect(verify.code).toBe(0);
  });

  it('lists every problem at once, exits 1, and adds nothing', async () => {
    const before = await chambers();
    const taken = await cli('en', 'create-chamber', '--court', 'TPI-RABAT', '--code', 'CIV', '--name-ar', 'غرفة أخرى', '--name-fr', 'Autre chambre');
    expect(taken.code).toBe(1);
    expect(taken.err).toEqual(['Nothing was done:', '  - --code: This court already has a chamber with the code CIV.']);
    const bad = await cli('ar', 'create-chamber', '--court', 'NOPE', '--code', 'bad code', '--name-ar', 'Chambre', '--name-fr', '');
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toBe('لم يُنفَّذ شيء:');
    expect(bad.err.slice(1).map((l) => /^ {2}- ([^:]+):/.exec(l)?.[1]).sort()).toEqual(['--code', '--court', '--name-ar', '--name-fr']);
    const missing = await cli('en', 'create-chamber', '--court', 'TPI-RABAT');
    expect(missing.code).toBe(1);
    expect(missing.err.slice(1)).toEqual(['  - --code: missing.', '  - --name-ar: missing.', '  - --name-fr: missing.']);
    expect(await chambers()).toEqual(before);
  });
});
