// Build of the three Electron parts. main: the app plus two programs that run under plain Node
// (out/main/shell.js = browser shell, out/main/cli.js = CLI) and the quick_check worker thread
// (out/main/quick-check.js, which imports nothing of ours: one file, unpacked from app.asar) and the
// OCR worker thread (out/main/ocr-worker.js; tesseract.js and mupdf stay external, unpacked too);
// the PKCS#11 token service, a process of its own (out/main/token-service.js, pkcs11js external);
// native modules stay external, and so does harfbuzzjs (the stamp's shaper: its module awaits its
// WebAssembly at the top level and reads harfbuzz.wasm beside itself, so it must load from its package).
// preload: ONE CommonJS file with everything bundled in, as a sandboxed preload must be.
// renderer: the React UI; its CSP <meta> is written from src/main/services/csp.ts so Electron,
// the browser shell and the page always carry the same policy.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/main/services/csp';

const CSP_META = /<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>\s*/gi;

/** Replaces any CSP meta tag of index.html with the policy of csp.ts (looser only on the dev server). */
function cspMeta(dev: boolean): Plugin {
  const policy = contentSecurityPolicy({ dev, forMeta: true });
  return {
    name: 'mahkama-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const tag = `<meta http-equiv="Content-Security-Policy" content="${policy}" />\n    `;
        return html.replace(CSP_META, '').replace(/<head>\s*/i, (head) => `${head}${tag}`);
      },
    },
  };
}

export default defineConfig(({ command }) => ({
  main: {
    build: {
      externalizeDeps: { include: ['better-sqlite3', '@node-rs/argon2', 'tesseract.js', 'mupdf', 'pkcs11js', 'harfbuzzjs'] },
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          shell: resolve('src/main/shell/start.ts'),
          cli: resolve('src/main/cli/index.ts'),
          'quick-check': resolve('src/main/workers/quick-check.ts'),
          'ocr-worker': resolve('src/main/workers/ocr-worker.ts'),
          'token-service': resolve('src/main/workers/token-service.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot require() from node_modules: bundle zod and the contract in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react(), cspMeta(command === 'serve')],
  },
}));
