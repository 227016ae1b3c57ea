import { type TestHub, createTestHub, enc, serverJson } from '../../../test/harness';

/** Invitations from the invitee's side: listed for them alone, accepted or declined once, audited. */
describe('org invitations', () => {
  let hub: TestHub;
  const tag = Date.now().toString(36);
  const org = `initech-${tag}`;
  const ns = `com.initech-${tag}`;
  const secret = `${ns}/tps-reports`;
  const tokens: Record<string, string> = {};

  const user = async (login: string) => {
    expect((await hub.request('POST', '/api/v1/users', { token: hub.adminToken, body: { login } })).status).toBe(201);
    const minted = await hub.request('POST', `/api/v1/users/${login}/tokens`, {
      token: hub.adminToken,
      body: { namespace: '*', scopes: ['read'] },
    });
    return minted.body.token as string;
  };
  const invite = async (login: string, role = 'publisher') => {
    const res = await hub.request('POST', `/api/v1/orgs/${org}/members/invitations`, {
      token: tokens.owner,
      body: { login, role },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    hub = await createTestHub();
    tokens.owner = await user(`owner-${tag}`);
    tokens.peter = await user(`peter-${tag}`);
    tokens.milton = await user(`milton-${tag}`);
    expect(
      (
        await hub.request('POST', '/api/v1/orgs', {
          token: tokens.owner,
          body: { name: org, defaultVisibility: 'private' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await hub.request('POST', `/api/v1/orgs/${org}/namespaces`, { token: hub.adminToken, body: { namespace: ns } }))
        .status,
    ).toBe(201);
    const publisher = await hub.request('POST', `/api/v1/orgs/${org}/tokens`, {
      token: tokens.owner,
      body: { scopes: ['publish'], namespace: `${ns}/*` },
    });
    expect(
      (await hub.request('POST', '/v0.1/publish', { token: publisher.body.token, body: serverJson(secret, '1.0.0') }))
        .status,
    ).toBe(200);
  }, 60_000);
  afterAll(() => hub?.close());

  it('lists an invitation only for its invitee, who joins by accepting it, once', async () => {
    const id = await invite(`peter-${tag}`, 'viewer');
    const mine = await hub.request('GET', '/api/v1/me/invitations', { token: tokens.peter });
    expect(mine.status).toBe(200);
    expect(mine.body.invitations).toEqual([
      { id, org, login: `peter-${tag}`, role: 'viewer', invitedBy: `owner-${tag}`, expiresAt: expect.any(String) },
    ]);
    expect((await hub.request('GET', '/api/v1/me/invitations', { token: tokens.milton })).body.invitations).toEqual([]);
    // Someone else cannot take it, and it looks exactly like one that does not exist.
    const stolen = await hub.request('POST', `/api/v1/invitations/${id}/accept`, { token: tokens.milton });
    expect(stolen.status).toBe(404);
    expect((await hub.request('DELETE', `/api/v1/invitations/${id}`, { token: tokens.milton })).status).toBe(404);
    // An org token speaks for no user: it has no invitations.
    expect((await hub.request('GET', '/api/v1/me/invitations', { token: hub.adminToken })).status).toBe(401);

    expect(
      (await hub.request('GET', `/v0.1/servers/${enc(secret)}/versions/latest`, { token: tokens.peter })).status,
    ).toBe(404);
    const joined = await hub.request('POST', `/api/v1/invitations/${id}/accept`, { token: tokens.peter });
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({ org, role: 'viewer' });
    // Membership applies at once: the org's private server is visible to the new member.
    expect(
      (await hub.request('GET', `/v0.1/servers/${enc(secret)}/versions/latest`, { token: tokens.peter })).status,
    ).toBe(200);
    expect((await hub.request('GET', '/api/v1/me/invitations', { token: tokens.peter })).body.invitations).toEqual([]);
    expect((await hub.request('POST', `/api/v1/invitations/${id}/accept`, { token: tokens.peter })).status).toBe(404);
  });

  it('closes a declined invitation, and an expired one can be neither seen nor accepted', async () => {
    const declined = await invite(`milton-${tag}`);
    expect((await hub.request('DELETE', `/api/v1/invitations/${declined}`, { token: tokens.milton })).status).toBe(204);
    expect((await hub.request('POST', `/api/v1/invitations/${declined}/accept`, { token: tokens.milton })).status).toBe(
      404,
    );
    expect(
      (await hub.request('GET', `/api/v1/orgs/${org}/members/invitations`, { token: tokens.owner })).body.invitations,
    ).toEqual([]);

    const expired = await invite(`milton-${tag}`);
    await hub.query(`update org_invitations set expires_at = now() - interval '1 second' where id = '${expired}'`);
    expect((await hub.request('GET', '/api/v1/me/invitations', { token: tokens.milton })).body.invitations).toEqual([]);
    expect((await hub.request('POST', `/api/v1/invitations/${expired}/accept`, { token: tokens.milton })).status).toBe(
      404,
    );
    expect((await hub.request('DELETE', `/api/v1/invitations/${expired}`, { token: tokens.milton })).status).toBe(404);
    const members = await hub.request('GET', `/api/v1/orgs/${org}/members`, { token: tokens.owner });
    expect(members.body.members.map((m: { login: string }) => m.login)).not.toContain(`milton-${tag}`);

    const audit = await hub.request('GET', `/api/v1/orgs/${org}/audit`, { token: tokens.owner });
    const actions = audit.body.entries.map((e: { action: string; target: string }) => `${e.action} ${e.target}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `member.joined peter-${tag}`,
        `member.declined milton-${tag}`,
        `member.invited milton-${tag}`,
      ]),
    );
  });

  it('answers malformed ids with 404 and changes nothing', async () => {
    for (const bad of ['nope', '00000000-0000-0000-0000-000000000000']) {
      expect((await hub.request('POST', `/api/v1/invitations/${bad}/accept`, { token: tokens.milton })).status).toBe(
        404,
      );
      const res = await hub.request('DELETE', `/api/v1/invitations/${bad}`, { token: tokens.milton });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
