import { FixedClock } from '@mcp-hub/http';
import { createTestHub, serverJson, testDbKind, useTestHub } from '../../../test/harness';

/**
 * A token minted by another token is delegated from it: it has the same owner, no scope or
 * namespace its parent lacks, never outlives it and is revoked with it; a JWT minted from a token
 * ends when the token is revoked. Who may manage a token follows who they are now, and every mint
 * and revocation is in the audit log.
 */
describe('token delegation and revocation', () => {
  const tag = Date.now().toString(36);
  let n = 0;
  const unique = () => `${tag}-${++n}`;

  type Minted = { id: string; token: string; expiresAt: string | null };
  const mint = async (
    body: Record<string, unknown>,
    token = hub.adminToken,
    path = '/api/v1/tokens',
  ): Promise<Minted> => {
    const res = await hub.request('POST', path, { token, body });
    expect({ path, status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({
      path,
      status: 201,
      body: undefined,
    });
    return { id: res.body.id, token: res.body.token, expiresAt: res.body.expiresAt };
  };
  const jwtOf = async (token: string, on = hub) => {
    const res = await on.request('POST', '/api/v1/auth/token', { token });
    expect(res.status).toBe(200);
    return res.body.registry_token as string;
  };
  const whoami = async (token: string, on = hub) => (await on.request('GET', '/api/v1/whoami', { token })).status;
  const tokenCount = async () => (await hub.query<{ n: number }>('select count(*)::int as n from api_tokens'))[0]!.n;

  /** A user who owns an org with a namespace, and an org token made by them. */
  async function orgWithToken(scopes: string[]) {
    const id = unique();
    const login = `owner-${id}`;
    const org = `org-${id}`;
    const ns = `com.org-${id}`;
    expect((await hub.request('POST', '/api/v1/users', { token: hub.adminToken, body: { login } })).status).toBe(201);
    const owner = await mint({ namespace: '*', scopes: ['read'] }, hub.adminToken, `/api/v1/users/${login}/tokens`);
    expect((await hub.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: org } })).status).toBe(201);
    expect(
      (await hub.request('POST', `/api/v1/orgs/${org}/namespaces`, { token: hub.adminToken, body: { namespace: ns } }))
        .status,
    ).toBe(201);
    const orgToken = await mint({ namespace: `${ns}/*`, scopes }, owner.token, `/api/v1/orgs/${org}/tokens`);
    return { org, ns, owner, orgToken };
  }

  const hub = useTestHub({}, 60_000);

  it("ends a token's JWTs the moment the token is revoked, and refuses to mint with them", async () => {
    const parent = await mint({ namespace: `com.jwt-${tag}/*`, scopes: ['publish', 'read'] });
    const jwt = await jwtOf(parent.token);
    expect(await whoami(jwt)).toBe(200);
    expect((await hub.request('DELETE', `/api/v1/tokens/${parent.id}`, { token: hub.adminToken })).status).toBe(204);

    expect(await whoami(jwt)).toBe(401);
    const before = await tokenCount();
    const refused = await hub.request('POST', '/api/v1/tokens', {
      token: jwt,
      body: { namespace: `com.jwt-${tag}/*`, scopes: ['publish'], expiresInDays: 3650 },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await tokenCount()).toBe(before);
    // The refused uses are on the token's record.
    expect(
      (await hub.request('GET', `/api/v1/tokens/${parent.id}/uses`, { token: hub.adminToken })).body.totals.refused,
    ).toBe(2);
  });

  it("keeps an org token's children in the org: listed, revocable by its admins, dead with their parent", async () => {
    const { org, ns, owner, orgToken } = await orgWithToken(['publish']);
    const child = await mint({ namespace: `${ns}/ci`, scopes: ['publish'] }, orgToken.token);
    // Minted with a JWT of the org token, the child still belongs to the org and descends from the token.
    const viaJwt = await mint({ namespace: `${ns}/*`, scopes: ['publish'] }, await jwtOf(orgToken.token));

    const listed = await hub.request('GET', `/api/v1/orgs/${org}/tokens`, { token: owner.token });
    expect(listed.body.tokens.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([orgToken.id, child.id, viaJwt.id]),
    );
    // Not an instance token: the instance list shows only tokens of no org.
    const instance = await hub.request('GET', '/api/v1/tokens', { token: hub.adminToken });
    expect(instance.body.tokens.map((t: { id: string }) => t.id)).not.toContain(child.id);
    // The org's admin reads its uses and revokes it.
    expect(
      (await hub.request('GET', `/api/v1/orgs/${org}/tokens/${viaJwt.id}/uses`, { token: owner.token })).status,
    ).toBe(200);
    expect(
      (await hub.request('DELETE', `/api/v1/orgs/${org}/tokens/${viaJwt.id}`, { token: owner.token })).status,
    ).toBe(204);
    expect(await whoami(viaJwt.token)).toBe(401);

    // Revoking the parent (through the org) revokes the child with it, and nothing it minted can publish.
    const grandchild = await mint({ namespace: `${ns}/ci`, scopes: ['publish'] }, child.token);
    expect(
      (await hub.request('POST', '/v0.1/publish', { token: grandchild.token, body: serverJson(`${ns}/ci`, '1.0.0') }))
        .status,
    ).toBe(200);
    expect(
      (await hub.request('DELETE', `/api/v1/orgs/${org}/tokens/${orgToken.id}`, { token: owner.token })).status,
    ).toBe(204);
    for (const t of [orgToken, child, grandchild]) expect(await whoami(t.token)).toBe(401);
    expect(
      (await hub.request('POST', '/v0.1/publish', { token: grandchild.token, body: serverJson(`${ns}/ci`, '1.0.1') }))
        .status,
    ).toBe(401);
    const rows = await hub.query<{ id: string; org_id: string | null; revoked: boolean }>(
      `select id, org_id, revoked_at is not null as revoked from api_tokens where id in ('${child.id}', '${grandchild.id}')`,
    );
    expect(rows.every((r) => r.revoked && r.org_id === rows[0]!.org_id && r.org_id !== null)).toBe(true);
  });

  it('mints no scope, namespace or lifetime beyond the parent', async () => {
    const { ns, orgToken } = await orgWithToken(['publish']);
    const before = await tokenCount();
    for (const body of [
      { namespace: `${ns}/*`, scopes: ['read'] },
      { namespace: `${ns}/*`, scopes: ['publish', 'read'] },
      { namespace: `com.elsewhere-${tag}/*`, scopes: ['publish'] },
      { namespace: '*', scopes: ['admin'] },
    ]) {
      const res = await hub.request('POST', '/api/v1/tokens', { token: orgToken.token, body });
      expect({ body, status: res.status }).toEqual({ body, status: 403 });
    }
    expect(await tokenCount()).toBe(before);

    const parent = await mint({ namespace: `com.life-${tag}/*`, scopes: ['publish'], expiresInDays: 2 });
    const child = await mint(
      { namespace: `com.life-${tag}/ci`, scopes: ['publish'], expiresInDays: 3650 },
      parent.token,
    );
    expect(child.expiresAt).toBe(parent.expiresAt);
    const unbounded = await mint({ namespace: `com.life-${tag}/ci`, scopes: ['publish'] }, parent.token);
    expect(unbounded.expiresAt).toBe(parent.expiresAt);
  });

  it('lets a removed org admin no longer list, read or revoke the org tokens they minted', async () => {
    const { org, ns, owner } = await orgWithToken(['publish']);
    const login = `admin-${unique()}`;
    expect((await hub.request('POST', '/api/v1/users', { token: hub.adminToken, body: { login } })).status).toBe(201);
    const admin = await mint({ namespace: '*', scopes: ['read'] }, hub.adminToken, `/api/v1/users/${login}/tokens`);
    expect(
      (await hub.request('POST', `/api/v1/orgs/${org}/members`, { token: owner.token, body: { login, role: 'admin' } }))
        .status,
    ).toBe(201);
    const minted = await mint({ namespace: `${ns}/*`, scopes: ['read'] }, admin.token, `/api/v1/orgs/${org}/tokens`);
    const listedBy = async (token: string) =>
      ((await hub.request('GET', '/api/v1/tokens', { token })).body.tokens as { id: string }[]).map((t) => t.id);
    // While an admin, they manage it from their own list too.
    expect(await listedBy(admin.token)).toContain(minted.id);
    expect((await hub.request('GET', `/api/v1/tokens/${minted.id}/uses`, { token: admin.token })).status).toBe(200);

    expect((await hub.request('DELETE', `/api/v1/orgs/${org}/members/${login}`, { token: owner.token })).status).toBe(
      204,
    );
    expect(await listedBy(admin.token)).not.toContain(minted.id);
    expect((await hub.request('GET', `/api/v1/tokens/${minted.id}/uses`, { token: admin.token })).status).toBe(404);
    expect((await hub.request('DELETE', `/api/v1/tokens/${minted.id}`, { token: admin.token })).status).toBe(404);
    expect(await whoami(minted.token)).toBe(200);
    // Made a viewer again, still not an admin: still not theirs.
    expect(
      (
        await hub.request('POST', `/api/v1/orgs/${org}/members`, {
          token: owner.token,
          body: { login, role: 'viewer' },
        })
      ).status,
    ).toBe(201);
    expect(await listedBy(admin.token)).not.toContain(minted.id);
    expect((await hub.request('DELETE', `/api/v1/tokens/${minted.id}`, { token: admin.token })).status).toBe(404);
  });

  it("puts every mint and revocation through /api/v1/tokens in the audit log, in the owner org's log for an org token", async () => {
    const parent = await mint({ namespace: `com.audit-${tag}/*`, scopes: ['publish'] });
    const child = await mint({ namespace: `com.audit-${tag}/ci`, scopes: ['publish'] }, parent.token);
    expect((await hub.request('DELETE', `/api/v1/tokens/${parent.id}`, { token: parent.token })).status).toBe(204);
    const log = (await hub.request('GET', '/api/v1/audit?limit=100', { token: hub.adminToken })).body.entries as {
      action: string;
      target: string;
      actor: string;
      detail: any;
    }[];
    expect(log.find((e) => e.action === 'token.created' && e.target === parent.id)).toMatchObject({
      actor: expect.stringMatching(/^token:/),
      detail: { scopes: ['publish'], namespace: `com.audit-${tag}/*` },
    });
    expect(log.find((e) => e.action === 'token.created' && e.target === child.id)).toMatchObject({
      actor: `token:${parent.id.slice(0, 8)}`,
    });
    expect(log.find((e) => e.action === 'token.revoked' && e.target === parent.id)).toMatchObject({
      actor: `token:${parent.id.slice(0, 8)}`,
      detail: { delegated: [child.id] },
    });

    const { org, ns, owner, orgToken } = await orgWithToken(['publish']);
    const orgChild = await mint({ namespace: `${ns}/*`, scopes: ['publish'] }, orgToken.token);
    expect((await hub.request('DELETE', `/api/v1/tokens/${orgChild.id}`, { token: orgToken.token })).status).toBe(204);
    const orgLog = (await hub.request('GET', `/api/v1/orgs/${org}/audit`, { token: owner.token })).body.entries as {
      action: string;
      target: string;
    }[];
    expect(orgLog.filter((e) => e.target === orgChild.id).map((e) => e.action)).toEqual([
      'token.revoked',
      'token.created',
    ]);
  });

  (testDbKind() === 'postgres' ? it : it.skip)(
    'ends the JWTs in every Hub process, and never mints with one whose token another revoked',
    async () => {
      // The second process's time stands still: what it knows of a token can only be dropped by the notification.
      const clock = new FixedClock(new Date());
      const second = await createTestHub({ databaseUrl: hub.databaseUrl, adminToken: hub.adminToken, clock });
      try {
        const parent = await mint({ namespace: `com.two-${tag}/*`, scopes: ['publish'] });
        const jwt = await jwtOf(parent.token);
        clock.advance(Date.now() - clock.now().getTime());
        // The second process has seen the token live.
        expect(await whoami(jwt, second)).toBe(200);
        expect((await hub.request('DELETE', `/api/v1/tokens/${parent.id}`, { token: hub.adminToken })).status).toBe(
          204,
        );
        const before = await tokenCount();
        const minted = await second.request('POST', '/api/v1/tokens', {
          token: jwt,
          body: { namespace: `com.two-${tag}/*`, scopes: ['publish'] },
        });
        expect(minted.status).toBe(401);
        expect(await tokenCount()).toBe(before);
        let status = 200;
        for (let tries = 0; tries < 100 && status !== 401; tries++) {
          status = await whoami(jwt, second);
          if (status !== 401) await new Promise((r) => setTimeout(r, 50));
        }
        expect(status).toBe(401);
      } finally {
        await second.close();
      }
    },
  );
});
