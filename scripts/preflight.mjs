// Preflight of `npm test`: finds the system tools the tests need and checks that the native modules
// load in this Node. Installs missing Debian packages only as root on Debian; never installs npm
// packages and never touches anything outside apt. `--for bench:ocr` checks instead what that
// benchmark alone needs (native tesseract and its language packs): the tests never need them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Every system tool a test needs. A later issue adds a row, nothing else:
 * `check` is either `{ path }` (a file that must exist) or `{ command: [exe, ...args] }` (must exit 0).
 * `debianPackage` is what `apt-get install` needs to make the check pass.
 */
export const systemTools = [
  {
    tool: 'chromium',
    why: 'the end-to-end tests drive the browser shell in Debian Chromium',
    check: { path: '/usr/bin/chromium' },
    debianPackage: 'chromium',
  },
  {
    tool: 'Noto fonts',
    why: 'Chromium renders Arabic fallback glyphs in screenshots with them (no tofu boxes)',
    check: { path: '/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf' },
    debianPackage: 'fonts-noto-core',
  },
  {
    tool: 'pdftotext',
    why: 'the printing tests read the text, fonts and page size back from the PDFs (also pdfinfo, pdffonts)',
    check: { path: '/usr/bin/pdftotext' },
    debianPackage: 'poppler-utils',
  },
  {
    tool: 'pdftoppm',
    why: 'the printing tests render every PDF page to PNG (test-results/print/) to be looked at',
    check: { path: '/usr/bin/pdftoppm' },
    debianPackage: 'poppler-utils',
  },
  // Signing (issue 10): a real PKCS#11 token, tools to fill it, a test CA, and the independent checkers of signed PDFs.
  { tool: 'softhsm2', why: 'the signing tests make PKCS#11 tokens in SoftHSM2', check: { path: '/usr/lib/softhsm/libsofthsm2.so' }, debianPackage: 'softhsm2' },
  { tool: 'pkcs11-tool', why: 'the signing tests write certificates onto the tokens', check: { path: '/usr/bin/pkcs11-tool' }, debianPackage: 'opensc' },
  { tool: 'openssl', why: 'the signing tests build a test CA and check CMS signatures (openssl cms -verify)', check: { path: '/usr/bin/openssl' }, debianPackage: 'openssl' },
  { tool: 'qpdf', why: 'the signing tests check signed PDFs (qpdf --check) and make xref-stream PDFs; the document fault tests make a password-protected PDF', check: { path: '/usr/bin/qpdf' }, debianPackage: 'qpdf' },
  { tool: 'pdfsig', why: 'the signing tests check signed PDFs with poppler', check: { path: '/usr/bin/pdfsig' }, debianPackage: 'poppler-utils' },
  {
    tool: 'unshare',
    why: 'the full-disk tests (signing CLI, desk file, document import and upload, blob download) fill a real disk: a tiny tmpfs mounted in a mount namespace of its own (unprivileged user namespaces must be allowed)',
    check: { path: '/usr/bin/unshare' },
    debianPackage: 'util-linux',
  },
  {
    tool: 'setpriv',
    why: "the extension test runs the CLI without the capabilities that let root write a read-only file, as a clerk's account would",
    check: { path: '/usr/bin/setpriv' },
    debianPackage: 'util-linux',
  },
  {
    tool: 'pdfimages',
    why: 'the searchable-PDF export test checks that the scan is still an image on each page',
    check: { path: '/usr/bin/pdfimages' },
    debianPackage: 'poppler-utils',
  },
  // The OCR tests need no native tesseract: tesseract.js reads resources/tessdata (shipped). Native
  // tesseract-ocr is for the OCR benchmark only: benchTools below.
];

/**
 * What a benchmark needs beyond the tests, by npm script. Only `preflight --for <script>` checks
 * these (the script runs it first); `npm test`'s preflight lists them as information, never as a problem.
 */
