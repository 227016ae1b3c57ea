import { enc, serverJson, uniqueName, useTestHub, twoPrivateOrgs } from '../../../test/harness';

describe('install counts (most installed)', () => {
  const hub = useTestHub();

  it('counts reported installs and lists the most installed, most first', async () => {
    const a = uniqueName('io.github.counts');
    const b = uniqueName('io.github.counts');
    for (const n of [a, b])
      expect(
        (
          await hub.request('POST', '/v0.1/publish', {
            body: serverJson(n, '1.0.0', { title: `T ${n}` }),
            token: hub.adminToken,
          })
        ).status,
      ).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await hub.request('POST', `/api/v1/servers/${enc(a)}/installs`)).status).toBe(204);
    expect((await hub.request('POST', `/api/v1/servers/${enc(b)}/installs`)).status).toBe(204);

    const res = await hub.request('GET', '/api/v1/stats/popular?limit=50');
    expect(res.status).toBe(200);
    const mine = res.body.servers.filter((s: { name: string }) => s.name === a || s.name === b);
    expect(mine).toEqual([
      { name: a, version: '1.0.0', title: `T ${a}`, description: expect.any(String), installs: 3 },
      { name: b, version: '1.0.0', title: `T ${b}`, description: expect.any(String), installs: 1 },
    ]);
  });

  it('refuses an unknown or removed server and counts nothing', async () => {
    const gone = uniqueName('io.github.counts');
    expect(
      (await hub.request('POST', '/v0.1/publish', { body: serverJson(gone, '1.0.0'), token: hub.adminToken })).status,
    ).toBe(200);
    expect(
      (
        await hub.request('PATCH', `/v0.1/servers/${enc(gone)}/versions/1.0.0/status`, {
          body: { status: 'deleted' },
          token: hub.adminToken,
        })
      ).status,
    ).toBe(200);
    for (const n of [gone, 'io.github.nobody/nothing']) {
      const res = await hub.request('POST', `/api/v1/servers/${enc(n)}/installs`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await hub.query(`select * from install_counts where server_name = '${gone}'`)).toEqual([]);
    expect((await hub.request('GET', '/api/v1/stats/popular?limit=0')).status).toBe(400);
  });

  it('counts and lists a private server only for those who may see it; to anyone else it does not exist', async () => {
    const tag = Date.now().toString(36);
    const ns = `com.installs-${tag}`;
    const name = `${ns}/secret`;
    const { members, orgToken } = await twoPrivateOrgs(hub, ns, {
      login: (who) => `${who}-${tag}`,
      org: (who) => `installs-${who}-${tag}`,
    });
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          token: orgToken,
          body: serverJson(name, '1.0.0', { description: `Private ${tag}` }),
        })
      ).status,
    ).toBe(200);

    // Those who see it count its installs: a member and the org's token.
    for (const token of [orgToken, members.in!])
      expect((await hub.request('POST', `/api/v1/servers/${enc(name)}/installs`, { token })).status).toBe(204);
    // Anyone else gets exactly what a name that does not exist gets, and counts nothing.
    const nobody = `${ns}/nothing-here`;
    for (const token of [undefined, members.out]) {
      const hidden = await hub.request('POST', `/api/v1/servers/${enc(name)}/installs`, token ? { token } : {});
      const missing = await hub.request('POST', `/api/v1/servers/${enc(nobody)}/installs`, token ? { token } : {});
      expect(hidden.status).toBe(404);
      expect(hidden.headers.get('content-type')).toBe(missing.headers.get('content-type'));
      const named = (text: string, n: string) => text.replaceAll(n, '<name>').replaceAll(enc(n), '<name>');
      expect(named(hidden.text, name)).toBe(named(missing.text, nobody));
    }
    expect(await hub.query(`select installs::int as n from install_counts where server_name = '${name}'`)).toEqual([
      { n: 2 },
    ]);

    const popular = async (token?: string) => {
      const res = await hub.request('GET', '/api/v1/stats/popular?limit=50', token ? { token } : {});
      expect(res.status).toBe(200);
      return res.body.servers.filter((s: { name: string }) => s.name === name);
    };
    expect(await popular()).toEqual([]);
    expect(await popular(members.out)).toEqual([]);
    expect(await popular(members.in)).toEqual([
      { name, version: '1.0.0', title: null, description: `Private ${tag}`, installs: 2 },
    ]);
    expect(await popular(hub.adminToken)).toHaveLength(1);
  });
});
