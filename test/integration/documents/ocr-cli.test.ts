// `npm run cli -- ocr FILE...` as the court's IT runs it (a real child process, the app's pipeline,
// no database): each page's text, and with --json its confidence, model and timings; a file that
// cannot be read is reported with its reason and the next file is still read (exit 1). Run with
// every network access refused (test/helpers/no-network.mjs, also in the worker threads) and from
// an empty folder: the language data comes from resources/tessdata, nothing is fetched or cached.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { characterErrorRate, fixture, knownText, writeBlankPng } from '../../helpers/ocr';

const repo = path.resolve(import.meta.dirname, '../../..');
const tsxCli = path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const noNetwork = path.join(repo, 'test', 'helpers', 'no-network.mjs');

function cli(args: string[], env: Record<string, string> = {}) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-ocr-cli-'));
  const r = spawnSync(process.execPath, ['--import', noNetwork, tsxCli, path.join(repo, 'src/main/cli/index.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: cwd, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9', NODE_OPTIONS: `--import=${noNetwork}`, ...env },
    timeout: 120_000,
  });
  const left = fs.readdirSync(cwd);
  fs.rmSync(cwd, { recursive: true, force: true });
  return { code: r.status, out: r.stdout, err: r.stderr, left };
}

interface JsonPage {
  page: number;
  source: string;
  model: string | null;
  script: string;
  confidence: number;
  width: number;
  height: number;
  ms: { rasterize: number; detect: number; read: number };
  text: string;
}
type JsonFile = { file: string; ok: true; mime: string; ms: number; pages: JsonPage[] } | { file: string; ok: false; error: { code: string; reason: string; message: string } };

describe('cli ocr', () => {
  it('(the guard itself: a fetch from a worker thread under it is refused and reported)', () => {
    const worker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-guard-')), 'w.mjs');
    fs.writeFileSync(worker, "await fetch('https://tessdata.projectnaptha.com/4.0.0/ara.traineddata.gz').catch(() => {});");
    const r = spawnSync(process.execPath, ['--import', noNetwork, '-e', `new (require('node:worker_threads').Worker)(${JSON.stringify(worker)})`], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toContain('NETWORK ATTEMPT: fetch https://tessdata.projectnaptha.com');
  });

  it('--json: per page text, model, confidence and timings; a bad file reported in the CLI\'s language while the others are read; nothing fetched', () => {
    const missing = path.join(os.tmpdir(), 'no-such-scan.pdf');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-ocr-folder-'));
    const r = cli(['ocr', fixture('arabic-clean.png'), missing, fixture('text-layer-french.pdf'), folder, '--json'], { MAHKAMA_LANG: 'fr' });
    expect(r.err).not.toContain('NETWORK ATTEMPT');
    expect(r.code).toBe(1);
    const files = JSON.parse(r.out.trim().split('\n').pop()!) as JsonFile[];
    expect(files.map((f) => f.ok)).toEqual([true, false, true, false]);
    const [arabic, gone, french, notAFile] = files as [Extract<JsonFile, { ok: true }>, Extract<JsonFile, { ok: false }>, Extract<JsonFile, { ok: true }>, Extract<JsonFile, { ok: false }>];
    // A folder named instead of a file: said so, not an internal error.
    expect(notAFile.error).toMatchObject({ code: 'DOCUMENT_UNREADABLE', reason: 'notAFile' });
    expect(notAFile.error.message).toMatch(/dossier/);
    expect(arabic.pages[0]).toMatchObject({ page: 1, source: 'ocr', model: 'ara', script: 'arabic' });
    expect(arabic.pages[0]!.confidence).toBeGreaterThan(80);
    expect(arabic.pages[0]!.ms.read).toBeGreaterThan(0);
    expect(characterErrorRate(arabic.pages[0]!.text, knownText('arabic-clean'))).toBeLessThan(0.05);
    expect(gone.error).toMatchObject({ code: 'DOCUMENT_UNREADABLE', reason: 'notFound' });
    expect(gone.error.message).toMatch(/Aucun fichier/);
    expect(french.pages[0]).toMatchObject({ source: 'textLayer' });
    // No language data was downloaded or cached in the working folder.
    expect(r.left).toEqual([]);
  }, 120_000);

  it('--dpi rasterizes a scanned PDF at that DPI: the page is read at its size, and still reads well; a DPI out of range is a usage error', () => {
    const r = cli(['ocr', fixture('scanned-arabic.pdf'), '--dpi', '200', '--json']);
    expect(r.err).not.toContain('NETWORK ATTEMPT');
    expect(r.code).toBe(0);
    const [file] = JSON.parse(r.out.trim().split('\n').pop()!) as Extract<JsonFile, { ok: true }>[];
    const page = file!.pages[0]!;
    expect(page).toMatchObject({ page: 1, source: 'ocr', model: 'ara' });
    // A4 (595.92 × 842.88 pt) at 200 dpi is 1655 × 2341 pixels; at the default 300, 2483 × 3512.
    expect(Math.abs(page.width - Math.round((595.92 * 200) / 72))).toBeLessThanOrEqual(1);
    expect(Math.abs(page.height - Math.round((842.88 * 200) / 72))).toBeLessThanOrEqual(1);
    expect(characterErrorRate(page.text, knownText('arabic-clean'))).toBeLessThan(0.08);
    // One bad value is enough here (each run starts a process); the bounds are the CLI's own check.
    const bad = cli(['ocr', fixture('scanned-arabic.pdf'), '--dpi', '1000']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--dpi must be a whole number from 72 to 600');
  }, 120_000);

  it('plain output prints each page\'s text; --lang picks the model; a bad --lang is a usage error', () => {
    const r = cli(['ocr', fixture('english-clean.png'), '--lang', 'eng']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/page 1\/1 \(eng, \d+%\)/);
    expect(r.out).toContain('Kingdom of Morocco');
    const bad = cli(['ocr', fixture('english-clean.png'), '--lang', 'klingon']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--lang must be one of auto, ara, fra, eng, ara+fra');
  }, 120_000);

  it('--lang ara+fra reads a page that mixes Arabic and French with the combined model', () => {
    const r = cli(['ocr', fixture('mixed-clean.png'), '--lang', 'ara+fra', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [file] = JSON.parse(r.out.trim().split('\n').pop()!) as Extract<JsonFile, { ok: true }>[];
    expect(file!.pages[0]).toMatchObject({ page: 1, source: 'ocr', model: 'ara+fra', script: 'mixed' });
    expect(characterErrorRate(file!.pages[0]!.text, knownText('mixed-clean'))).toBeLessThan(0.1);
  }, 120_000);

  it('a blank page reads as no text with nothing on stderr: Tesseract\'s own chatter ("Too few characters…") stays in its thread', () => {
    const blank = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mahkama-blank-')), 'blank.png');
    writeBlankPng(blank, 600, 400);
    const r = cli(['ocr', blank, fixture('english-clean.png')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/blank\.png — page 1\/1 \([a-z+]+, 0%\)\n\n/);
    expect(r.out).toContain('Kingdom of Morocco');
  }, 120_000);
});
