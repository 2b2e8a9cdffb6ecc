// The TypeScript entries that tests start as processes of their own (test/helpers/entries.ts),
// bundled once per run by test/setup/bundles.ts. Kept apart from the helper so the global setup,
// which runs outside the test workers, does not import vitest's test API.
/** Entry name → source file. The names are the bundles' file names (`<name>.js`), as the app's own build names them. */
export const ENTRIES = {
  server: 'src/server/index.ts',
  cli: 'src/main/cli/index.ts',
  'token-service': 'src/main/workers/token-service.ts',
  'fake-token-service': 'test/integration/signing/workers/fake-token-service.ts',
  'ocr-worker': 'src/main/workers/ocr-worker.ts',
  'quick-check': 'src/main/workers/quick-check.ts',
  'desk-round': 'test/integration/sync/workers/desk-round.ts',
  'file-pass': 'test/integration/sync/workers/file-pass.ts',
  'command-stream': 'test/integration/domain/workers/command-stream.ts',
  'killed-writer': 'test/integration/services/workers/killed-writer.ts',
  'ocr-desk': 'test/integration/documents/workers/ocr-desk.ts',
  'import-full-disk': 'test/integration/documents/workers/import-full-disk.ts',
  'ocr-full-disk': 'test/integration/documents/workers/ocr-full-disk.ts',
  'upload-full-disk': 'test/integration/documents/workers/upload-full-disk.ts',
  'download-full-disk': 'test/integration/sync/workers/download-full-disk.ts',
} as const;
