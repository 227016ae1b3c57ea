/// <reference lib="dom" />
/**
 * The web site in real headless Chromium: the production build (`next start`, started by the Hub
 * as `pnpm start` does) against a Hub seeded from the official registry fixture.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  FIXTURE_FILE,
  LOCAL_EMBEDDINGS,
  type TestHub,
  createWebHub,
  mintToken,
  searchIndexed,
} from '../../../test/harness';
import { axe, launchChromium } from './browser';

const SHOTS = path.resolve(__dirname, '../../../docs/screenshots');
/** A fixture server with a secret environment variable. */
const MERCHANT = 'ai.shawndurrani/mcp-merchant';
const NS = 'io.github.webtest';

jest.setTimeout(120_000);

describe('web site (Next.js production build, headless Chromium)', () => {
  let hub: TestHub;
  let web: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let publisherToken: string;

  beforeAll(async () => {
    hub = await createWebHub({
      HUB_SEED_FILE: FIXTURE_FILE,
      ...LOCAL_EMBEDDINGS,
    });
    web = hub.webUrl!;
    await searchIndexed(hub, 456);
    publisherToken = await mintToken(hub, { namespace: `${NS}/*`, scopes: ['publish'], description: 'web e2e' });
    // A namespace proven by DNS (identity issue's proofs write these rows): its servers show the badge.
    await hub.query(`insert into verified_namespaces (namespace, method) values ('ai.shawndurrani', 'dns')`);
    // Installs as mcpm reports them: the home page lists the most installed.
    for (const [name, n] of [
      [MERCHANT, 3],
      ['io.github.github/github-mcp-server', 1],
    ] as const) {
      for (let i = 0; i < n; i++)
        expect((await hub.request('POST', `/api/v1/servers/${encodeURIComponent(name)}/installs`)).status).toBe(204);
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web });
    page = await context.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('searches in plain words from the home page (suggestions as you type) and opens a result', async () => {
    await page.goto(web);
    await expect(page.title()).resolves.toContain('MCP Hub');
    const popular = await page
      .locator('[data-popular]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-popular')));
    expect(popular.slice(0, 2)).toEqual([MERCHANT, 'io.github.github/github-mcp-server']);
    expect(await page.locator(`[data-popular="${MERCHANT}"]`).innerText()).toContain('3 installs');
    await page.screenshot({ path: `${SHOTS}/home.png`, fullPage: true });
    const box = page.getByRole('combobox', { name: 'Search MCP servers' });
    await box.pressSequentially('send email to customers', { delay: 20 });
    const suggestions = page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
    await suggestions.first().waitFor();
    expect(await suggestions.count()).toBeGreaterThan(0);
    await box.press('Escape');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=send\+email/);
    const results = page.locator('[data-result]');
    expect(await results.count()).toBeGreaterThan(0);
    const names = await results.evaluateAll((els) => els.map((e) => e.getAttribute('data-result')!));
    expect(names.some((n) => /mail/i.test(n))).toBe(true);
    await page.screenshot({ path: `${SHOTS}/results.png`, fullPage: true });

    const first = results.first();
    const title = (await first.getByRole('link').innerText()).trim();
    await first.getByRole('link').click();
    await page.waitForURL(/\/servers\//);
    expect((await page.getByRole('heading', { level: 1 }).innerText()).trim()).toBe(title);
    // After a client-side navigation the router sets document.title a moment after the page shows.
    await page.waitForFunction((t) => document.title.includes(t), title, { timeout: 10_000 });
    expect(await page.title()).toContain(title);
  });

  it('applies a facet: the URL carries it and the counts follow', async () => {
    // Browsing (no words): the facet's count is exactly what choosing it lists.
    await page.goto(`${web}/search`);
    const all = Number(await page.locator('[data-total]').getAttribute('data-total'));
    expect(all).toBe(456);
    const npmCount = Number(await page.locator('[data-facet="registryType:npm"] [data-count]').innerText());
    expect(npmCount).toBeGreaterThan(0);
    expect(npmCount).toBeLessThan(all);
    await page.locator('[data-facet="registryType:npm"]').click();
    await page.waitForURL(/registryType=npm/);
    expect(Number(await page.locator('[data-total]').getAttribute('data-total'))).toBe(npmCount);
    expect(await page.locator('[data-facet="registryType:npm"]').getAttribute('aria-current')).toBe('true');
    // A second facet narrows further, both in the URL.
    const remoteCount = Number(await page.locator('[data-facet="hasRemote:true"] [data-count]').innerText());
    await page.locator('[data-facet="hasRemote:true"]').click();
    await page.waitForURL(
      (u) => u.searchParams.get('registryType') === 'npm' && u.searchParams.get('hasRemote') === 'true',
    );
    expect(Number(await page.locator('[data-total]').getAttribute('data-total'))).toBe(remoteCount);

    // With words (hybrid search): the filter stays beside the query, the count is again exactly
    // what choosing it lists, and every result shown is an npm server.
    await page.goto(`${web}/search?q=database`);
    const totalBefore = Number(await page.locator('[data-total]').getAttribute('data-total'));
    const npmWithWords = Number(await page.locator('[data-facet="registryType:npm"] [data-count]').innerText());
    expect(npmWithWords).toBeGreaterThan(0);
    expect(npmWithWords).toBeLessThan(totalBefore);
    await page.locator('[data-facet="registryType:npm"]').click();
    await page.waitForURL(/registryType=npm/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('database');
    expect(Number(await page.locator('[data-total]').getAttribute('data-total'))).toBe(npmWithWords);
    const transport = page.locator('[data-facet^="transport:"]').first();
    const transportCount = Number(await transport.locator('[data-count]').innerText());
    await transport.click();
    await page.waitForURL((u) => u.searchParams.has('transport') && u.searchParams.get('registryType') === 'npm');
    expect(Number(await page.locator('[data-total]').getAttribute('data-total'))).toBe(transportCount);
    await transport.click();
    await page.waitForURL((u) => !u.searchParams.has('transport'));
    const tags = await page.locator('[data-result]').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.every((t) => t.includes('npm'))).toBe(true);
    await page.locator('[data-facet="registryType:npm"]').click();
    await page.waitForURL((u) => !u.searchParams.has('registryType'));
    expect(Number(await page.locator('[data-total]').getAttribute('data-total'))).toBe(totalBefore);
  });

  it('pages through results with a cursor, and back', async () => {
    await page.goto(`${web}/search`);
    const firstPage = await page
      .locator('[data-result]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-result')!));
    expect(firstPage.length).toBeGreaterThan(0);
    await page.getByRole('link', { name: /next page/i }).click();
    await page.waitForURL((u) => u.searchParams.has('cursor') && u.searchParams.get('page') === '2');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/page 2/i);
    const secondPage = await page
      .locator('[data-result]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-result')!));
    expect(secondPage.length).toBeGreaterThan(0);
    expect(secondPage.filter((n) => firstPage.includes(n))).toEqual([]);
    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('cursor'));
    // The URL changes before the client router swaps the content in: wait until page 2's heading is gone.
    await page.waitForFunction(() => !/page 2/i.test(document.querySelector('h1')?.textContent ?? ''));
    expect(
      await page.locator('[data-result]').evaluateAll((els) => els.map((e) => e.getAttribute('data-result')!)),
    ).toEqual(firstPage);
  });

  it('serves mcpm itself: the home page line installs it with npm, from this site alone', async () => {
    await page.goto(web);
    // The site's own address (WEB_PUBLIC_URL is not set: localhost and its port).
    const shown = await page.getByRole('region', { name: 'Get started with mcpm' }).locator('code').allInnerTexts();
    expect(shown[0]).toBe(`npm install -g ${web.replace('127.0.0.1', 'localhost')}/downloads/mcpm.tgz`);
    const res = await fetch(`${web}/downloads/mcpm.tgz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    // npm installs it from the URL (it has no dependencies: nothing else is fetched), and it runs.
    const prefix = mkdtempSync(path.join(os.tmpdir(), 'mcpm-global-'));
    try {
      const run = promisify(execFile);
      await run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', `${web}/downloads/mcpm.tgz`], {
        env: { ...process.env, npm_config_offline: 'false' },
      });
      const { stdout } = await run(path.join(prefix, 'bin', 'mcpm'), ['--version']);
      expect(stdout.trim()).toBe(
        JSON.parse(readFileSync(path.resolve(__dirname, '../../mcpm/package.json'), 'utf8')).version,
      );
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it('shows an empty state that suggests what to try', async () => {
    await page.goto(`${web}/search?q=zzqxv+wqzzk&registryType=nuget&status=deprecated`);
    await page.locator('[data-empty]').waitFor();
    expect(await page.locator('[data-empty]').innerText()).toMatch(/Remove the filters/);
  });

  it('copies the exact install snippet for a host, secrets as host variables', async () => {
    await page.goto(`${web}/servers/${MERCHANT}`);
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe(
      'Search-only commerce MCP server backed by Stripe (test)',
    );
    const badge = page.locator('[data-verified]');
    expect(await badge.innerText()).toContain('Verified');
    expect(await badge.getAttribute('title')).toMatch(/^ai\.shawndurrani is verified \(DNS TXT record\) since \S.+$/);
    const secretRow = page.getByRole('row', { name: /STRIPE_SECRET_KEY/ });
    const unproven = await fetch(`${web}/servers/io.github.github/github-mcp-server`);
    expect(unproven.status).toBe(200);
    expect(await unproven.text()).not.toContain('data-verified');
    expect(await secretRow.innerText()).toContain('secret');
    await page.screenshot({ path: `${SHOTS}/server.png`, fullPage: true });

    await page.getByRole('tab', { name: 'VS Code' }).click();
    const panel = page.getByRole('tabpanel', { name: 'VS Code' });
    await panel.getByRole('button', { name: 'Copy VS Code snippet' }).click();
    await panel.getByText('Copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await panel.locator('pre').innerText());
    expect(JSON.parse(copied)).toEqual({
      inputs: [{ type: 'promptString', id: 'stripe_secret_key', description: 'STRIPE_SECRET_KEY', password: true }],
      servers: {
        'mcp-merchant': {
          type: 'stdio',
          command: 'npx',
          args: ['-y', 'mcp-merchant@0.1.3'],
          env: { STRIPE_SECRET_KEY: '${input:stripe_secret_key}', PRODUCT_LIMIT: '100', REFRESH_INTERVAL_SEC: '600' },
        },
      },
    });
    // Keyboard: arrows move between hosts.
    await page.getByRole('tab', { name: 'VS Code' }).press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Windsurf' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[data-mcpm]').innerText()).toBe(`mcpm install ${MERCHANT}`);

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/server-dark.png`, fullPage: false });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('signs in with a token, creates one (shown once) and revokes it', async () => {
    await page.goto(`${web}/dashboard`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('API token').fill('mcphub_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'does not accept this token' }).waitFor();

    await page.getByLabel('API token').fill(publisherToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.locator('[data-whoami]').innerText()).toContain(`${NS}/*`);
    const cookie = (await context.cookies(web)).find((c) => c.name === 'mcphub_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.value).not.toContain(publisherToken);

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Description').fill('ci-from-browser');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.locator('[data-token-value]');
    await shown.waitFor();
    const created = (await shown.innerText()).trim();
    expect(created).toMatch(/^mcphub_/);
    expect((await hub.request('GET', '/api/v1/whoami', { token: created })).status).toBe(200);
    const row = page.locator('[data-token-row="ci-from-browser"]');
    await row.waitFor();
    // Shown once: a reload lists it by prefix only.
    await page.reload();
    expect(await page.content()).not.toContain(created);
    await page.screenshot({ path: `${SHOTS}/dashboard-tokens.png`, fullPage: true });

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.locator('[data-token-status]', { hasText: 'revoked' }).waitFor();
    expect((await hub.request('GET', '/api/v1/whoami', { token: created })).status).toBe(401);

    // Every use is on record: the check above and the refused one after revoking.
    await row.getByRole('link', { name: /^Uses of mcphub_/ }).click();
    await page.waitForURL(/\/dashboard\/tokens\/[0-9a-f-]{36}$/);
    expect(await page.locator('[data-use-totals]').innerText()).toMatch(/^2 requests since .* 0 writes, 1 refused/);
    expect(await page.locator('[data-use-row]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-use-row]').first().innerText()).toContain('127.0.0.1');
    // Someone else's token, or none at all, is not found.
    expect((await page.goto(`${web}/dashboard/tokens/00000000-0000-4000-8000-000000000000`))!.status()).toBe(404);
  });

  it('validates a server.json live, publishes the fixed one, and finds it by search', async () => {
    const name = `${NS}/tide-tables-${Date.now().toString(36)}`;
    const doc = {
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name,
      description: 'Tide tables and harbour water levels for sailors',
      version: '1.0.0',
      packages: [
        { registryType: 'npm', identifier: 'tide-tables-mcp', version: '^1.0.0', transport: { type: 'stdio' } },
      ],
    };
    await page.goto(`${web}/dashboard/publish`);
    const area = page.getByLabel('server.json', { exact: true });
    await area.fill('{ "name": ');
    await page.locator('[data-validation="invalid"]').waitFor();
    expect(await page.locator('#validation').innerText()).toMatch(/Line 1.*JSON syntax/);

    await area.fill(JSON.stringify(doc, null, 2));
    const problem = page.locator('[data-problem="body.packages[0].version"]');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(
      /^Line 10 packages\[0\]\.version: package version must be one specific version/,
    );
    expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/dashboard-publish.png`, fullPage: true });

    doc.packages[0]!.version = '1.0.0';
    await area.fill(JSON.stringify(doc, null, 2));
    await page.locator('[data-validation="valid"]').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('[data-published]').waitFor();
    expect((await hub.request('GET', `/v0.1/servers/${encodeURIComponent(name)}/versions/1.0.0`)).status).toBe(200);

    // Indexed asynchronously: search until it shows up.
    let found = false;
    for (let i = 0; i < 50 && !found; i++) {
      await page.goto(`${web}/search?q=${encodeURIComponent('harbour tide tables')}`);
      found = (await page.locator(`[data-result="${name}"]`).count()) > 0;
      if (!found) await page.waitForTimeout(200);
    }
    expect(found).toBe(true);
  });

  it('deprecates from the dashboard (the page shows why and the replacement), then unpublishes (404)', async () => {
    const name = `${NS}/old-weather-${Date.now().toString(36)}`;
    const pub = await hub.request('POST', '/v0.1/publish', {
      body: {
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name,
        description: 'Old weather',
        version: '1.0.0',
      },
      token: publisherToken,
    });
    expect(pub.status).toBe(200);
    await page.goto(`${web}/servers/${name}`);
    expect(await page.locator('[data-deprecated]').count()).toBe(0);

    await page.goto(`${web}/dashboard`);
    const card = page.locator(`[data-my-server="${name}"]`);
    await card.getByLabel('Deprecation message for 1.0.0').fill(`Moved: use ${MERCHANT} instead`);
    await card.getByRole('button', { name: 'Deprecate' }).click();
    await card.locator('[data-status]', { hasText: 'deprecated' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: false });

    await page.goto(`${web}/servers/${name}`);
    const banner = page.locator('[data-deprecated]');
    expect(await banner.innerText()).toContain(`Moved: use ${MERCHANT} instead`);
    expect(await banner.getByRole('link', { name: MERCHANT }).getAttribute('href')).toBe(`/servers/${MERCHANT}`);

    await page.goto(`${web}/dashboard`);
    page.once('dialog', (d) => void d.accept());
    await page.locator(`[data-my-server="${name}"]`).getByRole('button', { name: 'Unpublish' }).click();
    await page.locator(`[data-my-server="${name}"] [data-status]`, { hasText: 'unpublished' }).waitFor();
    const gone = await page.goto(`${web}/servers/${name}`);
    expect(gone!.status()).toBe(404);
    const sitemap = await (await fetch(`${web}/sitemap.xml`)).text();
    expect(sitemap).not.toContain(name);
  });

  it('serves a sitemap of every public server and a robots.txt pointing at it', async () => {
    const res = await fetch(`${web}/sitemap.xml`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect((xml.match(/<loc>[^<]*\/servers\/[^<]+<\/loc>/g) ?? []).length).toBeGreaterThanOrEqual(456);
    expect(xml).toContain(`/servers/${MERCHANT}</loc>`);
    const robots = await (await fetch(`${web}/robots.txt`)).text();
    expect(robots).toMatch(/Sitemap: http.*\/sitemap\.xml/);
    expect(robots).toContain('Disallow: /dashboard');
    expect((await fetch(`${web}/servers/io.github.nobody/nothing-here`)).status).toBe(404);
  });

  it('has no serious accessibility violations on the main pages, in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of [
        '/',
        '/search?q=database',
        `/servers/${MERCHANT}`,
        '/dashboard',
        '/dashboard/tokens',
        '/dashboard/publish',
      ]) {
        await page.goto(`${web}${p}`);
        expect({ page: p, scheme, violations: await axe(page) }).toEqual({ page: p, scheme, violations: [] });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
