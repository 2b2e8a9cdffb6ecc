// A court with 100,000 cases for the registry test: set up through the real app service, then
// filled by the benchmark's raw seed (test/bench/seed.ts). The seed is the stage, not the play:
// the UI under test reads it only through the browser shell.
import path from 'node:path';
import { openDatabase } from '../../src/main/services/db/open-database';
import { readSeedContext, seedStore, type SeedCounts } from '../bench/seed';
import { courtDate, startShell } from './harness';

export const CLERK = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };

export interface SeededCourt {
  /** The seed's rarest Arabic party name, and the numbers of the cases of everyone so named. */
  party: { nameAr: string; caseNumbers: string[] };
}

export async function seedCourt(dataDir: string, counts: SeedCounts): Promise<SeededCourt> {
  const shell = await startShell(dataDir);
  let deviceId: string;
  try {
    const setup = await shell.service.handle('setup.initialize', {
      language: 'ar',
      court: { code: 'TPI-CASA', nameAr: 'المحكمة الابتدائية المدنية بالدار البيضاء', nameFr: 'Tribunal de première instance civil de Casablanca' },
      chambers: [
        { code: 'CIV1', nameAr: 'الغرفة المدنية الأولى', nameFr: 'Première chambre civile' },
        { code: 'CIV2', nameAr: 'الغرفة المدنية الثانية', nameFr: 'Deuxième chambre civile' },
      ],
      user: CLERK,
    });
    if (!setup.ok) throw new Error(`setup refused: ${JSON.stringify(setup.error)}`);
    deviceId = setup.value.deviceId;
  } finally {
    await shell.close();
  }
  const store = await openDatabase(path.join(dataDir, 'mahkama.db'));
  try {
    const ctx = readSeedContext(store.raw, courtDate(), deviceId);
    seedStore(store.raw, ctx, counts);
    // The rarest Arabic name of the seed, so quick find's first 20 answers must hold all its cases.
    const party = store.raw
      .prepare('SELECT name_ar, count(*) AS n FROM parties WHERE name_ar IS NOT NULL GROUP BY name_ar ORDER BY n, name_ar LIMIT 1')
      .get() as { name_ar: string; n: number };
    const caseNumbers = store.raw
      .prepare('SELECT DISTINCT c.number FROM cases c JOIN case_parties cp ON cp.case_id = c.id JOIN parties p ON p.id = cp.party_id WHERE p.name_ar = ?')
      .pluck()
      .all(party.name_ar) as string[];
    return { party: { nameAr: party.name_ar, caseNumbers } };
  } finally {
    await store.close();
  }
}
