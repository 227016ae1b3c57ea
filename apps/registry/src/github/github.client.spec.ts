import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubError } from '@mcp-hub/domain';
import { type FakeGitHub, startFakeGitHub } from '../../../../test/fakes/github';
import { GitHubClient } from './github.client';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

let fake: FakeGitHub;
let client: GitHubClient;

beforeEach(async () => {
  fake = await startFakeGitHub({ callbackUrl: 'http://127.0.0.1/auth/github/callback' });
  client = new GitHubClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    oauthBaseUrl: fake.oauthBaseUrl,
    apiBaseUrl: fake.apiBaseUrl,
    timeoutMs: 2_000,
  });
});

afterEach(() => fake.close());

async function rejection(promise: Promise<unknown>): Promise<HubError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof HubError)) throw new Error(`expected a HubError, got ${String(err)}`);
  return err;
}

/** The browser leg: follows authorizeUrl on the fake and returns the callback's query. */
async function authorizeInBrowser(url: string): Promise<URLSearchParams> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!).searchParams;
}

describe('web flow without passport', () => {
  const redirectUri = 'http://127.0.0.1:4000/auth/github/callback';

  it('exchanges the code GitHub sent for a token of the user who authorized', async () => {
    const alice = fake.addUser({ login: unique('alice') });
    fake.nextAuthorizer = alice.login;
    const url = client.authorizeUrl({ redirectUri, state: 'st-1', scope: ['read:org'] });
    expect(url.startsWith(`${fake.oauthBaseUrl}/login/oauth/authorize?`)).toBe(true);

    const back = await authorizeInBrowser(url);
    expect(back.get('state')).toBe('st-1');
    const token = await client.exchangeCode({ code: back.get('code')!, redirectUri });

    expect((await client.identity(token)).login).toBe(alice.login);
  });

  it('refuses a code used twice as unauthorized', async () => {
    fake.nextAuthorizer = fake.addUser({ login: unique('bob') }).login;
    const code = (await authorizeInBrowser(client.authorizeUrl({ redirectUri, state: 's' }))).get('code')!;
    await client.exchangeCode({ code, redirectUri });

    const err = await rejection(client.exchangeCode({ code, redirectUri }));
    expect(err.code).toBe('unauthorized');
    expect(err.message).toMatch(/already used/);
  });

  it('reports a wrong client secret as unavailable, without the secret', async () => {
    fake.nextAuthorizer = fake.addUser({ login: unique('carol') }).login;
    const code = (await authorizeInBrowser(client.authorizeUrl({ redirectUri, state: 's' }))).get('code')!;
    const wrongSecret = randomBytes(20).toString('hex');
    const misconfigured = new GitHubClient({
      clientId: fake.clientId,
      clientSecret: wrongSecret,
      oauthBaseUrl: fake.oauthBaseUrl,
      apiBaseUrl: fake.apiBaseUrl,
    });

    const err = await rejection(misconfigured.exchangeCode({ code, redirectUri }));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/client id or client secret/);
    expect(err.message).not.toContain(wrongSecret);
  });
});

describe('device flow', () => {
  it('stays pending, slows a client that polls too fast, then yields the approver’s token', async () => {
    const dana = fake.addUser({ login: unique('dana'), orgs: ['acme'] });
    const start = await client.startDeviceFlow(['read:org']);
    expect(start).toEqual({
      deviceCode: expect.stringMatching(/^[0-9a-f]{40}$/),
      userCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/),
      verificationUri: `${fake.oauthBaseUrl}/login/device`,
      expiresIn: 900,
      interval: 5,
    });

    expect(await client.pollDeviceFlow(start.deviceCode)).toEqual({ status: 'pending' });
    expect(await client.pollDeviceFlow(start.deviceCode)).toEqual({ status: 'slow_down', interval: 10 });
    fake.advanceClock(5);
    // Still too soon: the minimum is now 10 seconds.
    expect(await client.pollDeviceFlow(start.deviceCode)).toEqual({ status: 'slow_down', interval: 15 });
    fake.advanceClock(15);
    expect(await client.pollDeviceFlow(start.deviceCode)).toEqual({ status: 'pending' });

    fake.approveDevice(start.userCode, dana.login);
    fake.advanceClock(15);
    const done = await client.pollDeviceFlow(start.deviceCode);
    if (done.status !== 'ok') throw new Error(`expected ok, got ${done.status}`);

    expect(await client.identity(done.accessToken)).toEqual({
      id: dana.id,
      login: dana.login,
      name: dana.name,
      avatarUrl: expect.any(String),
      orgs: ['acme'],
    });
    // A public-client flow: the secret is never sent.
    expect(fake.requests.some((r) => r.body.includes(fake.clientSecret))).toBe(false);
  });

  it('reports an expired device code', async () => {
    const start = await client.startDeviceFlow();
    fake.advanceClock(901);
    expect(await client.pollDeviceFlow(start.deviceCode)).toEqual({ status: 'expired' });
  });

  it('reports a denied authorization', async () => {
    const start = await client.startDeviceFlow();
    fake.denyDevice(start.userCode);
    expect(await client.pollDeviceFlow(start.deviceCode)).toEqual({ status: 'denied' });
  });

  it('refuses a device code GitHub does not know, and one already redeemed', async () => {
    const erin = fake.addUser({ login: unique('erin') });
    expect((await rejection(client.pollDeviceFlow('f'.repeat(40)))).code).toBe('bad_request');

    const start = await client.startDeviceFlow();
    fake.approveDevice(start.userCode, erin.login);
    expect((await client.pollDeviceFlow(start.deviceCode)).status).toBe('ok');
    expect((await rejection(client.pollDeviceFlow(start.deviceCode))).code).toBe('bad_request');
  });

  it('says an unknown client id is an operator problem', async () => {
    const stranger = new GitHubClient({
      clientId: 'Iv1.unknown',
      oauthBaseUrl: fake.oauthBaseUrl,
      apiBaseUrl: fake.apiBaseUrl,
    });
    const err = await rejection(stranger.startDeviceFlow());
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/client id/);
  });
});

