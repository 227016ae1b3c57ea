import { randomBytes } from 'node:crypto';
import { HubError } from '@mcp-hub/domain';
import { type FakeGitHub, startFakeGitHub } from '../../../../test/fakes/github';
import type { GitHubIdentity } from './github.client';
import { createGitHubStrategy, type GitHubSignInStrategy, type GitHubStrategyOptions } from './github.strategy';
import { runStrategy, type StrategyOutcome } from './passport.adapter';
import { SignedStateStore } from './signed-state.store';

const CALLBACK = 'http://127.0.0.1:4000/auth/github/callback';
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

let fake: FakeGitHub;
let clock: number;
let stateStore: SignedStateStore;

beforeEach(async () => {
  fake = await startFakeGitHub({ callbackUrl: 'http://127.0.0.1/auth/github/callback' });
  clock = Date.now();
  stateStore = new SignedStateStore({ secret: randomBytes(32).toString('hex'), ttlMs: 60_000, now: () => clock });
});

afterEach(() => fake.close());

function strategy(overrides: Partial<GitHubStrategyOptions> = {}): GitHubSignInStrategy {
  return createGitHubStrategy({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    oauthBaseUrl: fake.oauthBaseUrl,
    apiBaseUrl: fake.apiBaseUrl,
    callbackUrl: CALLBACK,
    stateStore,
    timeoutMs: 2_000,
    ...overrides,
  });
}

function redirectOf(outcome: StrategyOutcome<GitHubIdentity>): string {
  if (!('redirect' in outcome)) throw new Error(`expected a redirect, got ${JSON.stringify(outcome)}`);
  return outcome.redirect;
}

/** Sign-in start → the browser at GitHub → the query GitHub's redirect brings to the callback. */
async function startAndAuthorize(
  s: GitHubSignInStrategy,
  options: Record<string, unknown> = {},
): Promise<Record<string, string>> {
  const toGitHub = redirectOf(await runStrategy<GitHubIdentity>(s, { query: {} }, options));
  const res = await fetch(toGitHub, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.origin + location.pathname).toBe(CALLBACK);
  return Object.fromEntries(location.searchParams);
}

async function rejection(promise: Promise<unknown>): Promise<HubError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof HubError)) throw new Error(`expected a HubError, got ${String(err)}`);
  return err;
}

const tokenRequests = () => fake.requests.filter((r) => r.path === '/login/oauth/access_token');

