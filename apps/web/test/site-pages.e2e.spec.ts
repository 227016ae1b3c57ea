/// <reference lib="dom" />
/**
 * What visitors and operators see on the site's pages (issue 17): phones at 390 px, install
 * sections with nothing to install, operator notices kept off public pages, the empty first
 * start, labels, titles and highlights. The production build against a Hub seeded from the
 * official registry fixture (and, at the end, an empty Hub whose upstream cannot be reached).
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  FIXTURE_FILE,
  type TestHub,
  createWebHub,
  mintToken,
  eventually,
  freePort,
  searchIndexed,
} from '../../../test/harness';
import { launchChromium } from './browser';

const SHOTS = path.resolve(__dirname, '../../../docs/screenshots');
/** No packages, no remotes: nothing anyone can install. */
const KUBERNETES = 'io.github.containers/kubernetes-mcp-server';
/** Only a NuGet package, which neither mcpm nor a host config can start. */
const NUGET = 'com.joelverhagen.mcp/Knapcode.SampleMcpServer';
/** Only a Docker image. */
const SONAR = 'io.github.SonarSource/sonarqube-mcp-server';
/** Only an MCP bundle: mcpm installs it, no host config can. */
const BEAR = 'io.github.jkawamoto/mcp-bear';
/** Only a hosted remote. */
const TESSIE = 'ai.smithery/keithah-tessie-mcp';
/** The longest environment variable names in the fixture. */
const LONG_ENV = 'io.github.MasonChow/source-map-parser-mcp';
const NS = 'io.github.webpages';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

jest.setTimeout(120_000);

async function signIn(page: Page, web: string, token: string): Promise<void> {
  await page.goto(`${web}/sign-in`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard$/);
}

/** How far the page scrolls sideways (0 when nothing is wider than the viewport), and what sticks out. */
const overflow = (p: Page) =>
  p.evaluate(() => {
    const by = document.documentElement.scrollWidth - window.innerWidth;
    // The elements reaching furthest past the right edge: the culprits, for the failure message.
    const culprits = [...document.body.querySelectorAll('*')]
      .map((e) => ({ e, right: e.getBoundingClientRect().right }))
      .filter((x) => x.right > window.innerWidth + 1)
      .sort((a, b) => b.right - a.right)
      .slice(0, 3)
      .map((x) => x.e);
    return {
      by,
      culprits: culprits.map(
        (e) =>
          `<${e.tagName.toLowerCase()} class="${e.getAttribute('class') ?? ''}">${(e.textContent ?? '').slice(0, 60)}`,
      ),
    };
  });

