// Vitest projects: unit (fast, pure), integration (real SQLite files, child processes),
// integration-pg (the domain, server and sync integration files again, on PostgreSQL, and the
// PostgreSQL store's own tests), e2e (the browser shell in Debian Chromium, one file at a time). Never watch: `npm test`
// runs once.
import { defineConfig } from 'vitest/config';

// Which integration files run on one engine only, and why. The `integration-pg` project runs every
// other file of test/integration/domain, server and sync on PostgreSQL (the server's store on
// DATABASE_URL, a schema per data folder: test/helpers/server-database.ts; the desks stay SQLite
// files); these stay on SQLite because what they prove exists only there. Nothing else is left
// out, and nothing is skipped.
const SQLITE_ONLY_FILES: Readonly<Record<string, string>> = {
  'test/integration/domain/quick-find.test.ts': 'quick find is FTS5, a desk read: the server has no quick find',
  'test/integration/domain/quick-find-numbers-and-words.test.ts': 'quick find by number, lawyer and subject is FTS5',
  'test/integration/domain/quick-find-names.property.test.ts': 'quick find by name is FTS5',
  'test/integration/domain/quick-find-across-scripts.test.ts': 'names across scripts are the FTS5 index party_keys, a desk read',
  'test/integration/domain/misfiled-signs.test.ts': 'party names on a page are looked up in party_keys (FTS5), a desk read',
  'test/integration/domain/search-cases.test.ts': 'search reads the FTS5 indexes, a desk read',
  'test/integration/domain/kill-mid-stream.test.ts': 'kills a process writing a file: WAL recovery of the desk file',
  'test/integration/domain/case-numbers-concurrency.test.ts': 'two processes writing one SQLite file (BEGIN IMMEDIATE, busy_timeout)',
  'test/integration/domain/mutation-replay.test.ts': 'its second store is a byte copy of the desk file (SQLite online backup)',
  'test/integration/domain/signature-extensions-0027.test.ts': "0027 re-keys extension rows only desks held (the server's table was empty; its SQL: test/integration/postgres/signature-extensions-0027.test.ts)",
  'test/integration/domain/audit-chain-million.test.ts': 'a million entries written with raw better-sqlite3 statements in one SQLite transaction',
  'test/integration/server/backup-cli.test.ts': 'backup copies the SQLite file (on PostgreSQL it refuses before connecting: tested here with a DATABASE_URL)',
  'test/integration/server/store.test.ts': "the server's SQLite file: WAL checkpoints and truncation (its PostgreSQL store: test/integration/postgres/server-store.test.ts)",
};

export default defineConfig({
  test: {
    watch: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // These need a PostgreSQL server: the integration-pg project runs them.
          exclude: ['test/integration/postgres/**'],
          environment: 'node',
          // The server, the CLI, the token service and the test workers, bundled once for the run.
          globalSetup: ['test/setup/bundles.ts'],
          // Forks, not threads: native modules (better-sqlite3) and killed child processes are
          // tested here.
          pool: 'forks',
          // Each fork runs file after file without loading the app's code again for each one
          // (a second a file, 20% of the run). The files share no module state: each opens its
          // own stores, services and servers in folders of its own, and none mocks a module,
          // stubs a global or sets process.env (the unit project, which does, stays isolated).
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration-pg',
          include: [
            'test/integration/domain/**/*.test.ts',
            'test/integration/server/**/*.test.ts',
            'test/integration/sync/**/*.test.ts',
            'test/integration/postgres/**/*.test.ts',
          ],
          // What exists only on SQLite stays there, each file with its reason (test/integration/engines.ts).
          exclude: Object.keys(SQLITE_ONLY_FILES),
          environment: 'node',
          env: { MAHKAMA_TEST_ENGINE: 'postgres' },
          // TEST_DATABASE_URL, or an embedded PostgreSQL started once for the run.
          globalSetup: ['test/setup/postgres.ts', 'test/setup/bundles.ts'],
          pool: 'forks',
          // As in the integration project: the same files, no module state between them.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/bundles.ts'],
          pool: 'forks',
          // One Chromium and one shell at a time: screenshots and ports must not interfere.
          fileParallelism: false,
          // One process for all the files, one after the other: each file would otherwise load the
          // whole main process's code again (about 6 s a file here). Each file opens its own shell
          // and data folder; nothing of one file's desk outlives it.
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
