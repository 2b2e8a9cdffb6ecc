// The server's Swagger UI in Debian Chromium, under the CSP the server sends: it loads its own
// assets, lists the operations routes and runs one, with no CSP violation, no page error and no
// request to another host. An update of @fastify/swagger-ui that needs more fails here.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer, type MahkamaServer } from '../../src/server/app';
import { loadServerConfig } from '../../src/server/config';
import { createServerLogger } from '../../src/server/logger';
import { CHROMIUM, newDataDir } from './harness';

let app: MahkamaServer | undefined;
afterAll(async () => {
  await app?.close();
});

describe('server API docs (/docs)', () => {
  it('Swagger UI works in Chromium under the docs CSP', async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
    const config = loadServerConfig({ MAHKAMA_SERVER_DATA_DIR: newDataDir(), MAHKAMA_SERVER_PORT: '0' });
    app = await buildServer({ config, logger: createServerLogger('silent'), readinessChecks: { database: () => undefined } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const origin = `http://127.0.0.1:${port}`;

    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`request to ${r.url()}`);
      });
      await page.goto(`${origin}/docs/`);
      await page.waitForSelector('.opblock-summary-path');
      expect(await page.locator('.opblock-summary-path').allInnerTexts()).toEqual(['/health/live', '/health/ready', '/metrics']);
      // Run /health/ready from the UI: the page calls the API under the same policy.
      await page.locator('.opblock-summary-path', { hasText: '/health/ready' }).click();
      await page.getByRole('button', { name: 'Try it out' }).click();
      await page.getByRole('button', { name: 'Execute' }).click();
      const status = page.locator('.live-responses-table tbody .response-col_status').first();
      await status.waitFor();
      expect(await status.innerText()).toContain('200');
      expect(await page.locator('.live-responses-table tbody .microlight').first().innerText()).toContain('"status": "ready"');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