describe('GitHub web sign-in through passport-github2', () => {
  it('sends the browser to GitHub’s authorize page with the app, callback, scope and a signed state', async () => {
    const url = new URL(redirectOf(await runStrategy(strategy(), { query: {} })));

    expect(url.origin + url.pathname).toBe(`${fake.oauthBaseUrl}/login/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(fake.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('read:org');
    expect(stateStore.check(url.searchParams.get('state'), { clientID: fake.clientId, callbackURL: CALLBACK }).ok).toBe(
      true,
    );
    expect(url.href).not.toContain(fake.clientSecret);
  });

  it('signs the user in with their organisations, and sends the secret only to the token endpoint', async () => {
    const alice = fake.addUser({ login: unique('alice'), name: 'Alice Liddell', orgs: ['acme', 'wonderland'] });
    fake.nextAuthorizer = alice.login;
    const s = strategy();
    const back = await startAndAuthorize(s, { state: { returnTo: '/servers/mine' } });

    const outcome = await runStrategy<GitHubIdentity>(s, { query: back });

    expect(outcome).toEqual({
      user: {
        id: alice.id,
        login: alice.login,
        name: 'Alice Liddell',
        avatarUrl: expect.any(String),
        orgs: ['acme', 'wonderland'],
      },
      info: { state: { returnTo: '/servers/mine' } },
    });
    const withSecret = fake.requests.filter((r) => JSON.stringify(r).includes(fake.clientSecret));
    expect(withSecret.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /login/oauth/access_token']);
  });

  it('refuses a tampered state without asking GitHub for a token', async () => {
    fake.nextAuthorizer = fake.addUser({ login: unique('mallory') }).login;
    const s = strategy();
    const back = await startAndAuthorize(s);
    const [version, body, mac] = back.state!.split('.');
    const forged = Buffer.from(JSON.stringify({ n: 'x', e: clock + 3_600_000 })).toString('base64url');

    for (const state of [`${version}.${forged}.${mac}`, `${version}.${body}.${mac!.slice(1)}A`, undefined]) {
      const outcome = await runStrategy(s, { query: { ...back, state } });
      expect(outcome).toEqual({
        fail: { message: expect.stringMatching(/sign-in state|no sign-in state/), status: 403 },
      });
    }
    expect(tokenRequests()).toHaveLength(0);
  });

  it('refuses a state that expired while the user was at GitHub', async () => {
    fake.nextAuthorizer = fake.addUser({ login: unique('slow') }).login;
    const s = strategy();
    const back = await startAndAuthorize(s);
    clock += 60_001;

    expect(await runStrategy(s, { query: back })).toEqual({
      fail: { message: expect.stringMatching(/expired/), status: 403 },
    });
    expect(tokenRequests()).toHaveLength(0);
  });

  it('fails with the Hub’s own message when the user denies access', async () => {
    fake.deny = true;
    const back = await startAndAuthorize(strategy());
    expect(back.error).toBe('access_denied');

    const outcome = await runStrategy(strategy(), { query: { ...back, error_description: '<script>evil()</script>' } });
    expect(outcome).toEqual({ fail: { message: expect.stringMatching(/did not authorize the Hub/), status: 401 } });
    expect(tokenRequests()).toHaveLength(0);
  });

  it('rejects with unavailable when the Hub’s client secret is wrong', async () => {
    fake.nextAuthorizer = fake.addUser({ login: unique('oscar') }).login;
    const wrongSecret = randomBytes(20).toString('hex');
    const s = strategy({ clientSecret: wrongSecret });
    const back = await startAndAuthorize(s);

    const err = await rejection(runStrategy(s, { query: back }));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/client id or client secret/);
    expect(err.message).not.toContain(wrongSecret);
  });

  it('rejects a code that was already redeemed as unauthorized', async () => {
    fake.nextAuthorizer = fake.addUser({ login: unique('replay') }).login;
    const s = strategy();
    const back = await startAndAuthorize(s);
    expect('user' in (await runStrategy(s, { query: back }))).toBe(true);

    const err = await rejection(runStrategy(s, { query: back }));
    expect(err.code).toBe('unauthorized');
    expect(err.message).toMatch(/already used/);
  });

  it('refuses the same state twice when one-time use is on', async () => {
    fake.nextAuthorizer = fake.addUser({ login: unique('twice') }).login;
    stateStore = new SignedStateStore({ secret: randomBytes(32).toString('hex'), oneTimeUse: true });
    const s = strategy();
    const back = await startAndAuthorize(s);
    expect('user' in (await runStrategy(s, { query: back }))).toBe(true);

    expect(await runStrategy(s, { query: back })).toEqual({
      fail: { message: expect.stringMatching(/already used/), status: 403 },
    });
    expect(tokenRequests()).toHaveLength(1);
  });

  it('tells the operator when the callback URL is not the GitHub app’s', async () => {
    const s = strategy({ callbackUrl: 'http://hub.example.com/auth/github/callback' });
    const toGitHub = redirectOf(await runStrategy(s, { query: {} }));
    const back = new URL((await fetch(toGitHub, { redirect: 'manual' })).headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('redirect_uri_mismatch');

    const err = await rejection(runStrategy(s, { query: Object.fromEntries(back.searchParams) }));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/callback URL/);
  });

  it('fails the callback within timeoutMs when GitHub hangs', async () => {
    fake.nextAuthorizer = fake.addUser({ login: unique('patience') }).login;
    const s = strategy({ timeoutMs: 300 });
    const back = await startAndAuthorize(s);
    fake.hang = true;

    const started = Date.now();
    const err = await rejection(runStrategy(s, { query: back }));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/could not be reached.*ETIMEDOUT/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a GitHub that is gone as unavailable', async () => {
    fake.nextAuthorizer = fake.addUser({ login: unique('gone') }).login;
    const s = strategy();
    const back = await startAndAuthorize(s);
    await fake.close();

    const err = await rejection(runStrategy(s, { query: back }));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it('refuses base URLs of mixed protocols at construction', () => {
    expect(() => strategy({ apiBaseUrl: 'https://api.github.com' })).toThrow(/same protocol/);
  });
});
