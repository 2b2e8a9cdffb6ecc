// `npm run package:check`: checks the packaging set-up as far as it can be checked without the
// Electron binary — electron-builder.yml valid against electron-builder's own schema, every path it
// names present after `electron-vite build`, native modules unpacked. Never runs a real packaging.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repoRoot, 'package.json'));
// electron-builder's config loader and validator live in its app-builder-lib.
const fromBuilder = createRequire(require.resolve('electron-builder/package.json'));

function pngSize(file) {
  const b = readFileSync(file);
  const signature = b.subarray(0, 8).toString('hex') === '89504e470d0a1a0a';
  return signature ? { width: b.readUInt32BE(16), height: b.readUInt32BE(20) } : null;
}

/** Every native addon an installed production dependency ships, repo-relative. */
function nativeAddons() {
  const roots = ['node_modules/better-sqlite3/build/Release', 'node_modules/pkcs11js/build/Release', ...readdirSync(path.join(repoRoot, 'node_modules/@node-rs')).map((d) => `node_modules/@node-rs/${d}`)];
  return roots.flatMap((dir) =>
    existsSync(path.join(repoRoot, dir))
      ? readdirSync(path.join(repoRoot, dir)).filter((f) => f.endsWith('.node')).map((f) => `${dir}/${f}`)
      : [],
  );
}