export const benchTools = {
  'bench:ocr': [
    {
      tool: 'tesseract',
      why: 'bench:ocr reads the same pages with native tesseract as the baseline of the app pipeline',
      check: { path: '/usr/bin/tesseract' },
      debianPackage: 'tesseract-ocr',
    },
    ...['ara', 'fra', 'eng'].map((lang) => ({
      tool: `tesseract ${lang}`,
      why: `bench:ocr reads its ${lang} pages with native tesseract's ${lang} model`,
      check: { path: `/usr/share/tesseract-ocr/5/tessdata/${lang}.traineddata` },
      debianPackage: `tesseract-ocr-${lang}`,
    })),
  ],
};

function toolPresent(row) {
  if ('path' in row.check) return existsSync(row.check.path);
  const [exe, ...args] = row.check.command;
  const r = spawnSync(exe, args, { stdio: 'ignore' });
  return r.status === 0;
}

export function missingTools(table = systemTools) {
  return table.filter((row) => !toolPresent(row));
}

function describeCheck(row) {
  return 'path' in row.check ? row.check.path : row.check.command.join(' ');
}

function run(cmd, args) {
  console.log(`preflight: $ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

/** Returns a list of problems (empty when every tool is there, possibly after installing it). */
function ensureSystemTools({ allowInstall, table = systemTools }) {
  const missing = missingTools(table);
  for (const row of table) {
    const ok = !missing.includes(row);
    console.log(`preflight: ${ok ? 'ok     ' : 'MISSING'} ${row.tool} (${describeCheck(row)}) — ${row.why}`);
  }
  if (missing.length === 0) return [];

  const packages = [...new Set(missing.map((row) => row.debianPackage))];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = existsSync('/etc/debian_version');
  if (allowInstall && isRoot && isDebian) {
    console.log(`preflight: installing ${packages.join(' ')} (root on Debian)`);
    const installed = run('apt-get', ['update']) && run('apt-get', ['install', '-y', '--no-install-recommends', ...packages]);
    const stillMissing = missingTools(table);
    if (installed && stillMissing.length === 0) return [];
    return stillMissing.map((row) => `${row.tool} still missing after apt-get install ${row.debianPackage}`);
  }
  const why = !isDebian ? 'this is not Debian' : !isRoot ? 'not running as root' : 'installing was turned off (--no-install)';
  return [
    `missing system tools (${why}); install them with:\n    sudo apt-get install -y ${packages.join(' ')}\n  (Debian package names; on another system install the equivalent of each)`,
  ];
}

/** The native modules must be built for this Node (not Electron's ABI) and their install scripts must have run. */
function checkNativeModules() {
  const require = createRequire(import.meta.url);
  const problems = [];
  try {
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    const row = db.prepare('select sqlite_version() as v').get();
    db.close();
    console.log(`preflight: ok      better-sqlite3 (SQLite ${row.v}, Node ABI ${process.versions.modules})`);
  } catch (err) {
    const message = String(err && err.message ? err.message : err);
    let hint = 'run: npm rebuild better-sqlite3';
    if (/NODE_MODULE_VERSION/.test(message)) {
      hint = 'it was built for another ABI (probably Electron\'s); rebuild it for Node with: npm rebuild better-sqlite3';
    } else if (/Could not locate the bindings file|Cannot find module/.test(message)) {
      hint =
        'its install script did not run: package.json "allowScripts" must approve it (npm install-scripts approve better-sqlite3), then: npm rebuild better-sqlite3';
    }
    problems.push(`better-sqlite3 does not load: ${message.split('\n')[0]}\n  hint: ${hint}`);
  }
  try {
    const argon2 = require('@node-rs/argon2');
    const hash = argon2.hashSync('preflight', { memoryCost: 1024, timeCost: 1, parallelism: 1 });
    if (!argon2.verifySync(hash, 'preflight')) throw new Error('hash does not verify');
    console.log('preflight: ok      @node-rs/argon2');
  } catch (err) {
    const message = String(err && err.message ? err.message : err);
    problems.push(
      `@node-rs/argon2 does not load: ${message.split('\n')[0]}\n  hint: its prebuilt binary comes as an optional dependency for this platform; run npm install without --omit=optional (or: npm rebuild @node-rs/argon2)`,
    );
  }
  return problems;
}

/** The OCR tests read resources/tessdata (committed) with tesseract.js and rasterize with mupdf: both must be there. */
function checkOcr() {
  const problems = [];
  for (const model of ['ara', 'fra', 'eng', 'osd']) {
    const file = fileURLToPath(new URL(`../resources/tessdata/${model}.traineddata`, import.meta.url));
    // A Git LFS pointer or a partial checkout is a few hundred bytes; the smallest model is 1.1 MB.
    if (!existsSync(file) || statSync(file).size < 1_000_000) problems.push(`${file} is missing or not the real model (a Git LFS pointer?)`);
  }
  // Looked up as files: mupdf is ESM-only and its exports map hides package.json from require.resolve.
  for (const file of ['tesseract.js/package.json', 'tesseract.js-core/tesseract-core-lstm.wasm', 'mupdf/dist/mupdf-wasm.wasm']) {
    if (!existsSync(fileURLToPath(new URL(`../node_modules/${file}`, import.meta.url)))) problems.push(`${file.split('/')[0]} is not installed: run npm install`);
  }
  if (problems.length === 0) console.log('preflight: ok      OCR (resources/tessdata ara/fra/eng/osd, tesseract.js, mupdf)');
  return problems;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 20 || (major === 20 && minor >= 19)) return [];
  return [`Node ${process.versions.node} is too old: Mahkama needs Node >= 20.19`];
}

// Never require('electron') here: without its binary that call tries to download it.
function reportElectron() {
  const dir = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));
  const pathFile = `${dir}path.txt`;
  const present = existsSync(pathFile) && existsSync(`${dir}dist/${readFileSync(pathFile, 'utf8').trim()}`);
  console.log(
    `preflight: info    Electron binary ${present ? 'present' : 'absent'} (the tests do not need it; without it npm start opens the browser shell)`,
  );
}

function checkDependenciesInstalled() {
  const lock = fileURLToPath(new URL('../node_modules/.package-lock.json', import.meta.url));
  return existsSync(lock) ? [] : ['the npm dependencies are not installed: run `npm install` (or `npm ci`) first'];
}

export function preflight({ allowInstall = true } = {}) {
  const installed = checkDependenciesInstalled();
  const problems = [...checkNode(), ...installed, ...ensureSystemTools({ allowInstall }), ...(installed.length ? [] : [...checkNativeModules(), ...checkOcr()])];
  reportElectron();
  reportBenchTools();
  return problems;
}

function reportBenchTools() {
  for (const [script, table] of Object.entries(benchTools)) {
    const missing = missingTools(table);
    const state = missing.length === 0 ? 'present' : `missing ${missing.map((r) => r.debianPackage).join(' ')}`;
    console.log(`preflight: info    ${script} only (not the tests): ${table.map((r) => r.tool).join(', ')} ${state}`);
  }
}

/** What one benchmark script needs (`--for bench:ocr`): its tools, installed like the tests' when root on Debian. */
export function preflightFor(script, { allowInstall = true } = {}) {
  const table = benchTools[script];
  if (!table) return [`no preflight for ${script}; known: ${Object.keys(benchTools).join(', ')}`];
  return ensureSystemTools({ allowInstall, table });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const forIndex = process.argv.indexOf('--for');
  const script = forIndex >= 0 ? process.argv[forIndex + 1] : undefined;
  const allowInstall = !process.argv.includes('--no-install');
  const problems = script ? preflightFor(script, { allowInstall }) : preflight({ allowInstall });
  if (problems.length > 0) {
    for (const p of problems) console.error(`preflight: PROBLEM ${p}`);
    process.exit(1);
  }
  console.log(script ? `preflight: everything ${script} needs is here` : 'preflight: everything the tests need is here');
}
