/// <reference lib="dom" />
/**
 * The site under traffic, over plain HTTP and in headless Chromium: the Hub limits each visitor
 * the site names (X-Forwarded-For), not the site; and when the Hub cannot answer (rate-limited,
 * down) a page is the site's own error page with the Hub's status and Retry-After, never a 500.
 *
 * Visitors are told apart as a proxy in front of the site would tell them: an X-Forwarded-For
 * from loopback, which both the site and the Hub trust by default (HUB_TRUSTED_PROXIES).
 */
import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type RunningWeb, startWeb } from '../../hub/src/web';
import { FIXTURE_FILE, type TestHub, createWebHub, freePort } from '../../../test/harness';
import { launchChromium } from './browser';

jest.setTimeout(120_000);

const SHOTS = path.resolve(__dirname, '../../../docs/screenshots');

/** A fixture server's page, rendered (and cached) while the Hub still answers. */
const EARLY = '/servers/io.github.github/github-mcp-server';
/** A page no run has rendered before (rendered pages are kept in apps/web/.next between runs). */
const fresh = () => `/servers/ai.shawndurrani/mcp-merchant/versions/9.${randomBytes(3).readUIntBE(0, 3)}.0`;
/** Requests per minute per client, burst 1: small enough to spend in a test, one back every 10 s. */
const LIMIT = 6;