export async function packageChecks(configFile = path.join(repoRoot, 'electron-builder.yml')) {
  const results = [];
  const check = (name, ok, detail = '') => results.push({ name, ok: Boolean(ok), detail });

  const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config');
  const { DebugLogger } = fromBuilder('builder-util');
  const { minimatch } = fromBuilder('minimatch');

  let config = null;
  try {
    config = await getConfig(repoRoot, configFile, null);
    await validateConfiguration(config, new DebugLogger(false));
    check('electron-builder.yml parses and passes electron-builder\'s schema', true);
  } catch (err) {
    check('electron-builder.yml parses and passes electron-builder\'s schema', false, String(err.message ?? err).split('\n')[0]);
  }
  if (!config) return results;

  check('appId is ma.mahkama.workstation', config.appId === 'ma.mahkama.workstation', config.appId);
  check('productName is Mahkama', config.productName === 'Mahkama', config.productName);
  const targets = (t) => (t ?? []).map((x) => (typeof x === 'string' ? x : x.target));
  check('Linux targets: AppImage and deb', ['AppImage', 'deb'].every((t) => targets(config.linux?.target).includes(t)), targets(config.linux?.target).join(', '));
  check('Windows target: nsis', targets(config.win?.target).includes('nsis'), targets(config.win?.target).join(', '));
  check('npmRebuild is on (native modules rebuilt for Electron when packaging)', config.npmRebuild === true);

  // Paths the config names.
  const buildResources = config.directories?.buildResources ?? 'build';
  check(`buildResources folder ${buildResources}/ exists`, existsSync(path.join(repoRoot, buildResources)));
  for (const [platform, icon] of [['linux', config.linux?.icon], ['win', config.win?.icon]]) {
    const file = icon && path.join(repoRoot, icon);
    const size = file && existsSync(file) ? pngSize(file) : null;
    check(`${platform} icon ${icon} is a PNG of at least 512×512`, size && size.width >= 512 && size.height >= 512, size ? `${size.width}×${size.height}` : 'missing');
  }
  // getConfig normalizes `files` to [{ filter: [...] }] (or { from, filter }).
  const filePatterns = (config.files ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));
  for (const pattern of filePatterns) {
    if (pattern.startsWith('!')) continue;
    const base = pattern.replace(/\/?\*\*.*$/, '');
    const full = path.join(repoRoot, base);
    const ok = existsSync(full) && (!statSync(full).isDirectory() || readdirSync(full).length > 0);
    check(`files: ${pattern} exists (after electron-vite build)`, ok);
  }
  for (const bundle of ['out/main', 'out/preload', 'out/renderer']) {
    const full = path.join(repoRoot, bundle);
    check(`electron-vite built ${bundle}/`, existsSync(full) && readdirSync(full).length > 0);
  }
  for (const extra of config.extraResources ?? []) {
    const from = typeof extra === 'string' ? extra : extra.from;
    check(`extraResources: ${from} exists`, existsSync(path.join(repoRoot, from)));
  }

  // package.json main is what Electron starts.
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const main = path.normalize(pkg.main ?? '');
  check('package.json main is out/main/index.js', main === path.normalize('out/main/index.js'), pkg.main);
  check('package.json main exists after the build', existsSync(path.join(repoRoot, main)));

  // Native modules must be unpacked from app.asar.
  const unpack = [config.asarUnpack ?? []].flat();
  const addons = nativeAddons();
  check('native addons found (better-sqlite3, @node-rs/argon2, pkcs11js)', addons.some((a) => a.includes('better_sqlite3')) && addons.some((a) => a.includes('argon2')) && addons.some((a) => a.includes('pkcs11js')), addons.join(', '));
  for (const addon of addons) {
    check(`asarUnpack covers ${addon}`, unpack.some((pattern) => minimatch(addon, pattern, { dot: true })));
  }
  check('asarUnpack covers resources/tessdata/** (OCR workers read it)', unpack.some((pattern) => minimatch('resources/tessdata/ara.traineddata', pattern)));
  // A worker thread cannot read app.asar: its script must be unpacked, and must stand alone.
  const worker = 'out/main/quick-check.js';
  check(`asarUnpack covers ${worker} (the quick_check worker thread)`, unpack.some((pattern) => minimatch(worker, pattern)));
  const workerCode = existsSync(path.join(repoRoot, worker)) ? readFileSync(path.join(repoRoot, worker), 'utf8') : '';
  const relativeImports = [...workerCode.matchAll(/\bfrom\s+["'](\.[^"']*)["']|\bimport\(\s*["'](\.[^"']*)["']/g)].map((m) => m[1] ?? m[2]);
  check(`${worker} is built and imports nothing of ours (nothing it needs stays inside app.asar)`, workerCode !== '' && relativeImports.length === 0, relativeImports.join(', '));

  // The OCR worker thread: its script, every chunk it imports, and the packages that start threads
  // and WASM of their own (tesseract.js, its core, mupdf) must be read unpacked.
  const ocrWorker = 'out/main/ocr-worker.js';
  const ocrCode = existsSync(path.join(repoRoot, ocrWorker)) ? readFileSync(path.join(repoRoot, ocrWorker), 'utf8') : '';
  const ocrImports = [...ocrCode.matchAll(/\bfrom\s+["'](\.[^"']*)["']/g)].map((m) => path.posix.join('out/main', m[1]));
  const ocrNeeds = [ocrWorker, ...ocrImports, 'node_modules/tesseract.js/src/worker-script/node/index.js', 'node_modules/tesseract.js-core/tesseract-core-lstm.wasm', 'node_modules/mupdf/dist/mupdf-wasm.wasm'];
  const notUnpacked = ocrNeeds.filter((f) => !unpack.some((pattern) => minimatch(f, pattern, { dot: true })));
  check(`asarUnpack covers the OCR worker (${ocrWorker}), its chunks, tesseract.js and mupdf`, ocrCode !== '' && notUnpacked.length === 0, notUnpacked.join(', '));

  // The token service is a process of its own, started from the file beside main's bundle
  // (token-service-entry.ts): built, and unpacked so a Node-mode process can read it.
  const tokenService = 'out/main/token-service.js';
  check(`${tokenService} is built and unpacked`, existsSync(path.join(repoRoot, tokenService)) && unpack.some((pattern) => minimatch(tokenService, pattern)));

  // The builder itself runs (no packaging, no download).
  const help = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'electron-builder'), ['--help'], { cwd: repoRoot, encoding: 'utf8' });
  check('npx electron-builder --help runs', help.status === 0, help.status === 0 ? '' : (help.stderr || '').split('\n')[0]);
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const configAt = process.argv.indexOf('--config');
  const results = await packageChecks(configAt > 0 ? path.resolve(process.argv[configAt + 1]) : undefined);
  if (process.argv.includes('--json')) {
    // Last line only: electron-builder's loader logs to stdout before it.
    process.stdout.write(`\n${JSON.stringify(results)}\n`);
  } else {
    for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail ? ` — ${r.detail}` : ''}`);
  }
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
