// Packaging as far as it can be checked without the Electron binary: scripts/package-check.mjs
// against the real electron-builder.yml and build output. Never runs a real electron-builder build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function packageCheck(...args: string[]): { status: number | null; checks: Check[] } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'package-check.mjs'), '--json', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const lastLine = r.stdout.trim().split('\n').pop() ?? '[]';
  return { status: r.status, checks: JSON.parse(lastLine) as Check[] };
}

describe('packaging (electron-builder) without the Electron binary', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mahkama-packaging-'));

  beforeAll(() => {
    // `npm test` builds before the tests; a lone run of this file builds the bundles itself.
    if (!existsSync(path.join(repoRoot, 'out', 'main'))) {
      const build = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: repoRoot, stdio: 'ignore' });
      expect(build.status).toBe(0);
    }
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the release set-up passes every check: schema, targets, icons, built paths, main entry, unpacked native modules', () => {
    const { status, checks } = packageCheck();
    const names = checks.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "electron-builder.yml parses and passes electron-builder's schema",
        'package.json main exists after the build',
        'asarUnpack covers resources/tessdata/** (OCR workers read it)',
        'asarUnpack covers out/main/quick-check.js (the quick_check worker thread)',
        'out/main/quick-check.js is built and imports nothing of ours (nothing it needs stays inside app.asar)',
        'npx electron-builder --help runs',
      ]),
    );
    expect(names.filter((n) => n.startsWith('asarUnpack covers node_modules/')).length).toBeGreaterThanOrEqual(2);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(status).toBe(0);
  });

  it('a misspelt option or a missing icon in the builder config is refused, not ignored', () => {
    const bad = path.join(dir, 'electron-builder.yml');
    writeFileSync(bad, 'appId: ma.mahkama.workstation\nproductName: Mahkama\nlinux:\n  tagret: AppImage\n  icon: build/no-such-icon.png\n');
    const { status, checks } = packageCheck('--config', bad);
    const failed = checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toContain("electron-builder.yml parses and passes electron-builder's schema");
    expect(status).toBe(1);
  });
});
