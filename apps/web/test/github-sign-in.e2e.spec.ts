/// <reference lib="dom" />
/**
 * "Sign in with GitHub" on the site, in headless Chromium, against a fake GitHub the Hub knows
 * only by its base URLs: the browser really goes site → GitHub (fake) → site callback.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type TestHub, createTestHub, freePort } from '../../../test/harness';
import { type FakeGitHub, startFakeGitHub } from '../../../test/fakes/github';
import { launchChromium } from './browser';

jest.setTimeout(120_000);

describe('GitHub sign-in on the site', () => {
  let hub: TestHub;
  let github: FakeGitHub;
  let web: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const login = `erin-${Date.now().toString(36)}`;

  beforeAll(async () => {
    const webPort = await freePort();
    const callback = `http://127.0.0.1:${webPort}/auth/github/callback`;
    github = await startFakeGitHub({ callbackUrl: callback });
    github.addUser({ login, name: 'Erin' });
    hub = await createTestHub({
      env: {
        HUB_WEB: 'on',
        WEB_PORT: String(webPort),
        GITHUB_CLIENT_ID: github.clientId,
        GITHUB_CLIENT_SECRET: github.clientSecret,
        GITHUB_OAUTH_URL: github.oauthBaseUrl,
        GITHUB_API_URL: github.apiBaseUrl,
        GITHUB_CALLBACK_URL: callback,
      },
    });
    web = hub.webUrl!;
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await github?.close();
  });

  const sessions = () =>
    hub.query<{ revoked_at: string | null }>(
      `select t.revoked_at from api_tokens t join users u on u.id = t.user_id where u.login = '${login}' and t.kind = 'session'`,
    );

  it('tells the user when they cancel on GitHub', async () => {
    github.deny = true;
    await page.goto(`${web}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await page.waitForURL(/\/sign-in\?error=/);
    expect(await page.locator('[data-sign-in-error]').innerText()).toMatch(/did not authorize/);
    expect(await sessions()).toEqual([]);
    github.deny = false;
  });

  it('signs in through GitHub, lands on the dashboard, and signing out ends the session on the Hub', async () => {
    github.nextAuthorizer = login;
    await page.goto(`${web}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with GitHub' }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.locator('[data-login]').innerText()).toBe(login);
    expect(await page.locator('[data-whoami]').innerText()).toContain('with GitHub');
    // The session credential is on the Hub as a hash; the browser holds only the sealed cookie.
    expect(await sessions()).toEqual([{ revoked_at: null }]);
    const cookies = await context.cookies(web);
    expect(cookies.find((c) => c.name === 'mcphub_session')?.httpOnly).toBe(true);
    expect(cookies.find((c) => c.name === 'mcphub_github_bind')).toBeUndefined();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    expect((await sessions())[0]!.revoked_at).not.toBeNull();
  });

  it('refuses a callback this browser did not start (login CSRF)', async () => {
    // An attacker's own code and state, opened in the victim's browser: no bind cookie here.
    const res = await page.goto(`${web}/auth/github/callback?code=attacker-code&state=v1.forged.mac`);
    expect(res?.url()).toMatch(/\/sign-in\?error=/);
    expect(await page.locator('[data-sign-in-error]').innerText()).toMatch(/not started in this browser/);
  });
});
