// Vitest projects: unit (fast, pure), integration (real SQLite files, child processes),
// e2e (the browser shell in Debian Chromium, one file at a time). Never watch: `npm test` runs once.
import { defineConfig } from 'vitest/config';

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
          environment: 'node',
          // Forks, not threads: native modules (better-sqlite3) and killed child processes are
          // tested here, and each file gets a process of its own.
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          pool: 'forks',
          // One Chromium and one shell at a time: screenshots and ports must not interfere.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
