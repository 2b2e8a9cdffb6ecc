// `npm test`: preflight, typecheck, lint, build, vitest (unit + integration), vitest (the domain,
// server and sync integration suites again on PostgreSQL: TEST_DATABASE_URL, or an embedded
// server), vitest (e2e),
// then one closing line `N passed, N failed`. Every step runs even after a failure, so the summary is whole;
// a failed non-vitest step counts as one failure. It must never report success it did not see.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);
const resultsDir = path.join(repoRoot, 'test-results');
const ci = Boolean(process.env.CI) && process.env.CI !== 'false';

// In CI nothing may colour or animate the output: logs are parsed. Vitest never watches here
// (`vitest run`), whatever CI says.
const env = { ...process.env };
if (ci) {
  env.NO_COLOR = '1';
  delete env.FORCE_COLOR;
}

const MINUTE = 60_000;

/** Runs one command with the output streamed as it comes; returns its exit status (null if killed). */
function run(label, cmd, args, timeoutMs) {
  const shown = cmd.startsWith(repoRoot) ? path.relative(repoRoot, cmd) : path.basename(cmd);
  console.log(`\n=== ${label}: ${shown} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: repoRoot, env, stdio: 'inherit', timeout: timeoutMs, killSignal: 'SIGKILL' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.error) console.log(`=== ${label}: could not run (${r.error.message}) after ${seconds}s`);
  else if (r.signal) console.log(`=== ${label}: killed by ${r.signal} after ${seconds}s (limit ${timeoutMs / MINUTE} min)`);
  else console.log(`=== ${label}: exit ${r.status} after ${seconds}s`);
  return r.error || r.signal ? null : r.status;
}

const summary = []; // { step, passed, failed, note }

function plainStep(step, cmd, args, timeoutMs) {
  const status = run(step, cmd, args, timeoutMs);
  const ok = status === 0;
  summary.push({ step, passed: 0, failed: ok ? 0 : 1, note: ok ? 'ok' : 'FAILED' });
}

/**
 * Runs vitest with the JSON reporter to a file beside the console reporter, and counts from the
 * file. No tests at all, skipped tests, a file that failed to load, or a non-zero exit with no
 * failed test all count as failures: none of them is a green run.
 */
function vitestStep(step, projects, timeoutMs, extraArgs = []) {
  mkdirSync(resultsDir, { recursive: true });
  const jsonFile = path.join(resultsDir, `vitest-${projects.join('-')}.json`);
  rmSync(jsonFile, { force: true });
  const args = ['run', ...projects.flatMap((p) => ['--project', p]), ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`];
  const status = run(step, bin('vitest'), args, timeoutMs);

  if (!existsSync(jsonFile)) {
    summary.push({ step, passed: 0, failed: 1, note: `FAILED: vitest wrote no report (exit ${status})` });
    return;
  }
  const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const notes = [];
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (skipped > 0) {
    failed += skipped;
    notes.push(`${skipped} skipped/todo (not allowed)`);
  }
  const brokenFiles = (report.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  );
  for (const f of brokenFiles) notes.push(`file failed outside a test: ${path.relative(repoRoot, f.name)}${f.message ? ` (${f.message.split('\n')[0]})` : ''}`);
  failed += brokenFiles.length;
  if (passed + failed === 0) {
    failed = 1;
    notes.push(`no tests found for project ${projects.join(', ')}`);
  }
  if (status !== 0 && failed === 0) {
    failed = 1;
    notes.push(`vitest exited ${status} although every test passed (unhandled error?)`);
  }
  summary.push({ step, passed, failed, note: [failed === 0 ? 'ok' : 'FAILED', ...notes].join('; ') });
}

const node = process.execPath;
plainStep('preflight', node, [path.join(repoRoot, 'scripts', 'preflight.mjs')], 20 * MINUTE);
plainStep('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], 10 * MINUTE);
// oxlint colours its default output whenever CI is set, NO_COLOR or not: use the plain format there.
plainStep('lint', bin('oxlint'), ['-c', '.oxlintrc.json', ...(ci ? ['--format', 'unix'] : []), 'src', 'test', 'scripts'], 5 * MINUTE);
plainStep('build', bin('electron-vite'), ['build'], 10 * MINUTE);
// Vitest's default on a 2-core machine is one file at a time; these files mostly wait on child
// processes (servers, the token service, Chromium, OCR workers), so two at a time nearly halve the
// run (15 minutes alone for unit + integration once documents, OCR and signing landed).
const TWO_FILES_AT_ONCE = ['--maxWorkers=2'];
vitestStep('unit + integration', ['unit', 'integration'], 20 * MINUTE, TWO_FILES_AT_ONCE);
// The domain, server and sync suites on PostgreSQL: more than the domain alone, so more room (it took
// 17 min on a 2-core machine shared with other jobs at a load of 15-20; unmeasured alone).
vitestStep('integration-pg', ['integration-pg'], 15 * MINUTE, TWO_FILES_AT_ONCE);
vitestStep('e2e', ['e2e'], 20 * MINUTE);

const passed = summary.reduce((n, s) => n + s.passed, 0);
const failed = summary.reduce((n, s) => n + s.failed, 0);
console.log('\n=== summary');
for (const s of summary) console.log(`  ${s.step.padEnd(20)} ${String(s.passed).padStart(5)} passed ${String(s.failed).padStart(4)} failed  ${s.note}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
