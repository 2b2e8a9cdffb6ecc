// A court with 100,000 cases for the registry test: set up through the real app service, then
// filled by the benchmark's raw seed (test/bench/seed.ts). The seed is the stage, not the play:
// the UI under test reads it only through the browser shell.
import path from 'node:path';
import { openDatabase } from '../../src/store/sqlite/open-database';
import { readSeedContext, seedStore, type SeedCounts } from '../bench/seed';
import { courtDate, startShell } from './harness';

export const CLERK = { username: 'amina.alaoui', displayName: 'أمينة العلوي', password: 'kalima-sirr-2026' };

export interface SeededCourt {
  /**
   * A party with a name found nowhere else in the seed, added to the court's oldest open case through
   * the real write path: a needle quick find must bring up among 150,000 parties.
   */
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
  let oldest: { id: string; number: string; version: number };
  try {
    const ctx = readSeedContext(store.raw, courtDate(), deviceId);
    seedStore(store.raw, ctx, counts);
    oldest = store.raw.prepare("SELECT id, number, version FROM cases WHERE status <> 'closed' ORDER BY id LIMIT 1").get() as typeof oldest;
  } finally {
    await store.close();
  }
  const again = await startShell(dataDir);
  try {
    const login = await again.service.handle('session.login', { username: CLERK.username, password: CLERK.password });
    if (!login.ok) throw new Error(`login refused: ${JSON.stringify(login.error)}`);
    const added = await again.service.handle('cases.addParty', {
      caseId: oldest.id,
      baseVersion: oldest.version,
      entry: { party: { newParty: { kind: 'person', nameAr: NEEDLE_NAME_AR } }, role: 'intervener' },
    });
    if (!added.ok) throw new Error(`addParty refused: ${JSON.stringify(added.error)}`);
  } finally {
    await again.close();
  }
  return { party: { nameAr: NEEDLE_NAME_AR, caseNumbers: [oldest.number] } };
}

/** With tashkeel and a shadda, and words the seed's name lists do not contain. */
const NEEDLE_NAME_AR = 'عَبْدُ الصَّمَدِ الزَّرْهُونِيّ';