describe('site pages (Next.js production build, headless Chromium)', () => {
  let hub: TestHub;
  let web: string;
  let browser: Browser;
  let visitor: BrowserContext;
  let admin: BrowserContext;
  let page: Page;
  let adminPage: Page;
  let publisherToken: string;
  const local = `${NS}/tide-tables`;

  beforeAll(async () => {
    hub = await createWebHub({
      HUB_SEED_FILE: FIXTURE_FILE,
      // A model folder that is not there: semantic search is unavailable, which is the operator's business.
      HUB_EMBEDDINGS: 'local',
      HUB_EMBEDDINGS_MODEL_DIR: path.join(__dirname, 'no-such-model'),
    });
    web = hub.webUrl!;
    await searchIndexed(hub, 456);
    publisherToken = await mintToken(hub, { namespace: `${NS}/*`, scopes: ['publish'], description: 'site pages e2e' });
    const pub = await hub.request('POST', '/v0.1/publish', {
      body: {
        $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
        name: local,
        description: 'Tide tables and harbour water levels',
        version: '1.0.0',
      },
      token: publisherToken,
    });
    expect(pub.status).toBe(200);
    // Installed once, as mcpm reports it: the home page lists it among the most installed.
    expect((await hub.request('POST', `/api/v1/servers/${encodeURIComponent(TESSIE)}/installs`)).status).toBe(204);
    browser = await launchChromium();
    visitor = await browser.newContext({ viewport: DESKTOP });
    admin = await browser.newContext({ viewport: DESKTOP });
    page = await visitor.newPage();
    adminPage = await admin.newPage();
    await signIn(adminPage, web, hub.adminToken);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('no page is wider than the viewport, at 390 px and at 1280 px', async () => {
    // Server pages are cached on disk (ISR) in the build every web suite shares: this suite stays
    // off the ones others check against their own Hub's data (site.e2e's verified merchant).
    const publicPages = [
      '/',
      '/search?q=database',
      '/search?registryType=npm',
      `/servers/${LONG_ENV}`,
      `/servers/${TESSIE}`,
      `/servers/${SONAR}`,
      `/servers/${KUBERNETES}`,
      '/no/such/page',
      '/sign-in',
    ];
    const dashboardPages = [
      '/dashboard',
      '/dashboard?source=upstream',
      '/dashboard/tokens',
      '/dashboard/publish',
      '/dashboard/orgs',
      '/dashboard/status',
    ];
    const wide: string[] = [];
    for (const viewport of [PHONE, DESKTOP]) {
      for (const [p, pages] of [[page, publicPages] as const, [adminPage, dashboardPages] as const]) {
        await p.setViewportSize(viewport);
        for (const url of pages) {
          await p.goto(`${web}${url}`);
          const { by, culprits } = await overflow(p);
          if (by > 0) wide.push(`${url} at ${viewport.width} px: ${by} px too wide (${culprits.join('; ')})`);
        }
      }
    }
    await page.setViewportSize(PHONE);
    await page.goto(web);
    await page.screenshot({ path: `${SHOTS}/home-phone.png`, fullPage: true });
    await page.goto(`${web}/servers/${LONG_ENV}`);
    await page.screenshot({ path: `${SHOTS}/server-phone.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);
    await adminPage.setViewportSize(DESKTOP);
    expect(wide).toEqual([]);
  });

  it('shows search results on the first screen of a phone, the filters a tap away', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${web}/search?q=database`);
    const first = await page.locator('[data-result]').first().boundingBox();
    expect(first!.y).toBeLessThan(PHONE.height);
    // The filters are still there, and work.
    await page.getByRole('link', { name: /^Filters/ }).click();
    await page.locator('[data-facet="registryType:npm"]').click();
    await page.waitForURL(/registryType=npm/);
    expect(await page.locator('[data-facet="registryType:npm"]').getAttribute('aria-current')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/results-phone.png`, fullPage: false });
    await page.setViewportSize(DESKTOP);
  });

  it('keeps operator notices off public pages and shows them to an admin on the dashboard', async () => {
    const health = (await hub.request('GET', '/healthz')).body as {
      checks: Record<string, { status: string; detail?: string }>;
    };
    expect(health.checks.embeddings!.status).toBe('degraded');
    for (const url of ['/search?q=database', '/search?q=send+email', '/']) {
      await page.goto(`${web}${url}`);
      const text = await page.locator('body').innerText();
      expect({ url, text }).toEqual({ url, text: expect.not.stringMatching(/semantic search|HUB_EMBEDDINGS/) });
    }
    // An admin is told on every dashboard page, and reads the details on the status page.
    await adminPage.goto(`${web}/dashboard/tokens`);
    await adminPage
      .locator('[data-operator-notices]')
      .getByRole('link', { name: /Hub status/ })
      .click();
    await adminPage.waitForURL(/\/dashboard\/status$/);
    const check = adminPage.locator('[data-check="embeddings"]');
    expect(await check.innerText()).toContain(health.checks.embeddings!.detail!);
    expect(await check.locator('[data-check-status]').innerText()).toBe('degraded');
    await adminPage.screenshot({ path: `${SHOTS}/dashboard-status.png`, fullPage: true });
    // Anyone else: no notices, no status page.
    const publisher = await browser.newContext({ viewport: DESKTOP });
    try {
      const p = await publisher.newPage();
      await signIn(p, web, publisherToken);
      expect(await p.locator('[data-operator-notices]').count()).toBe(0);
      expect(
        await p.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Hub status' }).count(),
      ).toBe(0);
      expect((await p.goto(`${web}/dashboard/status`))!.status()).toBe(404);
    } finally {
      await publisher.close();
    }
  });

  it('says once that nothing can be installed, with the repository, instead of "use mcpm"', async () => {
    for (const [name, repo] of [
      [KUBERNETES, 'https://github.com/containers/kubernetes-mcp-server'],
      [NUGET, 'https://github.com/joelverhagen/Knapcode.SampleMcpServer.git'],
    ] as const) {
      await page.goto(`${web}/servers/${name}`);
      const install = page.getByRole('region', { name: 'Install', exact: true });
      const text = await install.innerText();
      expect(text).not.toMatch(/use mcpm|mcpm install/);
      expect(await install.locator('[data-install-none]').count()).toBe(1);
      expect(
        await install
          .locator('[data-install-none]')
          .getByRole('link', { name: /repository/i })
          .getAttribute('href'),
      ).toBe(repo);
      expect(await install.getByRole('tab').count()).toBe(0);
      expect(await install.getByRole('button', { name: /copy/i }).count()).toBe(0);
    }
    await page.screenshot({ path: `${SHOTS}/server-not-installable.png`, fullPage: false });
  });

  it('installs what there is: the remote, the Docker image (saying Docker is needed, with the command), the bundle through mcpm', async () => {
    await page.goto(`${web}/servers/${TESSIE}`);
    expect(await page.locator('[data-mcpm]').innerText()).toBe(`mcpm install ${TESSIE}`);
    expect(await page.locator('[data-snippet="claude-code"]').textContent()).toContain(
      'https://server.smithery.ai/@keithah/tessie-mcp/mcp',
    );

    await page.goto(`${web}/servers/${SONAR}`);
    const docker = page.locator('[data-install-requirement]');
    expect(await docker.innerText()).toMatch(/Docker/);
    expect(await docker.locator('code').innerText()).toMatch(/docker run -i --rm .*mcp\/sonarqube@sha256:d9dc2f44/);
    expect(await page.locator('[data-mcpm]').innerText()).toBe(`mcpm install ${SONAR}`);

    await page.goto(`${web}/servers/${BEAR}`);
    expect(await page.locator('[data-mcpm]').innerText()).toBe(`mcpm install ${BEAR}`);
    expect(await page.locator('[data-install-requirement]').innerText()).toMatch(/MCP bundle.*mcpm/);
    expect(await page.getByRole('region', { name: 'Install', exact: true }).innerText()).not.toMatch(/use mcpm\./);
  });

  it('does not highlight stop words in results', async () => {
    await page.goto(`${web}/search?q=${encodeURIComponent('read and send email')}`);
    const marks = await page.locator('[data-result] mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.map((m) => m.toLowerCase())).not.toContain('and');
  });

  it('labels copy buttons shortly, not with the whole command', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(web);
    const region = page.getByRole('region', { name: 'Get started with mcpm' });
    const buttons = region.getByRole('button');
    expect(await buttons.count()).toBeGreaterThanOrEqual(2);
    for (const b of await buttons.all()) {
      expect(await b.getAttribute('aria-label')).toBe('Copy command');
      expect((await b.innerText()).trim()).toBe('Copy');
    }
    await page.setViewportSize(DESKTOP);
  });

  it('shows a title, not the name twice, and descriptions as plain text, not markdown', async () => {
    await page.goto(`${web}/search?q=${encodeURIComponent('tessie charging cost')}`);
    const card = page.locator(`[data-result="${TESSIE}"]`);
    expect((await card.getByRole('heading').innerText()).trim()).toBe('Keithah Tessie MCP');
    const description = await card.locator('[data-description]').innerText();
    expect(description).toContain('Key Features');
    expect(description).not.toMatch(/\*\*|##/);

    await page.goto(web);
    expect((await page.locator(`[data-popular="${TESSIE}"]`).getByRole('link').innerText()).trim()).toBe(
      'Keithah Tessie MCP',
    );
  });

  it('says which page was not found, and has a favicon', async () => {
    const res = await page.goto(`${web}/no/such/page`);
    expect(res!.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Page not found');
    expect(await page.locator('main').innerText()).toContain('/no/such/page');
    expect(await page.locator('main').innerText()).not.toMatch(/no such server/i);
    const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
    const got = await fetch(new URL(icon!, web));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });

  it('caps the search box at 200 characters, and searches the first 200 of a longer query, saying so', async () => {
    await page.goto(`${web}/search`);
    expect(await page.getByRole('combobox', { name: 'Search MCP servers' }).getAttribute('maxlength')).toBe('200');
    const long = `database ${'x'.repeat(5_000)}`;
    const res = await page.goto(`${web}/search?q=${encodeURIComponent(long)}`);
    expect(res!.status()).toBe(200);
    const body = await page.locator('main').innerText();
    expect(body).not.toMatch(/Invalid query/);
    expect(await page.locator('[data-query-cut]').innerText()).toBe(
      'Search terms can be at most 200 characters: searched for the first 200.',
    );
    expect(await page.getByRole('combobox', { name: 'Search MCP servers' }).inputValue()).toBe(long.slice(0, 200));
  });

  it('lists an admin’s own servers apart from the mirrored ones, with a search, and no empty action cells', async () => {
    await adminPage.goto(`${web}/dashboard`);
    const cards = adminPage.locator('[data-my-server]');
    const names = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-my-server')));
    expect(names).toEqual([local]);
    expect(await adminPage.getByRole('link', { name: 'Published here' }).getAttribute('aria-current')).toBe('page');

    await adminPage.getByRole('link', { name: 'Mirrored' }).click();
    await adminPage.waitForURL(/source=upstream/);
    expect(await cards.count()).toBe(25);
    expect(await cards.getByRole('columnheader', { name: 'Actions' }).count()).toBe(0);
    expect(await cards.filter({ hasText: 'mirrored: manage it in the official registry' }).count()).toBe(25);

    await adminPage.getByRole('searchbox', { name: 'Search by name' }).fill('kubernetes');
    await adminPage.getByRole('button', { name: 'Find' }).click();
    await adminPage.waitForURL(/q=kubernetes/);
    const found = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-my-server')!));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((n) => n.toLowerCase().includes('kubernetes'))).toBe(true);
    expect(found).toContain(KUBERNETES);
    expect(new URL(adminPage.url()).searchParams.get('source')).toBe('upstream');
  });

  it('gives each dashboard page its own title and marks it in the sub-nav', async () => {
    for (const [url, title, link] of [
      ['/dashboard', 'My servers', 'My servers'],
      ['/dashboard/tokens', 'API tokens', 'API tokens'],
      ['/dashboard/publish', 'Publish a server', 'Publish'],
      ['/dashboard/orgs', 'Organizations', 'Organizations'],
      ['/dashboard/status', 'Hub status', 'Hub status'],
    ] as const) {
      await adminPage.goto(`${web}${url}`);
      expect(await adminPage.title()).toBe(`${title} · MCP Hub`);
      const nav = adminPage.getByRole('navigation', { name: 'Dashboard' });
      const current = nav.locator('[aria-current="page"]');
      expect(await current.count()).toBe(1);
      expect((await current.innerText()).trim()).toBe(link);
      const style = (l: typeof current) =>
        l.evaluate((e) => `${getComputedStyle(e).borderBottomColor} ${getComputedStyle(e).color}`);
      const other = nav.locator('a:not([aria-current])').first();
      expect(await style(current)).not.toBe(await style(other));
    }
  });
});

describe('an empty site (first start offline)', () => {
  let hub: TestHub;
  let web: string;
  let browser: Browser;

  beforeAll(async () => {
    // An upstream nobody listens on: the first sync fails, and nothing was seeded.
    const upstream = `http://127.0.0.1:${await freePort()}`;
    hub = await createWebHub({ HUB_UPSTREAM_URL: upstream });
    web = hub.webUrl!;
    await eventually(
      async () =>
        ((await hub.request('GET', '/healthz')).body as { checks: { upstream: { consecutiveFailures: number } } })
          .checks.upstream.consecutiveFailures > 0,
      30_000,
      'a failed sync',
    );
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('tells a visitor there are no servers yet, and an admin how to seed and why the sync fails', async () => {
    const visitor = await browser.newContext({ viewport: DESKTOP });
    const p = await visitor.newPage();
    for (const url of ['/', '/search']) {
      await p.goto(`${web}${url}`);
      const empty = p.locator('[data-no-servers]');
      expect(await empty.innerText()).toMatch(/No servers yet/);
      expect(await p.locator('main').innerText()).not.toMatch(/mirror import|HUB_SEED_FILE|upstream/i);
    }
    await visitor.close();

    const detail = ((await hub.request('GET', '/healthz')).body as { checks: { upstream: { detail: string } } }).checks
      .upstream.detail;
    const admin = await browser.newContext({ viewport: DESKTOP });
    const a = await admin.newPage();
    await signIn(a, web, hub.adminToken);
    for (const url of ['/', '/search']) {
      await a.goto(`${web}${url}`);
      const help = a.locator('[data-seed-help]');
      const text = await help.innerText();
      expect(text).toContain('pnpm hub mirror import <file>');
      expect(text).toContain('HUB_SEED_FILE');
      // The count of failed runs in the reason goes on rising meanwhile.
      expect(await help.locator('[data-upstream-status]').innerText()).toMatch(
        new RegExp(detail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+/g, '\\d+')),
      );
    }
    await a.goto(web);
    await a.screenshot({ path: `${SHOTS}/home-empty-admin.png`, fullPage: true });
    await admin.close();
  });
});
