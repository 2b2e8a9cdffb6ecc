// The TypeScript entries that tests start as processes of their own (the server, the CLI, the
// token service, test workers), and how Node starts one: the bundle test/setup/bundles.ts made for
// this run when the project has one, else the source behind tsx. A bundle starts in a fraction of
// tsx's time (about 0.3 s against 1.5–4 s here), and the kill and CLI tests start these entries
// hundreds of times. The bundle is the same source, compiled by the same esbuild that tsx uses.
import path from 'node:path';
import { inject } from 'vitest';
import { ENTRIES } from '../setup/entry-sources';

const REPO = path.resolve(import.meta.dirname, '../..');

export type EntryName = keyof typeof ENTRIES;

/** The arguments to `node` that run an entry: `[bundle.js]`, or `['--import', 'tsx', source.ts]`. */
export function entryArgs(name: EntryName): string[] {
  // Benchmarks use these helpers outside vitest: there the source runs behind tsx.
  const dir = process.env.VITEST ? inject('testBundles') : undefined;
  return dir ? [path.join(dir, `${name}.js`)] : ['--import', 'tsx', path.join(REPO, ENTRIES[name])];
}

/** The same as a file and Node flags, for `fork` (the token service client). */
export function entryFork(name: EntryName): { entry: string; execArgv: string[] } {
  const args = entryArgs(name);
  return { entry: args.at(-1)!, execArgv: args.slice(0, -1) };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/setup/bundles.ts: the folder of this run's bundled entries. */
    testBundles: string | undefined;
  }
}
