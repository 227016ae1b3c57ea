import { TokenUses } from '@mcp-hub/auth';
import { type TestHub, createTestHub, serverJson, testDbKind } from '../../../test/harness';

/**
 * Every use of a token is on record: each request it authenticates (reads, writes, through a JWT
 * minted from it, and after revocation, as refused) is counted per minute with the client's
 * address and user agent, and shown to those who may manage the token, and to nobody else.
 */
describe('token uses', () => {
  let hub: TestHub;
  const tag = Date.now().toString(36);
  const ns = `com.uses-${tag}`;
  const org = `uses-${tag}`;
  const agent = { 'user-agent': `token-uses-test/${tag}` };
  const tokens: Record<string, { id: string; token: string }> = {};

  const mint = async (body: Record<string, unknown>, token = hub.adminToken, path = '/api/v1/tokens') => {
    const res = await hub.request('POST', path, { token, body });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: res.body.token as string };
  };
  const usesOf = async (id: string, token = hub.adminToken, path = `/api/v1/tokens/${id}/uses`) =>
    hub.request('GET', path, { token });

  beforeAll(async () => {
    hub = await createTestHub({ env: { HUB_TOKEN_USE_FLUSH_MS: '60000' } });
    tokens.publisher = await mint({ namespace: `${ns}/*`, scopes: ['publish', 'read'] });
    tokens.other = await mint({ namespace: `com.other-${tag}/*`, scopes: ['publish'] });
  }, 60_000);
  afterAll(() => hub?.close());

  it('counts each request, writes and refused ones apart, with the last address and user agent', async () => {
    const t = tokens.publisher!;
    expect((await usesOf(t.id)).body.totals).toEqual({ requests: 0, writes: 0, refused: 0 });
    for (const path of ['/api/v1/whoami', '/v0.1/servers?limit=1', `/api/v1/search?q=uses&mode=text`]) {
      expect((await hub.request('GET', path, { token: t.token, headers: agent })).status).toBe(200);
    }
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          token: t.token,
          headers: agent,
          body: serverJson(`${ns}/audited`, '1.0.0'),
        })
      ).status,
    ).toBe(200);
    // A JWT minted from the token is the token at work: its requests count against it.
    const jwt = await hub.request('POST', '/api/v1/auth/token', { token: t.token, headers: agent });
    expect(jwt.status).toBe(200);
    expect(
      (await hub.request('GET', '/api/v1/whoami', { token: jwt.body.registry_token, headers: agent })).status,
    ).toBe(200);

    const seen = await usesOf(t.id);
    expect(seen.status).toBe(200);
    expect(seen.body.totals).toEqual({ requests: 6, writes: 2, refused: 0 });
    expect(seen.body.uses).toHaveLength(1);
    expect(seen.body.uses[0]).toMatchObject({
      requests: 6,
      writes: 2,
      refused: 0,
      ip: '127.0.0.1',
      userAgent: agent['user-agent'],
    });
    expect(Date.parse(seen.body.uses[0].minute) % 60_000).toBe(0);

    // After revocation, every try is still on record, as refused.
    expect((await hub.request('DELETE', `/api/v1/tokens/${t.id}`, { token: hub.adminToken })).status).toBe(204);
    expect((await hub.request('GET', '/api/v1/whoami', { token: t.token })).status).toBe(401);
    expect(
      (await hub.request('POST', '/v0.1/publish', { token: t.token, body: serverJson(`${ns}/audited`, '1.0.1') }))
        .status,
    ).toBe(401);
    expect((await usesOf(t.id)).body.totals).toEqual({ requests: 8, writes: 3, refused: 2 });
    // Stored as counts only: nothing of the token itself.
    const rows = await hub.query<{ requests: number }>(`select * from token_uses where token_id = '${t.id}'`);
    expect(JSON.stringify(rows)).not.toContain(t.token);
  });

  it("shows a token's uses to whoever may manage it and answers 404 to everyone else", async () => {
    const minted = await mint({ namespace: `com.other-${tag}/ci`, scopes: ['publish'] }, tokens.other!.token);
    expect((await hub.request('GET', '/api/v1/whoami', { token: minted.token })).status).toBe(200);
    // The token that minted it sees its uses; the token itself sees its own.
    expect((await usesOf(minted.id, tokens.other!.token)).body.totals.requests).toBe(1);
    expect((await usesOf(minted.id, minted.token)).status).toBe(200);
    // Another publisher's token is not theirs to see: exactly like an id that does not exist.
    const foreign = await usesOf(
      minted.id,
      (await mint({ namespace: `com.third-${tag}/*`, scopes: ['publish'] })).token,
    );
    expect(foreign.status).toBe(404);
    expect((await usesOf('00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await usesOf('not-a-uuid')).status).toBe(404);
    const bad = await hub.request('GET', `/api/v1/tokens/${minted.id}/uses?days=365`, { token: hub.adminToken });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].location).toBe('query.days');
  });

  it("shows an org token's uses to the org's admins only", async () => {
    expect(
      (await hub.request('POST', '/api/v1/users', { token: hub.adminToken, body: { login: `owner-${tag}` } })).status,
    ).toBe(201);
    expect(
      (await hub.request('POST', '/api/v1/users', { token: hub.adminToken, body: { login: `stranger-${tag}` } }))
        .status,
    ).toBe(201);
    const owner = await mint({ namespace: '*', scopes: ['read'] }, hub.adminToken, `/api/v1/users/owner-${tag}/tokens`);
    const stranger = await mint(
      { namespace: '*', scopes: ['read'] },
      hub.adminToken,
      `/api/v1/users/stranger-${tag}/tokens`,
    );
    expect((await hub.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: org } })).status).toBe(201);
    expect(
      (await hub.request('POST', '/api/v1/orgs', { token: stranger.token, body: { name: `${org}-b` } })).status,
    ).toBe(201);
    const reader = await mint({ namespace: '*', scopes: ['read'] }, owner.token, `/api/v1/orgs/${org}/tokens`);
    for (let i = 0; i < 3; i++)
      expect((await hub.request('GET', `/o/${org}/v0.1/servers`, { token: reader.token })).status).toBe(200);

    const seen = await usesOf(reader.id, owner.token, `/api/v1/orgs/${org}/tokens/${reader.id}/uses`);
    expect(seen.status).toBe(200);
    expect(seen.body.totals).toEqual({ requests: 3, writes: 0, refused: 0 });
    // Another org's admin reaches neither through their own org nor through this one.
    expect((await usesOf(reader.id, stranger.token, `/api/v1/orgs/${org}-b/tokens/${reader.id}/uses`)).status).toBe(
      404,
    );
    expect((await usesOf(reader.id, stranger.token, `/api/v1/orgs/${org}/tokens/${reader.id}/uses`)).status).toBe(404);
    expect((await usesOf(reader.id, stranger.token)).status).toBe(404);
  });

  (testDbKind() === 'postgres' ? it : it.skip)(
    'adds up the counts of several Hub processes writing in batches',
    async () => {
      const t = await mint({ namespace: `${ns}/*`, scopes: ['read'] });
      const second = await createTestHub({
        databaseUrl: hub.databaseUrl,
        adminToken: hub.adminToken,
        env: { HUB_TOKEN_USE_FLUSH_MS: '60000' },
      });
      try {
        const both = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? hub : second).request('GET', '/v0.1/servers?limit=1', { token: t.token }),
          ),
        );
        expect(both.every((r) => r.status === 200)).toBe(true);
        // The second process has written nothing yet (its interval is a minute): until it flushes, only the first's 20 show.
        expect((await usesOf(t.id)).body.totals.requests).toBe(20);
        expect(await second.app.get(TokenUses).flush()).toBe(1);
        expect((await usesOf(t.id)).body.totals.requests).toBe(40);
        expect(await hub.query(`select requests from token_uses where token_id = '${t.id}'`)).toEqual([
          { requests: 40 },
        ]);
      } finally {
        await second.close();
      }
    },
  );

  it('keeps the counts when a write fails and adds them to the next one', async () => {
    const t = await mint({ namespace: `${ns}/*`, scopes: ['read'] });
    const uses = hub.app.get(TokenUses);
    await uses.flush();
    for (let i = 0; i < 3; i++)
      expect((await hub.request('GET', '/v0.1/servers?limit=1', { token: t.token })).status).toBe(200);
    // The table is out of reach: the write fails, and nothing is lost.
    await hub.query('alter table token_uses rename to token_uses_away');
    try {
      expect(await uses.flush()).toBe(0);
    } finally {
      await hub.query('alter table token_uses_away rename to token_uses');
    }
    for (let i = 0; i < 2; i++)
      expect(
        (await hub.request('POST', '/v0.1/publish', { token: t.token, body: serverJson(`${ns}/read-only`, '1.0.0') }))
          .status,
      ).toBe(403);
    expect(await uses.flush()).toBe(1);
    expect(await hub.query(`select requests, writes from token_uses where token_id = '${t.id}'`)).toEqual([
      { requests: 5, writes: 2 },
    ]);
  });

  it('writes what is pending when the Hub shuts down', async () => {
    const other = await createTestHub({ env: { HUB_TOKEN_USE_FLUSH_MS: '600000' } });
    const t = await (async () => {
      const res = await other.request('POST', '/api/v1/tokens', {
        token: other.adminToken,
        body: { namespace: '*', scopes: ['read'] },
      });
      return { id: res.body.id as string, token: res.body.token as string };
    })();
    for (let i = 0; i < 5; i++) await other.request('GET', '/api/v1/whoami', { token: t.token });
    // Read the table directly before and after: nothing yet, all of it once closed.
    const before = await other.query<{ n: number }>(
      `select coalesce(sum(requests), 0)::int as n from token_uses where token_id = '${t.id}'`,
    );
    expect(before).toEqual([{ n: 0 }]);
    // Nest runs the shutdown hooks inside app.close(); the database is closed only after it.
    await other.app.close();
    const after = await other.query<{ n: number }>(
      `select coalesce(sum(requests), 0)::int as n from token_uses where token_id = '${t.id}'`,
    );
    await other.close().catch(() => undefined);
    expect(after).toEqual([{ n: 5 }]);
  });
});