interface Page {
  status: number;
  headers: Headers;
  html: string;
}
async function get(url: string, visitor?: string): Promise<Page> {
  const res = await fetch(url, { headers: visitor ? { 'x-forwarded-for': visitor } : {}, redirect: 'manual' });
  return { status: res.status, headers: res.headers, html: await res.text() };
}
/** The Hub's refusal, passed on: its status, when to come back, and nothing caches it. */
function expectRefused(page: Page | Response, status: 429 | 503): void {
  expect(page.status).toBe(status);
  expect(Number(page.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(page.headers.get('cache-control')).toBe('no-store');
}

/** The page a browser shows: the site's own error page inside its header, at this width. */
async function expectBrandedErrorPage(
  browser: Browser,
  url: string,
  width: number,
  want: { status: 429 | 503; title: string },
  visitor?: string,
): Promise<void> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    extraHTTPHeaders: visitor ? { 'x-forwarded-for': visitor } : {},
  });
  try {
    const page = await context.newPage();
    const res = await page.goto(url);
    expect(res?.status()).toBe(want.status);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(want.title);
    await expect(page.title()).resolves.toBe(`${want.title} · MCP Hub`);
    expect(await page.locator('main').innerText()).toMatch(
      /Try again in \d+ seconds|Try again in a second|Try again in \d+ minutes/,
    );
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'MCP Hub' }).isVisible(),
    ).toBe(true);
    const retry = page.getByRole('button', { name: 'Try again' });
    const box = (await retry.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/error-${want.status}-${width}.png`, fullPage: true });
    // Trying again asks the server again, and gets the same answer while the cause lasts.
    const again = page.waitForResponse((r) => r.url() === url && r.request().resourceType() === 'document');
    await retry.click();
    expect((await again).status()).toBe(want.status);
  } finally {
    await context.close();
  }
}

describe('the site under traffic', () => {
  describe('rate limits', () => {
    let hub: TestHub;
    let web: string;
    let browser: Browser;

    beforeAll(async () => {
      hub = await createWebHub({
        HUB_SEED_FILE: FIXTURE_FILE,
        HUB_RATE_LIMIT: String(LIMIT),
        HUB_RATE_LIMIT_BURST: '1',
      });
      web = hub.webUrl!;
      browser = await launchChromium();
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await hub?.close();
    });

    /** Visitor searches until the Hub refuses them (each results page is one Hub call); the last answer. */
    async function spend(visitor: string): Promise<Page> {
      let last: Page | undefined;
      for (let i = 0; i <= LIMIT && last?.status !== 429; i++) last = await get(`${web}/search?q=database`, visitor);
      return last!;
    }

    it('serves pages rendered for everyone from its cache, and says 429 for one it cannot render', async () => {
      expect((await get(`${web}${EARLY}`, '198.51.100.3')).status).toBe(200);
      // A client on this machine calling the Hub directly (mcpm, curl) spends the allowance the
      // site's shared renders use: both are loopback with no visitor behind them.
      let status = 0;
      for (let i = 0; i <= LIMIT && status !== 429; i++)
        status = (await hub.request('GET', '/v0.1/servers?limit=1')).status;
      expect(status).toBe(429);

      const cached = await get(`${web}${EARLY}`, '198.51.100.3');
      expect(cached.status).toBe(200);
      expect(cached.html).toContain('github-mcp-server');
      expectRefused(await get(`${web}${fresh()}`, '198.51.100.3'), 429);
      // Per-visitor pages still count against the visitor.
      expect((await get(`${web}/search?q=email`, '198.51.100.4')).status).toBe(200);
    });

    it('counts a visitor against their own allowance, so others still get pages', async () => {
      expectRefused(await spend('198.51.100.1'), 429);

      // Visitor B, through the same site at the same moment, is not affected.
      const other = await get(`${web}/search?q=database`, '198.51.100.2');
      expect(other.status).toBe(200);
      expect(other.html).toContain('data-total');
      // A cannot get around it by writing an address of their own: the site appends theirs.
      expect((await get(`${web}/search?q=database`, '192.0.2.99, 198.51.100.1')).status).toBe(429);
      // Suggestions are A's calls too.
      expectRefused(await fetch(`${web}/api/suggest?q=data`, { headers: { 'x-forwarded-for': '198.51.100.1' } }), 429);
    });

    it.each([1280, 390])(
      'shows a rate-limited visitor the branded "Too many requests" page at %i px',
      async (width) => {
        expectRefused(await spend('198.51.100.1'), 429);
        await expectBrandedErrorPage(
          browser,
          `${web}/search?q=database`,
          width,
          { status: 429, title: 'Too many requests' },
          '198.51.100.1',
        );
      },
    );
  });

  describe('the Hub failing', () => {
    let site: RunningWeb;
    let browser: Browser;
    /** A stand-in for the Hub that fails in the way the test chooses. */
    let fakeHub: Server;
    let failure: 'unreachable' | '500' | '503 for 120 s' = 'unreachable';

    beforeAll(async () => {
      fakeHub = createServer((req, res) => {
        if (failure === 'unreachable') return void req.socket.destroy();
        if (failure === '500')
          return void res
            .writeHead(500, { 'content-type': 'application/problem+json' })
            .end('{"status":500,"title":"Internal Server Error"}');
        res
          .writeHead(503, { 'retry-after': '120', 'content-type': 'application/problem+json' })
          .end('{"status":503,"title":"Service Unavailable"}');
      });
      await new Promise<void>((resolve) => fakeHub.listen(0, '127.0.0.1', resolve));
      site = await startWeb(
        { port: await freePort() },
        `http://127.0.0.1:${(fakeHub.address() as AddressInfo).port}`,
        '127.0.0.1',
        () => undefined,
      );
      browser = await launchChromium();
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await site?.close();
      await new Promise((resolve) => fakeHub?.close(resolve));
    });
    beforeEach(() => {
      failure = 'unreachable';
    });

    it.each(['/', '/search?q=email', 'a server page', '/api/suggest?q=email', '/sitemap.xml'])(
      'answers %s with 503 and Retry-After while the Hub is unreachable',
      async (path) => {
        const page = await get(`${site.url}${path === 'a server page' ? fresh() : path}`);
        expectRefused(page, 503);
        expect(page.headers.get('retry-after')).toBe('30');
      },
    );

    it('answers 503 for a Hub 5xx, passing on how long the Hub asked for', async () => {
      failure = '500';
      const broken = await get(`${site.url}/search?q=email`);
      expectRefused(broken, 503);
      expect(broken.headers.get('retry-after')).toBe('30');
      failure = '503 for 120 s';
      const unavailable = await get(`${site.url}${fresh()}`);
      expectRefused(unavailable, 503);
      expect(unavailable.headers.get('retry-after')).toBe('120');
    });

    it('answers each of several visitors asking for one page at once, though Next renders it once for all', async () => {
      const page = fresh();
      const statuses = await Promise.all(
        Array.from({ length: 8 }, () => get(`${site.url}${page}`).then((r) => r.status)),
      );
      expect(statuses).toEqual(Array(8).fill(503));
    });

    it.each([1280, 390])('shows the branded "unavailable" page at %i px', async (width) => {
      await expectBrandedErrorPage(browser, `${site.url}/search?q=email`, width, {
        status: 503,
        title: 'The registry is unavailable',
      });
    });
  });
});
