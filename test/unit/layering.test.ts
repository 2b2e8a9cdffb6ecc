// The one-way layering of ARCHITECTURE §2, checked on the resolved import paths of every file under
// src/: renderer → shared, preload → shared, main → store → domain → shared, server → store → domain → shared,
// and main → signatures → shared, server → signatures → shared (the PDF, CMS, TSA and OCSP code both need).
// This test is the source of truth; the lint overrides in .oxlintrc.json say the same thing earlier.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

type Layer = 'shared' | 'domain' | 'store' | 'signatures' | 'main' | 'preload' | 'renderer' | 'server';

interface LayerRule {
  /** Layers (folders under src/) this layer may import from, itself included. */
  layers: Layer[];
  /** Node built-in modules: all allowed, none, or all but these. */
  builtins: 'all' | 'none' | { except: string[] };
  /** Packages it must not import (a trailing `/*` means the whole scope). */
  forbiddenPackages: string[];
  /** When set, the only packages it may import. */
  onlyPackages?: string[];
}

const uiPackages = ['react', 'react-dom', '@mantine/*', 'react-i18next', '@tanstack/react-virtual'];
// Whatever the renderer may not load, shared may not either: the renderer imports shared.
const notInBrowser = ['electron', 'better-sqlite3', 'kysely', 'fastify', 'pino', '@node-rs/*', 'electron-updater'];

export const layerRules: Record<Layer, LayerRule> = {
  shared: { layers: ['shared'], builtins: 'none', forbiddenPackages: [...notInBrowser, ...uiPackages] },
  domain: {
    layers: ['domain', 'shared'],
    // node:crypto (hashes, ids) is fine; no HTTP, no sockets: the domain is called, it never calls out.
    builtins: { except: ['http', 'https', 'http2', 'net', 'tls', 'dgram'] },
    forbiddenPackages: ['electron', 'electron-updater', 'fastify', ...uiPackages],
  },
  // The schema on each engine and how a store is opened: used by the desk and the server alike.
  store: {
    layers: ['store', 'domain', 'shared'],
    builtins: { except: ['http', 'https', 'http2', 'dgram'] },
    forbiddenPackages: ['electron', 'electron-updater', 'fastify', ...uiPackages],
  },
  // PDF signatures, CMS, timestamps and revocation (PAdES verification, B-LT/B-LTA extension): Node-only
  // code the desk and the server both run. It calls out to a TSA or a responder (fetch), never serves:
  // no HTTP server, no sockets of its own, no database, no Electron.
  signatures: {
    layers: ['signatures', 'shared'],
    builtins: { except: ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'child_process', 'worker_threads'] },
    forbiddenPackages: ['electron', 'electron-updater', 'fastify', 'better-sqlite3', 'kysely', 'pg', 'pino', 'pkcs11js', ...uiPackages],
  },
  main: { layers: ['main', 'signatures', 'store', 'domain', 'shared'], builtins: 'all', forbiddenPackages: [...uiPackages] },
  preload: { layers: ['preload', 'shared'], builtins: 'none', forbiddenPackages: [], onlyPackages: ['electron'] },
  renderer: { layers: ['renderer', 'shared'], builtins: 'none', forbiddenPackages: notInBrowser },
  server: { layers: ['server', 'signatures', 'store', 'domain', 'shared'], builtins: 'all', forbiddenPackages: ['electron', 'electron-updater', ...uiPackages] },
};

const layers = Object.keys(layerRules) as Layer[];

/**
 * Narrow exceptions to a layer's forbidden packages: the folder, and the exact specifiers it may
 * import there. Printed documents are React templates rendered to static HTML in main.
 */
export const allowedImports: { under: string; specifiers: string[] }[] = [
  { under: 'src/main/services/print/templates/', specifiers: ['react', 'react-dom/server'] },
];

function allowedHere(file: string, spec: string): boolean {
  return allowedImports.some((a) => file.startsWith(a.under) && a.specifiers.includes(spec));
}