describe('identity', () => {
  it('returns the user and every organisation, across pages', async () => {
    const orgs = Array.from({ length: 105 }, (_, i) => `org-${String(i).padStart(3, '0')}`);
    const frank = fake.addUser({ login: unique('frank'), name: 'Frank Ocean', orgs });
    const identity = await client.identity(fake.issueToken(frank.login));

    expect(identity).toEqual({
      id: frank.id,
      login: frank.login,
      name: 'Frank Ocean',
      avatarUrl: `https://avatars.githubusercontent.com/u/${frank.id}?v=4`,
      orgs,
    });
    expect(fake.requests.filter((r) => r.path === '/api/user/orgs')).toHaveLength(2);
  });

  it('sees a membership change on the very next call', async () => {
    const gina = fake.addUser({ login: unique('gina'), orgs: ['acme', 'globex'] });
    const token = fake.issueToken(gina.login);
    expect((await client.identity(token)).orgs).toEqual(['acme', 'globex']);

    fake.removeFromOrg(gina.login, 'acme');
    expect((await client.identity(token)).orgs).toEqual(['globex']);
  });

  it('treats a revoked token as unauthorized, without echoing the token', async () => {
    const hank = fake.addUser({ login: unique('hank') });
    const token = fake.issueToken(hank.login);
    await client.identity(token);

    expect(fake.revokeTokens(hank.login)).toBe(1);
    const err = await rejection(client.identity(token));
    expect(err.code).toBe('unauthorized');
    expect(err.status).toBe(401);
    expect(err.message).not.toContain(token);
  });

  it('says which scope is missing when GitHub will not list organisations', async () => {
    const ivy = fake.addUser({ login: unique('ivy') });
    const err = await rejection(client.identity(fake.issueToken(ivy.login, [])));
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/read:org/);
  });
});

describe('when GitHub is down', () => {
  it('reports a refused connection as unavailable', async () => {
    const token = fake.issueToken(fake.addUser({ login: unique('jo') }).login);
    await fake.close();
    const err = await rejection(client.identity(token));
    expect(err.code).toBe('unavailable');
    expect(err.status).toBe(503);
    expect(err.message).toMatch(/could not be reached.*ECONNREFUSED/);
  });

  it('gives up on a GitHub that never answers after timeoutMs', async () => {
    fake.hang = true;
    const impatient = new GitHubClient({
      clientId: fake.clientId,
      oauthBaseUrl: fake.oauthBaseUrl,
      apiBaseUrl: fake.apiBaseUrl,
      timeoutMs: 300,
    });
    const started = Date.now();
    const err = await rejection(impatient.startDeviceFlow());
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a 5xx answer as unavailable', async () => {
    const token = fake.issueToken(fake.addUser({ login: unique('kim') }).login);
    fake.failWith = 502;
    const err = await rejection(client.identity(token));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/HTTP 502/);
  });
});

describe('pagination', () => {
  it('never follows a pagination link to another host with the token', async () => {
    const token = fake.issueToken(fake.addUser({ login: unique('lee') }).login);
    const listen = async (server: Server) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const stolen: string[] = [];
    const thief = createServer((req, res) => {
      stolen.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    const thiefUrl = await listen(thief);
    const api = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', link: `<${thiefUrl}/user/orgs?page=2>; rel="next"` });
      res.end('[{"login":"acme"}]');
    });
    const apiUrl = await listen(api);
    try {
      const misled = new GitHubClient({ clientId: fake.clientId, oauthBaseUrl: fake.oauthBaseUrl, apiBaseUrl: apiUrl });
      expect((await rejection(misled.organizations(token))).code).toBe('unavailable');
      expect(stolen).toEqual([]);
    } finally {
      await Promise.all([thief, api].map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });
});

describe('the fake speaks GitHub’s wire format', () => {
  it('answers the token endpoint form-encoded unless JSON is asked for, and errors with HTTP 200', async () => {
    const body = new URLSearchParams({ client_id: fake.clientId, client_secret: fake.clientSecret, code: 'nope' });
    const asForm = await fetch(`${fake.oauthBaseUrl}/login/oauth/access_token`, { method: 'POST', body });
    expect(asForm.status).toBe(200);
    expect(asForm.headers.get('content-type')).toMatch(/x-www-form-urlencoded/);
    expect(new URLSearchParams(await asForm.text()).get('error')).toBe('bad_verification_code');

    const asJson = await fetch(`${fake.oauthBaseUrl}/login/oauth/access_token`, {
      method: 'POST',
      body,
      headers: { accept: 'application/json' },
    });
    expect(await asJson.json()).toMatchObject({ error: 'bad_verification_code' });
  });

  it('answers the REST API only under the API base, with GitHub’s 401 bodies', async () => {
    const noAuth = await fetch(`${fake.apiBaseUrl}/user`, { headers: { 'user-agent': 'test' } });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ message: 'Requires authentication' });

    const badToken = await fetch(`${fake.apiBaseUrl}/user`, {
      headers: { 'user-agent': 'test', authorization: 'token gho_nope' },
    });
    expect(await badToken.json()).toMatchObject({ message: 'Bad credentials' });

    expect((await fetch(`${fake.oauthBaseUrl}/user`)).status).toBe(404);
  });
});
