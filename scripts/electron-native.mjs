// Keeps the Electron build of better-sqlite3 apart from the Node build that tests, the CLI and
// the browser shell load (PITFALLS: NODE_MODULE_VERSION mismatch). The Electron copy is compiled
// into node_modules/.cache/mahkama-electron/<electron version>/ and handed to the app through
// MAHKAMA_SQLITE_BINDING; node_modules/better-sqlite3 itself is never rebuilt for Electron.
// @node-rs/argon2 is N-API and loads in both runtimes unchanged. Packaged apps do not use this:
// electron-builder (npmRebuild) rebuilds node_modules/better-sqlite3 in place for Electron, so
// after packaging `npm rebuild better-sqlite3` brings the Node build back (README, Packaging).
import fs from 'node:fs';
import path from 'node:path';

/** Returns the path of an Electron-ABI better_sqlite3.node, building it once per Electron version. */
export async function electronSqliteBinding(root, electronVersion) {
  const cacheDir = path.join(root, 'node_modules', '.cache', 'mahkama-electron', electronVersion);
  const moduleDir = path.join(cacheDir, 'node_modules', 'better-sqlite3');
  const binding = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding)) return binding;
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
  fs.mkdirSync(path.dirname(moduleDir), { recursive: true });
  fs.cpSync(source, moduleDir, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
  fs.writeFileSync(
    path.join(cacheDir, 'package.json'),
    JSON.stringify({ name: 'mahkama-electron-native', private: true, dependencies: { 'better-sqlite3': version } }),
  );
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once) in ${cacheDir} ...`);
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: cacheDir, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  if (!fs.existsSync(binding)) throw new Error(`the Electron build of better-sqlite3 did not produce ${binding}`);
  return binding;
}
