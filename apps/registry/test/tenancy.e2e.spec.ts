import { type TestHub, createTestHub, enc, eventually, serverJson } from '../../../test/harness';

/**
 * Tenant isolation: two orgs, a private server in each, every read path checked from every kind
 * of outsider. A private name answers exactly like a name that does not exist.
 */
describe('tenancy: orgs, org tokens and private servers', () => {
  let hub: TestHub;
  const tag = Date.now().toString(36);
  const word = `zebrafinch${tag}`;
  /** Words (letters only, as the index splits them) only private servers, and only the public one, contain. */
  const letters = tag.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!);
  const hidden = `quokkaling${letters}`;
  const shown = `wombatish${letters}`;
  const org = { a: `acme-${tag}`, b: `globex-${tag}` };
  const ns = { a: `com.acme-${tag}`, b: `com.globex-${tag}` };
  const priv = { a: `${ns.a}/secret-tool`, b: `${ns.b}/secret-tool` };
  const pub = `${ns.a}/public-tool`;
  const tokens: Record<string, string> = {};

  const as = (token: string | undefined) => (token ? { token } : {});
  const get = (path: string, token?: string) => hub.request('GET', path, as(token));

  beforeAll(async () => {
    hub = await createTestHub();
    const admin = hub.adminToken;
    for (const k of ['a', 'b'] as const) {
      expect(
        (await hub.request('POST', '/api/v1/users', { token: admin, body: { login: `user-${k}-${tag}` } })).status,
      ).toBe(201);
      const personal = await hub.request('POST', `/api/v1/users/user-${k}-${tag}/tokens`, {
        token: admin,
        body: { namespace: '*', scopes: ['read'] },
      });
      expect(personal.status).toBe(201);
      tokens[`user${k.toUpperCase()}`] = personal.body.token;
      // A signed-in user creates the org and becomes its owner.
      const created = await hub.request('POST', '/api/v1/orgs', {
        token: personal.body.token,
        body: { name: org[k], defaultVisibility: 'private' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: org[k], defaultVisibility: 'private', role: 'owner' });
      expect(
        (await hub.request('POST', `/api/v1/orgs/${org[k]}/namespaces`, { token: admin, body: { namespace: ns[k] } }))
          .status,
      ).toBe(201);
      const minted = await hub.request('POST', `/api/v1/orgs/${org[k]}/tokens`, {
        token: personal.body.token,
        body: { scopes: ['read', 'publish'], namespace: `${ns[k]}/*` },
      });
      expect(minted.status).toBe(201);
      tokens[`org${k.toUpperCase()}`] = minted.body.token;
      const published = await hub.request('POST', '/v0.1/publish', {
        token: minted.body.token,
        body: serverJson(priv[k], '1.0.0', { description: `Manages ${word} secrets for ${k} ${hidden}` }),
      });
      expect(published.status).toBe(200);
    }
    // A public server in org A: made public explicitly.
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          token: tokens.orgA,
          body: serverJson(pub, '1.0.0', { description: `Public ${word} helper ${shown}` }),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await hub.request('PATCH', `/api/v1/servers/${enc(pub)}/visibility`, {
          token: tokens.orgA,
          body: { visibility: 'public' },
        })
      ).status,
    ).toBe(200);
    // A revoked and an expired org-A token.
    const revoked = await hub.request('POST', `/api/v1/orgs/${org.a}/tokens`, {
      token: tokens.userA,
      body: { scopes: ['read'], namespace: '*' },
    });
    expect(
      (await hub.request('DELETE', `/api/v1/orgs/${org.a}/tokens/${revoked.body.id}`, { token: tokens.userA })).status,
    ).toBe(204);
    tokens.revoked = revoked.body.token;
    const expired = await hub.request('POST', `/api/v1/orgs/${org.a}/tokens`, {
      token: tokens.userA,
      body: { scopes: ['read'], namespace: '*', expiresInDays: 1 },
    });
    await hub.query(`update api_tokens set expires_at = now() - interval '1 second' where id = '${expired.body.id}'`);
    tokens.expired = expired.body.token;
  }, 60_000);
  afterAll(() => hub?.close());

  it('never learns typo-tolerance words from private servers', async () => {
    await eventually(
      async () => (await get(`/api/v1/search?q=${hidden}&mode=text`, tokens.orgA)).body.total === 1,
      15_000,
      'the private servers indexed',
    );
    expect(await hub.query(`select term from search_terms where term = '${hidden}'`)).toEqual([]);
    // The words of public servers are learned as before.
    expect(await hub.query(`select term from search_terms where term = '${shown}'`)).toEqual([{ term: shown }]);
  });

  /** Every read path's view of a name: listed, detail, versions, search (text and hybrid), facets. */
  async function sees(token: string | undefined, name: string): Promise<Record<string, boolean>> {
    const list = await get(`/v0.1/servers?search=${enc(name)}`, token);
    const detail = await get(`/v0.1/servers/${enc(name)}/versions/latest`, token);
    const versions = await get(`/v0.1/servers/${enc(name)}/versions`, token);
    const text = await get(`/api/v1/search?q=${word}&mode=text&limit=50`, token);
    const hybrid = await get(`/api/v1/search?q=${word}&limit=50`, token);
    const browse = await get(`/api/v1/search?namespace=${enc(name.split('/')[0]!)}&limit=50`, token);
    for (const r of [list, text, hybrid, browse]) expect(r.status).toBe(200);
    const inSearch = (b: {
      results: { name: string }[];
      total: number;
      facets: { status: Record<string, number> };
    }) => {
      const listed = b.results.some((r) => r.name === name);
      // Totals and facet counts agree with what is listed: nothing counted that is not shown.
      expect(b.total).toBe(b.results.length);
      expect(Object.values(b.facets.status).reduce((x, y) => x + y, 0)).toBe(b.total);
      return listed;
    };
    return {
      list: list.body.servers.some((s: { server: { name: string } }) => s.server.name === name),
      detail: detail.status === 200,
      versions: versions.status === 200,
      text: inSearch(text.body),
      hybrid: inSearch(hybrid.body),
      browse: inSearch(browse.body),
    };
  }
  const everywhere = { list: true, detail: true, versions: true, text: true, hybrid: true, browse: true };
  const nowhere = { list: false, detail: false, versions: false, text: false, hybrid: false, browse: false };

  it("shows a private server to its org's members and tokens, and everywhere hides it from everyone else", async () => {
    await eventually(
      async () => (await get(`/api/v1/search?q=${word}&mode=text`, hub.adminToken)).body.total === 3,
      15_000,
      'indexed',
    );
    expect(await sees(tokens.userA, priv.a)).toEqual(everywhere);
    expect(await sees(tokens.orgA, priv.a)).toEqual(everywhere);
    for (const outsider of [undefined, tokens.userB, tokens.orgB]) {
      expect(await sees(outsider, priv.a)).toEqual(nowhere);
      // The public server of the same org is there for everyone.
      expect(await sees(outsider, pub)).toEqual(everywhere);
    }
    expect(await sees(tokens.orgB, priv.b)).toEqual(everywhere);
    expect(await sees(tokens.orgA, priv.b)).toEqual(nowhere);
  });

  it('answers a private name with the same 404 as a missing one, never 403', async () => {
    const missing = `${ns.a}/no-such-tool`;
    for (const outsider of [undefined, tokens.userB, tokens.orgB]) {
      for (const path of ['versions/latest', 'versions/1.0.0', 'versions']) {
        const hidden = await get(`/v0.1/servers/${enc(priv.a)}/${path}`, outsider);
        const absent = await get(`/v0.1/servers/${enc(missing)}/${path}`, outsider);
        expect(hidden.status).toBe(404);
        expect(hidden.body.detail.replace(priv.a, 'X')).toBe(absent.body.detail.replace(missing, 'X'));
      }
    }
    // Writes too: another org's token cannot tell the name exists.
    const write = (name: string) =>
      hub.request('PATCH', `/v0.1/servers/${enc(name)}/versions/1.0.0/status`, {
        token: tokens.orgB,
        body: { status: 'deprecated', statusMessage: 'x' },
      });
    const [hidden, absent] = [await write(priv.a), await write(missing)];
    expect(hidden.status).toBe(absent.status);
    expect(hidden.body.detail.replace(priv.a, 'X')).toBe(absent.body.detail.replace(missing, 'X'));
  });

  it('refuses revoked and expired tokens outright (401), never falling back to anonymous', async () => {
    for (const t of [tokens.revoked, tokens.expired]) {
      for (const path of [
        '/v0.1/servers',
        `/v0.1/servers/${enc(priv.a)}/versions/latest`,
        `/api/v1/search?q=${word}`,
        `/o/${org.a}/v0.1/servers`,
      ]) {
        const res = await get(path, t);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
    }
  });

  it("serves an org's sub-registry in the official shape: public plus its own private servers, allow-list when on", async () => {
    const names = async (token: string | undefined, o: string) => {
      const res = await get(`/o/${o}/v0.1/servers?search=${enc(tag)}&limit=100`, token);
      return {
        status: res.status,
        names:
          res.status === 200 ? res.body.servers.map((s: { server: { name: string } }) => s.server.name).sort() : [],
      };
    };
    expect(await names(tokens.orgA, org.a)).toEqual({ status: 200, names: [pub, priv.a].sort() });
    expect(await names(tokens.userA, org.a)).toEqual({ status: 200, names: [pub, priv.a].sort() });
    // Outsiders: no token → 401; another org's token → the org does not exist for it.
    expect((await names(undefined, org.a)).status).toBe(401);
    expect((await names(tokens.orgB, org.a)).status).toBe(404);
    expect((await get(`/o/${org.a}/v0.1/servers/${enc(priv.b)}/versions/latest`, tokens.orgA)).status).toBe(404);

    // Allow-list on: only approved servers, and the org's own.
    const other = `${ns.b}/open-tool`;
    expect(
      (await hub.request('POST', '/v0.1/publish', { token: tokens.orgB, body: serverJson(other, '1.0.0') })).status,
    ).toBe(200);
    expect(
      (
        await hub.request('PATCH', `/api/v1/servers/${enc(other)}/visibility`, {
          token: tokens.orgB,
          body: { visibility: 'public' },
        })
      ).status,
    ).toBe(200);
    expect((await names(tokens.orgA, org.a)).names).toContain(other);
    expect(
      (await hub.request('PATCH', `/api/v1/orgs/${org.a}`, { token: tokens.userA, body: { allowListEnabled: true } }))
        .status,
    ).toBe(200);
    expect((await names(tokens.orgA, org.a)).names).toEqual([pub, priv.a].sort());
    expect((await get(`/o/${org.a}/v0.1/servers/${enc(other)}/versions/latest`, tokens.orgA)).status).toBe(404);
    expect(
      (await hub.request('PUT', `/api/v1/orgs/${org.a}/allowed-servers/${enc(other)}`, { token: tokens.userA })).status,
    ).toBe(204);
    expect((await names(tokens.orgA, org.a)).names).toEqual([pub, priv.a, other].sort());
    expect((await get(`/o/${org.a}/v0.1/servers/${enc(other)}/versions/latest`, tokens.orgA)).status).toBe(200);
  });

  it('makes a server public and private again: every read path follows at once', async () => {
    expect(
      (
        await hub.request('PATCH', `/api/v1/servers/${enc(priv.b)}/visibility`, {
          token: tokens.orgB,
          body: { visibility: 'public' },
        })
      ).status,
    ).toBe(200);
    await eventually(async () => (await sees(undefined, priv.b)).hybrid, 15_000, 'public in search');
    expect(await sees(undefined, priv.b)).toEqual(everywhere);
    expect(
      (
        await hub.request('PATCH', `/api/v1/servers/${enc(priv.b)}/visibility`, {
          token: tokens.orgB,
          body: { visibility: 'private' },
        })
      ).status,
    ).toBe(200);
    await eventually(async () => !(await sees(undefined, priv.b)).hybrid, 15_000, 'private in search');
    expect(await sees(undefined, priv.b)).toEqual(nowhere);
    // Another org cannot change it, and learns nothing.
    const res = await hub.request('PATCH', `/api/v1/servers/${enc(priv.b)}/visibility`, {
      token: tokens.orgA,
      body: { visibility: 'public' },
    });
    expect([403, 404]).toContain(res.status);
  });

  it('applies a role change at the next request, and records who did what', async () => {
    const login = `member-${tag}`;
    expect((await hub.request('POST', '/api/v1/users', { token: hub.adminToken, body: { login } })).status).toBe(201);
    const t = (
      await hub.request('POST', `/api/v1/users/${login}/tokens`, {
        token: hub.adminToken,
        body: { namespace: '*', scopes: ['read'] },
      })
    ).body.token;
    expect(await sees(t, priv.a)).toEqual(nowhere);
    expect(
      (
        await hub.request('POST', `/api/v1/orgs/${org.a}/members`, {
          token: tokens.userA,
          body: { login, role: 'viewer' },
        })
      ).status,
    ).toBe(201);
    expect(await sees(t, priv.a)).toEqual(everywhere);
    // A viewer cannot mint org tokens; made admin, it can at once.
    expect(
      (
        await hub.request('POST', `/api/v1/orgs/${org.a}/tokens`, {
          token: t,
          body: { scopes: ['read'], namespace: '*' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await hub.request('PATCH', `/api/v1/orgs/${org.a}/members/${login}`, {
          token: tokens.userA,
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await hub.request('POST', `/api/v1/orgs/${org.a}/tokens`, {
          token: t,
          body: { scopes: ['read'], namespace: '*' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await hub.request('DELETE', `/api/v1/orgs/${org.a}/members/${login}`, { token: tokens.userA })).status,
    ).toBe(204);
    expect(await sees(t, priv.a)).toEqual(nowhere);
    // The last owner cannot be demoted.
    expect(
      (
        await hub.request('PATCH', `/api/v1/orgs/${org.a}/members/user-a-${tag}`, {
          token: tokens.userA,
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(409);

    const audit = await get(`/api/v1/orgs/${org.a}/audit?limit=200`, tokens.userA);
    expect(audit.status).toBe(200);
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    for (const a of [
      'org.created',
      'token.created',
      'token.revoked',
      'server.visibility',
      'member.added',
      'member.role-changed',
      'member.removed',
    ])
      expect(actions).toContain(a);
    // Org B's log is not org A's business.
    expect((await get(`/api/v1/orgs/${org.b}/audit`, tokens.userA)).status).toBe(404);
  });
});
