// Global setup of the projects that start processes: bundles every entry of test/helpers/entries.ts
// once for the run (esbuild, packages left external and resolved from the repo's node_modules) into
// a folder two levels below the repo, so that what the code finds relative to itself (package.json
// two folders up, resources/ walking up, the token service and the OCR and quick_check workers
// beside the entry) is found as from out/main. Removed at the end of the run.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { ENTRIES } from './entry-sources';

const REPO = path.resolve(import.meta.dirname, '../..');

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = path.join(REPO, '.tmp', `bundles-${process.pid}-${project.name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(REPO, file)])),
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  project.provide('testBundles', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
