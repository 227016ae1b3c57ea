/// <reference lib="dom" />
/**
 * The server page in headless Chromium (the production build, started by the Hub) against a Hub
 * seeded from the official registry fixture, with a stand-in for GitHub's API on 127.0.0.1 for
 * READMEs. The browser reaches nothing but this machine: every other request is answered here
 * (the icon) or refused.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { displayTitle } from '@mcp-hub/domain';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../../test/fakes/github-api';
import {
  FIXTURE_FILE,
  LOCAL_EMBEDDINGS,
  type TestHub,
  createWebHub,
  enc,
  searchIndexed,
  serverJson,
} from '../../../test/harness';
import { launchChromium } from './browser';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ICON = 'https://icons.example/weather.png';
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

jest.setTimeout(120_000);

describe('the server page (Next.js production build, headless Chromium)', () => {
  let hub: TestHub;
  let web: string;
  let github: FakeGitHubApi;
  let browser: Browser;
  let context: BrowserContext;
  const tag = Date.now().toString(36);
  const owner = `acme-${tag}`;
  const ns = `io.github.${owner}`;
  /** Title, icon, README (hostile bits included), installs. */
  const weather = `${ns}/weather-station`;
  /** No title, no icon, a repository GitHub does not answer for. */
  const offline = `${ns}/tide-tables-mcp`;
  const readme = [
    '# Weather Station',
    '',
    'Forecasts for **sailors**, see [setup](docs/setup.md) and [the site](https://weather.example/).',
    '',
    '<script>window.__pwned = 1</script>',
    '',
    '[click me](javascript:window.__pwned=2) <img src=x onerror="window.__pwned=3">',
    '',
    '| Tool | Does |',
    '| --- | --- |',
    '| `forecast` | the next 7 days |',
    '',
    '```sh',
    'mcpm install weather',
    '```',
    '',
    `A very long unbroken word ${'x'.repeat(300)} stays inside the page.`,
  ].join('\n');

  beforeAll(async () => {
    github = await startFakeGitHubApi();
    github.readmes.set(`${owner}/weather`, readme);
    github.repos.set(`${owner}/weather`, { default_branch: 'main', license: { spdx_id: 'MIT', name: 'MIT License' } });
    github.unreachable.add(`${owner}/tides`);
    hub = await createWebHub({
      HUB_SEED_FILE: FIXTURE_FILE,
      ...LOCAL_EMBEDDINGS,
      GITHUB_API_URL: github.url,
    });
    web = hub.webUrl!;
    const publish = async (body: Record<string, unknown>) =>
      expect((await hub.request('POST', '/v0.1/publish', { body, token: hub.adminToken })).status).toBe(200);
    await publish(
      serverJson(weather, '1.0.0', {
        title: 'Weather Station',
        description: 'Marine weather forecasts and tide alerts for sailors',
        icons: [{ src: ICON, mimeType: 'image/png', sizes: ['64x64'] }],
        repository: { url: `https://github.com/${owner}/weather`, source: 'github' },
        packages: [
          { registryType: 'npm', identifier: 'weather-station-mcp', version: '1.0.0', transport: { type: 'stdio' } },
        ],
      }),
    );
    await publish(
      serverJson(offline, '1.0.0', {
        description: 'Tide tables for harbours',
        repository: { url: `https://github.com/${owner}/tides`, source: 'github' },
      }),
    );
    for (let i = 0; i < 3; i++)
      expect((await hub.request('POST', `/api/v1/servers/${enc(weather)}/installs`)).status).toBe(204);
    await searchIndexed(hub, 458);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await github?.close();
  });

  async function open(width: number, path: string): Promise<Page> {
    context = await browser.newContext({ viewport: { width, height: 900 } });
    // Nothing leaves this machine: the icon is served here, anything else not local is refused.
    await context.route(
      (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
      (route) =>
        route.request().url() === ICON
          ? route.fulfill({ status: 200, contentType: 'image/png', body: PNG })
          : route.abort(),
    );
    const page = await context.newPage();
    const res = await page.goto(`${web}${path}`);
    expect(res!.status()).toBe(200);
    return page;
  }
  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  for (const width of [1280, 390]) {
    describe(`at ${width} px`, () => {
      let page: Page;
      beforeAll(async () => {
        page = await open(width, `/servers/${weather}`);
      });
      afterAll(() => context.close());

      it('shows the title once, the name once, and the icon (https, sized, with alt text)', async () => {
        expect((await page.getByRole('heading', { level: 1 }).innerText()).trim()).toBe('Weather Station');
        expect(await page.locator('[data-server-name]').innerText()).toBe(`${weather} · v1.0.0`);
        const icon = page.locator('img[data-icon]');
        expect(await icon.getAttribute('src')).toBe(ICON);
        expect(await icon.getAttribute('alt')).toBe('Weather Station icon');
        expect([await icon.getAttribute('width'), await icon.getAttribute('height')]).toEqual(['56', '56']);
        await page.waitForFunction(
          () => (document.querySelector('img[data-icon]') as HTMLImageElement | null)?.naturalWidth === 1,
        );
      });

      it('states the facts: license, repository, when it was published and updated, installs', async () => {
        expect(await page.locator('[data-license]').innerText()).toBe('License MIT');
        expect(await page.locator('[data-repository]').getAttribute('href')).toBe(
          `https://github.com/${owner}/weather`,
        );
        const today = new Date().toISOString().slice(0, 10);
        expect(await page.locator('[data-dates]').innerText()).toBe(`Published ${today} · Last updated ${today}`);
        expect(await page.locator('[data-installs-total]').innerText()).toBe('3 installs');
      });

      it('renders the README as sanitized markdown: no script runs, no javascript: link, no raw HTML', async () => {
        const body = page.locator('[data-readme-body]');
        expect((await body.getByRole('heading', { level: 3 }).first().innerText()).trim()).toBe('Weather Station');
        expect(await body.locator('strong').first().innerText()).toBe('sailors');
        expect(await body.getByRole('link', { name: 'setup' }).getAttribute('href')).toBe(
          `https://github.com/${owner}/weather/blob/main/docs/setup.md`,
        );
        expect(await body.getByRole('link', { name: 'the site' }).getAttribute('rel')).toBe('nofollow noopener');
        expect(await body.locator('table td code').innerText()).toBe('forecast');
        expect(await body.locator('pre code').innerText()).toBe('mcpm install weather');
        // The script and the handlers are gone; "click me" is text, not a link.
        expect(await body.locator('script, img[onerror], [onerror]').count()).toBe(0);
        expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
        expect(await body.innerText()).toContain('click me');
        expect(await body.getByRole('link', { name: 'click me' }).count()).toBe(0);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.content()).not.toContain('__pwned');
      });

      it('charts installs per day, with the figures in words', async () => {
        const chart = page.locator('[data-installs-chart]');
        expect(await chart.locator('rect').count()).toBe(30);
        const today = new Date().toISOString().slice(0, 10);
        expect(await chart.locator(`rect[data-day="${today}"]`).getAttribute('data-installs')).toBe('3');
        expect(await chart.locator('[data-installs-summary]').innerText()).toBe(
          `3 installs in the last 30 days (3 installs in all). Most on ${today}: 3 installs.`,
        );
        expect(await chart.getByRole('img', { name: /3 installs in the last 30 days/ }).count()).toBe(1);
      });

      it('lists related servers as cards', async () => {
        const related = page.locator('[data-related]');
        expect(await related.getAttribute('data-related')).toBe('embedding');
        const cards = await related
          .locator('[data-result]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-result')));
        expect(cards.length).toBeGreaterThan(0);
        expect(cards).not.toContain(weather);
      });

      it('has Overview, Capabilities, Security and Health tabs, each saying honestly what the Hub knows', async () => {
        const tabs = page.getByRole('tablist', { name: 'Server details' }).getByRole('tab');
        expect(await tabs.allInnerTexts()).toEqual(['Overview', 'Capabilities', 'Security', 'Health']);
        await page.getByRole('tab', { name: 'Security' }).click();
        const panel = page.getByRole('tabpanel', { name: 'Security' });
        expect(await panel.innerText()).toMatch(/^Security not available yet\s+Not scanned yet/);
        expect(await page.locator('[data-readme-body]').isVisible()).toBe(false);
        await page.getByRole('tab', { name: 'Security' }).press('ArrowRight');
        expect(await page.getByRole('tab', { name: 'Health' }).getAttribute('aria-selected')).toBe('true');
        expect(await page.getByRole('tabpanel', { name: 'Health' }).innerText()).toContain(
          'This server lists no remotes.',
        );
        expect(page.url()).toMatch(/#health$/);
        await page.getByRole('tab', { name: 'Capabilities' }).click();
        // This Hub runs no inspection worker: the version waits in the queue, and the page says so.
        expect(await page.getByRole('tabpanel', { name: 'Capabilities' }).innerText()).toContain(
          'Not inspected yet: the inspection is queued.',
        );
        await page.getByRole('tab', { name: 'Overview' }).click();
        expect(await page.locator('[data-readme-body]').isVisible()).toBe(true);
      });

      it('does not scroll sideways, and has no serious accessibility violations', async () => {
        expect(await overflow(page)).toBe(0);
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () => {
          const r = await (
            window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; impact: string }[] }> } }
          ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
          return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
        });
        expect(violations).toEqual([]);
        await page.screenshot({ path: `/tmp/server-page-${width}.png`, fullPage: true });
      });
    });
  }

  it('without a title shows the humanized name once, the initial for an icon, and says the README is not available offline', async () => {
    const page = await open(390, `/servers/${offline}`);
    try {
      const h1 = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
      expect(h1).toBe(displayTitle({ name: offline }));
      expect(h1).toBe('Tide Tables MCP');
      expect((await page.locator('article header').innerText()).split(offline).length - 1).toBe(1);
      expect(await page.locator('[data-icon-initial]').innerText()).toBe('T');
      expect(await page.locator('[data-readme]').getAttribute('data-readme')).toBe('unavailable');
      expect(await page.locator('[data-readme-notice]').innerText()).toBe(
        'README not available: the Hub cannot reach GitHub. The page shows it once the Hub can read it.',
      );
      expect(await page.locator('[data-license]').count()).toBe(0);
      expect(await overflow(page)).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('answers a missing server with a 404 that names it', async () => {
    context = await browser.newContext();
    try {
      const page = await context.newPage();
      const res = await page.goto(`${web}/servers/io.github.nobody/nothing-here`);
      expect(res!.status()).toBe(404);
      expect((await page.getByRole('heading', { level: 1 }).innerText()).trim()).toBe(
        'No server named io.github.nobody/nothing-here',
      );
    } finally {
      await context.close();
    }
  });
});
