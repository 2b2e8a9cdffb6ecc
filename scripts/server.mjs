// `npm run server`: the central sync server (src/server/index.ts), run in this very process with
// tsx's loader. One process, so SIGTERM and SIGINT reach the server itself, which finishes the
// requests in flight, closes its store and exits 0; a wrapper process would die first and leave
// the server orphaned. Arguments after `--` are passed on.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(repoRoot, 'src', 'server', 'index.ts');

if (!existsSync(entry)) {
  console.error(`The central sync server's entry is missing (${entry}).`);
  process.exit(1);
}
register();
const { main } = await import(pathToFileURL(entry).href);
process.exit(await main(process.argv.slice(2)));
