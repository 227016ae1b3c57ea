import { createHash } from 'node:crypto';
import { enc, serverJson, uniqueName, useTestHub } from '../../../test/harness';

describe('API tokens and namespace rules', () => {
  const hub = useTestHub();

  const mint = async (body: unknown, token = hub.adminToken) => hub.request('POST', '/api/v1/tokens', { body, token });

  it('returns a new token once and stores only a hash', async () => {
    const res = await mint({ namespace: 'io.github.alice/*', scopes: ['publish'], description: 'ci' });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^mcphub_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({
      namespace: 'io.github.alice/*',
      scopes: ['publish'],
      description: 'ci',
      revokedAt: null,
    });

    const list = await hub.request('GET', '/api/v1/tokens', { token: hub.adminToken });
    const listed = list.body.tokens.find((t: any) => t.id === res.body.id);
    expect(listed.tokenPrefix).toBe(res.body.token.slice(0, 13));
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);

    // What is stored: the SHA-256 of the token, and nowhere the token itself.
    const [row] = await hub.query<Record<string, unknown>>(`select * from api_tokens where id = '${res.body.id}'`);
    expect(row!.token_hash).toBe(createHash('sha256').update(res.body.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(res.body.token);
  });

  it('lets a token publish only inside its namespace pattern', async () => {
    const { body } = await mint({ namespace: 'io.github.alice/*', scopes: ['publish'] });
    const inside = await hub.request('POST', '/v0.1/publish', {
      body: serverJson(uniqueName('io.github.alice'), '1.0.0'),
      token: body.token,
    });
    expect(inside.status).toBe(200);

    for (const outside of [uniqueName('io.github.bob'), uniqueName('io.github.alice2'), uniqueName('io.github')]) {
      const res = await hub.request('POST', '/v0.1/publish', { body: serverJson(outside, '1.0.0'), token: body.token });
      expect(res.status).toBe(403);
      expect(res.body.detail).toContain('io.github.alice/*');
      expect((await hub.request('GET', `/v0.1/servers/${enc(outside)}/versions`)).status).toBe(404);
    }
  });

  it('lets a token deprecate and unpublish only inside its namespace', async () => {
    const alice = (await mint({ namespace: 'io.github.alice/*', scopes: ['publish'] })).body.token;
    const bob = (await mint({ namespace: 'io.github.bob/*', scopes: ['publish'] })).body.token;
    const name = uniqueName('io.github.alice');
    await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token: alice });

    const path = `/v0.1/servers/${enc(name)}/versions/1.0.0`;
    expect((await hub.request('PATCH', `${path}/status`, { body: { status: 'deprecated' }, token: bob })).status).toBe(
      403,
    );
    expect(
      (await hub.request('PATCH', `/v0.1/servers/${enc(name)}/status`, { body: { status: 'deleted' }, token: bob }))
        .status,
    ).toBe(403);
    expect((await hub.request('DELETE', path, { token: bob })).status).toBe(403);
    expect((await hub.request('GET', path)).body._meta['io.modelcontextprotocol.registry/official'].status).toBe(
      'active',
    );

    expect(
      (
        await hub.request('PATCH', `${path}/status`, {
          body: { status: 'deprecated', statusMessage: 'use v2' },
          token: alice,
        })
      ).status,
    ).toBe(200);
  });

  it('matches an exact-name pattern only to that server', async () => {
    const name = uniqueName('com.example');
    const tok = (await mint({ namespace: name, scopes: ['publish'] })).body.token;
    expect((await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token: tok })).status).toBe(
      200,
    );
    expect(
      (await hub.request('POST', '/v0.1/publish', { body: serverJson(name + 'x', '1.0.0'), token: tok })).status,
    ).toBe(403);
  });

  it('refuses an admin token limited to a namespace: admin covers everything', async () => {
    const res = await mint({ namespace: 'io.github.alice/*', scopes: ['admin'] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].location).toBe('body.namespace');
  });

  it('lists the bootstrap token without any part of its secret', async () => {
    const list = await hub.request('GET', '/api/v1/tokens', { token: hub.adminToken });
    const bootstrap = list.body.tokens.find((t: any) => t.description?.startsWith('bootstrap'));
    expect(bootstrap.tokenPrefix).toBe('bootstrap');
    expect(JSON.stringify(list.body)).not.toContain(hub.adminToken.slice(0, 8));
  });

  it('lets a publisher mint, list and revoke only its own tokens, never more than it has', async () => {
    const carol = (await mint({ namespace: 'io.github.carol/*', scopes: ['publish'] })).body;
    const frank = (await mint({ namespace: 'io.github.frank/*', scopes: ['publish'] })).body;
    expect((await mint({ namespace: '*', scopes: ['admin'] }, carol.token)).status).toBe(403);
    expect((await mint({ namespace: 'io.github.frank/*', scopes: ['publish'] }, carol.token)).status).toBe(403);
    expect((await mint({ namespace: '*', scopes: ['publish'] }, carol.token)).status).toBe(403);

    const ci = await mint(
      { namespace: 'io.github.carol/weather', scopes: ['publish'], description: 'ci' },
      carol.token,
    );
    expect(ci.status).toBe(201);
    const frankCi = (await mint({ namespace: 'io.github.frank/*', scopes: ['publish'] }, frank.token)).body;

    // The minted token works inside its narrower pattern only.
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          body: serverJson('io.github.carol/weather', `1.0.${Date.now() % 1000}`),
          token: ci.body.token,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          body: serverJson(uniqueName('io.github.carol'), '1.0.0'),
          token: ci.body.token,
        })
      ).status,
    ).toBe(403);

    const ids = async (token: string) =>
      ((await hub.request('GET', '/api/v1/tokens', { token })).body.tokens as { id: string }[]).map((t) => t.id).sort();
    expect(await ids(carol.token)).toEqual([carol.id, ci.body.id].sort());
    expect(await ids(frank.token)).toEqual([frank.id, frankCi.id].sort());

    // Another publisher's token is invisible: revoking it answers 404 and changes nothing.
    expect((await hub.request('DELETE', `/api/v1/tokens/${frankCi.id}`, { token: carol.token })).status).toBe(404);
    expect((await hub.request('GET', '/api/v1/whoami', { token: frankCi.token })).status).toBe(200);
    expect((await hub.request('DELETE', `/api/v1/tokens/${ci.body.id}`, { token: carol.token })).status).toBe(204);
    expect((await hub.request('GET', '/api/v1/whoami', { token: ci.body.token })).status).toBe(401);
  });

  it("lists a publisher's own servers with every version's status, and nobody else's", async () => {
    const gina = (await mint({ namespace: 'io.github.gina/*', scopes: ['publish'] })).body.token;
    const hank = (await mint({ namespace: 'io.github.hank/*', scopes: ['publish'] })).body.token;
    const mine = uniqueName('io.github.gina');
    const theirs = uniqueName('io.github.hank');
    for (const v of ['1.0.0', '1.1.0'])
      expect((await hub.request('POST', '/v0.1/publish', { body: serverJson(mine, v), token: gina })).status).toBe(200);
    expect(
      (await hub.request('POST', '/v0.1/publish', { body: serverJson(theirs, '1.0.0'), token: hank })).status,
    ).toBe(200);
    const path = `/v0.1/servers/${enc(mine)}/versions/1.0.0/status`;
    expect(
      (await hub.request('PATCH', path, { body: { status: 'deprecated', statusMessage: 'use 1.1.0' }, token: gina }))
        .status,
    ).toBe(200);

    const res = await hub.request('GET', '/api/v1/me/servers', { token: gina });
    expect(res.status).toBe(200);
    expect(res.body.servers.map((s: any) => s.name)).toEqual([mine]);
    expect(res.body.servers[0].versions).toMatchObject([
      { version: '1.1.0', status: 'active', isLatest: true, canUnpublish: true },
      { version: '1.0.0', status: 'deprecated', statusMessage: 'use 1.1.0', isLatest: false },
    ]);
    expect(
      (await hub.request('GET', '/api/v1/me/servers', { token: hank })).body.servers.map((s: any) => s.name),
    ).toEqual([theirs]);
    expect((await hub.request('GET', '/api/v1/me/servers')).status).toBe(401);
    expect((await hub.request('GET', '/api/v1/me/servers?limit=0', { token: gina })).status).toBe(400);
  });

  it('pages the admin through every server', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await hub.request('GET', `/api/v1/me/servers?limit=2${cursor ? `&cursor=${enc(cursor)}` : ''}`, {
        token: hub.adminToken,
      });
      expect(res.status).toBe(200);
      seen.push(...res.body.servers.map((s: any) => s.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    const n = (await hub.query<{ n: number }>('select count(*)::int as n from servers'))[0]!.n;
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });

  it('stops accepting a revoked token at once', async () => {
    const created = (await mint({ namespace: 'io.github.dave/*', scopes: ['publish'] })).body;
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          body: serverJson(uniqueName('io.github.dave'), '1.0.0'),
          token: created.token,
        })
      ).status,
    ).toBe(200);
    expect((await hub.request('DELETE', `/api/v1/tokens/${created.id}`, { token: hub.adminToken })).status).toBe(204);
    const after = await hub.request('POST', '/v0.1/publish', {
      body: serverJson(uniqueName('io.github.dave'), '1.0.0'),
      token: created.token,
    });
    expect(after.status).toBe(401);
    expect((await hub.request('DELETE', `/api/v1/tokens/${created.id}`, { token: hub.adminToken })).status).toBe(404);
  });

  it('records when a token was last used', async () => {
    const created = (await mint({ namespace: 'io.github.erin/*', scopes: ['publish'] })).body;
    expect(created.lastUsedAt).toBeNull();
    await hub.request('POST', '/v0.1/publish', {
      body: serverJson(uniqueName('io.github.erin'), '1.0.0'),
      token: created.token,
    });
    const list = await hub.request('GET', '/api/v1/tokens', { token: hub.adminToken });
    expect(list.body.tokens.find((t: any) => t.id === created.id).lastUsedAt).not.toBeNull();
  });

  it('requires a token for every write', async () => {
    const name = uniqueName();
    const calls: [string, string, unknown][] = [
      ['POST', '/v0.1/publish', serverJson(name, '1.0.0')],
      ['PUT', `/v0.1/servers/${enc(name)}/versions/1.0.0`, serverJson(name, '1.0.0')],
      ['DELETE', `/v0.1/servers/${enc(name)}/versions/1.0.0`, undefined],
      ['PATCH', `/v0.1/servers/${enc(name)}/versions/1.0.0/status`, { status: 'deprecated' }],
      ['PATCH', `/v0.1/servers/${enc(name)}/status`, { status: 'deprecated' }],
      ['POST', '/api/v1/tokens', { namespace: '*', scopes: ['admin'] }],
      ['GET', '/api/v1/tokens', undefined],
    ];
    for (const [method, path, body] of calls) {
      const res = await hub.request(method, path, { body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