/** Import specifiers of a source file: static imports, `export … from`, `import()`, `require()`. */
export function importSpecifiers(source: string): string[] {
  // Comments that start a line may mention modules without importing them.
  const code = source.replace(/^\s*\/\*[\s\S]*?\*\//gm, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const patterns = [
    /\bfrom\s*(['"])([^'"\n]+)\1/g,
    /\bimport\s*(['"])([^'"\n]+)\1/g,
    /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
    /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[2]!);
  return found;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function matchesPackage(pkg: string, patterns: string[]): boolean {
  return patterns.some((p) => (p.endsWith('/*') ? pkg.startsWith(p.slice(0, -1)) : pkg === p));
}

/** Wrong-direction imports of one file, as readable sentences; `file` is repo-relative with `/`. */
export function layeringViolations(file: string, source: string): string[] {
  const [top, layer] = file.split('/');
  if (top !== 'src' || !layers.includes(layer as Layer)) return [];
  const rule = layerRules[layer as Layer];
  const problems: string[] = [];
  for (const raw of importSpecifiers(source)) {
    const spec = raw.split('?')[0]!; // electron-vite's `?modulePath`, vite's `?url`
    if (spec.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const [targetTop, targetLayer] = target.split('/');
      if (targetTop === 'src' && !rule.layers.includes(targetLayer as Layer)) {
        problems.push(`${file}: src/${layer} must not import src/${targetLayer} ('${raw}')`);
      } else if (targetTop === 'test' || targetTop === 'scripts') {
        problems.push(`${file}: application code must not import ${targetTop}/ ('${raw}')`);
      }
      continue;
    }
    const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
    const isBuiltin = spec.startsWith('node:') || builtinModules.includes(packageName(bare));
    if (isBuiltin) {
      const name = packageName(bare);
      const allowed =
        rule.builtins === 'all' ? true : rule.builtins === 'none' ? false : !rule.builtins.except.includes(name);
      if (!allowed) problems.push(`${file}: src/${layer} must not import the Node module '${raw}'`);
      continue;
    }
    const pkg = packageName(spec);
    if (allowedHere(file, spec)) continue;
    if (matchesPackage(pkg, rule.forbiddenPackages) || (rule.onlyPackages && !rule.onlyPackages.includes(pkg))) {
      problems.push(`${file}: src/${layer} must not import the package '${raw}'`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Known wrong and right imports: the checker (and the lint) must tell them apart. */
const fixtures: { file: string; source: string; wrong: boolean }[] = [
  { file: 'src/shared/i18n/x.ts', source: "import { openDatabase } from '../../store/sqlite/open-database';", wrong: true },
  { file: 'src/shared/x.ts', source: "import type { Database } from '../domain/db-schema';", wrong: true },
  { file: 'src/shared/x.ts', source: "import { readFileSync } from 'node:fs';", wrong: true },
  { file: 'src/shared/x.ts', source: "import path from 'path';", wrong: true },
  { file: 'src/shared/x.ts', source: "import { useState } from 'react';", wrong: true },
  { file: 'src/shared/x.ts', source: "import { z } from 'zod';\nimport { newId } from './ids';", wrong: false },
  { file: 'src/domain/commands/x.ts', source: "import { ipcMain } from 'electron';", wrong: true },
  { file: 'src/domain/commands/x.ts', source: "const s = await import('../../server/index');", wrong: true },
  { file: 'src/domain/commands/x.ts', source: "import Fastify from 'fastify';", wrong: true },
  { file: 'src/domain/commands/x.ts', source: "import { request } from 'node:http';", wrong: true },
  {
    file: 'src/domain/commands/x.ts',
    source: "import { createHash } from 'node:crypto';\nimport type { Kysely } from 'kysely';\nimport { ruleViolation } from '../../shared/errors';",
    wrong: false,
  },
  { file: 'src/renderer/screens/x.tsx', source: "import Database from 'better-sqlite3';", wrong: true },
  { file: 'src/renderer/screens/x.tsx', source: "import type { Kysely } from 'kysely';", wrong: true },
  { file: 'src/renderer/screens/x.tsx', source: "import { registerCase } from '../../domain/commands/register-case';", wrong: true },
  { file: 'src/renderer/screens/x.tsx', source: "import { ipcRenderer } from 'electron';", wrong: true },
  {
    file: 'src/renderer/screens/x.tsx',
    source: "import { Button } from '@mantine/core';\nimport { formatCaseNumber } from '../../shared/case-number';",
    wrong: false,
  },
  { file: 'src/preload/index.ts', source: "import { z } from 'zod';", wrong: true },
  { file: 'src/preload/index.ts', source: "import { handlers } from '../main/ipc/handlers';", wrong: true },
  {
    file: 'src/preload/index.ts',
    source: "import { contextBridge, ipcRenderer } from 'electron';\nimport { ipcContract } from '../shared/ipc/contract';",
    wrong: false,
  },
  { file: 'src/server/index.ts', source: "import { BrowserWindow } from 'electron';", wrong: true },
  { file: 'src/server/index.ts', source: "import { MIGRATIONS } from '../store/sqlite/migrations';", wrong: false },
  { file: 'src/store/sqlite/open-database.ts', source: "import { x } from '../../main/services/config';", wrong: true },
  { file: 'src/store/sqlite/open-database.ts', source: "import { app } from 'electron';", wrong: true },
  { file: 'src/domain/commands/x.ts', source: "import { MIGRATIONS } from '../../store/sqlite/migrations';", wrong: true },
  { file: 'src/shared/x.ts', source: "import { MIGRATIONS } from '../store/sqlite/migrations';", wrong: true },
  { file: 'src/server/index.ts', source: "import { x } from '../main/services/config';", wrong: true },
  { file: 'src/main/ipc/x.ts', source: "import { App } from '../../renderer/App';", wrong: true },
  // The signatures layer: beneath main and the server, above shared only.
  { file: 'src/server/ltv/x.ts', source: "import { extendPdf } from '../../signatures/ltv-extend';", wrong: false },
  { file: 'src/main/services/signing/x.ts', source: "import { verifyPdf } from '../../../signatures/pdf-verify';", wrong: false },
  { file: 'src/signatures/x.ts', source: "import { AppError } from '../shared/errors';\nimport fs from 'node:fs';\nimport * as pkijs from 'pkijs';", wrong: false },
  { file: 'src/signatures/x.ts', source: "import { newestJudgmentFile } from '../domain/queries/judgment-files';", wrong: true },
  { file: 'src/signatures/x.ts', source: "import { openPostgres } from '../store/postgres/open-postgres';", wrong: true },
  { file: 'src/signatures/x.ts', source: "import { logger } from '../main/services/logger';", wrong: true },
  { file: 'src/signatures/x.ts', source: "import { createServer } from 'node:http';", wrong: true },
  { file: 'src/signatures/x.ts', source: "import Fastify from 'fastify';", wrong: true },
  { file: 'src/signatures/x.ts', source: "import { app } from 'electron';", wrong: true },
  { file: 'src/signatures/x.ts', source: "import type { Kysely } from 'kysely';", wrong: true },
  { file: 'src/domain/commands/x.ts', source: "import { verifyPdf } from '../../signatures/pdf-verify';", wrong: true },
  { file: 'src/store/postgres/x.ts', source: "import { verifyPdf } from '../../signatures/pdf-verify';", wrong: true },
  { file: 'src/shared/x.ts', source: "import { verifyPdf } from '../signatures/pdf-verify';", wrong: true },
  { file: 'src/renderer/screens/x.tsx', source: "import { verifyPdf } from '../../signatures/pdf-verify';", wrong: true },
  // Printed documents: React's static renderer in main's print templates, and nowhere else in main.
  {
    file: 'src/main/services/print/templates/Receipt.tsx',
    source: "import type { ReactNode } from 'react';\nimport { renderToStaticMarkup } from 'react-dom/server';",
    wrong: false,
  },
  { file: 'src/main/services/print/templates/Receipt.tsx', source: "import { Table } from '@mantine/core';", wrong: true },
  { file: 'src/main/services/print/templates/Receipt.tsx', source: "import { createRoot } from 'react-dom/client';", wrong: true },
  { file: 'src/main/services/print/print-documents.ts', source: "import { renderToStaticMarkup } from 'react-dom/server';", wrong: true },
  { file: 'src/main/services/handlers/print.ts', source: "import { useState } from 'react';", wrong: true },
  // A folder of main that happens to share a word with a layer (shell/server.ts) is main's own.
  { file: 'src/main/shell/start.ts', source: "import { startShellServer } from './server';", wrong: false },
  {
    file: 'src/main/ipc/x.ts',
    source: "import { app } from 'electron';\nimport { registerCase } from '../../domain/commands/register-case';",
    wrong: false,
  },
];

describe('layering: dependencies point one way (ARCHITECTURE §2)', () => {
  it('every file under src/ imports only its own layer and the layers beneath it', () => {
    const files = sourceFiles(path.join(repoRoot, 'src'));
    expect(files.length).toBeGreaterThan(0);
    expect(files).toContain('src/shared/errors.ts');
    const problems = files.flatMap((f) => layeringViolations(f, readFileSync(path.join(repoRoot, f), 'utf8')));
    expect(problems).toEqual([]);
  });

  it.each(fixtures)('the checker judges $file importing `$source` as wrong=$wrong', ({ file, source, wrong }) => {
    expect(layeringViolations(file, source).length > 0).toBe(wrong);
  });

  it('finds imports in every syntax, and ignores line comments that merely name a module', () => {
    const source = [
      '// never import from \'electron\' here',
      "import a from 'a';",
      "import 'side-effect';",
      "export { b } from './b';",
      "export * from \"./c\";",
      "const d = await import('d');",
      "const e = require('e');",
      "import type { F } from './f';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(expect.arrayContaining(['a', 'side-effect', './b', './c', 'd', 'e', './f']));
    expect(importSpecifiers(source)).not.toContain('electron');
  });
});

describe('layering: the lint (oxlint overrides) rejects the same wrong imports', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mahkama-layering-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('oxlint with .oxlintrc.json reports every wrong fixture and none of the right ones', () => {
    cpSync(path.join(repoRoot, '.oxlintrc.json'), path.join(dir, '.oxlintrc.json'));
    const written = fixtures.map((f, i) => {
      const file = f.file.replace(/(\.[a-z]+)$/, `-${i}$1`);
      mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(dir, file), `${f.source}\nexport {};\n`);
      return { ...f, file };
    });
    const oxlint = path.join(repoRoot, 'node_modules', '.bin', 'oxlint');
    const run = spawnSync(oxlint, ['-c', '.oxlintrc.json', '--format', 'json', '-A', 'all', '-D', 'no-restricted-imports', 'src'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; filename: string }[] };
    const flagged = new Set(
      report.diagnostics.filter((d) => d.code.includes('no-restricted-imports')).map((d) => d.filename.split(path.sep).join('/')),
    );
    for (const f of written) expect({ file: f.file, flagged: flagged.has(f.file) }).toEqual({ file: f.file, flagged: f.wrong });
  });
});
