import { type KeyObject, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixedClock } from '@mcp-hub/http';
import { type TestHub, createTestHub, serverJson } from '../../../test/harness';
import { type FakeDnsServer, startFakeDnsServer } from '../../../test/fakes/dns-server';
import { type FakeGitHub, startFakeGitHub } from '../../../test/fakes/github';
import { proofRecord, signTimestamp } from '../src/namespaces';

/**
 * Identity against stand-ins for what cannot run here: a fake GitHub (OAuth web and device flows,
 * REST), a real UDP DNS server on 127.0.0.1 and an HTTP server for the well-known file. The Hub
 * is told only their addresses (GITHUB_*_URL, HUB_DNS_SERVERS, HUB_PROOF_WELL_KNOWN_URL).
 */
describe('identity: GitHub sign-in, registry JWTs and namespace proofs', () => {
  let hub: TestHub;
  let github: FakeGitHub;
  let dns: FakeDnsServer;
  let wellKnown: Server;
  const files = new Map<string, string>();
  const clock = new FixedClock(new Date());
  const tag = Date.now().toString(36);
  const login = { alice: `alice-${tag}`, bob: `bob-${tag}`, carol: `carol-${tag}` };
  const ghOrg = `acme-${tag}`;
  const CALLBACK = 'http://127.0.0.1:3999/auth/github/callback';

  const claimsOf = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const publish = (token: string, name: string) =>
    hub.request('POST', '/v0.1/publish', { token, body: serverJson(name, '1.0.0') });

  beforeAll(async () => {
    github = await startFakeGitHub({ callbackUrl: CALLBACK });
    github.addUser({ login: login.alice, name: 'Alice', orgs: [ghOrg] });
    github.addUser({ login: login.bob, name: 'Bob' });
    github.addUser({ login: login.carol, name: 'Carol' });
    dns = await startFakeDnsServer();
    wellKnown = createServer((req, res) => {
      const domain = /^\/([^/]+)\/\.well-known\/mcp-registry-auth$/.exec(req.url ?? '')?.[1];
      const body = domain ? files.get(domain) : undefined;
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain' }).end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => wellKnown.listen(0, '127.0.0.1', resolve));
    hub = await createTestHub({
      clock,
      env: {
        GITHUB_CLIENT_ID: github.clientId,
        GITHUB_CLIENT_SECRET: github.clientSecret,
        GITHUB_OAUTH_URL: github.oauthBaseUrl,
        GITHUB_API_URL: github.apiBaseUrl,
        GITHUB_CALLBACK_URL: CALLBACK,
        HUB_DNS_SERVERS: dns.address,
        HUB_PROOF_WELL_KNOWN_URL: `http://127.0.0.1:${(wellKnown.address() as AddressInfo).port}/{domain}/.well-known/mcp-registry-auth`,
      },
    });
  });

  afterAll(async () => {
    await hub?.close();
    await github?.close();
    await dns?.close();
    wellKnown?.close();
  });

  it('says which sign-in methods it offers', async () => {
    const res = await hub.request('GET', '/api/v1/auth/config');
    expect(res.body).toEqual({ github: true, githubWeb: true, dns: true, http: true, jwtTtlSeconds: 300 });
  });

  describe('GitHub access token exchange (/v0.1/auth/github-at, as mcp-publisher uses it)', () => {
    let jwt: string;

    it('returns a short-lived Ed25519 JWT for io.github.<login>/* and each GitHub org', async () => {
      const res = await hub.request('POST', '/v0.1/auth/github-at', {
        body: { github_token: github.issueToken(login.alice) },
      });
      expect(res.status).toBe(200);
      jwt = res.body.registry_token;
      expect(res.body.expires_at).toBe(Math.floor(clock.now().getTime() / 1000) + 300);
      const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8'));
      expect(header).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
      expect(claimsOf(jwt)).toMatchObject({
        auth_method: 'github-at',
        auth_method_sub: login.alice,
        permissions: [
          { action: 'publish', resource: `io.github.${login.alice}/*` },
          { action: 'publish', resource: `io.github.${ghOrg}/*` },
        ],
      });
      // The GitHub token is used once and never kept.
      expect(JSON.stringify(await hub.query('select * from users'))).not.toContain('gho_');
      // Its issue is on record, naming the JWT (which belongs to no API token).
      const issued = await hub.query<{ detail: { method: string; jwt: string } }>(
        `select detail from audit_log where action = 'user.signed-in' and target = 'user:${login.alice}'`,
      );
      expect(issued.map((r) => r.detail)).toEqual([{ method: 'github-at', jwt: claimsOf(jwt).jti }]);
    });

    it('publishes inside those namespaces and nowhere else', async () => {
      expect((await publish(jwt, `io.github.${login.alice}/weather`)).status).toBe(200);
      expect((await publish(jwt, `io.github.${ghOrg}/tool`)).status).toBe(200);
      const outside = await publish(jwt, `io.github.${login.bob}/weather`);
      expect(outside.status).toBe(403);
      expect(outside.body.detail).toContain(`io.github.${login.alice}/*`);
      const ns = await hub.request('GET', `/api/v1/namespaces/io.github.${login.alice}`);
      expect(ns.body).toMatchObject({ verified: true, method: 'github' });
    });

    it('refuses the JWT once expired, tampered with or signed by another key', async () => {
      const tampered = jwt.split('.');
      tampered[1] = Buffer.from(
        JSON.stringify({ ...claimsOf(jwt), permissions: [{ action: 'publish', resource: '*' }] }),
      ).toString('base64url');
      expect((await hub.request('GET', '/api/v1/whoami', { token: tampered.join('.') })).status).toBe(401);

      const stranger: KeyObject = generateKeyPairSync('ed25519').privateKey;
      const forged = `${jwt.split('.')[0]}.${jwt.split('.')[1]}`;
      expect(
        (
          await hub.request('GET', '/api/v1/whoami', {
            token: `${forged}.${sign(null, Buffer.from(forged), stranger).toString('base64url')}`,
          })
        ).status,
      ).toBe(401);

      expect((await hub.request('GET', '/api/v1/whoami', { token: jwt })).status).toBe(200);
      clock.advance(306_000);
      const expired = await hub.request('GET', '/api/v1/whoami', { token: jwt });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('content-type')).toContain('application/problem+json');
    });

    it('turns a bad GitHub token or body into a clear 4xx', async () => {
      const bad = await hub.request('POST', '/v0.1/auth/github-at', { body: { github_token: 'gho_not-a-real-token' } });
      expect(bad.status).toBe(401);
      expect(bad.body.detail).toMatch(/GitHub rejected the access token/);
      expect((await hub.request('POST', '/v0.1/auth/github-at', { body: {} })).status).toBe(400);
    });
  });

  describe('device flow (mcpm login)', () => {
    it('signs in after approval on GitHub: a session that refreshes into JWTs and can sign out', async () => {
      const started = await hub.request('POST', '/api/v1/auth/github/device');
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ verificationUri: `${github.oauthBaseUrl}/login/device`, interval: 5 });
      const poll = () =>
        hub.request('POST', '/api/v1/auth/github/device/token', { body: { deviceCode: started.body.deviceCode } });

      expect((await poll()).body).toEqual({ status: 'pending', interval: 5 });
      github.approveDevice(started.body.userCode, login.bob);
      github.advanceClock(6);
      const done = await poll();
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        status: 'ok',
        user: { login: login.bob },
        token: expect.stringMatching(/^mcphub_/),
      });
      const session = done.body.token as string;

      const me = await hub.request('GET', '/api/v1/whoami', { token: session });
      expect(me.body).toMatchObject({ kind: 'session', login: login.bob, namespaces: [`io.github.${login.bob}/*`] });
      expect((await publish(session, `io.github.${login.bob}/notes`)).status).toBe(200);
      expect((await publish(session, `io.github.${login.alice}/notes`)).status).toBe(403);

      // Refresh: the long-lived session buys short-lived JWTs with the same rights.
      const refreshed = await hub.request('POST', '/api/v1/auth/token', { token: session });
      expect(refreshed.status).toBe(200);
      const short = refreshed.body.registry_token as string;
      expect((await hub.request('GET', '/api/v1/whoami', { token: short })).body).toMatchObject({
        kind: 'jwt',
        login: login.bob,
        namespaces: [`io.github.${login.bob}/*`],
      });
      expect((await hub.request('POST', '/api/v1/auth/token', { token: short })).status).toBe(400);

      expect((await hub.request('DELETE', '/api/v1/auth/session', { token: session })).status).toBe(204);
      expect((await hub.request('GET', '/api/v1/whoami', { token: session })).status).toBe(401);
      expect((await hub.request('POST', '/api/v1/auth/token', { token: session })).status).toBe(401);
    });

    it('says so when the user cancels on GitHub', async () => {
      const started = await hub.request('POST', '/api/v1/auth/github/device');
      github.denyDevice(started.body.userCode);
      github.advanceClock(6);
      const res = await hub.request('POST', '/api/v1/auth/github/device/token', {
        body: { deviceCode: started.body.deviceCode },
      });
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/cancelled on GitHub/);
      expect((await hub.request('POST', '/api/v1/auth/github/device/token', { body: {} })).status).toBe(400);
    });
  });

  describe('web sign-in (passport-github2)', () => {
    const bind = 'browser-cookie-0123456789abcdef';

    async function authorize(who: string): Promise<{ code: string; state: string }> {
      const start = await hub.request('POST', '/api/v1/auth/github/web', { body: { bind } });
      expect(start.status).toBe(200);
      github.nextAuthorizer = who;
      const atGitHub = await fetch(start.body.url, { redirect: 'manual' });
      const back = new URL(atGitHub.headers.get('location')!);
      expect(back.origin + back.pathname).toBe(CALLBACK);
      return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
    }

    it('signs the browser in with the code GitHub sent back to the site', async () => {
      const { code, state } = await authorize(login.carol);
      const res = await hub.request('POST', '/api/v1/auth/github/web/callback', { body: { code, state, bind } });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ login: login.carol });
      expect((await hub.request('GET', '/api/v1/whoami', { token: res.body.token })).body).toMatchObject({
        kind: 'session',
        login: login.carol,
      });
      // The same answer again is a replay.
      expect(
        (await hub.request('POST', '/api/v1/auth/github/web/callback', { body: { code, state, bind } })).status,
      ).toBe(401);
    });

    it('refuses a callback brought by another browser (login CSRF) or with an altered state', async () => {
      const { code, state } = await authorize(login.carol);
      const other = await hub.request('POST', '/api/v1/auth/github/web/callback', {
        body: { code, state, bind: 'attacker-cookie-0123456789abcdef' },
      });
      expect(other.status).toBe(401);
      expect(other.body.detail).toMatch(/state is invalid/);
      const altered = await hub.request('POST', '/api/v1/auth/github/web/callback', {
        body: { code, state: `${state}x`, bind },
      });
      expect(altered.status).toBe(401);
    });
  });

  describe('namespace proofs (/v0.1/auth/dns and /v0.1/auth/http)', () => {
    const keys = generateKeyPairSync('ed25519');
    const dnsDomain = `dns-${tag}.example`;
    const httpDomain = `http-${tag}.example`;
    const reverse = (d: string) => d.split('.').reverse().join('.');
    const prove = (path: string, domain: string, at: Date = clock.now(), key: KeyObject = keys.privateKey) => {
      const timestamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
      return hub.request('POST', path, {
        body: { domain, timestamp, signed_timestamp: signTimestamp(key, timestamp) },
      });
    };

    beforeAll(() => {
      dns.setTxt(dnsDomain, ['google-site-verification=abc', proofRecord(keys.publicKey)]);
      files.set(httpDomain, proofRecord(keys.publicKey));
    });

    it('DNS: grants the domain and its subdomains, and marks the namespace verified', async () => {
      const res = await prove('/v0.1/auth/dns', dnsDomain);
      expect(res.status).toBe(200);
      expect(claimsOf(res.body.registry_token)).toMatchObject({
        auth_method: 'dns',
        auth_method_sub: dnsDomain,
        permissions: [
          { action: 'publish', resource: `${reverse(dnsDomain)}/*` },
          { action: 'publish', resource: `${reverse(dnsDomain)}.*/*` },
        ],
      });
      expect((await publish(res.body.registry_token, `${reverse(dnsDomain)}/server`)).status).toBe(200);
      expect((await publish(res.body.registry_token, `${reverse(dnsDomain)}.eu/server`)).status).toBe(200);
      expect((await publish(res.body.registry_token, `com.other/server`)).status).toBe(403);
      expect((await hub.request('GET', `/api/v1/namespaces/${reverse(dnsDomain)}`)).body).toMatchObject({
        verified: true,
        method: 'dns',
      });
    });

    it('HTTP: grants the domain only', async () => {
      // The same key signed the DNS login this second: a new second, or it would be a replay.
      clock.advance(1000);
      const res = await prove('/v0.1/auth/http', httpDomain);
      expect(res.status).toBe(200);
      expect(claimsOf(res.body.registry_token).permissions).toEqual([
        { action: 'publish', resource: `${reverse(httpDomain)}/*` },
      ]);
      expect((await publish(res.body.registry_token, `${reverse(httpDomain)}/server`)).status).toBe(200);
      expect((await publish(res.body.registry_token, `${reverse(httpDomain)}.eu/server`)).status).toBe(403);
    });

    it('refuses a replayed signature, a stale or future timestamp, another key, and a domain with no record', async () => {
      const timestamp = clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      const body = { domain: dnsDomain, timestamp, signed_timestamp: signTimestamp(keys.privateKey, timestamp) };
      // A fresh second (the earlier test used the same one): the first use passes, the replay does not.
      clock.advance(1000);
      const fresh = {
        ...body,
        timestamp: clock
          .now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
      };
      fresh.signed_timestamp = signTimestamp(keys.privateKey, fresh.timestamp);
      expect((await hub.request('POST', '/v0.1/auth/dns', { body: fresh })).status).toBe(200);
      const replay = await hub.request('POST', '/v0.1/auth/dns', { body: fresh });
      expect(replay.status).toBe(401);
      expect(replay.body.detail).toMatch(/replay/);

      const stale = await prove('/v0.1/auth/dns', dnsDomain, new Date(clock.now().getTime() - 20_000));
      expect(stale.status).toBe(401);
      expect(stale.body.detail).toMatch(/behind the registry's clock/);
      expect((await prove('/v0.1/auth/http', httpDomain, new Date(clock.now().getTime() + 20_000))).status).toBe(401);

      const wrongKey = await prove('/v0.1/auth/dns', dnsDomain, clock.now(), generateKeyPairSync('ed25519').privateKey);
      expect(wrongKey.status).toBe(401);
      expect(wrongKey.body.detail).toMatch(/does not match the key/);
      const nothing = await prove('/v0.1/auth/dns', `nothing-${tag}.example`);
      expect(nothing.status).toBe(401);
      const noFile = await prove('/v0.1/auth/http', `nothing-${tag}.example`);
      expect(noFile.status).toBe(401);

      const malformed = await hub.request('POST', '/v0.1/auth/dns', {
        body: { domain: 'not a domain', timestamp: 'yesterday', signed_timestamp: 'zz' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors.map((e: { location: string }) => e.location).sort()).toEqual([
        'body.domain',
        'body.signedTimestamp',
        'body.timestamp',
      ]);
    });

    it('gives a proven domain to an org, whose tokens may then publish there', async () => {
      const device = await hub.request('POST', '/api/v1/auth/github/device');
      github.approveDevice(device.body.userCode, login.alice);
      github.advanceClock(6);
      const session = (
        await hub.request('POST', '/api/v1/auth/github/device/token', { body: { deviceCode: device.body.deviceCode } })
      ).body.token as string;
      const orgName = `proven-${tag}`;
      expect(
        (
          await hub.request('POST', '/api/v1/orgs', {
            token: session,
            body: { name: orgName, defaultVisibility: 'public' },
          })
        ).status,
      ).toBe(201);

      // io.github.<gh-org> for a GitHub org Alice belongs to; not for one she does not.
      const gh = await hub.request('POST', `/api/v1/orgs/${orgName}/namespaces`, {
        token: session,
        body: { namespace: `io.github.${ghOrg}` },
      });
      expect(gh.status).toBe(201);
      expect(gh.body).toEqual({ namespace: `io.github.${ghOrg}`, org: orgName, method: 'github' });
      expect(
        (
          await hub.request('POST', `/api/v1/orgs/${orgName}/namespaces`, {
            token: session,
            body: { namespace: `io.github.someone-else-${tag}` },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await hub.request('POST', `/api/v1/orgs/${orgName}/namespaces`, {
            token: session,
            body: { namespace: 'com.unproven' },
          })
        ).status,
      ).toBe(403);

      clock.advance(1000);
      const timestamp = clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
      const proven = await hub.request('POST', `/api/v1/orgs/${orgName}/namespaces`, {
        token: session,
        body: {
          method: 'http',
          domain: httpDomain,
          timestamp,
          signedTimestamp: signTimestamp(keys.privateKey, timestamp),
        },
      });
      expect(proven.status).toBe(201);
      expect(proven.body).toEqual({ namespace: reverse(httpDomain), org: orgName, method: 'http' });
      expect((await hub.request('GET', `/api/v1/orgs/${orgName}`, { token: session })).body.namespaces.sort()).toEqual(
        [`io.github.${ghOrg}`, reverse(httpDomain)].sort(),
      );

      const orgToken = await hub.request('POST', `/api/v1/orgs/${orgName}/tokens`, {
        token: session,
        body: { scopes: ['publish'], namespace: `${reverse(httpDomain)}/*` },
      });
      expect(orgToken.status).toBe(201);
      expect((await publish(orgToken.body.token, `${reverse(httpDomain)}/org-server`)).status).toBe(200);
      const audit = await hub.request('GET', `/api/v1/orgs/${orgName}/audit`, { token: session });
      expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['namespace.verified', 'namespace.assigned', 'token.created']),
      );
    });
  });
});

describe('GitHub sign-in on a Hub where it is not set up', () => {
  let plain: TestHub;
  beforeAll(async () => {
    plain = await createTestHub();
  });
  afterAll(() => plain.close());

  const bind = 'b'.repeat(16);
  const routes: [string, unknown][] = [
    ['/v0.1/auth/github-at', { github_token: 'gho_anything' }],
    ['/api/v1/auth/github/device', undefined],
    ['/api/v1/auth/github/device/token', { deviceCode: 'anything' }],
    ['/api/v1/auth/github/web', { bind }],
    ['/api/v1/auth/github/web/callback', { bind, code: 'anything', state: 'anything' }],
  ];

  it.each(routes)('%s answers 503 not_configured, as its OpenAPI operation declares', async (path, body) => {
    const res = await plain.request('POST', path, { body });
    expect({ status: res.status, type: res.headers.get('content-type')?.split(';')[0], code: res.body?.code }).toEqual({
      status: 503,
      type: 'application/problem+json',
      code: 'not_configured',
    });
    expect(res.body.detail).toMatch(/not set up on this Hub/);
    const spec = (await plain.request('GET', '/openapi.json')).body;
    expect(Object.keys(spec.paths[path].post.responses)).toContain('503');
  });
});
