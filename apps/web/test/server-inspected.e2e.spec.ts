/// <reference lib="dom" />
/**
 * A real MCP server from the npm registry, published through the official API, inspected by the
 * Hub's own worker in bubblewrap: its real tools and their schemas appear on the server page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type TestHub, createWebHub, enc, eventually, serverJson, uniqueName } from '../../../test/harness';
import { axe, launchChromium } from './browser';

jest.setTimeout(240_000);

describe('the server page shows what a real server from npm exposes (inspected by the worker)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-web-inspect-'));
  let hub: TestHub;
  let browser: Browser;
  const name = uniqueName('io.github.web-inspected');

  beforeAll(async () => {
    hub = await createWebHub({ HUB_DATA_DIR: dataDir, HUB_RUNTIME: 'on', HUB_HEALTH_INTERVAL: '1d' });
    const body = serverJson(name, '1.0.0', {
      packages: [
        {
          registryType: 'npm',
          identifier: '@modelcontextprotocol/server-memory',
          version: '2026.8.31',
          transport: { type: 'stdio' },
        },
      ],
    });
    expect((await hub.request('POST', '/v0.1/publish', { token: hub.adminToken, body })).status).toBe(200);
    await eventually(
      async () => {
        const r = await hub.request('GET', `/api/v1/servers/${enc(name)}/versions/latest/capabilities`);
        if (r.body.status !== 'pending' && r.body.status !== 'ok')
          throw new Error(`inspection ended ${r.body.status}: ${r.body.reason}`);
        return r.body.status === 'ok';
      },
      180_000,
      'the inspection of server-memory',
    );
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists its real tools with a parameter table, required marked', async () => {
    const api = (await hub.request('GET', `/api/v1/servers/${enc(name)}/versions/latest/capabilities`)).body;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      // The page is rendered on first request after the inspection (ISR): it shows the stored result.
      const res = await page.goto(`${hub.webUrl}/servers/${name}#capabilities`);
      expect(res!.status()).toBe(200);
      await page.getByRole('tab', { name: 'Capabilities' }).click();
      const panel = page.getByRole('tabpanel', { name: 'Capabilities' });
      expect(await panel.locator('[data-inspection-headline]').innerText()).toMatch(
        /^Inspected by the Hub on \d{4}-\d{2}-\d{2} over stdio \(npm:@modelcontextprotocol\/server-memory@2026\.8\.31\)\.$/,
      );
      const shown = await panel
        .locator('[data-tool]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-tool')));
      expect(shown.sort()).toEqual(api.tools.map((t: { name: string }) => t.name).sort());
      expect(shown).toEqual(expect.arrayContaining(['create_entities', 'search_nodes']));
      // search_nodes takes one required string, `query`, as the real server declares it.
      const tool = panel.locator('[data-tool="search_nodes"]');
      expect(await tool.getByRole('table', { name: 'Arguments of search_nodes' }).count()).toBe(1);
      const rows = await tool
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
      expect(rows.find((r) => r[0]?.startsWith('query'))?.join(' ')).toMatch(/query.*required.*string/is);
      expect(await axe(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
