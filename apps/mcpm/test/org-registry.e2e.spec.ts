import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type TestHub, createTestHub, enc } from '../../../test/harness';
import { EVERYTHING_VERSION, type Sandbox, everythingServer, sandbox } from './cli-harness';

/**
 * mcpm against an org's view of the Hub (/o/<org>): reads carry the login stored for that registry
 * (or for the Hub it belongs to), so the org's private servers can be searched, shown and
 * installed; nothing private reaches anyone without that login, from the Hub or from mcpm's cache.
 */
describe('mcpm --registry <hub>/o/<org> (private servers)', () => {
  let hub: TestHub;
  const tag = Date.now().toString(36);
  const org = { a: `acme-${tag}`, b: `globex-${tag}` };
  const ns = `com.acme-${tag}`;
  const secret = `${ns}/internal-tool`;
  const tokens: Record<string, string> = {};
  let orgView: string;
  const boxes: Sandbox[] = [];
  const box = (registry: string) => {
    const b = sandbox(registry);
    boxes.push(b);
    return b;
  };

  beforeAll(async () => {
    hub = await createTestHub();
    orgView = `${hub.url}/o/${org.a}`;
    const admin = hub.adminToken;
    for (const k of ['a', 'b'] as const) {
      const login = `cli-user-${k}-${tag}`;
      expect((await hub.request('POST', '/api/v1/users', { token: admin, body: { login } })).status).toBe(201);
      const personal = await hub.request('POST', `/api/v1/users/${login}/tokens`, {
        token: admin,
        body: { namespace: '*', scopes: ['read'] },
      });
      tokens[`user${k.toUpperCase()}`] = personal.body.token;
      expect(
        (
          await hub.request('POST', '/api/v1/orgs', {
            token: personal.body.token,
            body: { name: org[k], defaultVisibility: 'private' },
          })
        ).status,
      ).toBe(201);
    }
    expect(
      (await hub.request('POST', `/api/v1/orgs/${org.a}/namespaces`, { token: admin, body: { namespace: ns } })).status,
    ).toBe(201);
    const publisher = await hub.request('POST', `/api/v1/orgs/${org.a}/tokens`, {
      token: tokens.userA,
      body: { scopes: ['publish'], namespace: `${ns}/*` },
    });
    // The org's default visibility is private: this server is the org's alone.
    const published = await hub.request('POST', '/v0.1/publish', {
      token: publisher.body.token,
      body: everythingServer(secret, EVERYTHING_VERSION),
    });
    expect(published.status).toBe(200);
    const reader = await hub.request('POST', `/api/v1/orgs/${org.a}/tokens`, {
      token: tokens.userA,
      body: { scopes: ['read'], namespace: '*' },
    });
    tokens.orgRead = reader.body.token;
    tokens.orgReadId = reader.body.id;
    expect((await hub.request('GET', `/v0.1/servers/${enc(secret)}/versions/latest`)).status).toBe(404);
  }, 60_000);

  afterAll(async () => {
    for (const b of boxes) b.cleanup();
    await hub?.close();
  });

  it('logs in to the org view with an org read token, then searches, shows and installs its private server', async () => {
    const b = box(orgView);
    const anonymous = await b.mcpm(['info', secret]);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toContain(`${orgView} needs a login`);
    expect(anonymous.stderr).toContain(`mcpm login --registry ${orgView} --token <token>`);

    const login = await b.mcpm(['login', '--token', tokens.orgRead!]);
    expect({ code: login.code, stderr: login.stderr }).toEqual({ code: 0, stderr: '' });
    expect(login.stdout).toContain(`Logged in to ${orgView}: it accepted the token on a read`);
    const me = await b.mcpm(['whoami', '--json']);
    expect(JSON.parse(me.stdout)).toEqual({ registry: orgView, accepted: true });

    const found = await b.mcpm(['search', 'internal-tool', '--json']);
    expect(found.code).toBe(0);
    expect((JSON.parse(found.stdout) as { results: { name: string }[] }).results.map((r) => r.name)).toContain(secret);
    const info = await b.mcpm(['info', secret, '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ name: secret, version: EVERYTHING_VERSION });

    const installed = await b.mcpm(['install', secret, '--host', 'cursor', '-g']);
    expect({ code: installed.code, stderr: installed.stderr }).toMatchObject({ code: 0 });
    const cursor = JSON.parse(fs.readFileSync(path.join(b.home, '.cursor', 'mcp.json'), 'utf8')) as {
      mcpServers: Record<string, unknown>;
    };
    expect(Object.keys(cursor.mcpServers)).toHaveLength(1);
    // The token is in the vault, not in any plain file mcpm wrote.
    for (const [file, text] of b.snapshot())
      expect({ file, leaked: text.includes(tokens.orgRead!) }).toEqual({ file, leaked: false });

    // After logout the cached private answers are not served, online or offline.
    expect((await b.mcpm(['logout'])).code).toBe(0);
    const offline = await b.mcpm(['info', secret, '--offline']);
    expect(offline.code).not.toBe(0);
    expect(offline.stderr).toContain('is not in the cache');
    expect(offline.stdout).not.toContain(secret);
    const online = await b.mcpm(['info', secret]);
    expect(online.code).not.toBe(0);
    expect(online.stderr).toContain('needs a login');
  }, 120_000);

  it("uses a login at the Hub's own URL for its org views, and a member of another org sees nothing", async () => {
    const member = box(hub.url);
    expect((await member.mcpm(['login', '--token', tokens.userA!])).code).toBe(0);
    const shown = await member.mcpm(['info', secret, '--registry', orgView, '--json']);
    expect({ code: shown.code, stderr: shown.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(shown.stdout)).toMatchObject({ name: secret });
    // At the Hub's own URL the member reads with the same login: the org's server is found there too.
    expect((await member.mcpm(['info', secret])).code).toBe(0);

    const outsider = box(hub.url);
    expect((await outsider.mcpm(['login', '--token', tokens.userB!])).code).toBe(0);
    const refused = await outsider.mcpm(['info', secret, '--registry', orgView]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).not.toContain('internal-tool');
    const root = await outsider.mcpm(['info', secret]);
    expect(root.code).not.toBe(0);
    expect(root.stderr).toContain(`No server named ${secret}`);
    const search = await outsider.mcpm(['search', 'internal-tool', '--json']);
    expect(search.code).toBe(0);
    expect((JSON.parse(search.stdout) as { results: { name: string }[] }).results.map((r) => r.name)).not.toContain(
      secret,
    );
  }, 60_000);

  it('says so when the stored login is revoked, and never sends a login to another host', async () => {
    const b = box(orgView);
    const minted = await hub.request('POST', `/api/v1/orgs/${org.a}/tokens`, {
      token: tokens.userA,
      body: { scopes: ['read'], namespace: '*' },
    });
    expect((await b.mcpm(['login', '--token', minted.body.token])).code).toBe(0);
    expect((await b.mcpm(['info', secret])).code).toBe(0);
    expect(
      (await hub.request('DELETE', `/api/v1/orgs/${org.a}/tokens/${minted.body.id}`, { token: tokens.userA })).status,
    ).toBe(204);
    const refused = await b.mcpm(['info', secret]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`${orgView} refused your login`);
    expect(refused.stderr).toContain('mcpm logout');

    // A registry on another host (another port) gets no Authorization header from this login.
    const seen: (string | undefined)[] = [];
    const other = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      // Only the official API: mcpm's search falls back from the Hub's to the list's.
      if (!req.url?.startsWith('/v0.1/')) return void res.writeHead(404).end();
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ servers: [], metadata: { count: 0 } }));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const member = box(hub.url);
      expect((await member.mcpm(['login', '--token', tokens.userA!])).code).toBe(0);
      expect((await member.mcpm(['search', 'anything', '--registry', elsewhere])).code).toBe(0);
      expect(seen.length).toBe(2);
      expect(seen).toEqual(seen.map(() => undefined));
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  }, 60_000);

  it('points at the Hub when the org view is asked for a GitHub sign-in', async () => {
    const b = box(orgView);
    const res = await b.mcpm(['login', '--github']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`${orgView} does not offer GitHub sign-in`);
    expect(res.stderr).toContain(`mcpm login --github --registry ${hub.url}`);
  });
});
